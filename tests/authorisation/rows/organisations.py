"""Authorisation matrix rows. Organisations: the trust's units."""

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
    "organisations:units": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
}
