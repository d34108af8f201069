"""QI project pages. Views stay thin: check the permission, scope the query, call a service, render."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.improvement import charts, services
from withus.improvement.forms import (
    AnnotationForm,
    ConfirmForm,
    ConsultationForm,
    ImportForm,
    LeaveForm,
    MeasureForm,
    NodeAddForm,
    NodeForm,
    PdsaForm,
    PointForm,
    PortfolioFilterForm,
    ProjectCreateForm,
    ProjectForm,
    RecalculationForm,
    StageForm,
    TeamMemberForm,
)
from withus.improvement.imports import ImportRefused, table_from_text, table_from_upload
from withus.improvement.models import (
    STAGE_DESCRIPTIONS,
    Annotation,
    DataPoint,
    DriverNode,
    Measure,
    NodeKind,
    PdsaCycle,
    Project,
    ProjectStatus,
    Recalculation,
    Stage,
    TeamMember,
    TeamRole,
)
from withus.improvement.presenters import (
    assurance_icon,
    diagram_tree,
    figure,
    involvement_description,
    involvement_headline,
    involvement_of,
    involvement_tag,
    status_tag,
    variation_icon,
)
from withus.organisations.models import Unit

SORT_ORDER = {
    "title": ("title", "pk"),
    "newest": ("-start_date", "title", "pk"),
    "stage": ("-stage", "title", "pk"),
    "updated": ("-updated_at", "pk"),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HELPERS = {
    "status_tag": status_tag,
    "involvement_tag": involvement_tag,
    "variation_icon": variation_icon,
    "assurance_icon": assurance_icon,
    "figure": figure,
}


def _project(request, project_id) -> Project:
    return get_object_or_404(Project.objects.visible_to(request.user).select_related("initiated_by"), pk=project_id)


def _require(request, permission: str, project: Project | None = None) -> None:
    """Object-level check after scoping: a participant who may not do this gets 404, like a page not theirs."""
    if not request.user.has_perm(permission, project):
        raise Http404


def _measure(project: Project, measure_id) -> Measure:
    return get_object_or_404(Measure.objects.filter(project=project), pk=measure_id)


def _render(request, template: str, context: dict, **kwargs):
    return render(request, template, {**HELPERS, **context}, **kwargs)


# --- Portfolio ---------------------------------------------------------------------------------------


@permission_required("improvement.view_portfolio")
def portfolio(request):
    organisation_id = request.user.organisation_id
    units = list(Unit.objects.for_organisation(organisation_id).active().in_tree_order())
    filters = PortfolioFilterForm(request.GET or None, units=units)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    projects = Project.objects.visible_to(request.user).with_involvement()
    if chosen.get("q"):
        projects = projects.search(chosen["q"])
    if chosen.get("unit"):
        projects = projects.in_units([next(unit for unit in units if str(unit.pk) == chosen["unit"])])
    if chosen.get("stage"):
        projects = projects.filter(stage=chosen["stage"])
    if chosen.get("status"):
        projects = projects.filter(status=chosen["status"])
    if chosen.get("involvement"):
        projects = projects.filter(involvement=chosen["involvement"])
    projects = projects.order_by(*SORT_ORDER[chosen.get("sort") or "title"]).prefetch_related("units")
    page = Paginator(projects, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "improvement/portfolio.jinja",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "any_filter": any(value for key, value in chosen.items() if key != "sort"),
        },
    )


@permission_required("improvement.view_own_projects")
def my_projects(request):
    memberships = (
        TeamMember.objects.filter(person__user=request.user, organisation_id=request.user.organisation_id)
        .select_related("project")
        .order_by("project__title")
    )
    return _render(request, "improvement/my_projects.jinja", {"memberships": list(memberships)})


@permission_required("improvement.add_project")
@require_http_methods(["GET", "POST"])
def project_add(request):
    organisation = request.user.organisation
    form = ProjectCreateForm(request.POST or None, organisation=organisation, initial={"status": ProjectStatus.ACTIVE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        already = submission_key_lookup(
            key=data["submission_key"], organisation_id=organisation.pk, object_type="project"
        )
        if already:
            return redirect("improvement:detail", project_id=already)
        try:
            project = services.project_create(
                organisation=organisation,
                values=data,
                units=list(data["units"]),
                stage=data["stage"],
                actor=request.user,
                request=request,
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The project “{project.title}” has been started.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/project_form.jinja", {"form": form, "creating": True})


# --- One project -------------------------------------------------------------------------------------


@permission_required("improvement.view_project", deny=404)
def project_detail(request, project_id):
    project = _project(request, project_id)
    team = list(project.team.select_related("person").order_by("left_on", "joined_on"))
    consultations = list(project.consultations.all())
    nodes = list(project.driver_nodes.all())
    cycles = list(project.pdsa_cycles.select_related("change_idea").order_by("change_idea__name", "starts_on"))
    measures = list(project.measures.all())
    level = involvement_of(team, len(consultations))
    current = [member for member in team if member.is_current()]
    leads = {
        role: [member.person.full_name for member in current if member.role == role]
        for role in (TeamRole.LEAD, TeamRole.CO_LEAD, TeamRole.COACH, TeamRole.SPONSOR)
    }
    audit_view(request, project)
    return _render(
        request,
        "improvement/project_detail.jinja",
        {
            "project": project,
            "units": list(project.units.all()),
            "team": team,
            "consultations": consultations,
            "involvement": level,
            "involvement_text": involvement_description(level),
            "leads": [(TeamRole(role).label, names) for role, names in leads.items()],
            "stages": list(project.stage_changes.select_related("changed_by")[:20]),
            "diagram": diagram_tree(nodes),
            "cycles": cycles,
            "ramps": _ramps(cycles),
            "measures": measures,
            "can_change": request.user.has_perm("improvement.change_project", project),
            "can_contribute": request.user.has_perm("improvement.contribute", project),
        },
    )


def _ramps(cycles: list[PdsaCycle]) -> list[dict]:
    """PDSA cycles grouped by change idea, in date order: each group is a ramp of tests."""
    ramps: dict = {}
    for cycle in cycles:
        ramps.setdefault(cycle.change_idea_id, {"idea": cycle.change_idea, "cycles": []})["cycles"].append(cycle)
    for ramp in ramps.values():
        ramp["cycles"].sort(key=lambda cycle: (cycle.starts_on, cycle.created_at))
    return list(ramps.values())


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id):
    project = _project(request, project_id)
    initial = {key: getattr(project, key) for key in services.PROJECT_FIELDS}
    initial["units"] = list(project.units.all())
    form = ProjectForm(request.POST or None, initial=initial, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                values=form.cleaned_data,
                units=list(form.cleaned_data["units"]),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The changes have been saved.")
            return redirect("improvement:detail", project_id=project.pk)
    if request.method == "GET":
        audit_view(request, project)
    return _render(request, "improvement/project_form.jinja", {"form": form, "project": project, "creating": False})


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def project_stage(request, project_id):
    project = _project(request, project_id)
    form = StageForm(request.POST or None, initial={"stage": project.stage})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.project_change_stage(
                project=project,
                stage=form.cleaned_data["stage"],
                changed_on=form.cleaned_data["changed_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, "The project was already at that stage, so nothing changed.")
            else:
                messages.success(request, f"Stage changed to {Stage(change.stage).label}.")
            return redirect("improvement:detail", project_id=project.pk)
    descriptions = [(Stage(stage).label, text) for stage, text in STAGE_DESCRIPTIONS.items()]
    return _render(
        request, "improvement/stage_form.jinja", {"form": form, "project": project, "descriptions": descriptions}
    )


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def team_add(request, project_id):
    project = _project(request, project_id)
    form = TeamMemberForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.team_member_add(project=project, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.person.full_name} has joined the team.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/team_form.jinja", {"form": form, "project": project})


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def team_leave(request, project_id, member_id):
    project = _project(request, project_id)
    member = get_object_or_404(project.team.select_related("person"), pk=member_id, left_on__isnull=True)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_leave(
                member=member, left_on=form.cleaned_data["left_on"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.person.full_name} has been recorded as leaving the team.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/leave_form.jinja", {"form": form, "project": project, "member": member})


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def consultation_add(request, project_id):
    project = _project(request, project_id)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_add(project=project, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The consultation has been recorded.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/consultation_form.jinja", {"form": form, "project": project})


# --- Driver diagram ----------------------------------------------------------------------------------


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
    return get_object_or_404(DriverNode.objects.filter(project=project), pk=node_id)


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def node_add(request, project_id, parent_id=None):
    project = _project(request, project_id)
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
            services.driver_node_add(
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


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def node_rename(request, project_id, node_id):
    project = _project(request, project_id)
    node = _node(project, node_id)
    form = NodeForm(request.POST or None, initial={"name": node.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.driver_node_rename(node=node, name=form.cleaned_data["name"], actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The name has been changed.")
            return redirect("improvement:diagram", project_id=project.pk)
    return _render(request, "improvement/node_form.jinja", {"form": form, "project": project, "node": node})


@permission_required("improvement.change_project", deny=404)
@require_POST
def node_move(request, project_id, node_id, direction):
    project = _project(request, project_id)
    node = _node(project, node_id)
    if direction not in ("up", "down"):
        raise Http404
    services.driver_node_move(node=node, up=direction == "up", actor=request.user, request=request)
    return redirect(reverse("improvement:diagram", kwargs={"project_id": project.pk}) + f"#node-{node.pk}")


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def node_delete(request, project_id, node_id):
    project = _project(request, project_id)
    node = _node(project, node_id)
    beneath = services.driver_node_descendants(node)
    blocked = PdsaCycle.objects.filter(change_idea_id__in=[node.pk, *(item.pk for item in beneath)]).count()
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not blocked:
        try:
            services.driver_node_delete(node=node, actor=request.user, request=request)
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


# --- PDSA cycles -------------------------------------------------------------------------------------


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def pdsa_add(request, project_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    initial = {"change_idea": request.GET.get("idea")} if request.GET.get("idea") else {}
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.pdsa_cycle_create(
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
    initial = {key: getattr(cycle, key) for key in services.PDSA_FIELDS}
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pdsa_cycle_update(cycle=cycle, values=form.cleaned_data, actor=request.user, request=request)
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


# --- Measures ----------------------------------------------------------------------------------------


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def measure_add(request, project_id):
    project = _project(request, project_id)
    form = MeasureForm(
        request.POST or None,
        project=project,
        initial={"preset": "mdc", "chart": "xmr", "frequency": "weekly", "direction": "up"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(
                project=project,
                values=form.cleaned_data,
                change_ideas=form.cleaned_data.get("change_ideas"),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The measure “{measure.name}” has been added. Now add its data.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(request, "improvement/measure_form.jinja", {"form": form, "project": project, "creating": True})


@permission_required("improvement.change_project", deny=404)
@require_http_methods(["GET", "POST"])
def measure_edit(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    initial = {key: getattr(measure, key) for key in services.MEASURE_FIELDS}
    initial["change_ideas"] = list(measure.change_ideas.all())
    form = MeasureForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(
                measure=measure,
                values=form.cleaned_data,
                change_ideas=form.cleaned_data.get("change_ideas"),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The measure has been saved.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/measure_form.jinja",
        {"form": form, "project": project, "measure": measure, "creating": False},
    )


def _measure_chart(measure: Measure, recalculations=None, notes=None) -> charts.MeasureChart:
    """Four queries: points, recalculations, notes and the PDSA cycles of the measure's change ideas."""
    points = charts.load_points(measure)
    cycles = PdsaCycle.objects.filter(change_idea__measures=measure).order_by("starts_on").distinct()
    return charts.build_chart(
        measure,
        points,
        recalculations=list(measure.recalculations.all()) if recalculations is None else recalculations,
        annotations=list(measure.annotations.all()) if notes is None else notes,
        pdsa_cycles=list(cycles),
    )


