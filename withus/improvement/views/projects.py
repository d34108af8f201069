"""QI projects: the portfolio, my projects, adding and editing a project, its stage, team and consultations."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.improvement.forms import (
    ConsultationForm,
    LeaveForm,
    PortfolioFilterForm,
    ProjectCreateForm,
    ProjectForm,
    StageForm,
    TeamMemberForm,
)
from withus.improvement.models import STAGE_DESCRIPTIONS, PdsaCycle, Project, ProjectStatus, Stage, TeamMember, TeamRole
from withus.improvement.origins import project_origins
from withus.improvement.presenters import diagram_tree, involvement_description, involvement_of
from withus.improvement.services import projects as project_services
from withus.improvement.views.common import _project, _render
from withus.organisations.models import Unit
from withus.people.profiles import profiles_listed

SORT_ORDER = {
    "title": ("title", "pk"),
    "newest": ("-start_date", "title", "pk"),
    "stage": ("-stage", "title", "pk"),
    "updated": ("-updated_at", "pk"),
}


@permission_required("improvement.view_portfolio")
def portfolio(request):
    organisation_id = request.user.organisation_id
    units = list(Unit.objects.for_organisation(organisation_id).active().in_tree_order())
    filters = PortfolioFilterForm(request.GET or None, units=units)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    projects = Project.objects.visible_to(request.user).with_involvement().with_headline()
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
    memberships = TeamMember.objects.for_user(request.user).select_related("project").order_by("project__title")
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
            project = project_services.project_create(
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
            "origins": project_origins(project, request.user),
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


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id):
    project = _project(request, project_id, need="improvement.change_project")
    initial = {key: getattr(project, key) for key in project_services.PROJECT_FIELDS}
    initial["units"] = list(project.units.all())
    form = ProjectForm(request.POST or None, initial=initial, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.project_update(
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


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def project_stage(request, project_id):
    project = _project(request, project_id, need="improvement.change_project")
    form = StageForm(request.POST or None, initial={"stage": project.stage})
    if request.method == "POST" and form.is_valid():
        try:
            change = project_services.project_change_stage(
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


PROFILES_SHOWN = 50


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def team_add(request, project_id):
    project = _project(request, project_id, need="improvement.change_project")
    form = TeamMemberForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            member = project_services.team_member_add(
                project=project, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.person.full_name} has joined the team.")
            return redirect("improvement:detail", project_id=project.pk)
    # One-page profiles (issue 21): staff building the team see what people are good at and want to learn.
    skill = " ".join(request.GET.get("skill", "").split())[:60]
    profiles = None
    if not request.user.is_participant:
        profiles = profiles_listed(request.user.organisation_id, words=skill, limit=PROFILES_SHOWN)
        audit_record(
            action=AuditAction.VIEW,
            request=request,
            obj=project,
            object_type="profiles",
            object_label=f"One-page profiles shown when adding to {project.title}",
        )
    context = {"form": form, "project": project, "profiles": profiles, "skill": skill, "shown": PROFILES_SHOWN}
    return _render(request, "improvement/team_form.jinja", context)


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def team_leave(request, project_id, member_id):
    project = _project(request, project_id, need="improvement.change_project")
    member = get_object_or_404(project.team.select_related("person"), pk=member_id, left_on__isnull=True)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.team_member_leave(
                member=member, left_on=form.cleaned_data["left_on"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.person.full_name} has been recorded as leaving the team.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/leave_form.jinja", {"form": form, "project": project, "member": member})


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def consultation_add(request, project_id):
    project = _project(request, project_id, need="improvement.change_project")
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.consultation_add(
                project=project, values=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The consultation has been recorded.")
            return redirect("improvement:detail", project_id=project.pk)
    return _render(request, "improvement/consultation_form.jinja", {"form": form, "project": project})
