"""Authorisation matrix rows. Stories (issue 19, ADR 26).

Own: Amara's story about Willow Ward; other: Ben's about Marsh District Nursing. Both are published under consent
for staff training and learning inside the trust (not the public website), so every staff-side role reads them
and a participant reads only their own. The participation team moderates: the lead for Riverside Mental Health
only Willow Ward's stories, the trust-wide lead and administrators every story. Staff of the story's unit and its
leads respond. Drafts and stories waiting for their teller reach only the teller (404 otherwise).
"""

from tests.authorisation.expect import Row, everyone, row

MODERATES = row(302, 404, 404, 200, 200, 404, 404, 200)
MODERATES_OTHER = row(302, 404, 404, 404, 200, 404, 404, 200)
TELLER_ONLY = row(302, 200, 404, 404, 404, 404, 404, 404)
NOBODY = row(302, 404, 404, 404, 404, 404, 404, 404)

ROWS = {
    "stories:list": Row(get=everyone(200)),
    "stories:mine": Row(get=everyone(200)),
    # A participant tells their own story; staff, leads and administrators record one for someone. The QI advisor
    # and finance approver neither record stories nor are in the register.
    "stories:new": Row(
        get=row(302, 200, 200, 200, 200, 403, 403, 200),
        post=row(302, 200, 200, 200, 200, 403, 403, 200),
    ),
    "stories:queue": Row(get=row(302, 403, 403, 200, 200, 403, 403, 200)),
    "stories:response_times": Row(get=row(302, 403, 403, 200, 200, 200, 403, 200)),
    # The trust's story settings: administrators only (an empty POST is shown again with its errors).
    "stories:settings": Row(
        get=row(302, 403, 403, 403, 403, 403, 403, 200), post=row(302, 403, 403, 403, 403, 403, 403, 200)
    ),
    "stories:export": Row(get=row(302, 403, 200, 200, 200, 200, 200, 200)),
    "stories:detail": Row(
        get=everyone(200),
        get_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "stories:draft": Row(
        get=TELLER_ONLY,
        get_other=NOBODY,
        post=TELLER_ONLY,
        post_other=NOBODY,
        objects={"story_id": "story_draft"},
    ),
    "stories:approve": Row(
        get=TELLER_ONLY,
        get_other=NOBODY,
        post=TELLER_ONLY,
        post_other=NOBODY,
        objects={"story_id": "story_with_teller"},
    ),
    # Start moderating, send to the teller, publish: POST only (an empty POST is sent back with a message).
    "stories:moderate": Row(
        get=row(302, 404, 404, 405, 405, 404, 404, 405),
        get_other=row(302, 404, 404, 405, 405, 404, 404, 405),
        post=row(302, 404, 404, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "stories:edit": Row(get=MODERATES, get_other=MODERATES_OTHER, post=MODERATES, post_other=MODERATES_OTHER),
    "stories:decide": Row(get=MODERATES, get_other=MODERATES_OTHER, post=MODERATES, post_other=MODERATES_OTHER),
    "stories:risk": Row(get=MODERATES, get_other=MODERATES_OTHER, post=MODERATES, post_other=MODERATES_OTHER),
    # The teller, or a lead for the story's unit, or an administrator, stops a use.
    "stories:withdraw": Row(
        get=row(302, 200, 404, 200, 200, 404, 404, 200),
        get_other=MODERATES_OTHER,
        post=row(302, 200, 404, 200, 200, 404, 404, 200),
        post_other=MODERATES_OTHER,
    ),
    "stories:respond": Row(
        get=row(302, 405, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 405, 405, 405, 405, 405, 405, 405),
        post=row(302, 404, 200, 200, 200, 404, 404, 404),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 404),
    ),
    # The published story's photo: whoever may read the story under a use its own consent covers (staff training).
    "stories:media": Row(get=everyone(200), get_other=row(302, 404, 200, 200, 200, 200, 200, 200)),
    # Removing the photo: the teller, a lead for the story's unit, or an administrator (as stopping a use).
    "stories:media_withdraw": Row(
        get=row(302, 200, 404, 200, 200, 404, 404, 200),
        get_other=MODERATES_OTHER,
        post=row(302, 302, 404, 302, 302, 404, 404, 302),
        post_other=row(302, 404, 404, 404, 302, 404, 404, 302),
    ),
    "stories:reply": Row(get=TELLER_ONLY, get_other=NOBODY, post=TELLER_ONLY, post_other=NOBODY),
    "stories:use_add": Row(
        get=row(302, 404, 405, 405, 405, 405, 405, 405),
        get_other=row(302, 404, 405, 405, 405, 405, 405, 405),
        post=row(302, 404, 200, 200, 200, 200, 200, 200),
        post_other=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
}
