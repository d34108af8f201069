"""Authorisation matrix rows. Board reporting (issue 22): board packs, their PDF, narrative and sign-off, the live
metric page, the annual report and the race-equity page. Packs are trust-wide (no "other" side). Leads (scoped
too) and administrators make and sign packs; QI advisers read them; equity is for leads and administrators only.
A participant reaches packs only while holding a board or committee seat (none in the matrix world)."""

from tests.authorisation.expect import Row, row

READERS = row(302, 404, 404, 200, 200, 200, 404, 200)
MAKERS = row(302, 404, 404, 200, 200, 404, 404, 200)

ROWS = {
    "reports:board": Row(get=READERS, post=row(302, 404, 404, 200, 200, 404, 404, 200)),
    "reports:pack": Row(get=READERS, trust_wide=True),
    "reports:pack_pdf": Row(get=READERS, trust_wide=True),
    "reports:narrative": Row(get=MAKERS, post=row(302, 404, 404, 302, 302, 404, 404, 302), trust_wide=True),
    "reports:sign": Row(get=MAKERS, post=MAKERS, trust_wide=True),
    "reports:metric": Row(get=READERS),
    "reports:annual": Row(get=READERS),
    "reports:annual_pdf": Row(get=READERS),
    "reports:equity": Row(get=MAKERS),
}
