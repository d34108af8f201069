"""A project's driver diagram: adding, renaming, moving and deleting its nodes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_view
from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.improvement.forms import ConfirmForm, NodeAddForm, NodeForm
from withus.improvement.models import DriverNode, NodeKind, PdsaCycle, Project
from withus.improvement.presenters import diagram_tree
from withus.improvement.services import diagram as diagram_services
from withus.improvement.views.common import _project, _render


@permission_required("improvement.view_project", deny=404)
def driver_diagram(request, project_id):
    project = _project(request, project_id)
    audit_view(request, project)
    return _render(
        request,
        "improvement/driver_diagram.jinja",
        {
            "project": project,
            "diagram": diagram_tree(list(project.driver_nodes.all())),
            "can_change": request.user.has_perm("improvement.change_project", project),
        },
    )


def _node(project: Project, node_id) -> DriverNode:
    return get_object_or_404(project.driver_nodes, pk=node_id)


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def node_add(request, project_id, parent_id=None):
    project = _project(request, project_id, need="improvement.change_project")
    parent = _node(project, parent_id) if parent_id else None
    kinds = {
        None: [NodeKind.PRIMARY],
        NodeKind.PRIMARY: [NodeKind.SECONDARY, NodeKind.CHANGE_IDEA],
        NodeKind.SECONDARY: [NodeKind.CHANGE_IDEA],
    }.get(parent.kind if parent else None)
    if not kinds:
        raise Http404
    form = NodeAddForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            diagram_services.driver_node_add(
                project=project,
                parent=parent,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['name']}” has been added to the driver diagram.")
            return redirect("improvement:diagram", project_id=project.pk)
    return _render(request, "improvement/node_form.jinja", {"form": form, "project": project, "parent": parent})


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def node_rename(request, project_id, node_id):
    project = _project(request, project_id, need="improvement.change_project")
    node = _node(project, node_id)
    form = NodeForm(request.POST or None, initial={"name": node.name})
    if request.method == "POST" and form.is_valid():
        try:
            diagram_services.driver_node_rename(
                node=node, name=form.cleaned_data["name"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The name has been changed.")
            return redirect("improvement:diagram", project_id=project.pk)
    return _render(request, "improvement/node_form.jinja", {"form": form, "project": project, "node": node})


@permission_required("improvement.change_projects", deny=404)
@require_POST
def node_move(request, project_id, node_id, direction):
    project = _project(request, project_id, need="improvement.change_project")
    node = _node(project, node_id)
    if direction not in ("up", "down"):
        raise Http404
    diagram_services.driver_node_move(node=node, up=direction == "up", actor=request.user, request=request)
    return redirect(reverse("improvement:diagram", kwargs={"project_id": project.pk}) + f"#node-{node.pk}")


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def node_delete(request, project_id, node_id):
    project = _project(request, project_id, need="improvement.change_project")
    node = _node(project, node_id)
    beneath = diagram_services.driver_node_descendants(node)
    blocked = PdsaCycle.objects.testing([node.pk, *(item.pk for item in beneath)]).count()
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not blocked:
        try:
            diagram_services.driver_node_delete(node=node, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{node.name}” has been deleted from the driver diagram.")
            return redirect("improvement:diagram", project_id=project.pk)
    return _render(
        request,
        "improvement/node_delete.jinja",
        {"project": project, "node": node, "beneath": beneath, "blocked": blocked, "confirm": form},
    )
