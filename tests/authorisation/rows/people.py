"""Authorisation matrix rows. People: the involvement register and My details."""

from tests.authorisation.expect import Row, row

ROWS = {
    "people:add": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
        post=row(302, 403, 403, 200, 200, 403, 403, 200),
    ),
    "people:consent": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "people:data_decision": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "people:detail": Row(
        get=row(302, 302, 200, 200, 200, 200, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 200, 404, 200),
    ),
    "people:edit": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    # Naming a person's People Participation lead (issue 14 item 1): whoever may change the person.
    "people:lead": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    # Giving someone a sign-in, by e-mail or by text message (issue 17, ADR 34): whoever keeps the register. An
    # empty POST is the form again with an error.
    "people:sign_in": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "people:equality": Row(
        get=row(302, 403, 403, 200, 200, 403, 403, 200),
        get_other=row(302, 403, 403, 404, 200, 403, 403, 200),
        post=row(302, 403, 403, 200, 200, 403, 403, 200),
        post_other=row(302, 403, 403, 404, 200, 403, 403, 200),
    ),
    "people:equality_summary": Row(
        get=row(302, 403, 403, 200, 200, 200, 403, 200),
    ),
    "people:export": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
    "people:me": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "people:me_consent_withdraw": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 302, 302, 404, 404, 404, 404, 404),
    ),
    "people:me_edit": Row(
        get=row(302, 200, 200, 404, 404, 404, 404, 404),
        post=row(302, 200, 200, 404, 404, 404, 404, 404),
    ),
    "people:register": Row(
        get=row(302, 403, 200, 200, 200, 200, 403, 200),
    ),
    "people:register_export": Row(
        get=row(302, 403, 200, 200, 200, 200, 403, 200),
    ),
    "people:register_print": Row(
        get=row(302, 403, 200, 200, 200, 200, 403, 200),
    ),
    "people:status": Row(
        get=row(302, 404, 404, 200, 200, 404, 404, 200),
        get_other=row(302, 404, 404, 404, 200, 404, 404, 200),
        post=row(302, 404, 404, 200, 200, 404, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 404, 404, 200),
    ),
}
