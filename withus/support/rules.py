"""Named permissions for support pages. Which people: selectors.people_supported_by (the People Participation
leads for the person's units only: never managers, the board, or staff outside the participation team)."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
)

# A person's own pages (/me/...): the view finds their own register entry or answers 404.
rules.add_perm("support.view_own", is_signed_in)
# Support plans, agreements, debriefs, buddies, pauses and check-ins of other people: the participation team.
rules.add_perm("support.support_people", is_participation_lead)
# Survey results as run charts: figures only, counts under 5 hidden, never one person's answers.
rules.add_perm("support.view_experience", is_participation_lead | is_improvement_advisor | is_administrator)
# Whoever organises or chairs a meeting sees its readiness and the adjustments to plan for (not the plans).
rules.add_perm("support.plan_meetings", is_participation_lead | is_staff_member | is_administrator)
