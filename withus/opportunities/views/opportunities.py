"""Opportunity pages: the list, adding one, its page, and approving, changing and cancelling it."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.easy_read import render_readable
from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.core.submit import submit
from withus.involvement import payment_terms as payments
from withus.involvement.models import InvolvementKind
from withus.notifications.services.outbox import told_summary
from withus.opportunities.forms import CancelForm, OpportunityEditForm, OpportunityFilterForm, OpportunityForm
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
    Session,
)
from withus.opportunities.presenters import opportunity_tag, response_tag
from withus.opportunities.services import interest as interest_services
from withus.opportunities.services import opportunities as opportunity_services
from withus.opportunities.views.common import _managed
from withus.people.models import Interest
from withus.people.selectors import asked_not_to_be_contacted, signed_in_person, signed_in_person_or_404


@permission_required("opportunities.browse")
def opportunity_list(request):
    organisation_id = request.user.organisation_id
    kinds = list(InvolvementKind.objects.for_organisation(organisation_id).active())
    interests = list(Interest.objects.for_organisation(organisation_id))
    filters = OpportunityFilterForm(request.GET or None, kinds=kinds, interests=interests)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    participant = request.user.is_participant
    if participant:
        person = signed_in_person(request.user)
        opportunities = Opportunity.objects.open_for_interest().eligible_for(person)
    else:
        person = None
        opportunities = Opportunity.objects.visible_to(request.user)
    if chosen.get("kind"):
        opportunities = opportunities.filter(kind_id=chosen["kind"])
    if chosen.get("interest"):
        opportunities = opportunities.with_interest(chosen["interest"])
    opportunities = opportunities.select_related("kind", "unit").with_first_session()
    if participant:
        opportunities = opportunities.order_by("closes_on", "title", "pk")
    else:
        opportunities = opportunities.with_response_counts().order_by("-closes_on", "title", "pk")
    page = Paginator(opportunities, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    mine = {}
    if person is not None:
        mine = dict(
            ExpressionOfInterest.objects.for_person(person)
            .filter(opportunity__in=[item.pk for item in page])
            .values_list("opportunity_id", "status")
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
            # Asked only when nothing is offered, to say why.
            "not_to_be_contacted": participant and not page.paginator.count and asked_not_to_be_contacted(person),
        },
    )


@permission_required("opportunities.add_opportunity", deny=404)
@require_http_methods(["GET", "POST"])
def opportunity_add(request):
    organisation = request.user.organisation
    form = OpportunityForm(request.POST or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        already = submission_key_lookup(
            key=form.cleaned_data["submission_key"], organisation_id=organisation.pk, object_type="opportunity"
        )
        if already:
            return redirect("opportunities:detail", opportunity_id=already)
        try:
            opportunity = opportunity_services.opportunity_create(
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
    if request.user.is_participant:
        person = signed_in_person_or_404(request.user)
        return get_object_or_404(
            Opportunity.objects.reachable_by(person).select_related("kind", "unit"), pk=opportunity_id
        )
    return get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related("kind", "unit"), pk=opportunity_id
    )


@permission_required("opportunities.view_opportunity")
def opportunity_detail(request, opportunity_id):
    opportunity = _opportunity_for(request, opportunity_id)
    person = signed_in_person(request.user) if request.user.is_participant else None
    response = opportunity.responses.filter(person=person).first() if person else None
    can_manage = not request.user.is_participant and request.user.has_perm(
        "opportunities.manage_this_opportunity", opportunity
    )
    sessions = list(opportunity.sessions.all())
    payment, limit_warnings = _payment_and_warnings(opportunity, sessions, response)
    return render_readable(
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
            "reason": interest_services.ineligibility_reason(opportunity, person) if person and not response else "",
            "can_manage": can_manage and not opportunity.is_cancelled,
            "can_change": not opportunity.is_cancelled
            and request.user.has_perm("opportunities.change_this_opportunity", opportunity),
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
    opportunity_services.opportunity_approve(opportunity=opportunity, actor=request.user, request=request)
    messages.success(request, "The opportunity is approved and published.")
    return redirect("opportunities:detail", opportunity_id=opportunity.pk)


def _changeable(request, opportunity_id) -> Opportunity:
    """Opportunities this user may change or cancel; anything else is not found."""
    opportunity = _managed(request, opportunity_id)
    if not request.user.has_perm("opportunities.change_this_opportunity", opportunity):
        raise Http404
    return opportunity


@permission_required("opportunities.change_opportunity", deny=404)
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, opportunity_id):
    opportunity = _changeable(request, opportunity_id)
    if opportunity.is_cancelled:
        messages.info(request, "This opportunity has been cancelled, so it can no longer be changed.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    fixed = opportunity_services.FIXED_ONCE_RESPONDED if opportunity.responses.exists() else ()
    form = OpportunityEditForm(request.POST or None, opportunity=opportunity, fixed=fixed)
    saved = submit(
        request,
        form,
        lambda data: opportunity_services.opportunity_update(
            opportunity=opportunity, values=form.values(), actor=request.user, request=request
        ),
        "Your changes are saved.",
        reverse("opportunities:detail", kwargs={"opportunity_id": opportunity.pk}),
    )
    return saved or render(request, "opportunities/edit.jinja", {"form": form, "opportunity": opportunity})


@permission_required("opportunities.cancel_opportunity", deny=404)
@require_http_methods(["GET", "POST"])
def opportunity_cancel(request, opportunity_id):
    opportunity = _changeable(request, opportunity_id)
    if opportunity.is_cancelled:
        messages.info(request, "This opportunity has already been cancelled.")
        return redirect("opportunities:detail", opportunity_id=opportunity.pk)
    form = CancelForm(request.POST or None)
    told = []
    cancelled = submit(
        request,
        form,
        lambda data: opportunity_services.opportunity_cancel(
            opportunity=opportunity, reason=data["reason"], actor=request.user, request=request, told=told
        ),
        lambda _: f"The opportunity is cancelled. {told_summary(told)}",
        reverse("opportunities:detail", kwargs={"opportunity_id": opportunity.pk}),
    )
    return cancelled or render(request, "opportunities/cancel.jinja", {"form": form, "opportunity": opportunity})
