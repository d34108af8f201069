"""Authorisation matrix rows. Notifications: the outbox, contact choices, my messages and Notify's callback."""

from tests.authorisation.expect import Row, row

ROWS = {
    #                           anon part staff slead lead  qi  fin admin
    "notifications:callback": Row(
        get=row(405, 405, 405, 405, 405, 405, 405, 405),
        post=row(403, 403, 403, 403, 403, 403, 403, 403),
        public="issue 17: GOV.UK Notify's delivery receipts, accepted only with the callback's bearer token",
    ),
    "notifications:detail": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
        get_other=row(302, 403, 403, 404, 200, 403, 403, 200),
    ),
    "notifications:done": Row(
        get=row(302, 403, 403, 405, 405, 403, 403, 405),
        get_other=row(302, 403, 403, 405, 405, 403, 403, 405),
        post=row(302, 403, 403, 302, 302, 403, 403, 302),
        post_other=row(302, 403, 403, 404, 302, 403, 403, 302),
        objects={"message_id": "letter"},
    ),
    "notifications:letter": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
        get_other=row(302, 403, 403, 404, 200, 403, 403, 200),
        objects={"message_id": "letter"},
    ),
    "notifications:my_contact": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "notifications:my_messages": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "notifications:outbox": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
    ),
    "notifications:person_contact": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "notifications:resend": Row(
        get=row(302, 403, 403, 405, 405, 403, 403, 405),
        get_other=row(302, 403, 403, 405, 405, 403, 403, 405),
        post=row(302, 403, 403, 302, 302, 403, 403, 302),
        post_other=row(302, 403, 403, 404, 302, 403, 403, 302),
    ),
}
