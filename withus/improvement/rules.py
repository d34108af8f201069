"""Named permissions for QI projects. Which projects a person reaches is decided by Project.objects.visible_to."""

import rules

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
def is_contributing_member(user, project) -> bool:
    """A service user or carer on the team of a project whose lead lets the team add data and PDSA notes."""
    if project is None or not getattr(project, "participants_can_contribute", False):
        return False
    return project.team.filter(person__user=user, left_on__isnull=True).exists()


rules.add_perm("improvement.view_portfolio", is_staff_side)
# Participants may open a project only when they are on its team: views scope with visible_to (else 404).
rules.add_perm("improvement.view_project", is_signed_in)
rules.add_perm("improvement.view_own_projects", is_signed_in)
rules.add_perm("improvement.add_project", runs_projects)
rules.add_perm("improvement.change_project", runs_projects)
rules.add_perm("improvement.contribute", runs_projects | is_contributing_member)
rules.add_perm("improvement.view_summaries", is_staff_side)
