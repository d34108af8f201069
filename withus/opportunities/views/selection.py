"""Selection and attendance pages: choosing fairly who takes part, then recording who came."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.involvement import payment_terms as payments
from withus.involvement.presenters import hours_text
from withus.notifications.services.outbox import told_summary
from withus.opportunities import selection as fair
from withus.opportunities.forms import AttendanceForm, SelectionForm
from withus.opportunities.presenters import response_tag
from withus.opportunities.services import attendance as attendance_services
from withus.opportunities.services import interest as interest_services
from withus.opportunities.services import selection as selection_services
from withus.opportunities.views.common import _managed
from withus.opportunities.views.opportunities import _expected
from withus.people.adjustments import adjustments_for
from withus.people.profiles import profiles_for

SELECTION_PAGE_SIZE = 50


def _hint(profile, warnings) -> dict:
    """A candidate's hint: their one-page profile, then any warning about their own payment limit."""
    parts = [profile.summary] if profile is not None else []
    if warnings:
        parts.append("Warning: " + " ".join(warnings))
    return {"hint": {"text": " ".join(parts)}} if parts else {}


@permission_required("opportunities.select_people", deny=404)
@require_http_methods(["GET", "POST"])
def selection(request, opportunity_id):
    opportunity = _managed(request, opportunity_id)
    rows = fair.candidates(opportunity)
    suggestion = fair.suggest_fairly(opportunity, rows) if request.GET.get("suggest") else []
    choices = [(str(row.person_id), row.full_name) for row in rows if not row.holds_place and not row.ineligible_reason]
    suggested = ",".join(str(row.person_id) for row in suggestion)
    initial = {"chosen": [str(row.person_id) for row in suggestion], "suggested": suggested}
    form = SelectionForm(request.POST or None, choices=choices, initial=initial)
    told = []
    offered = submit(
        request,
        form,
        lambda data: selection_services.selection_make(
            opportunity=opportunity,
            chosen_ids=data["chosen"],
            suggested_ids=form.suggested_ids(),
            reason=data["reason"],
            actor=request.user,
            request=request,
            told=told,
        ),
        lambda chosen: (
            f"{len(chosen)} {'person has' if len(chosen) == 1 else 'people have'} been offered a place. "
            f"{told_summary(told)}"
        ),
        reverse("opportunities:selection", kwargs={"opportunity_id": opportunity.pk}),
    )
    if offered:
        return offered
    group_ids = [row.person_id for row in rows if row.holds_place]
    ticked = set(form.data.getlist("chosen")) if form.is_bound else {str(row.person_id) for row in suggestion}
    group_ids += [row.person_id for row in rows if str(row.person_id) in ticked]
    free_places = max(0, opportunity.places - sum(1 for row in rows if row.holds_place))
    # A page at a time, in the order Suggest fairly ranks people, so everyone suggested is on the first page.
    page = Paginator(fair.fair_order(opportunity, rows), max(SELECTION_PAGE_SIZE, opportunity.places)).get_page(
        request.GET.get("page")
    )
    # Benefit-aware limits: one set of queries for every candidate on the page, never one per row.
    sessions = list(opportunity.sessions.all())
    expected = _expected(opportunity, [session for session in sessions if session.starts_at > timezone.now()])
    limit_warnings = payments.limit_warnings(opportunity.organisation_id, {row.person_id: expected for row in page})
    # One-page profiles (issue 21): what each person on the page is good at and would like to learn.
    profiles = profiles_for(row.person_id for row in page)
    items = [
        {"value": str(row.person_id), "text": row.full_name, "checked": str(row.person_id) in ticked}
        | _hint(profiles.get(row.person_id), limit_warnings.get(row.person_id))
        for row in page
        if not row.holds_place and not row.ineligible_reason
    ]
    query = request.GET.copy()
    query.pop("page", None)
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        obj=opportunity,
        object_type="selection",
        object_label=f"Selection for {opportunity.title}",
    )
    return render(
        request,
        "opportunities/selection.jinja",
        {
            "opportunity": opportunity,
            "page": page,
            "total": len(rows),
            "items": items,
            "query": query.urlencode(),
            "form": form,
            "suggested": {row.person_id for row in suggestion},
            "suggesting": bool(request.GET.get("suggest")),
            "holding": [row for row in rows if row.holds_place],
            # Reasonable adjustments travel (issue 21): the organiser plans the sessions for the people holding a
            # place; only the adjustments, never the rest of anyone's support plan.
            "adjustments": adjustments_for(row.person_id for row in rows if row.holds_place),
            "free_places": free_places,
            "diversity": fair.diversity_summary(organisation_id=opportunity.organisation_id, person_ids=group_ids),
            "limit_warnings": limit_warnings,
            "sessions": sessions,
            "response_tag": response_tag,
            "hours_text": hours_text,
            "now": timezone.now(),
        },
    )


@permission_required("opportunities.select_people", deny=404)
@require_POST
def confirmed_by_phone(request, opportunity_id):
    """Record that someone offered a place confirmed it by phone (for people who do not use WithUs themselves)."""
    opportunity = _managed(request, opportunity_id)
    response = opportunity.responses.filter(person_id=_uuid_or_none(request.POST.get("person"))).first()
    if response is None:
        messages.warning(request, "Choose someone who has been offered a place.")
    else:
        try:
            interest_services.interest_confirm_by_phone(response=response, actor=request.user, request=request)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(request, f"Recorded that {response.person.full_name} confirmed their place by phone.")
    return redirect("opportunities:selection", opportunity_id=opportunity.pk)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class _Rollback(Exception):
    pass


@permission_required("opportunities.record_attendance", deny=404)
@require_http_methods(["GET", "POST"])
def attendance(request, opportunity_id, session_id):
    opportunity = _managed(request, opportunity_id)
    session = get_object_or_404(opportunity.sessions, pk=session_id)
    responses = list(
        opportunity.responses.holding_places().select_related("person").order_by("person__full_name", "pk")
    )
    recorded = {
        row.person_id: (row.outcome, row.hours if row.outcome == "attended" else session.hours)
        for row in session.attendances.all()
    }
    form = AttendanceForm(request.POST or None, responses=responses, default_hours=session.hours, initial_rows=recorded)
    if request.method == "POST" and form.is_valid():
        saved = 0
        try:
            with transaction.atomic():
                for person, outcome_name, hours_name in form.people:
                    outcome = form.cleaned_data[outcome_name]
                    if not outcome:
                        continue
                    try:
                        attendance_services.attendance_record(
                            session=session,
                            person=person,
                            outcome=outcome,
                            hours=form.cleaned_data[hours_name] or "0",
                            actor=request.user,
                            request=request,
                        )
                        saved += 1
                    except ValidationError as error:
                        if hasattr(error, "error_dict") and "hours" in error.error_dict:
                            message = error.message_dict["hours"][0]
                            form.add_error(hours_name, f"{message} for {person.full_name}")
                        else:
                            form.add_error(None, error.messages)
                if form.errors:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            if saved:
                messages.success(request, f"Attendance saved for {saved} {'person' if saved == 1 else 'people'}.")
                return redirect("opportunities:selection", opportunity_id=opportunity.pk)
            form.add_error(None, "Select what happened for at least one person")
    return render(
        request,
        "opportunities/attendance.jinja",
        {"opportunity": opportunity, "session": session, "form": form, "now": timezone.now()},
    )
