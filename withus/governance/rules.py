"""Named permissions for committees and recruitment panels.

Who sees what (see docs/governance.md):
- Committees, seats, terms and meetings: People Participation leads and administrators.
- Recruitment: leads (in their units) and administrators see every panel they run, staff see the vacancies they
  recruit to; panel members (staff, service users and carers) see the panels they sit on. Which panel is checked
  on the object: anyone else gets "Page not found".
- Scores: a member sees other members' scores for a candidate only after sending their own; the recruiting
  manager and leads see results only after the decision.
"""

import rules

from withus.accounts.models import Role
from withus.accounts.rules import (
    in_unit_scope,
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
    is_staff_side,
)
from withus.governance.models import Vacancy

runs_involvement = is_participation_lead | is_administrator


@rules.predicate
def may_run_vacancy_in(user, unit) -> bool:
    """Leads and administrators in their scope; staff (recruiting managers) in the units they work in."""
    if unit is None:
        return False
    return user.has_role(Role.ADMINISTRATOR) or in_unit_scope(user, unit, Role.PARTICIPATION_LEAD, Role.STAFF)


@rules.predicate
def leads_panel(user, vacancy) -> bool:
    """Runs the vacancy from the staff side: administrators, leads in their units, its recruiting manager."""
    return vacancy is not None and Vacancy.objects.led_by(user).filter(pk=vacancy.pk).exists()


@rules.predicate
def may_record_decision(user, vacancy) -> bool:
    """The panel's chair or the recruiting manager records the panel's decision."""
    if vacancy is None:
        return False
    return vacancy.recruiting_manager_id == user.pk or vacancy.members.filter(user=user, is_chair=True).exists()


# On one object (has_perm(name, obj)): the rules the services enforce, for pages to ask before offering a button.
rules.add_perm("governance.run_vacancy_in_unit", may_run_vacancy_in)
rules.add_perm("governance.lead_this_panel", leads_panel)
rules.add_perm("governance.record_this_decision", may_record_decision)

rules.add_perm("governance.view_committees", runs_involvement)
rules.add_perm("governance.manage_committees", runs_involvement)
# Any staff-side role: the list shows only the panels they run or sit on (staff of every kind sit on panels).
rules.add_perm("governance.view_recruitment", is_staff_side)
rules.add_perm("governance.add_vacancy", runs_involvement | is_staff_member)
# Which panel: those who run it and its members (checked on the object, 404 otherwise).
rules.add_perm("governance.open_panel", is_signed_in)
rules.add_perm("governance.score_candidates", is_signed_in)
rules.add_perm("governance.view_own_panels", is_signed_in)
rules.add_perm("governance.view_coverage", runs_involvement | is_improvement_advisor)
