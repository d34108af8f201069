"""Recruitment panel pages: vacancies, the panel's members, criteria and candidates, and agreeing it."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from withus.accounts.models import Role, User
from withus.accounts.selectors import users_holding
from withus.core.audit import audit_view
from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.governance import presenters
from withus.governance.forms import CandidateForm, CriterionForm, MemberForm, VacancyForm
from withus.governance.models import Candidate, PanelStatus, Vacancy
from withus.governance.services import panels as panel_services
from withus.people.adjustments import adjustments_for
from withus.people.models import Person, PersonKind


@permission_required("governance.view_recruitment")
def vacancy_list(request):
    vacancies = (
        Vacancy.objects.visible_to(request.user)
        .with_lived_experience()
        .select_related("unit", "recruiting_manager")
        .annotate(member_count=Count("members", distinct=True), candidate_count=Count("candidates", distinct=True))
        .order_by("-closing_date", "job_title", "pk")
    )
    covered = vacancies.filter(has_lived_experience=True).count()
    page = Paginator(vacancies, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/vacancies.jinja",
        {
            "page": page,
            "covered": covered,
            "panel_tag": presenters.panel_tag,
            "can_add": request.user.has_perm("governance.add_vacancy"),
            "can_see_coverage": request.user.has_perm("governance.view_coverage"),
        },
    )


def _managers(organisation_id):
    return users_holding(organisation_id, [Role.STAFF])


@permission_required("governance.add_vacancy", deny=404)
@require_http_methods(["GET", "POST"])
def vacancy_add(request):
    organisation = request.user.organisation
    managers = _managers(organisation.pk)
    initial = {"recruiting_manager": request.user.pk} if request.user.has_role(Role.STAFF) else {}
    form = VacancyForm(request.POST or None, organisation=organisation, managers=managers, initial=initial)
    added = submit(
        request,
        form,
        lambda data: panel_services.vacancy_create(
            organisation=organisation,
            unit=data["unit"],
            job_title=data["job_title"],
            band=data["band"],
            closing_date=data["closing_date"],
            interview_on=data["interview_on"],
            recruiting_manager=data["recruiting_manager"],
            score_max=data["score_max"],
            actor=request.user,
            request=request,
        ),
        "The vacancy is added. Now add the panel, the criteria and the candidates.",
        _to_vacancy,
    )
    return added or render(request, "governance/vacancy_add.jinja", {"form": form})


def _to_vacancy(vacancy: Vacancy) -> str:
    return reverse("governance:vacancy", kwargs={"vacancy_id": vacancy.pk})


class Panel:
    """The panel as the signed-in person may see it: their membership, and whether they run it."""

    def __init__(self, request, vacancy_id):
        user = request.user
        self.vacancy = get_object_or_404(
            Vacancy.objects.visible_to(user).select_related("unit", "recruiting_manager"), pk=vacancy_id
        )
        self.members = list(self.vacancy.members.select_related("user", "person"))
        self.member = next((member for member in self.members if member.user_id == user.pk), None)
        self.leads_it = user.has_perm("governance.lead_this_panel", self.vacancy)
        self.runs = self.leads_it or bool(self.member and self.member.is_chair)
        self.decided = self.vacancy.status == PanelStatus.DECIDED

    def my_scored(self) -> set:
        if self.member is None:
            return set()
        return set(self.member.score_sheets.values_list("candidate_id", flat=True))

    def may_see_results(self, candidate_id, scored: set) -> bool:
        if self.decided:
            return True
        return self.member is not None and candidate_id in scored


def _panel_runner(request, vacancy_id) -> Panel:
    panel = Panel(request, vacancy_id)
    if not panel.runs:
        raise Http404
    return panel


@permission_required("governance.open_panel", deny=404)
def vacancy_detail(request, vacancy_id):
    panel = Panel(request, vacancy_id)
    vacancy = panel.vacancy
    candidates = list(vacancy.candidates.annotate(sheets=Count("score_sheets")))
    scored = panel.my_scored()
    audit_view(request, vacancy)
    decision = getattr(vacancy, "decision", None) if panel.decided else None
    return render(
        request,
        "governance/vacancy_detail.jinja",
        {
            "panel": panel,
            "vacancy": vacancy,
            "criteria": list(vacancy.criteria.all()),
            "candidates": candidates,
            "scored": scored,
            "to_score": [candidate for candidate in candidates if candidate.pk not in scored],
            "has_lived_experience": any(member.has_lived_experience for member in panel.members),
            "decision": decision,
            "panel_tag": presenters.panel_tag,
            "can_decide": panel.vacancy.status == PanelStatus.SCORING
            and request.user.has_perm("governance.record_this_decision", vacancy),
            "sheets_to_come": len(panel.members) * len(candidates) - sum(candidate.sheets for candidate in candidates),
            "participant": request.user.is_participant,
            # Reasonable adjustments travel (issue 21): whoever runs the panel plans for its members' adjustments.
            "adjustments": adjustments_for(member.person_id for member in panel.members if member.person_id)
            if panel.runs and request.user.has_perm("support.plan_meetings")
            else None,
        },
    )


def _possible_members(vacancy: Vacancy) -> list[tuple[str, str]]:
    taken = set(vacancy.members.values_list("user_id", flat=True))
    staff_users = users_holding(vacancy.organisation_id, [role for role in Role if role != Role.PARTICIPANT])
    people = (
        Person.objects.for_organisation(vacancy.organisation_id)
        .filter(
            user__isnull=False,
            user__is_active=True,
            kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER],
        )
        .select_related("user")
    )
    choices = [(str(user.pk), f"{user.full_name} (staff)") for user in staff_users if user.pk not in taken]
    choices += [
        (str(person.user_id), f"{person.full_name} ({person.get_kind_display().lower()})")
        for person in people.order_by("full_name")
        if person.user_id not in taken
    ]
    return choices


@permission_required("governance.open_panel", deny=404)
@require_http_methods(["GET", "POST"])
def member_add(request, vacancy_id):
    panel = _panel_runner(request, vacancy_id)
    form = MemberForm(request.POST or None, people=_possible_members(panel.vacancy))
    if request.method == "POST" and form.is_valid():
        user = get_object_or_404(
            User.objects.for_organisation(panel.vacancy.organisation_id), pk=form.cleaned_data["user"]
        )
        try:
            member = panel_services.member_add(
                vacancy=panel.vacancy,
                user=user,
                is_chair=form.cleaned_data["is_chair"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.user.full_name} is on the panel.")
            return redirect("governance:vacancy", vacancy_id=panel.vacancy.pk)
    return render(request, "governance/member_add.jinja", {"form": form, "vacancy": panel.vacancy})


@permission_required("governance.open_panel", deny=404)
@require_POST
def member_remove(request, vacancy_id, member_id):
    panel = _panel_runner(request, vacancy_id)
    member = next((member for member in panel.members if member.pk == member_id), None)
    if member is None:
        raise Http404
    try:
        panel_services.member_remove(member=member, actor=request.user, request=request)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.user.full_name} is no longer on the panel.")
    return redirect("governance:vacancy", vacancy_id=panel.vacancy.pk)


@permission_required("governance.open_panel", deny=404)
@require_http_methods(["GET", "POST"])
def criterion_add(request, vacancy_id):
    panel = _panel_runner(request, vacancy_id)
    form = CriterionForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: panel_services.criterion_add(
            vacancy=panel.vacancy, text=data["text"], essential=data["essential"], actor=request.user, request=request
        ),
        "The criterion is added.",
        _to_vacancy(panel.vacancy),
    )
    return added or render(request, "governance/criterion_add.jinja", {"form": form, "vacancy": panel.vacancy})


@permission_required("governance.open_panel", deny=404)
@require_POST
def panel_agree(request, vacancy_id):
    panel = _panel_runner(request, vacancy_id)
    try:
        panel_services.panel_agree(vacancy=panel.vacancy, actor=request.user, request=request)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, "The criteria are agreed. Panel members can now score the candidates.")
    return redirect("governance:vacancy", vacancy_id=panel.vacancy.pk)


@permission_required("governance.open_panel", deny=404)
@require_http_methods(["GET", "POST"])
def candidate_add(request, vacancy_id):
    panel = _panel_runner(request, vacancy_id)
    form = CandidateForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: panel_services.candidate_add(
            vacancy=panel.vacancy,
            reference=data["reference"],
            initials=data["initials"],
            actor=request.user,
            request=request,
        ),
        "The candidate is added.",
        _to_vacancy(panel.vacancy),
    )
    return added or render(request, "governance/candidate_add.jinja", {"form": form, "vacancy": panel.vacancy})


def _candidate(panel: Panel, candidate_id) -> Candidate:
    return get_object_or_404(panel.vacancy.candidates, pk=candidate_id)
