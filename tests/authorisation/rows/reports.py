"""Authorisation matrix rows. Board reporting (issue 22): board packs, their PDF, narrative and sign-off, the live
metric page, the annual report and the race-equity page. Packs are trust-wide (no "other" side). Leads (scoped
too) and administrators make and sign packs; QI advisers read them; equity is for leads and administrators only.
A participant reaches packs only while holding a board or committee seat (none in the matrix world). A board member
(ADR 39) reads packs, their PDF and the annual report: `board` is (GET, POST) as a board member."""

from tests.authorisation.expect import Row, row

READERS = row(302, 404, 404, 200, 200, 200, 404, 200)
MAKERS = row(302, 404, 404, 200, 200, 404, 404, 200)

ROWS = {
    "reports:board": Row(get=READERS, post=row(302, 404, 404, 200, 200, 404, 404, 200), board=(200, 404)),
    "reports:pack": Row(get=READERS, trust_wide=True, board=(200, None)),
    "reports:pack_pdf": Row(get=READERS, trust_wide=True, board=(200, None)),
    "reports:narrative": Row(
        get=MAKERS, post=row(302, 404, 404, 302, 302, 404, 404, 302), trust_wide=True, board=(404, 404)
    ),
    "reports:sign": Row(get=MAKERS, post=MAKERS, trust_wide=True, board=(404, 404)),
    "reports:metric": Row(get=READERS, board=(404, None)),
    "reports:annual": Row(get=READERS, board=(200, None)),
    "reports:annual_pdf": Row(get=READERS, board=(200, None)),
    "reports:equity": Row(get=MAKERS, board=(404, None)),
    # An empty POST: the form again with its errors (nothing loaded).
    "reports:population": Row(get=MAKERS, post=MAKERS, board=(404, 404)),
    # The PCREF workspace (trust-wide, like equity): leads and administrators; an empty POST shows the form again.
    "reports:pcref": Row(get=MAKERS, board=(404, None)),
    "reports:pcref_pdf": Row(get=MAKERS, board=(404, None)),
    "reports:pcref_lead": Row(get=MAKERS, post=MAKERS, board=(404, 404)),
    "reports:pcref_action_add": Row(get=MAKERS, post=MAKERS, board=(404, 404)),
    "reports:pcref_action": Row(get=MAKERS, post=MAKERS, trust_wide=True, board=(404, 404)),
    "reports:pcref_assessment": Row(get=MAKERS, post=MAKERS, board=(404, 404)),
    "reports:pcref_monitoring_add": Row(get=MAKERS, post=MAKERS, board=(404, 404)),
    "reports:eds": Row(get=MAKERS, board=(404, None)),
    "reports:eds_score": Row(get=MAKERS, post=MAKERS, board=(404, 404)),
}
