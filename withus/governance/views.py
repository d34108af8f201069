"""Committee and recruitment panel pages. Thin: permission, scope, service, render."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods, require_POST

from withus.accounts.models import Role, RoleAssignment, User
from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.governance import presenters, services
from withus.governance.forms import (
    AppointForm,
    AttendanceForm,
    CandidateForm,
    CommitteeForm,
    CriterionForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    ScoreForm,
    SeatAdvertForm,
    SeatForm,
    VacancyForm,
    score_label,
)
from withus.governance.models import (
    Candidate,
    Committee,
    Meeting,
    MeetingAttendance,
    PanelMember,
    PanelStatus,
    ScoreSheet,
    Seat,
    SeatTerm,
    Vacancy,
)
from withus.governance.scoring import combine
from withus.improvement import charts
from withus.people.models import Person, PersonKind

# --- Committees ---------------------------------------------------------------------------------------


@permission_required("governance.view_committees")
def committee_list(request):
    overview = presenters.committees_overview(request.user.organisation_id)
    return render(
        request,
        "governance/committees.jinja",
        {
            "overview": overview,
            "flags": presenters.flags(overview),
            "today": timezone.localdate(),
            "can_manage": request.user.has_perm("governance.manage_committees"),
        },
    )


def _committee(request, committee_id) -> Committee:
    return get_object_or_404(
        Committee.objects.for_organisation(request.user.organisation_id).select_related("reports_to"), pk=committee_id
    )


def _seat(request, committee, seat_id) -> Seat:
    return get_object_or_404(Seat.objects.select_related("advert", "committee"), committee=committee, pk=seat_id)


@permission_required("governance.view_committees")
def committee_detail(request, committee_id):
    committee = _committee(request, committee_id)
    today = timezone.localdate()
    seats = list(committee.seats.select_related("advert").order_by("position", "title"))
    terms = list(SeatTerm.objects.filter(seat__committee=committee).select_related("person"))
    meetings = list(
        committee.meetings.annotate(
            came=Count("attendances", filter=Q(attendances__attended=True)),
            recorded=Count("attendances"),
        ).order_by("-held_on")
    )
    audit_view(request, committee)
    return render(
        request,
        "governance/committee_detail.jinja",
        {
            "committee": committee,
            "rows": presenters.seat_rows(seats, terms, today),
            "meetings": meetings,
            "sub_committees": list(committee.sub_committees.all()),
            "today": today,
            "can_manage": request.user.has_perm("governance.manage_committees"),
        },
    )


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def committee_add(request):
    organisation = request.user.organisation
    form = CommitteeForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(
                organisation=organisation,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                chair=form.cleaned_data["chair"],
                reports_to=form.cleaned_data["reports_to"],
                purpose=form.cleaned_data["purpose"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The committee is added. Now add its seats for service users and carers.")
            return redirect("governance:committee", committee_id=committee.pk)
    return render(request, "governance/committee_add.jinja", {"form": form})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def seat_add(request, committee_id):
    committee = _committee(request, committee_id)
    form = SeatForm(request.POST or None, initial={"reserved_for": "either"})
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_create(
                committee=committee,
                title=form.cleaned_data["title"],
                reserved_for=form.cleaned_data["reserved_for"],
                term_months=form.cleaned_data["term_months"],
                position=committee.seats.count(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The seat is added. Advertise it to fill it.")
            return redirect("governance:committee", committee_id=committee.pk)
    return render(request, "governance/seat_add.jinja", {"form": form, "committee": committee})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def seat_advertise(request, committee_id, seat_id):
    committee = _committee(request, committee_id)
    seat = _seat(request, committee, seat_id)
    form = SeatAdvertForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.seat_advertise(
                seat=seat,
                unit=form.cleaned_data["unit"],
                closes_on=form.cleaned_data["closes_on"],
                meets_at=form.meets_at_datetime(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The seat is advertised as “{opportunity.title}”. Choose the new member from the "
                "opportunity's selection page, then appoint them here.",
            )
            return redirect("governance:committee", committee_id=committee.pk)
    return render(request, "governance/seat_advertise.jinja", {"form": form, "committee": committee, "seat": seat})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def seat_appoint(request, committee_id, seat_id):
    committee = _committee(request, committee_id)
    seat = _seat(request, committee, seat_id)
    people = services.appointable_people(seat)
    form = AppointForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_appoint(
                seat=seat,
                person=form.people[form.cleaned_data["person"]],
                starts_on=form.cleaned_data["starts_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{term.person.full_name} holds the seat from {term.starts_on.day} {term.starts_on:%B %Y} "
                f"to {term.ends_on.day} {term.ends_on:%B %Y}.",
            )
            return redirect("governance:committee", committee_id=committee.pk)
    return render(
        request,
        "governance/seat_appoint.jinja",
        {"form": form, "committee": committee, "seat": seat, "people": people},
    )


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_add(request, committee_id):
    committee = _committee(request, committee_id)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_create(
                committee=committee,
                held_on=form.cleaned_data["held_on"],
                papers_on=form.cleaned_data["papers_on"],
                hours=form.cleaned_data["hours"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is added.")
            return redirect("governance:committee", committee_id=committee.pk)
    return render(request, "governance/meeting_add.jinja", {"form": form, "committee": committee})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, committee_id, meeting_id):
    committee = _committee(request, committee_id)
    meeting = get_object_or_404(Meeting, committee=committee, pk=meeting_id)
    holders = services.seat_holders_on(committee, meeting.held_on)
    recorded = {
        row.person_id: row for row in MeetingAttendance.objects.filter(meeting=meeting).select_related("person")
    }
    waiting = [term for term in holders if term.person_id not in recorded]
    form = AttendanceForm(request.POST or None, holders=waiting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_attendance_record(
                meeting=meeting, attended_ids=form.cleaned_data["attended"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Attendance is recorded. Each person who came has an involvement record.")
            return redirect("governance:committee", committee_id=committee.pk)
    return render(
        request,
        "governance/meeting_attendance.jinja",
        {
            "form": form,
            "committee": committee,
            "meeting": meeting,
            "waiting": waiting,
            "recorded": list(recorded.values()),
            "future": meeting.held_on > timezone.localdate(),
        },
    )


# --- Recruitment panels -------------------------------------------------------------------------------


@permission_required("governance.view_recruitment")
def vacancy_list(request):
    vacancies = (
        presenters.with_lived_experience(Vacancy.objects.visible_to(request.user))
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
    staff = RoleAssignment.objects.filter(organisation_id=organisation_id, role=Role.STAFF).values("user_id")
    return User.objects.filter(organisation_id=organisation_id, is_active=True, pk__in=staff).order_by("full_name")


@permission_required("governance.add_vacancy", deny=404)
@require_http_methods(["GET", "POST"])
def vacancy_add(request):
    organisation = request.user.organisation
    managers = _managers(organisation.pk)
    initial = {"recruiting_manager": request.user.pk} if request.user.has_role(Role.STAFF) else {}
    form = VacancyForm(request.POST or None, organisation=organisation, managers=managers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vacancy = services.vacancy_create(
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
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The vacancy is added. Now add the panel, the criteria and the candidates.")
            return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    return render(request, "governance/vacancy_add.jinja", {"form": form})


class Panel:
    """The panel as the signed-in person may see it: their membership, and whether they run it."""

    def __init__(self, request, vacancy_id):
        user = request.user
        self.vacancy = get_object_or_404(
            Vacancy.objects.visible_to(user).select_related("unit", "recruiting_manager"), pk=vacancy_id
        )
        self.members = list(self.vacancy.members.select_related("user", "person"))
        self.member = next((member for member in self.members if member.user_id == user.pk), None)
        self.leads_it = Vacancy.objects.led_by(user).filter(pk=self.vacancy.pk).exists()
        self.runs = self.leads_it or bool(self.member and self.member.is_chair)
        self.decided = self.vacancy.status == PanelStatus.DECIDED

    def my_scored(self) -> set:
        if self.member is None:
            return set()
        return set(ScoreSheet.objects.filter(member=self.member).values_list("candidate_id", flat=True))

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
            and services.can_record_decision(vacancy, request.user),
            "sheets_to_come": len(panel.members) * len(candidates) - sum(candidate.sheets for candidate in candidates),
            "participant": request.user.is_participant,
        },
    )


def _possible_members(vacancy: Vacancy) -> list[tuple[str, str]]:
    taken = set(vacancy.members.values_list("user_id", flat=True))
    staff = RoleAssignment.objects.filter(organisation_id=vacancy.organisation_id).exclude(role=Role.PARTICIPANT)
    staff_users = User.objects.filter(
        organisation_id=vacancy.organisation_id, is_active=True, pk__in=staff.values("user_id")
    ).order_by("full_name")
    people = Person.objects.filter(
        organisation_id=vacancy.organisation_id,
        user__isnull=False,
        user__is_active=True,
        kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER],
    ).select_related("user")
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
        user = User.objects.get(pk=form.cleaned_data["user"])
        try:
            member = services.member_add(
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
        services.member_remove(member=member, actor=request.user, request=request)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_add(
                vacancy=panel.vacancy,
                text=form.cleaned_data["text"],
                essential=form.cleaned_data["essential"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The criterion is added.")
            return redirect("governance:vacancy", vacancy_id=panel.vacancy.pk)
    return render(request, "governance/criterion_add.jinja", {"form": form, "vacancy": panel.vacancy})


@permission_required("governance.open_panel", deny=404)
@require_POST
def panel_agree(request, vacancy_id):
    panel = _panel_runner(request, vacancy_id)
    try:
        services.panel_agree(vacancy=panel.vacancy, actor=request.user, request=request)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_add(
                vacancy=panel.vacancy,
                reference=form.cleaned_data["reference"],
                initials=form.cleaned_data["initials"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The candidate is added.")
            return redirect("governance:vacancy", vacancy_id=panel.vacancy.pk)
    return render(request, "governance/candidate_add.jinja", {"form": form, "vacancy": panel.vacancy})


def _candidate(panel: Panel, candidate_id) -> Candidate:
    return get_object_or_404(Candidate, vacancy=panel.vacancy, pk=candidate_id)


@permission_required("governance.score_candidates", deny=404)
@require_http_methods(["GET", "POST"])
def score(request, vacancy_id, candidate_id):
    panel = Panel(request, vacancy_id)
    if panel.member is None:
        raise Http404
    vacancy = panel.vacancy
    candidate = _candidate(panel, candidate_id)
    sheet = ScoreSheet.objects.filter(member=panel.member, candidate=candidate).prefetch_related("scores").first()
    if vacancy.status != PanelStatus.SCORING:
        if vacancy.status == PanelStatus.DECIDED:
            messages.info(request, "The panel has recorded its decision, so scores can no longer be given or changed.")
        else:
            messages.info(request, "Scoring starts when the panel has agreed its questions and criteria.")
        return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    criteria = list(vacancy.criteria.all())
    initial = {f"criterion_{score.criterion_id}": str(score.value) for score in sheet.scores.all()} if sheet else {}
    changing = sheet is not None and (request.method == "POST" or request.GET.get("change") == "1")
    if sheet is not None and not changing:
        return redirect("governance:result", vacancy_id=vacancy.pk, candidate_id=candidate.pk)
    form = ScoreForm(request.POST or None, criteria=criteria, score_max=vacancy.score_max, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if sheet is None:
                services.score_sheet_submit(
                    vacancy=vacancy,
                    member=panel.member,
                    candidate=candidate,
                    scores=form.scores(),
                    actor=request.user,
                    request=request,
                )
                messages.success(request, f"Thank you. Your scores for candidate {candidate.reference} are sent.")
            else:
                services.score_sheet_change(sheet=sheet, scores=form.scores(), actor=request.user, request=request)
                messages.success(request, f"Your scores for candidate {candidate.reference} are changed.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("governance:result", vacancy_id=vacancy.pk, candidate_id=candidate.pk)
    candidates = list(vacancy.candidates.all())
    return render(
        request,
        "governance/score.jinja",
        {
            "form": form,
            "vacancy": vacancy,
            "candidate": candidate,
            "number": [c.pk for c in candidates].index(candidate.pk) + 1,
            "total": len(candidates),
            "changing": sheet is not None,
        },
    )


@permission_required("governance.open_panel", deny=404)
def result(request, vacancy_id, candidate_id):
    panel = Panel(request, vacancy_id)
    vacancy = panel.vacancy
    candidate = _candidate(panel, candidate_id)
    scored = panel.my_scored()
    if not panel.may_see_results(candidate.pk, scored):
        if panel.member is not None:
            messages.info(request, "Send your own scores first. You will see everyone's scores after that.")
            return redirect("governance:score", vacancy_id=vacancy.pk, candidate_id=candidate.pk)
        messages.info(request, "The panel's scores are shown here after the panel records its decision.")
        return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    sheets = list(
        ScoreSheet.objects.filter(candidate=candidate)
        .select_related("member__user")
        .prefetch_related("scores")
        .order_by("submitted_at")
    )
    criteria = list(vacancy.criteria.all())
    values = services.sheet_values(sheets)
    combined = combine(
        candidate_id=candidate.pk, criteria=criteria, sheets=[values[s.pk] for s in sheets], score_max=vacancy.score_max
    )
    audit_view(request, candidate)
    next_candidate = (
        next((c for c in vacancy.candidates.all() if c.pk not in scored), None)
        if panel.member and vacancy.status == PanelStatus.SCORING
        else None
    )
    return render(
        request,
        "governance/result.jinja",
        {
            "vacancy": vacancy,
            "candidate": candidate,
            "result": combined,
            "criteria": criteria,
            "sheets": sheets,
            "values": values,
            "member_count": len(panel.members),
            "mine": panel.member,
            "can_change": panel.member is not None and vacancy.status == PanelStatus.SCORING,
            "next_candidate": next_candidate,
            "deleted": vacancy.sheets_deleted_at is not None,
            "score_label": score_label,
        },
    )


@permission_required("governance.open_panel", deny=404)
@require_http_methods(["GET", "POST"])
def decision(request, vacancy_id):
    panel = Panel(request, vacancy_id)
    vacancy = panel.vacancy
    if not services.can_record_decision(vacancy, request.user):
        raise Http404
    if vacancy.status != PanelStatus.SCORING:
        messages.info(request, "The decision can be recorded while the panel is scoring, once, by its chair.")
        return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    candidates = list(vacancy.candidates.all())
    results = services.candidate_results(vacancy)
    form = DecisionForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                vacancy=vacancy,
                appointed=form.appointed_candidate(),
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The panel's decision is recorded. Scores can no longer be changed.")
            return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    return render(
        request,
        "governance/decision.jinja",
        {"form": form, "vacancy": vacancy, "candidates": candidates, "results": results, "members": panel.members},
    )


@permission_required("governance.view_coverage")
def coverage(request):
    figures = presenters.coverage(request.user.organisation_id)
    latest = {
        group: next((row for row in reversed(figures["table"][group]) if row["percent"] is not None), None)
        for group in figures["groups"]
    }
    description = "; ".join(
        f"{group}: median {item['median']:.0f}%"
        for group, item in figures["analysis"].items()
        if item["median"] is not None
    )
    spec = charts.run_chart_spec(
        title="Interview panels with a service user or carer member",
        rows=figures["series"],
        y_title="Panels with a service user or carer (%)",
        description="Percentage of interview panels with a service user or carer member, by month and directorate. "
        f"{description}.",
    )
    _relabel_tooltips(spec)
    audit_record(action=AuditAction.VIEW, request=request, object_type="panel_coverage", object_label="Panel coverage")
    return render(
        request,
        "governance/coverage.jinja",
        {"figures": figures, "latest": latest, "spec_script": json_script(spec, "measure-chart-spec")},
    )


def _relabel_tooltips(spec: dict) -> None:
    """The improvement run chart's tooltips name projects; these points are panels."""
    for layer in spec.get("layer", []):
        for tooltip in layer.get("encoding", {}).get("tooltip", []) or []:
            if tooltip.get("field") == "percent":
                tooltip["title"] = "Panels with a service user or carer (%)"
            if tooltip.get("field") == "label":
                tooltip["title"] = "Panels"


@permission_required("governance.view_own_panels")
def my_panels(request):
    person = Person.objects.filter(user=request.user, organisation_id=request.user.organisation_id).first()
    members = list(
        PanelMember.objects.filter(user=request.user, organisation_id=request.user.organisation_id)
        .select_related("vacancy", "vacancy__unit")
        .annotate(
            sheets=Count("score_sheets", distinct=True),
            candidates=Count("vacancy__candidates", distinct=True),
        )
        .order_by("-vacancy__closing_date")
    )
    today = timezone.localdate()
    terms = (
        list(
            SeatTerm.objects.filter(person=person, ends_on__gte=today)
            .select_related("seat", "seat__committee")
            .prefetch_related(
                Prefetch(
                    "seat__committee__meetings",
                    queryset=Meeting.objects.filter(held_on__gte=today).order_by("held_on"),
                    to_attr="upcoming",
                )
            )
            .order_by("starts_on")
        )
        if person
        else []
    )
    return render(
        request,
        "governance/my_panels.jinja",
        {"members": members, "terms": terms, "panel_tag": presenters.panel_tag, "today": today},
    )
