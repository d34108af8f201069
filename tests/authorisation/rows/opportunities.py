"""Authorisation matrix rows. Opportunities, selection, attendance and involvement records."""

from tests.authorisation.expect import Row, row

ROWS = {
    "opportunities:add": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
    ),
    "opportunities:approve": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        get_other=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "opportunities:attendance": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "opportunities:cancel": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "opportunities:confirm": Row(
        get=row(302, 405, 404, 404, 404, 404, 404, 404),
        get_other=row(302, 405, 404, 404, 404, 404, 404, 404),
        post=row(302, 302, 404, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "opportunities:champions": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
    ),
    "opportunities:confirmed_by_phone": Row(
        get=row(302, 404, 405, 405, 405, 404, 404, 405),
        get_other=row(302, 404, 405, 405, 405, 404, 404, 405),
        post=row(302, 404, 302, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "opportunities:detail": Row(
        get=row(302, 200, 200, 200, 200, 200, 404, 200),
        get_other=row(302, 200, 404, 404, 200, 200, 404, 200),
    ),
    "opportunities:edit": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "opportunities:interest": Row(
        get=row(302, 302, 404, 404, 404, 404, 404, 404),
        get_other=row(302, 200, 404, 404, 404, 404, 404, 404),
        post=row(302, 302, 404, 404, 404, 404, 404, 404),
        post_other=row(302, 200, 404, 404, 404, 404, 404, 404),
    ),
    # Acting for someone beside you or on the phone (issue 26 item 5): leads for the people they may see, and
    # administrators. An empty POST is the form again with its errors.
    "opportunities:interest_for": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "opportunities:list": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "opportunities:selection": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "opportunities:spread": Row(
        get=row(302, 404, 200, 200, 200, 200, 404, 200),
    ),
    "opportunities:spread_csv": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "opportunities:withdraw": Row(
        get=row(302, 200, 404, 404, 404, 404, 404, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 404, 404),
        post=row(302, 302, 404, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
}