@permission_required("improvement.view_project", deny=404)
def measure_detail(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    recalculations = list(measure.recalculations.all())
    notes = list(measure.annotations.all())
    chart = _measure_chart(measure, recalculations, notes)
    spec = charts.vega_lite_spec(measure, chart)
    audit_view(request, measure)
    return _render(
        request,
        "improvement/measure_detail.jinja",
        {
            "project": project,
            "measure": measure,
            "chart": chart,
            "spec_script": json_script(spec, "measure-chart-spec"),
            "recalculations": recalculations,
            "notes": notes,
            "can_change": request.user.has_perm("improvement.change_project", project),
            "can_contribute": request.user.has_perm("improvement.contribute", project),
            "rule_labels": charts.RULE_LABELS,
            "category_labels": charts.CATEGORY_LABELS,
        },
    )


def _export_audit(request, measure: Measure, what: str) -> None:
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=measure,
        object_label=f"{what} of {measure.name}"[:200],
    )


@permission_required("improvement.view_project", deny=404)
def measure_svg(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    svg = charts.render_svg(charts.vega_lite_spec(measure, _measure_chart(measure)))
    _export_audit(request, measure, "Chart (SVG)")
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.svg"'
    return response


@permission_required("improvement.view_project", deny=404)
def measure_png(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    png = charts.render_png(charts.vega_lite_spec(measure, _measure_chart(measure)))
    _export_audit(request, measure, "Chart (PNG)")
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.png"'
    return response


def _safe_cell(value) -> object:
    """Spreadsheet formula injection: text that a spreadsheet would run as a formula is prefixed with '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _figure(value) -> str:
    if value is None:
        return ""
    return f"{value:.6g}" if isinstance(value, float) else str(value)


@permission_required("improvement.view_project", deny=404)
def measure_csv(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    chart = _measure_chart(measure)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["date", "value", "centre", "lower", "upper", "category"])
    for point in chart.points:
        writer.writerow(
            [
                point.period.isoformat(),
                _figure(point.value),
                _figure(point.centre),
                _figure(point.lower),
                _figure(point.upper),
                _safe_cell(point.category),
            ]
        )
    _export_audit(request, measure, "Data (CSV)")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.csv"'
    return response


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def point_add(request, project_id, measure_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    form = PointForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_add(measure=measure, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The point has been added to the chart.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(request, "improvement/point_form.jinja", {"form": form, "project": project, "measure": measure})


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def point_edit(request, project_id, measure_id, point_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    point = get_object_or_404(DataPoint.objects.filter(measure=measure), pk=point_id)
    initial = {key: getattr(point, key) for key in ("period", "value", "denominator", "ghost", "note")}
    form = PointForm(request.POST or None, measure=measure, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_update(point=point, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The point has been changed.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/point_form.jinja",
        {"form": form, "project": project, "measure": measure, "point": point},
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def point_delete(request, project_id, measure_id, point_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    point = get_object_or_404(DataPoint.objects.filter(measure=measure), pk=point_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.point_delete(point=point, actor=request.user, request=request)
        messages.success(request, f"The point for {point.period:%d/%m/%Y} has been deleted.")
        return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/point_delete.jinja",
        {"project": project, "measure": measure, "point": point, "confirm": form},
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def points_import(request, project_id, measure_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        try:
            table = table_from_upload(upload) if upload else table_from_text(form.cleaned_data["pasted"])
            count = services.points_import(
                measure=measure,
                table=table,
                actor=request.user,
                request=request,
                source=f"file {upload.name}"[:80] if upload else "pasted",
            )
        except ImportRefused as error:
            refused = error
            form.add_error(
                "upload" if upload else "pasted",
                f"Nothing was added: fix the {len(error.problems):,} "
                f"problem{'s' if len(error.problems) != 1 else ''} listed, then try again",
            )
        else:
            for note in table.notes:
                messages.info(request, note)
            messages.success(request, f"{count:,} point{'s' if count != 1 else ''} added to the chart.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/import_form.jinja",
        {"form": form, "project": project, "measure": measure, "refused": refused},
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def recalculation_add(request, project_id, measure_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    form = RecalculationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recalculation_add(measure=measure, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The limits are now recalculated from that date.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request, "improvement/recalculation_form.jinja", {"form": form, "project": project, "measure": measure}
    )


@permission_required("improvement.view_project", deny=404)
@require_POST
def recalculation_delete(request, project_id, measure_id, recalculation_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    recalculation = get_object_or_404(Recalculation.objects.filter(measure=measure), pk=recalculation_id)
    services.recalculation_delete(recalculation=recalculation, actor=request.user, request=request)
    messages.success(request, "The recalculation has been removed.")
    return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def annotation_add(request, project_id, measure_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    form = AnnotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.annotation_add(measure=measure, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The note has been added to the chart.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(request, "improvement/annotation_form.jinja", {"form": form, "project": project, "measure": measure})


@permission_required("improvement.view_project", deny=404)
@require_POST
def annotation_delete(request, project_id, measure_id, annotation_id):
    project = _project(request, project_id)
    _require(request, "improvement.contribute", project)
    measure = _measure(project, measure_id)
    annotation = get_object_or_404(Annotation.objects.filter(measure=measure), pk=annotation_id)
    services.annotation_delete(annotation=annotation, actor=request.user, request=request)
    messages.success(request, "The note has been removed from the chart.")
    return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)


# --- Summaries ---------------------------------------------------------------------------------------


@permission_required("improvement.view_summaries")
def unit_summary(request, unit_id):
    unit = get_object_or_404(Unit.objects.for_organisation(request.user.organisation_id), pk=unit_id)
    projects = Project.objects.visible_to(request.user).in_units([unit])
    measures = list(
        Measure.objects.filter(project__in=projects)
        .select_related("project")
        .order_by("project__title", "position", "name")
    )
    audit_record(action=AuditAction.VIEW, request=request, obj=unit, object_type="unit_measures")
    return _render(request, "improvement/unit_summary.jinja", {"unit": unit, "measures": measures})


@permission_required("improvement.view_summaries")
def summaries(request):
    units = list(
        Unit.objects.for_organisation(request.user.organisation_id)
        .active()
        .in_tree_order()
        .annotate(project_count=Count("projectunit"))
    )
    return _render(request, "improvement/summaries.jinja", {"units": units})


@permission_required("improvement.view_summaries")
def involvement(request):
    headline = involvement_headline(request.user.organisation_id)
    latest = {group: headline["table"][group][-1] for group in headline["groups"]}
    description = "; ".join(
        f"{group}: {row['percent']:.0f}% of {row['active']} active projects"
        for group, row in latest.items()
        if row["percent"] is not None
    )
    spec = charts.run_chart_spec(
        title="Active projects with Big I involvement",
        rows=headline["series"],
        y_title="Projects with Big I (%)",
        description="Percentage of active projects with service users or carers on the team, by month. "
        f"Latest: {description}.",
    )
    audit_record(
        action=AuditAction.VIEW, request=request, object_type="involvement_headline", object_label="Big I headline"
    )
    return _render(
        request,
        "improvement/involvement.jinja",
        {"headline": headline, "latest": latest, "spec_script": json_script(spec, "measure-chart-spec")},
    )
