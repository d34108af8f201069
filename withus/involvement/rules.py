"""Named permissions for the involvement log's pages: your own involvement, a person's, and the kinds."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
)

rules.add_perm("involvement.view_own_involvement", is_signed_in)
# Which people: those the user may see in the register (Person.objects.visible_to).
rules.add_perm(
    "involvement.view_person_involvement",
    is_participation_lead | is_administrator | is_staff_member | is_improvement_advisor,
)
rules.add_perm("involvement.change_kinds", is_administrator)
