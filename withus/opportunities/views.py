"""Opportunity, selection, attendance, involvement and spread pages. Thin: permission, scope, service, render."""

import csv
import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.involvement import services as involvement_services
from withus.involvement.models import InvolvementKind, InvolvementRecord
from withus.opportunities import selection as fair
from withus.opportunities import services
from withus.opportunities.forms import (
    AttendanceForm,
    CancelForm,
    InterestForm,
    KindForm,
    OpportunityEditForm,
    OpportunityFilterForm,
    OpportunityForm,
    SelectionForm,
)
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    Attendance,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
    Session,
)
from withus.opportunities.presenters import hours_text, my_response_tag, opportunity_tag, response_tag, totals
from withus.opportunities.spread import SORTS, sort_rows, spread_rows
from withus.payments import selectors as payments
from withus.people.models import Interest, Person


def _my_person(request) -> Person | None:
    return Person.objects.filter(user=request.user, organisation_id=request.user.organisation_id).first()


def _response_counts(queryset):
    responses = ExpressionOfInterest.objects.filter(opportunity=OuterRef("pk")).values("opportunity")
    return queryset.annotate(
        interested_count=Coalesce(
            Subquery(
                responses.exclude(status=ResponseStatus.WITHDRAWN).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        selected_count=Coalesce(
            Subquery(
                responses.filter(status__in=HOLDS_A_PLACE).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )


def _first_session(queryset):
    first = Session.objects.filter(opportunity=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
    return queryset.annotate(first_session=Subquery(first))


@permission_required("opportunities.browse")
def opportunity_list(request):
    organisation_id = request.user.organisation_id
    kinds = list(InvolvementKind.objects.filter(organisation_id=organisation_id, is_active=True))
    interests = list(Interest.objects.filter(organisation_id=organisation_id))
    filters = OpportunityFilterForm(request.GET or None, kinds=kinds, interests=interests)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    participant = request.user.is_participant
    if participant:
        person = _my_person(request)
        opportunities = Opportunity.objects.open_for_interest().eligible_for(person)
    else:
        person = None
        opportunities = Opportunity.objects.visible_to(request.user)
    if chosen.get("kind"):
        opportunities = opportunities.filter(kind_id=chosen["kind"])
    if chosen.get("interest"):
        opportunities = opportunities.filter(
            Q(pk__in=Opportunity.interests.through.objects.filter(interest_id=chosen["interest"]).values("opportunity"))
        )
    opportunities = _first_session(opportunities.select_related("kind", "unit"))
    if participant:
        opportunities = opportunities.order_by("closes_on", "title", "pk")
    else:
        opportunities = _response_counts(opportunities).order_by("-closes_on", "title", "pk")
    page = Paginator(opportunities, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    mine = {}
    if person is not None:
        mine = dict(
            ExpressionOfInterest.objects.filter(person=person, opportunity__in=[item.pk for item in page]).values_list(
                "opportunity_id", "status"
            )
        )
    query = request.GET.copy()
    query.pop("page", None)
    # The rate card's figure for each kind on the page (one query), falling back to the written description.
    rates = payments.rate_texts(
        organisation_id, {item.kind.payment_activity_code for item in page}, timezone.localdate()
    )
    return render(
        request,
        "opportunities/list.jinja",
        {
            "rates": rates,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "participant": participant,
            "mine": mine,
            "response_tag": response_tag,
            "opportunity_tag": opportunity_tag,
            "today": timezone.localdate(),
            "any_filter": any(chosen.values()),
        },
    )


@permission_required("opportunities.add_opportunity", deny=404)
@require_http_methods(["GET", "POST"])
def opportunity_add(request):
    organisation = request.user.organisation
    form = OpportunityForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        already = submission_key_lookup(
            key=form.cleaned_data["submission_key"], organisation_id=organisation.pk, object_type="opportunity"
        )
        if already:
            return redirect("opportunities:detail", opportunity_id=already)
        try:
            opportunity = services.opportunity_create(
                organisation=organisation,
                values=form.values(),
                sessions=form.sessions(),
                interests=form.cleaned_data["interests"],
                actor=request.user,
                request=request,
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if opportunity.status == OpportunityStatus.REQUESTED:
                messages.success(request, "Thank you. A People Participation lead will check it and publish it.")
            else:
                messages.success(request, "The opportunity is published.")
            return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/add.jinja", {"form": form})


def _opportunity_for(request, opportunity_id) -> Opportunity:
    """Participants reach open opportunities they may apply for, and any they have responded to."""
    base = Opportunity.objects.select_related("kind", "unit")
    if request.user.is_participant:
        person = _my_person(request)
        if person is None:
            raise Http404
        responded = ExpressionOfInterest.objects.filter(person=person).values("opportunity")
        # Reachable without the training, so the page can say which training is needed.
        eligible = Opportunity.objects.open_for_interest().eligible_for(person, check_training=False)
        visible = base.filter(organisation_id=person.organisation_id).filter(
            Q(pk__in=eligible.values("pk")) | Q(pk__in=responded)
        )
        return get_object_or_404(visible, pk=opportunity_id)
    return get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related("kind", "unit"), pk=opportunity_id
    )


@permission_required("opportunities.view_opportunity")
def opportunity_detail(request, opportunity_id):
    opportunity = _opportunity_for(request, opportunity_id)
    person = _my_person(request) if request.user.is_participant else None
    response = ExpressionOfInterest.objects.filter(opportunity=opportunity, person=person).first() if person else None
    can_manage = (
        not request.user.is_participant
        and Opportunity.objects.managed_by(request.user).filter(pk=opportunity.pk).exists()
    )
    sessions = list(opportunity.sessions.all())
    payment, limit_warnings = _payment_and_warnings(opportunity, sessions, response)
    return render(
        request,
        "opportunities/detail.jinja",
        {
            "opportunity": opportunity,
            "payment": payment,
            "limit_warnings": limit_warnings,
            "sessions": sessions,
            "interests": list(opportunity.interests.all()),
            "required_courses": list(opportunity.required_courses.all()),
            "response": response,
            "reason": services.ineligibility_reason(opportunity, person) if person and not response else "",
            "can_manage": can_manage and not opportunity.is_cancelled,
            "can_change": not opportunity.is_cancelled and services.may_change(request.user, opportunity),
            "can_approve": request.user.has_perm("opportunities.approve_opportunity")
            and opportunity.status == OpportunityStatus.REQUESTED,
            "response_tag": response_tag,
            "opportunity_tag": opportunity_tag,
            "now": timezone.now(),
        },
    )


def _expected(opportunity: Opportunity, sessions: list[Session]) -> list:
    """What taking part would pay, per session, at the rate card's rates on those days."""
    return payments.expected_payments(
        opportunity.organisation_id,
        opportunity.kind.payment_activity_code,
        [(timezone.localtime(session.starts_at).date(), session.hours) for session in sessions],
    )


def _payment_and_warnings(opportunity: Opportunity, sessions: list[Session], response) -> tuple[str, list[str]]:
    on = timezone.localtime(sessions[0].starts_at).date() if sessions else timezone.localdate()
    code = opportunity.kind.payment_activity_code
    payment = payments.rate_texts(opportunity.organisation_id, [code], on).get(code) or opportunity.payment_text
    warnings = []
    if response is not None and response.status in (ResponseStatus.INTERESTED, *HOLDS_A_PLACE):
        expected = _expected(opportunity, [session for session in sessions if session.starts_at > timezone.now()])
        warnings = payments.limit_warnings(opportunity.organisation_id, {response.person_id: expected}).get(
            response.person_id, []
        )
    return payment, warnings


@permission_required("opportunities.approve_opportunity", deny=404)
@require_POST
def opportunity_approve(request, opportunity_id):
    opportunity = get_object_or_404(Opportunity.objects.managed_by(request.user), pk=opportunity_id)
    services.opportunity_approve(opportunity=opportunity, actor=request.user, request=request)
    messages.success(request, "The opportunity is approved and published.")
    return redirect("opportunities:detail", opportunity_id=opportunity.pk)


def _changeable(request, opportunity_id) -> Opportunity:
    """Opportunities this user may change or cancel; anything else is not found."""
    opportunity = _managed(request, opportunity_id)
    if not services.may_change(request.user, opportunity):
        raise Http404
    return opportunity


@permission_required("opportunities.change_opportunity", deny=404)
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, opportunity_id):
    opportunity = _changeable(request, opportunity_id)
    if opportunity.is_cancelled:
        messages.info(request, "This opportunity has been cancelled, so it can no longer be changed.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    fixed = services.FIXED_ONCE_RESPONDED if opportunity.responses.exists() else ()
    form = OpportunityEditForm(request.POST or None, opportunity=opportunity, fixed=fixed)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=opportunity, values=form.values(), actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/edit.jinja", {"form": form, "opportunity": opportunity})


@permission_required("opportunities.cancel_opportunity", deny=404)
@require_http_methods(["GET", "POST"])
def opportunity_cancel(request, opportunity_id):
    opportunity = _changeable(request, opportunity_id)
    if opportunity.is_cancelled:
        messages.info(request, "This opportunity has already been cancelled.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_cancel(
                opportunity=opportunity, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The opportunity is cancelled. Everyone who was interested or had a place has been told."
            )
            return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/cancel.jinja", {"form": form, "opportunity": opportunity})


@permission_required("opportunities.express_interest", deny=404)
@require_http_methods(["GET", "POST"])
def interest_express(request, opportunity_id):
    opportunity = _opportunity_for(request, opportunity_id)
    person = _my_person(request)
    existing = ExpressionOfInterest.objects.filter(opportunity=opportunity, person=person).first()
    if existing and existing.status != ResponseStatus.WITHDRAWN:
        messages.info(request, "You have already told us you are interested. We will be in touch.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    form = InterestForm(request.POST or None)
    reason = services.ineligibility_reason(opportunity, person)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(
                opportunity=opportunity,
                person=person,
                message=form.cleaned_data["message"],
                access_needs=form.cleaned_data["access_needs"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you. We have your interest in {opportunity.title}. "
                f"We will tell you by e-mail after {opportunity.closes_on.day} {opportunity.closes_on:%B}.",
            )
            return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    return render(request, "opportunities/interest.jinja", {"form": form, "opportunity": opportunity, "reason": reason})


def _my_response(request, opportunity_id) -> ExpressionOfInterest:
    person = _my_person(request)
    if person is None:
        raise Http404
    return get_object_or_404(
        ExpressionOfInterest.objects.select_related("opportunity", "person"),
        opportunity_id=opportunity_id,
        person=person,
    )


@permission_required("opportunities.express_interest", deny=404)
@require_http_methods(["GET", "POST"])
def interest_withdraw(request, opportunity_id):
    response = _my_response(request, opportunity_id)
    if request.method == "POST":
        services.interest_withdraw(response=response, actor=request.user, request=request)
        messages.success(request, "You have withdrawn. Thank you for letting us know.")
        return redirect("opportunities:detail", opportunity_id=opportunity_id)
    return render(request, "opportunities/withdraw.jinja", {"response": response, "opportunity": response.opportunity})


@permission_required("opportunities.express_interest", deny=404)
@require_POST
def interest_confirm(request, opportunity_id):
    response = _my_response(request, opportunity_id)
    try:
        services.interest_confirm(response=response, actor=request.user, request=request)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you. Your place is confirmed.")
    return redirect("opportunities:detail", opportunity_id=opportunity_id)


def _managed(request, opportunity_id) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.managed_by(request.user).select_related("kind", "unit"), pk=opportunity_id
    )


SELECTION_PAGE_SIZE = 50


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
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.selection_make(
                opportunity=opportunity,
                chosen_ids=form.cleaned_data["chosen"],
                suggested_ids=form.suggested_ids(),
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{len(chosen)} {'person has' if len(chosen) == 1 else 'people have'} been offered a place. "
                "Everyone who was waiting has been told by e-mail.",
            )
            return redirect("opportunities:selection", opportunity_id=opportunity.pk)
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
    items = [
        {"value": str(row.person_id), "text": row.full_name, "checked": str(row.person_id) in ticked}
        | (
            {"hint": {"text": "Warning: " + " ".join(limit_warnings[row.person_id])}}
            if row.person_id in limit_warnings
            else {}
        )
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
            "free_places": free_places,
            "diversity": fair.diversity_summary(organisation_id=opportunity.organisation_id, person_ids=group_ids),
            "limit_warnings": limit_warnings,
            "sessions": sessions,
            "response_tag": response_tag,
            "hours_text": hours_text,
            "now": timezone.now(),
        },
    )


class _Rollback(Exception):
    pass


@permission_required("opportunities.record_attendance", deny=404)
@require_http_methods(["GET", "POST"])
def attendance(request, opportunity_id, session_id):
    opportunity = _managed(request, opportunity_id)
    session = get_object_or_404(Session.objects.filter(opportunity=opportunity), pk=session_id)
    responses = list(
        ExpressionOfInterest.objects.filter(opportunity=opportunity, status__in=HOLDS_A_PLACE)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )
    recorded = {
        row.person_id: (row.outcome, row.hours if row.outcome == "attended" else session.hours)
        for row in Attendance.objects.filter(session=session)
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
                        services.attendance_record(
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


def _involvement_context(person: Person) -> dict:
    records = list(
        InvolvementRecord.objects.for_person(person)
        .select_related("kind", "unit")
        .order_by("-date", "-created_at")[:200]
    )
    summary = InvolvementRecord.objects.for_person(person).aggregate(
        hours=Sum("hours"), count=Count("pk"), first=Min("date")
    )
    year_start = timezone.localdate() - datetime.timedelta(days=365)
    last_year = InvolvementRecord.objects.for_person(person).filter(date__gte=year_start).aggregate(hours=Sum("hours"))
    return {
        "person": person,
        "records": records,
        "totals": totals(summary, last_year),
        "hours_text": hours_text,
        "by_kind": list(
            InvolvementRecord.objects.for_person(person)
            .values("kind__name")
            .annotate(hours=Sum("hours"), count=Count("pk"))
            .order_by("kind__name")
        ),
    }


@permission_required("opportunities.view_own_involvement")
def my_involvement(request):
    person = _my_person(request)
    if person is None:
        raise Http404("You are not in the involvement register yet.")
    audit_view(request, person, object_type="involvement")
    responses = list(
        ExpressionOfInterest.objects.filter(person=person).select_related("opportunity").order_by("-created_at")[:50]
    )
    context = _involvement_context(person)
    context.update({"responses": responses, "response_tag": my_response_tag})
    return render(request, "opportunities/my_involvement.jinja", context)


@permission_required("opportunities.view_person_involvement", deny=404)
def person_involvement(request, person_id):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    audit_view(request, person, object_type="involvement")
    return render(request, "opportunities/person_involvement.jinja", _involvement_context(person))


@permission_required("opportunities.view_spread", deny=404)
def spread(request):
    sort = request.GET.get("sort", "unit")
    sort = sort if sort in SORTS else "unit"
    today = timezone.localdate()
    rows = sort_rows(spread_rows(organisation_id=request.user.organisation_id, today=today), sort)
    started = sum(1 for row in rows if row.started and row.unit.kind in {"ward", "team"})
    frontline = sum(1 for row in rows if row.unit.kind in {"ward", "team"})
    return render(
        request,
        "opportunities/spread.jinja",
        {"rows": rows, "sort": sort, "started": started, "frontline": frontline, "today": today},
    )


@permission_required("opportunities.export_spread", deny=404)
def spread_csv(request):
    today = timezone.localdate()
    rows = spread_rows(organisation_id=request.user.organisation_id, today=today)
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        organisation_id=request.user.organisation_id,
        object_type="spread",
        object_label="Spread of involvement (CSV)",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="involvement-spread-{today.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Unit",
            "Code",
            "Kind",
            "Parent code",
            "First involvement",
            "Records this quarter",
            "People this quarter",
            "Has a champion",
        ]
    )
    parents = {row.unit.pk: row.unit.code for row in rows}
    for row in rows:
        writer.writerow(
            [
                _csv_safe(row.unit.name),
                _csv_safe(row.unit.code),
                row.unit.get_kind_display(),
                parents.get(row.unit.parent_id, ""),
                row.first_involvement.isoformat() if row.first_involvement else "",
                row.records_this_quarter,
                row.people_this_quarter,
                "yes" if row.has_champion else "no",
            ]
        )
    return response


KIND_FIELDS = ("name", "description", "payment_activity_code", "payment_description", "required_training", "is_active")


@permission_required("opportunities.change_kinds", deny=404)
def kind_list(request):
    kinds = InvolvementKind.objects.filter(organisation_id=request.user.organisation_id)
    if not kinds.exists():
        involvement_services.kinds_ensure_defaults(organisation=request.user.organisation)
    return render(request, "opportunities/kinds.jinja", {"kinds": list(kinds)})


@permission_required("opportunities.change_kinds", deny=404)
@require_http_methods(["GET", "POST"])
def kind_edit(request, kind_id):
    kind = get_object_or_404(InvolvementKind.objects.filter(organisation_id=request.user.organisation_id), pk=kind_id)
    form = KindForm(request.POST or None, initial={name: getattr(kind, name) for name in KIND_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            involvement_services.kind_update(kind=kind, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("opportunities:kinds")
    return render(request, "opportunities/kind_edit.jinja", {"form": form, "kind": kind})


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: prefix them so they stay text."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
