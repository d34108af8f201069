"""Authorisation matrix rows. Ideas (issue 20). Own = Amara's idea about Willow Ward (raised by her, waiting for the QI
forum, with an outcome); other = Ben's about Marsh District Nursing. Staff of Willow Ward and the lead scoped to its
directorate reach the own side only; trust-wide leads, QI advisors and administrators both; finance neither. A
participant reaches only their own idea, through /me/. The "you said, we did" page and poster are public (issue 20)."""

from tests.authorisation.expect import Row, row

NOBODY = row(302, 404, 404, 404, 404, 404, 404, 404)
WORKS_ON_IDEAS = row(302, 404, 200, 200, 200, 200, 404, 200)
ANSWERS_OWN = row(302, 404, 404, 200, 200, 200, 404, 200)
ANSWERS_OTHER = row(302, 404, 404, 404, 200, 200, 404, 200)
FORUM = row(302, 404, 404, 404, 404, 200, 404, 200)
PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200)

ROWS = {
    "ideas:list": Row(get=WORKS_ON_IDEAS),
    "ideas:forum": Row(get=WORKS_ON_IDEAS),
    "ideas:new": Row(
        get=row(302, 200, 200, 200, 200, 200, 404, 200),
        post=row(302, 200, 200, 200, 200, 200, 404, 200),
    ),
    "ideas:states": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 200),
        post=row(302, 404, 404, 404, 404, 404, 404, 200),
    ),
    "ideas:charts": Row(get=row(302, 404, 404, 200, 200, 200, 404, 200)),
    "ideas:settings": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 200),
        post=row(302, 404, 404, 404, 404, 404, 404, 200),
    ),
    "ideas:detail": Row(get=WORKS_ON_IDEAS, get_other=ANSWERS_OTHER),
    "ideas:raised": Row(get=row(302, 200, 404, 404, 404, 404, 404, 404), get_other=NOBODY),
    "ideas:move": Row(
        get=row(302, 404, 404, 405, 405, 405, 404, 405),
        get_other=row(302, 404, 404, 405, 405, 405, 404, 405),
        post=row(302, 404, 404, 200, 200, 200, 404, 200),
        post_other=row(302, 404, 404, 404, 200, 200, 404, 200),
    ),
    "ideas:forum_decide": Row(get=FORUM, get_other=FORUM, post=FORUM, post_other=FORUM),
    "ideas:outcome_new": Row(get=ANSWERS_OWN, get_other=ANSWERS_OTHER, post=ANSWERS_OWN, post_other=ANSWERS_OTHER),
    "ideas:milestone_new": Row(get=ANSWERS_OWN, get_other=ANSWERS_OTHER, post=ANSWERS_OWN, post_other=ANSWERS_OTHER),
    "ideas:heard": Row(get=row(302, 200, 200, 404, 404, 404, 404, 404)),
    "ideas:mine": Row(get=row(302, 200, 404, 404, 404, 404, 404, 404), get_other=NOBODY),
    "ideas:said_did": Row(get=PUBLIC, get_other=PUBLIC, public="issue 20: 'you said, we did' is public, no sign-in"),
    "ideas:poster": Row(get=PUBLIC, get_other=PUBLIC, public="issue 20: the unit's poster is public, no sign-in"),
}
