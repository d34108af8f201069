"""The authorisation matrix's expected statuses: one row per URL name, kept in rows/<app>.py.

How to read and add a row: expect.py and docs/authorisation.md. Roles, in the order of every row: anonymous,
participant, staff (Willow Ward), scoped lead (Riverside Mental Health), lead (whole trust), improvement advisor,
finance approver, administrator. Own = Willow Ward and the participant's; other = Marsh District Nursing and
another participant's (world.py).
"""

from tests.authorisation.rows import (
    accounts,
    accreditation,
    api,
    governance,
    improvement,
    involvement,
    learning,
    notifications,
    opportunities,
    organisations,
    pages,
    payments,
    people,
    reports,
    sign_in,
    support,
    voice_ideas,
    voice_stories,
)

EXPECTED = {
    **reports.ROWS,
    **sign_in.ROWS,
    **pages.ROWS,
    **accounts.ROWS,
    **organisations.ROWS,
    **people.ROWS,
    **involvement.ROWS,
    **improvement.ROWS,
    **opportunities.ROWS,
    **learning.ROWS,
    **notifications.ROWS,
    **payments.ROWS,
    **governance.ROWS,
    **accreditation.ROWS,
    **voice_stories.ROWS,
    **voice_ideas.ROWS,
    **support.ROWS,
    **api.ROWS,
}
