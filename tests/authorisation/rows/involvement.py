"""Authorisation matrix rows. The involvement log: your own involvement, a person's, and the kinds of involvement."""

from tests.authorisation.expect import Row, row

ROWS = {
    "involvement:kind_edit": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 200),
        post=row(302, 404, 404, 404, 404, 404, 404, 200),
        trust_wide=True,
    ),
    "involvement:kinds": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 200),
    ),
    "involvement:my_involvement": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "involvement:person_involvement": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 200, 404, 200),
    ),
}
