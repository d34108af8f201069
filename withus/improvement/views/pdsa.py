"""Plan-Do-Study-Act cycles: adding and editing them."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_view
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.improvement.forms import PdsaForm
from withus.improvement.services import pdsa as pdsa_services
from withus.improvement.views.common import _project, _render


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def pdsa_add(request, project_id):
    project = _project(request, project_id, need="improvement.contribute")
    initial = {"change_idea": request.GET.get("idea")} if request.GET.get("idea") else {}
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    added = submit(
        request,
        form,
        lambda data: pdsa_services.pdsa_cycle_create(
            project=project,
            values=data,
            actor=request.user,
            request=request,
            submission_key=data.get("submission_key"),
        ),
        lambda cycle: f"The PDSA cycle “{cycle.title}” has been added.",
        reverse("improvement:detail", kwargs={"project_id": project.pk}),
    )
    return added or _render(
        request, "improvement/pdsa_form.jinja", {"form": form, "project": project, "creating": True}
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def pdsa_edit(request, project_id, cycle_id):
    project = _project(request, project_id, need="improvement.contribute")
    cycle = get_object_or_404(project.pdsa_cycles.all(), pk=cycle_id)
    initial = {key: getattr(cycle, key) for key in pdsa_services.PDSA_FIELDS}
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: pdsa_services.pdsa_cycle_update(cycle=cycle, values=data, actor=request.user, request=request),
        "The PDSA cycle has been saved.",
        reverse("improvement:detail", kwargs={"project_id": project.pk}),
    )
    if saved:
        return saved
    if request.method == "GET":
        audit_view(request, cycle)
    return _render(
        request, "improvement/pdsa_form.jinja", {"form": form, "project": project, "cycle": cycle, "creating": False}
    )
