"""Accreditation pages after the visit: the report agreed, the service-user panel, the action plan (and an action
turned into a QI project), appeals, the PDF report, and the public page of a unit's award (issue 18, ADR 25)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.accreditation import selectors
from withus.accreditation.forms import (
    ActionForm,
    AppealForm,
    AppealHearingForm,
    ReportAgreedForm,
    ServiceUserPanelForm,
)
from withus.accreditation.models import Action, PanelKind
from withus.accreditation.presenters import report_context
from withus.accreditation.programme import holds_award
from withus.accreditation.services import panels as panel_services
from withus.accreditation.services import plans as plan_services
from withus.accreditation.views.reviews import LABELS, _review_or_404
from withus.core.audit import audit_view
from withus.core.forms import add_service_errors
from withus.core.pdf import render_pdf
from withus.core.permissions import permission_required
from withus.organisations.models import Unit


def _step_page(request, review, form, template, extra=None):
    audit_view(request, review)
    return render(request, template, {"review": review, "form": form, "labels": LABELS, **(extra or {})})


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def report_agreed(request, review_id):
    """The visit report has been agreed with the unit: the step before the service-user panel."""
    review = _review_or_404(request, review_id)
    form = ReportAgreedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel_services.report_agree(
                review=review, agreed_on=form.cleaned_data["agreed_on"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The report is recorded as agreed. The service-user panel is next.")
            return redirect("accreditation:review", review_id=review.pk)
    return _step_page(request, review, form, "accreditation/report_agreed.jinja")


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def service_user_panel(request, review_id):
    review = _review_or_404(request, review_id)
    form = ServiceUserPanelForm(request.POST or None, organisation_id=review.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            sitting = panel_services.panel_sitting_record(
                review=review,
                kind=PanelKind.SERVICE_USER,
                chair=form.cleaned_data["chair"],
                members=form.cleaned_data["members"],
                held_on=form.cleaned_data["held_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            told = 1 + sitting.members.count()
            messages.success(
                request,
                f"The service-user panel is recorded. A message to each of its {told} people is in the messages "
                "to send.",
            )
            return redirect("accreditation:review", review_id=review.pk)
    return _step_page(request, review, form, "accreditation/panel.jinja")


def _action_or_404(request, review_id, action_id) -> Action:
    review = _review_or_404(request, review_id)
    return get_object_or_404(review.actions.select_related("standard", "review__unit", "project"), pk=action_id)


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def action_edit(request, review_id, action_id):
    action = _action_or_404(request, review_id, action_id)
    initial = {"owner": action.owner, "due_on": action.due_on, "status": action.status, "evidence": action.evidence}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.action_update(
                action=action,
                owner=form.cleaned_data["owner"] or "",
                due_on=form.cleaned_data["due_on"],
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"] or "",
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The action on standard {action.standard.code} is saved.")
            return redirect("accreditation:review", review_id=action.review_id)
    return _step_page(request, action.review, form, "accreditation/action.jinja", {"action": action})


@permission_required("accreditation.decide_review", deny=404)
@require_POST
def action_project(request, review_id, action_id):
    """Turn an action into a QI project in one step (the standard and unit carried across)."""
    action = _action_or_404(request, review_id, action_id)
    try:
        project = plan_services.action_to_project(action=action, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The QI project “{project.title}” has been started from this action.")
    return redirect("accreditation:review", review_id=action.review_id)


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def appeal_lodge(request, review_id):
    review = _review_or_404(request, review_id)
    decision = get_object_or_404(selectors.decisions_of(review))
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel_services.appeal_lodge(
                decision=decision, grounds=form.cleaned_data["grounds"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The appeal is recorded. It is heard by people who were not on the final panel.")
            return redirect("accreditation:review", review_id=review.pk)
    return _step_page(request, review, form, "accreditation/appeal.jinja", {"decision": decision})


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def appeal_hear(request, review_id):
    review = _review_or_404(request, review_id)
    appeal = get_object_or_404(selectors.appeals_of(review))
    form = AppealHearingForm(request.POST or None, organisation_id=review.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = panel_services.appeal_hear(
                appeal=appeal,
                chair=form.cleaned_data["chair"],
                members=form.cleaned_data["members"],
                outcome=form.cleaned_data["outcome"],
                new_award=form.cleaned_data["new_award"],
                reasons=form.cleaned_data["reasons"],
                held_on=form.cleaned_data["held_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The appeal is heard: {appeal.get_outcome_display().lower()}.")
            return redirect("accreditation:review", review_id=review.pk)
    return _step_page(request, review, form, "accreditation/appeal_hear.jinja", {"appeal": appeal})


@permission_required("accreditation.view_review", deny=404)
def report_pdf(request, review_id):
    """The review report: ratings by theme (agreed ratings, never a named assessor's), the decision, the rule and
    its version, and the action plan."""
    review = _review_or_404(request, review_id)
    context = report_context(review, selectors.report_reads(review), LABELS)
    title = f"Accreditation report: {review.unit.name}"
    pdf = render_pdf("accreditation/report.html.jinja", {**context, "title": title}, title=title)
    audit_view(request, review)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="accreditation-report-{review.pk}.pdf"'
    return response


@login_not_required
def unit_public(request, unit_id):
    """Public: a unit's award, its date and when it runs out. Nothing else (never ratings or assessors)."""
    units = Unit.objects.active()
    if request.user.is_authenticated:  # like the trust's other public pages: a signed-in person's own trust
        units = units.for_organisation(request.user.organisation_id)
    unit = get_object_or_404(units, pk=unit_id)
    decision = selectors.public_unit_award(unit)
    holding = holds_award(decision, timezone.localdate())
    context = {"unit": unit, "decision": decision if holding else None, "labels": LABELS}
    return render(request, "accreditation/unit_public.jinja", context)
