"""Named permissions for opportunities, selection, attendance and involvement records."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participant,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
)

runs_involvement = is_participation_lead | is_administrator

rules.add_perm("opportunities.browse", is_signed_in)
rules.add_perm("opportunities.view_opportunity", is_signed_in)
rules.add_perm("opportunities.express_interest", is_participant)
rules.add_perm("opportunities.add_opportunity", runs_involvement | is_staff_member)
rules.add_perm("opportunities.approve_opportunity", runs_involvement)
# Which opportunities: leads in their units; staff only one they asked for, while it waits for approval.
rules.add_perm("opportunities.change_opportunity", runs_involvement | is_staff_member)
rules.add_perm("opportunities.cancel_opportunity", runs_involvement | is_staff_member)
# Which opportunities: leads in their units, staff only those they organise (checked on the object).
rules.add_perm("opportunities.select_people", runs_involvement | is_staff_member)
rules.add_perm("opportunities.record_attendance", runs_involvement | is_staff_member)
rules.add_perm("opportunities.view_own_involvement", is_signed_in)
rules.add_perm("opportunities.view_person_involvement", runs_involvement | is_staff_member | is_improvement_advisor)
rules.add_perm("opportunities.view_spread", runs_involvement | is_staff_member | is_improvement_advisor)
rules.add_perm("opportunities.export_spread", runs_involvement | is_improvement_advisor)
rules.add_perm("opportunities.change_kinds", is_administrator)
