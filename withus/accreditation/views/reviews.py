"""Accreditation pages: the programme, a review (ratings side by side, the simulator, the decision), an assessor's
own ratings, and moving a review on. Which reviews anyone reaches: Review.objects.visible_to (404 otherwise)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods, require_POST

from withus.accounts.models import Role
from withus.accreditation import presenters, selectors
from withus.accreditation.forms import (
    ConsensusForm,
    DecisionForm,
    RatingsForm,
    RegisterForm,
    SelfReviewForm,
    TeamMemberForm,
)
from withus.accreditation.models import Award, Programme, RatingValue, Review, ReviewStatus
from withus.accreditation.programme import month_label
from withus.accreditation.services import reviews as review_services
from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.organisations.models import Unit
from withus.people.adjustments import adjustments_for
from withus.people.selectors import signed_in_person, signed_in_person_or_404

LABELS = {
    "rating": dict(RatingValue.choices),
    "award": dict(Award.choices),
    "status": dict(ReviewStatus.choices),
    # A person's name, or "A former assessor" once their information is erased (ADR 35).
    "named": presenters.named,
}


def _review_or_404(request, review_id) -> Review:
    reviews = Review.objects.visible_to(request.user).select_related("unit", "programme", "edition__standard_set")
    return get_object_or_404(reviews, pk=review_id)


@permission_required("accreditation.view_programme", deny=404)
def programme(request):
    context = selectors.programme_overview(request.user)
    can_register = request.user.has_perm("accreditation.decide_review")
    latest = context["run_rows"][-1] if context["run_rows"] else None
    description = "Percentage of the programme's units holding Bronze, Silver or Gold at the end of each month" + (
        f"; {latest['percent']:.0f}% now ({latest['label']})." if latest and latest["percent"] is not None else "."
    )
    spec = presenters.award_run_chart(context["run_rows"], description)
    audit_record(action=AuditAction.VIEW, request=request, object_type="accreditation_programme")
    context = {
        **context,
        "labels": LABELS,
        "can_register": can_register,
        "can_edit_rules": request.user.has_perm("accreditation.change_rule"),
        "latest": latest,
        "spec_script": json_script(spec, "accreditation-chart-spec"),
        "award_class": presenters.award_class,
        "month_label": month_label,
    }
    return render(request, "accreditation/programme.jinja", context)


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def review_new(request):
    """Register a ward, team or service for review (units in the lead's scope only)."""
    organisation_id = request.user.organisation_id
    units = Unit.objects.for_organisation(organisation_id).active().in_tree_order()
    scope = request.user.units_for(Role.PARTICIPATION_LEAD, Role.ADMINISTRATOR)
    if scope is not None:
        units = units.within(scope)
    form = RegisterForm(
        request.POST or None, programmes=Programme.objects.for_organisation(organisation_id), units=units
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = review_services.review_register(
                programme=form.cleaned_data["programme"],
                unit=form.cleaned_data["unit"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{review.unit.name} is registered for review.")
            return redirect("accreditation:review", review_id=review.pk)
    return render(request, "accreditation/new.jinja", {"form": form})


@permission_required("accreditation.view_own_visits", deny=404)
def mine(request):
    person = signed_in_person_or_404(request.user)
    audit_view(request, person, object_type="accreditation visits")
    context = {
        "visits": selectors.my_visits(person),
        "panels": selectors.my_panels(person),
        "person": person,
        "labels": LABELS,
    }
    return render(request, "accreditation/mine.jinja", context)


VISIT_NOT_OVER = (ReviewStatus.REGISTERED, ReviewStatus.SELF_REVIEW, ReviewStatus.VISIT)


def _review_page(request, review, decision_form=None, status=200):
    audit_view(request, review)
    me = signed_in_person(request.user)
    grid = selectors.review_grid(review)
    can_decide = request.user.has_perm("accreditation.decide_review")
    is_assessor = me is not None and any(member.person_id == me.pk for member in grid["team"])
    if can_decide and review.status == ReviewStatus.PANEL and decision_form is None:
        # A fresh form on every GET; a bound one (with its errors) when the decision was refused.
        decision_form = DecisionForm(organisation_id=review.organisation_id)
    context = {
        "review": review,
        **grid,
        "simulation": selectors.simulate(review),
        "decision": getattr(review, "decision", None) if review.is_decided else None,
        "history": list(review.history.all()),
        "can_decide": can_decide,
        "can_self_review": request.user.has_perm("accreditation.self_review"),
        "is_assessor": is_assessor,
        # Each assessor rates alone: during the visit an assessor (who does not run the review) sees no ratings.
        "hide_ratings": is_assessor and not can_decide and review.status == ReviewStatus.VISIT,
        "form": decision_form,
        "labels": LABELS,
        "actions": [
            {"action": action, "icons": presenters.project_icons(action.project)}
            for action in selectors.review_actions(review)
        ],
        "panels": selectors.review_panels(review),
        # Reasonable adjustments travel (issue 21): whoever runs the review plans the visit for the team's
        # adjustments (only those, never the rest of anyone's support plan), until the visit is over.
        "adjustments": adjustments_for(member.person_id for member in grid["team"])
        if can_decide and review.status in VISIT_NOT_OVER
        else None,
        "appeal": selectors.appeals_of(review).first() if review.is_decided else None,
    }
    return render(request, "accreditation/review.jinja", context, status=status)


@permission_required("accreditation.view_review", deny=404)
def review_detail(request, review_id):
    return _review_page(request, _review_or_404(request, review_id))


@permission_required("accreditation.rate_review", deny=404)
@require_http_methods(["GET", "POST"])
def review_rate(request, review_id):
    person = signed_in_person_or_404(request.user)
    review = _review_or_404(request, review_id)
    get_object_or_404(review.team, person=person)
    standards = selectors.review_standards(review)
    mine = selectors.my_ratings(review, person)
    ratings = {row["standard"].pk: row["rating"] for rows in mine["themes"].values() for row in rows}
    form = RatingsForm(request.POST or None, standards=standards, ratings=ratings)
    if request.method == "POST" and form.is_valid():
        try:
            saved = review_services.ratings_record(
                review=review, assessor=person, values=form.values(), actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your ratings have been saved ({len(saved)} standards).")
            return redirect("accreditation:rate", review_id=review.pk)
    audit_view(request, review)
    context = {"review": review, "form": form, **mine, "total": len(standards), "labels": LABELS}
    return render(request, "accreditation/rate.jinja", context)


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def review_team(request, review_id):
    """The visit team: the assessor pool with each person's recent visits; conflicts are refused with a reason."""
    review = _review_or_404(request, review_id)
    pool = selectors.assessor_pool(review)
    form = TeamMemberForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            member = review_services.team_member_add(
                review=review,
                person=form.cleaned_data["person"],
                is_lead=form.cleaned_data["is_lead"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.person.full_name} is on the visit team.")
            return redirect("accreditation:team", review_id=review.pk)
    team = [row for row in pool if row["on_team"]]
    context = {"review": review, "form": form, "pool": pool, "team": team, "labels": LABELS}
    return render(request, "accreditation/team.jinja", context)


@permission_required("accreditation.self_review", deny=404)
@require_http_methods(["GET", "POST"])
def review_self(request, review_id):
    """The unit team's self-review: their own rating of each standard, with evidence, before the visit."""
    review = _review_or_404(request, review_id)
    grid = selectors.review_grid(review)
    rows = [row for rows in grid["themes"].values() for row in rows]
    ratings = {row["standard"].pk: row["self"] for row in rows}
    form = SelfReviewForm(request.POST or None, standards=[row["standard"] for row in rows], ratings=ratings)
    if request.method == "POST" and form.is_valid():
        try:
            saved = review_services.self_ratings_record(
                review=review, values=form.values(), actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your team's ratings have been saved ({len(saved)} standards).")
            return redirect("accreditation:self_review", review_id=review.pk)
    audit_view(request, review)
    rated = sum(1 for rating in ratings.values() if rating is not None)
    context = {"review": review, "form": form, "themes": grid["themes"], "rated": rated, "total": len(rows)}
    return render(request, "accreditation/self_review.jinja", {**context, "labels": LABELS})


@permission_required("accreditation.decide_review", deny=404)
@require_http_methods(["GET", "POST"])
def review_agree(request, review_id):
    """The agreed rating for each standard the assessors differ on, with the reason (visit or panel)."""
    review = _review_or_404(request, review_id)
    grid = selectors.review_grid(review)
    rows = [row for rows in grid["themes"].values() for row in rows if row["differs"] or not row["agreed"]]
    ratings = {row["standard"].pk: row["consensus"] for row in rows}
    form = ConsensusForm(request.POST or None, standards=[row["standard"] for row in rows], ratings=ratings)
    if request.method == "POST" and form.is_valid():
        try:
            saved = review_services.consensus_record(
                review=review, values=form.values(), actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The agreed ratings have been saved ({len(saved)} standards).")
            return redirect("accreditation:review", review_id=review.pk)
    audit_view(request, review)
    context = {"review": review, "form": form, "rows": rows, "team": grid["team"], "labels": LABELS}
    return render(request, "accreditation/agree.jinja", context)


@permission_required("accreditation.decide_review", deny=404)
@require_POST
def review_advance(request, review_id):
    review = _review_or_404(request, review_id)
    try:
        review = review_services.review_advance(review=review, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The review is now at {LABELS['status'][review.status].lower()}.")
    return redirect("accreditation:review", review_id=review.pk)


@permission_required("accreditation.decide_review", deny=404)
@require_POST
def review_decide(request, review_id):
    review = _review_or_404(request, review_id)
    form = DecisionForm(request.POST, organisation_id=review.organisation_id)
    if form.is_valid():
        try:
            decision = review_services.decision_make(
                review=review,
                chair=form.cleaned_data["chair"],
                defer=form.cleaned_data["outcome"] == "defer",
                conditions=form.cleaned_data["conditions"] or "",
                evidence_due=form.cleaned_data["evidence_due"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Decided: {LABELS['award'][decision.award]}.")
            return redirect("accreditation:review", review_id=review.pk)
    return _review_page(request, review, decision_form=form, status=200)
