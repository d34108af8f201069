"""Authorisation matrix rows. Organisations: the trust's units and what it publishes."""

from tests.authorisation.expect import Row, row

ROWS = {
    "organisations:unit_add": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "organisations:unit_edit": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        get_other=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
        post_other=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    # The privacy notice, accessibility statement, team contact and feedback link (issue 14 item 8).
    "organisations:trust_information": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    # Which translations the trust offers (issue 26): administrators only.
    "organisations:languages": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200),
        post=row(302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "organisations:units": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
}
