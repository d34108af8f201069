"""Who may change a project, checked inside every write service (the views check it too; ADR 0016).

Only the project's team (members who have not left), QI advisors and administrators change a project; a service
user or carer on the team adds data and PDSA notes when the project allows it. Anyone else is refused here, so a
write that skips the view (a script, a future API, a bug) still cannot change another team's project.
"""

from django.core.exceptions import PermissionDenied

CHANGE = "improvement.change_project"
CONTRIBUTE = "improvement.contribute"


def _require(actor, permission: str, project) -> None:
    if actor is None or not actor.has_perm(permission, project):
        raise PermissionDenied("Only the project team, QI advisors and administrators can change this project.")


def require_change(*, actor, project) -> None:
    """Refuse (PermissionDenied) unless the actor may change the project itself: details, team, diagram, measures."""
    _require(actor, CHANGE, project)


def require_contribute(*, actor, project) -> None:
    """Refuse (PermissionDenied) unless the actor may add to the project's record: data, notes, PDSA cycles."""
    _require(actor, CONTRIBUTE, project)
