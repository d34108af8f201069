"""What every QI project page shares: finding the project or measure the user may see, and rendering."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from withus.improvement.models import Measure, Project
from withus.improvement.presenters import (
    assurance_icon,
    figure,
    involvement_tag,
    role_label,
    status_tag,
    variation_icon,
)

HELPERS = {
    "status_tag": status_tag,
    "role_label": role_label,
    "involvement_tag": involvement_tag,
    "variation_icon": variation_icon,
    "assurance_icon": assurance_icon,
    "figure": figure,
}


def _project(request, project_id, need: str | None = None) -> Project:
    """The project if the user may see it, else 404; with `need`, also only if they have that object permission.

    Someone who reads a project but may not change it gets 404 on its change pages, like a page that is not there
    (issue 12 item 4: only the team, QI advisors and administrators change a project).
    """
    project = get_object_or_404(Project.objects.visible_to(request.user).select_related("initiated_by"), pk=project_id)
    if need:
        _require(request, need, project)
    return project


def _require(request, permission: str, project: Project | None = None) -> None:
    """Object-level check after scoping: a participant who may not do this gets 404, like a page not theirs."""
    if not request.user.has_perm(permission, project):
        raise Http404


def _measure(project: Project, measure_id) -> Measure:
    return get_object_or_404(project.measures, pk=measure_id)


def _render(request, template: str, context: dict, **kwargs):
    return render(request, template, {**HELPERS, **context}, **kwargs)
