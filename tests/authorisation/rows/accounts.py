"""Authorisation matrix rows. Accounts: the audit log and keeping a session alive."""

from tests.authorisation.expect import Row, row

ROWS = {
    "accounts:audit_log": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "accounts:keep_alive": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
}
