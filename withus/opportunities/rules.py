"""Named permissions for opportunities, selection, attendance and involvement records."""

import rules

from withus.accounts.models import Role
from withus.accounts.rules import (
    in_unit_scope,
    is_administrator,
    is_improvement_advisor,
    is_participant,
    is_participation_lead,
    is_signed_in_not_board,
    is_staff_member,
)
from withus.opportunities.models import Opportunity, OpportunityStatus
from withus.people.selectors import signed_in_person

runs_involvement = is_participation_lead | is_administrator


@rules.predicate
def may_post_in_unit(user, unit) -> bool:
    """Leads post in their units; staff champions request for the units they work in or champion."""
    if unit is None:
        return False
    if user.has_role(Role.ADMINISTRATOR) or in_unit_scope(user, unit, Role.PARTICIPATION_LEAD, Role.STAFF):
        return True
    person = signed_in_person(user)
    return person is not None and any(unit.path.startswith(mine.path) for mine in person.champion_units.all())


def units_to_post_in(user, units) -> list:
    """Of these units, those where `may_post_in_unit` lets the user post: the same rule, in two queries at most
    however many units, for forms to offer only what the service would accept."""
    if user.has_role(Role.ADMINISTRATOR):
        return list(units)
    person = signed_in_person(user)
    championed = [unit.path for unit in person.champion_units.all()] if person is not None else []
    return [
        unit
        for unit in units
        if in_unit_scope(user, unit, Role.PARTICIPATION_LEAD, Role.STAFF)
        or any(unit.path.startswith(path) for path in championed)
    ]


@rules.predicate
def manages_opportunity(user, opportunity) -> bool:
    """Where the user may select people and record attendance: leads in their units, staff who organise it."""
    return opportunity is not None and Opportunity.objects.managed_by(user).filter(pk=opportunity.pk).exists()


@rules.predicate
def asked_for_it_and_it_waits(user, opportunity) -> bool:
    """The staff member who asked for it, while it still waits for a lead to approve it."""
    return opportunity.organiser_id == user.pk and opportunity.status == OpportunityStatus.REQUESTED


# Who may change or cancel it: a lead or administrator who manages it, or the staff member who asked for it
# while it is still only requested.
may_change_opportunity = manages_opportunity & (runs_involvement | asked_for_it_and_it_waits)

# On one object (has_perm(name, obj)): the rules the services enforce, for pages to ask before offering a button.
rules.add_perm("opportunities.post_in_unit", may_post_in_unit)
rules.add_perm("opportunities.manage_this_opportunity", manages_opportunity)
rules.add_perm("opportunities.change_this_opportunity", may_change_opportunity)

rules.add_perm("opportunities.browse", is_signed_in_not_board)
rules.add_perm("opportunities.view_opportunity", is_signed_in_not_board)
rules.add_perm("opportunities.express_interest", is_participant)
rules.add_perm("opportunities.add_opportunity", runs_involvement | is_staff_member)
rules.add_perm("opportunities.approve_opportunity", runs_involvement)
# Which opportunities: leads in their units; staff only one they asked for, while it waits for approval.
rules.add_perm("opportunities.change_opportunity", runs_involvement | is_staff_member)
rules.add_perm("opportunities.cancel_opportunity", runs_involvement | is_staff_member)
# Which opportunities: leads in their units, staff only those they organise (checked on the object).
rules.add_perm("opportunities.select_people", runs_involvement | is_staff_member)
rules.add_perm("opportunities.record_attendance", runs_involvement | is_staff_member)
rules.add_perm("opportunities.view_spread", runs_involvement | is_staff_member | is_improvement_advisor)
rules.add_perm("opportunities.view_champions", runs_involvement | is_staff_member | is_improvement_advisor)
rules.add_perm("opportunities.export_spread", runs_involvement | is_improvement_advisor)
# Acting for someone who is with you or on the phone (issue 26 item 5): leads (for the people they may see) and
# administrators; the view finds the person among those the user may see, so anyone else gets a 404.
rules.add_perm("opportunities.express_interest_for_someone", runs_involvement)
