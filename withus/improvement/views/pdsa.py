"""Plan-Do-Study-Act cycles: adding and editing them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_view
from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.improvement.forms import PdsaForm
from withus.improvement.services import pdsa as pdsa_services
from withus.improvement.views.common import _project, _render, _require


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def pdsa_add(request, project_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    initial = {"change_idea": request.GET.get("idea")} if request.GET.get("idea") else {}
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = pdsa_services.pdsa_cycle_create(
                project=project,
                values=form.cleaned_data,
                actor=request.user,
                request=request,
                submission_key=form.cleaned_data.get("submission_key"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The PDSA cycle “{cycle.title}” has been added.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/pdsa_form.jinja", {"form": form, "project": project, "creating": True})


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def pdsa_edit(request, project_id, cycle_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    cycle = get_object_or_404(project.pdsa_cycles.all(), pk=cycle_id)
    initial = {key: getattr(cycle, key) for key in pdsa_services.PDSA_FIELDS}
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pdsa_services.pdsa_cycle_update(cycle=cycle, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The PDSA cycle has been saved.")
            return redirect("improvement:detail", project_id=project.pk)
    if request.method == "GET":
        audit_view(request, cycle)
    return _render(
        request, "improvement/pdsa_form.jinja", {"form": form, "project": project, "cycle": cycle, "creating": False}
    )
