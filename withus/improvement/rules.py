"""Named permissions for QI projects. Which projects a person reaches is decided by Project.objects.visible_to.

Everyone on the staff side reads every project of their trust. Changing one (issue 12 item 4, ADR 0016) is for
its team (members who have not left, whatever their team role: lead, co-lead, member, QI coach, sponsor) who hold
a role that runs projects (staff, participation leads), and for QI advisors and administrators. A service user or
carer on the team adds data and PDSA notes only when the project lets its team do so. The views check these rules
and so do the services, so no other path changes a project.
"""

import rules
from django.db.models import Q
from django.utils import timezone

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
    is_staff_side,
)

runs_projects = is_staff_member | is_improvement_advisor | is_participation_lead | is_administrator


@rules.predicate
def is_on_project_team(user, project) -> bool:
    """The user is on the project's team today: joined it (any team role) and has not left it."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    return project.team.filter(Q(left_on__isnull=True) | Q(left_on__gt=today), person__user=user).exists()


@rules.predicate
def lets_its_team_contribute(user, project) -> bool:
    return bool(project is not None and project.participants_can_contribute)


# Whole-trust QI roles change every project of their trust (views reach only the user's trust's projects).
changes_any_project = is_improvement_advisor | is_administrator
changes_project = changes_any_project | (runs_projects & is_on_project_team)
is_contributing_member = is_on_project_team & lets_its_team_contribute

rules.add_perm("improvement.view_portfolio", is_staff_side)
# Participants may open a project only when they are on its team: views scope with visible_to (else 404).
rules.add_perm("improvement.view_project", is_signed_in)
rules.add_perm("improvement.view_own_projects", is_signed_in)
rules.add_perm("improvement.add_project", runs_projects)
# The roles that may change the projects whose team they are on: checked first by the change pages (others 404).
rules.add_perm("improvement.change_projects", runs_projects)
# Object permissions: asked with the project (without one, only QI advisors and administrators have them).
rules.add_perm("improvement.change_project", changes_project)
rules.add_perm("improvement.contribute", changes_project | is_contributing_member)
rules.add_perm("improvement.view_summaries", is_staff_side)
