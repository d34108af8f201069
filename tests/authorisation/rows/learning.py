"""Authorisation matrix rows. The learning pathway."""

from tests.authorisation.expect import Row, row

ROWS = {
    "learning:attendance": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 200, 200, 200, 404, 200),
        post=row(302, 404, 404, 200, 200, 200, 404, 200),
        post_other=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "learning:book": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        get_other=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
        post_other=row(302, 302, 200, 404, 404, 404, 404, 404),
    ),
    "learning:certificate": Row(
        get=row(302, 200, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 200, 404, 200),
    ),
    "learning:cohort": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "learning:cohort_add": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        post=row(302, 404, 404, 200, 200, 200, 404, 200),
        trust_wide=True,
    ),
    "learning:cohort_cancel": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 200, 200, 200, 404, 200),
        post=row(302, 404, 404, 200, 200, 200, 404, 200),
        post_other=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "learning:cohort_enrol": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 200, 200, 200, 404, 200),
        post=row(302, 404, 404, 200, 200, 200, 404, 200),
        post_other=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "learning:completion_mark": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 200, 200, 200, 404, 200),
        post=row(302, 404, 404, 200, 200, 200, 404, 200),
        post_other=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "learning:course": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        trust_wide=True,
    ),
    "learning:course_edit": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "learning:courses": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "learning:enrolment_remove": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 200, 200, 200, 404, 200),
        post=row(302, 404, 404, 302, 302, 302, 404, 302),
        post_other=row(302, 404, 404, 302, 302, 302, 404, 302),
    ),
    # Feedback on a session of staff training the member of staff attended (only staff give it).
    "learning:evaluation": Row(
        get=row(302, 404, 200, 404, 404, 404, 404, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 404, 404),
        post=row(302, 404, 200, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
        objects={"session_id": "staff_session"},
    ),
    "learning:funnel": Row(
        get=row(302, 404, 404, 200, 200, 200, 404, 200),
    ),
    "learning:mine": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "learning:withdraw": Row(
        get=row(302, 200, 404, 404, 404, 404, 404, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 404, 404),
        post=row(302, 302, 404, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
}
