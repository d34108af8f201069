"""The PCREF workspace (issue 22 item 6, ADR 39): leads and administrators keep the trust's plan (executive lead,
actions co-produced with named community groups), the yearly self-assessment against the six competencies and the
dates the board monitored it; the feedback evidence is counted from stories and ideas by the teller's census group
(counts only, small numbers suppressed). The evidence pack is a PDF of the same page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.accounts.models import STAFF_SIDE_ROLES, User
from withus.core.audit import audit_record
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.pdf import render_pdf
from withus.core.permissions import permission_required
from withus.reports import pcref as pcref_selectors
from withus.reports import presenters
from withus.reports.forms import (
    EdsScoreForm,
    ExecutiveLeadForm,
    PcrefActionForm,
    PcrefActionStatusForm,
    PcrefAssessmentForm,
    PcrefMonitoringForm,
)
from withus.reports.models import Competency, EdsOutcome, EdsScore, PcrefAction, PcrefAssessment, PcrefPlan
from withus.reports.services_pcref import (
    FIRST_YEAR,
    eds_score_save,
    pcref_action_add,
    pcref_action_set_status,
    pcref_assessment_save,
    pcref_monitoring_add,
    pcref_set_executive_lead,
)


def _year(request, year: int | None = None) -> int:
    today = timezone.localdate()
    if year is None:
        text = request.GET.get("year", "")
        year = int(text) if text.isdigit() else today.year
    if not FIRST_YEAR <= year <= today.year:
        raise Http404
    return year


def _form_page(request, *, form, heading: str, submit: str, caption: str = "PCREF workspace", intro: str = ""):
    context = {"form": form, "heading": heading, "submit": submit, "caption": caption, "intro": intro}
    return render(request, "reports/pcref_form.jinja", context)


@permission_required("reports.view_pcref", deny=404)
def pcref(request):
    year = _year(request)
    space = pcref_selectors.workspace(request.user.organisation_id, year)
    audit_record(
        action=AuditAction.VIEW, request=request, object_type="pcref workspace", object_label=f"PCREF workspace {year}"
    )
    context = {"space": space, "years": pcref_selectors.years_offered(timezone.localdate()), "p": presenters}
    return render(request, "reports/pcref.jinja", context)


@permission_required("reports.view_pcref", deny=404)
def pcref_pdf(request, year):
    year = _year(request, year)
    space = pcref_selectors.workspace(request.user.organisation_id, year)
    title = f"PCREF evidence pack {year}"
    context = {"space": space, "p": presenters, "title": title, "today": timezone.localdate()}
    pdf = render_pdf("reports/pcref_pdf.jinja", context, title=title)
    audit_record(
        action=AuditAction.EXPORT, request=request, object_type="pcref evidence pack", object_id=str(year),
        object_label=title,
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pcref-evidence-{year}.pdf"'
    return response


@permission_required("reports.manage_pcref", deny=404)
@require_http_methods(["GET", "POST"])
def pcref_lead(request):
    staff = (
        User.objects.for_organisation(request.user.organisation_id)
        .filter(is_active=True, roles__role__in=STAFF_SIDE_ROLES)
        .distinct()
        .order_by("full_name")
    )
    plan = PcrefPlan.objects.for_organisation(request.user.organisation_id).first()
    form = ExecutiveLeadForm(
        request.POST or None, staff=staff, initial={"executive_lead": plan.executive_lead_id if plan else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = pcref_set_executive_lead(
                organisation=request.user.organisation,
                executive_lead=form.cleaned_data["executive_lead"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{plan.executive_lead} is the PCREF executive lead.")
            return redirect("reports:pcref")
    return _form_page(
        request,
        form=form,
        heading="PCREF executive lead",
        submit="Save the executive lead",
        intro="The executive board member who leads the trust's Patient and Carer Race Equality Framework plan.",
    )


@permission_required("reports.manage_pcref", deny=404)
@require_http_methods(["GET", "POST"])
def pcref_action_add_view(request):
    form = PcrefActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = pcref_action_add(
                organisation=request.user.organisation, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{action.title}” is added to the plan.")
            return redirect("reports:pcref")
    return _form_page(
        request,
        form=form,
        heading="Add an action to the PCREF plan",
        submit="Add the action",
        intro="Actions are agreed with racialised communities: name the groups who co-produced it.",
    )


@permission_required("reports.manage_pcref", deny=404)
@require_http_methods(["GET", "POST"])
def pcref_action(request, pcref_action_id):
    action = get_object_or_404(PcrefAction.objects.for_organisation(request.user.organisation_id), pk=pcref_action_id)
    form = PcrefActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            action = pcref_action_set_status(
                action=action, status=form.cleaned_data["status"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{action.title}” is now {action.get_status_display().lower()}.")
            return redirect("reports:pcref")
    intro = (
        f"Co-produced with {action.co_produced_with}. Owner: {action.owner}. "
        f"Due {presenters.long_date(action.due_on.isoformat())}."
    )
    return _form_page(
        request, form=form, heading=action.title, submit="Save the status", caption="PCREF action", intro=intro
    )


@permission_required("reports.manage_pcref", deny=404)
@require_http_methods(["GET", "POST"])
def pcref_assessment(request, year, competency):
    year = _year(request, year)
    if competency not in Competency.values:
        raise Http404
    existing = (
        PcrefAssessment.objects.for_organisation(request.user.organisation_id)
        .filter(year=year, competency=competency)
        .first()
    )
    initial = {"rating": existing.rating, "evidence": existing.evidence} if existing else {}
    form = PcrefAssessmentForm(request.POST or None, initial=initial)
    label = Competency(competency).label
    if request.method == "POST" and form.is_valid():
        try:
            pcref_assessment_save(
                organisation=request.user.organisation,
                year=year,
                competency=competency,
                actor=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The {year} self-assessment of “{label}” is saved.")
            return redirect(f"{reverse('reports:pcref')}?year={year}")
    return _form_page(
        request,
        form=form,
        heading=f"{label}: self-assessment for {year}",
        submit="Save the self-assessment",
        intro="0 Undeveloped, 1 Developing, 2 Achieving, 3 Excelling: the trust's own rating, agreed with the "
        "communities it serves.",
    )


@permission_required("reports.manage_pcref", deny=404)
@require_http_methods(["GET", "POST"])
def pcref_monitoring_add_view(request):
    form = PcrefMonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pcref_monitoring_add(
                organisation=request.user.organisation, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect("reports:pcref")
    return _form_page(
        request,
        form=form,
        heading="Record when the board monitored the plan",
        submit="Record the meeting",
        intro="NHS England asks boards to monitor the PCREF plan and its measures regularly.",
    )


@permission_required("reports.view_pcref", deny=404)
def eds(request, year):
    """EDS 2022 for the year: the 11 outcomes with their scores and evidence, the total and its band."""
    year = _year(request, year)
    scores = pcref_selectors.eds_year(request.user.organisation_id, year)
    context = {"eds": scores, "years": pcref_selectors.years_offered(timezone.localdate())}
    return render(request, "reports/eds.jinja", context)


@permission_required("reports.manage_pcref", deny=404)
@require_http_methods(["GET", "POST"])
def eds_score(request, year, outcome):
    year = _year(request, year)
    if outcome not in EdsOutcome.values:
        raise Http404
    existing = (
        EdsScore.objects.for_organisation(request.user.organisation_id).filter(year=year, outcome=outcome).first()
    )
    initial = (
        {"score": existing.score, "evidence": existing.evidence, "scored_by": existing.scored_by} if existing else {}
    )
    form = EdsScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            eds_score_save(
                organisation=request.user.organisation,
                year=year,
                outcome=outcome,
                actor=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The {year} score for outcome {outcome} is saved.")
            return redirect("reports:eds", year=year)
    return _form_page(
        request,
        form=form,
        heading=EdsOutcome(outcome).label,
        submit="Save the score",
        caption=f"EDS 2022, {year}",
        intro="0 Undeveloped, 1 Developing, 2 Achieving, 3 Excelling. Agree the score with service users, community "
        "groups and staff, and say what it is based on.",
    )
