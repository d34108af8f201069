"""Authorisation matrix rows. Committees and recruitment panels."""

from tests.authorisation.expect import Row, row

ROWS = {
    "governance:agree": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 404, 302, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "governance:candidate_add": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "governance:committee": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
        trust_wide=True,
    ),
    "governance:committee_add": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
    ),
    "governance:committees": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
    ),
    "governance:coverage": Row(
        get=row(302, 403, 403, 200, 200, 200, 403, 200),
    ),
    "governance:criterion_add": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "governance:decision": Row(
        get=row(302, 404, 200, 404, 404, 404, 404, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 404, 404),
        post=row(302, 404, 200, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "governance:meeting_add": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:meeting_attendance": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:meeting_attendance_correct": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:meeting_delete": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        trust_wide=True,
    ),
    # Issue 21: marking a meeting ready (refused with reasons when papers were late or adjustments not planned).
    "governance:meeting_ready": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        trust_wide=True,
    ),
    "governance:meeting_edit": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:member_add": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "governance:member_remove": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 404, 302, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "governance:my_panels": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "governance:recruitment": Row(
        get=row(302, 403, 200, 200, 200, 200, 200, 200),
    ),
    "governance:result": Row(
        get=row(302, 302, 302, 302, 302, 404, 404, 302),
        get_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "governance:score": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        get_other=row(302, 404, 404, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "governance:seat_add": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:seat_advertise": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:seat_appoint": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        trust_wide=True,
    ),
    "governance:vacancy": Row(
        get=row(302, 200, 200, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "governance:vacancy_add": Row(
        get=row(302, 404, 200, 200, 200, 404, 404, 200),
        post=row(302, 404, 200, 200, 200, 404, 404, 200),
    ),
}
