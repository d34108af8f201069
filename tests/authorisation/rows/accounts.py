"""Authorisation matrix rows. Accounts: the audit log, keeping a session alive, and people and roles."""

from tests.authorisation.expect import Row, row

ROWS = {
    "accounts:audit_log": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    # Everyone chooses the language of their own account (issue 26); an empty POST is the form again with an error.
    "accounts:language": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        post=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts:keep_alive": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    # People and roles (issue 14 item 1): administrators only. The account is a member of staff ("user_id" names
    # the side's staff account); administrators cover the whole trust, so both sides answer alike.
    "accounts:users": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "accounts:user_invite": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "accounts:user": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        trust_wide=True,
    ),
    "accounts:user_roles": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
        trust_wide=True,
    ),
    # An empty POST is the "yes" of the confirmation page: the account is deactivated (the answer is a redirect).
    "accounts:user_deactivate": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 302),
        trust_wide=True,
    ),
    "accounts:user_reactivate": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
        trust_wide=True,
    ),
    "accounts:user_reset_two_step": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
        trust_wide=True,
    ),
    # Issue 24: the trust's table of directory app roles (administrators), inviting someone to connect their
    # Microsoft account, and signing someone out everywhere. An empty POST to the table is a form with errors (200);
    # to remove a mapping or sign someone out it is the confirmation's "yes" (a redirect). Without Microsoft
    # sign-in configured (the matrix's settings) an invitation is refused on the form (200).
    "accounts:directory_roles": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "accounts:directory_role_remove": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 405),
        post=row(302, 403, 403, 403, 403, 403, 403, 302),
        trust_wide=True,
    ),
    "accounts:user_directory_invite": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
        trust_wide=True,
    ),
    "accounts:user_end_sessions": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 302),
        trust_wide=True,
    ),
    # Everyone's own signed-in devices: an empty POST asks them to choose a device (200).
    "accounts:sessions": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        post=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
}
