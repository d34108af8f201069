"""Writes for reviews: registering, moving a step on, the visit team, ratings and the decision (ADR 24).

Each validates, saves and audits inside one transaction, and takes the review row's lock first, so two writes to
one review (two ratings of one standard, a rating and the decision) happen one after the other. Visit attendance
becomes involvement records only through `withus.involvement.services` (ADR 18).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.accreditation.models import (
    REVIEW_ORDER,
    Award,
    Decision,
    PanelKind,
    Programme,
    Rating,
    RatingSource,
    RatingValue,
    Review,
    ReviewStatus,
    ReviewStatusChange,
    Standard,
    TeamMember,
)
from withus.accreditation.scoring import award_for
from withus.accreditation.selectors import review_figures
from withus.accreditation.services.messages import tell_decision, tell_visit_planned
from withus.accreditation.services.panels import panel_sitting_record
from withus.accreditation.services.plans import actions_create
from withus.core.audit import audit_record
from withus.core.dates import add_months
from withus.core.models import AuditAction
from withus.involvement.models import InvolvementKind, InvolvementSource, source_key
from withus.involvement.services import involvement_record_create, kinds_ensure_defaults
from withus.learning.models import Completion, CourseCode
from withus.organisations.models import Unit
from withus.people.models import Person, PersonKind

DECIDED_REFUSAL = "This review has been decided and can no longer change."
MAX_TEAM = 5


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("unit", "programme").get(pk=review.pk)


def _audit(action, obj, actor, request, fields=(), organisation_id=None):
    audit_record(
        action=action, request=request, actor=actor, obj=obj, changed_fields=fields, organisation_id=organisation_id
    )


def is_trained_assessor(person: Person, on: datetime.date | None = None) -> bool:
    on = on or timezone.localdate()
    return Completion.objects.filter(
        person_id__in=Completion.objects.holders_of(
            organisation_id=person.organisation_id, course_code=CourseCode.ACCREDITATION_ASSESSOR, on=on
        ),
        person_id=person.pk,
    ).exists()


def conflict_reason(person: Person, unit: Unit) -> str:
    """Why this person may not assess this unit ("" when they may): they belong to it or to a unit within it."""
    mine = Unit.objects.filter(pk__in=person.units.values("pk"), path__startswith=unit.path)
    if mine.exists():
        return f"{person.full_name} belongs to {unit.name}, so cannot assess it. Nobody assesses their own unit."
    return ""


@transaction.atomic
def review_register(*, programme: Programme, unit: Unit, actor: User | None, request=None) -> Review:
    if unit.organisation_id != programme.organisation_id:
        raise ValidationError({"unit": "Choose a ward, team or service from this trust"})
    if Review.objects.filter(unit=unit, programme=programme).in_progress().exists():
        raise ValidationError({"unit": f"{unit.name} already has a review in progress"})
    review = Review.objects.create(
        organisation_id=programme.organisation_id, programme=programme, unit=unit, edition=programme.edition
    )
    ReviewStatusChange.objects.create(review=review, to_status=ReviewStatus.REGISTERED, changed_by=actor)
    _audit(AuditAction.CREATE, review, actor, request, ["unit", "status"])
    return review


def _record_visit_involvement(review: Review, actor, request) -> None:
    kind = InvolvementKind.objects.filter(organisation_id=review.organisation_id, code="accreditation").first()
    if kind is None:
        kinds_ensure_defaults(organisation=review.unit.organisation)
        kind = InvolvementKind.objects.get(organisation_id=review.organisation_id, code="accreditation")
    for member in review.team.select_related("person"):
        involvement_record_create(
            organisation=review.unit.organisation,
            person=member.person,
            date=review.visit_date or timezone.localdate(),
            kind=kind,
            hours=review.visit_hours,
            unit=review.unit,
            role="Lead assessor" if member.is_lead else "Assessor",
            source_type=InvolvementSource.OTHER,
            source_id=str(review.pk),
            source_label=f"Accreditation visit to {review.unit.name}",
            source_key=source_key("accreditation-visit", review.pk),
            actor=actor,
            request=request,
        )


@transaction.atomic
def review_advance(*, review: Review, actor: User | None, request=None) -> Review:
    """Move the review one step on. A visit needs a team with a service-user lead; the panel keeps the rule."""
    review = _locked(review)
    if review.is_decided:
        raise ValidationError(DECIDED_REFUSAL)
    if review.status == ReviewStatus.PANEL:
        raise ValidationError("A review leaves the final panel only with a decision.")
    to_status = REVIEW_ORDER[REVIEW_ORDER.index(review.status) + 1]
    if to_status == ReviewStatus.VISIT:
        team = list(review.team.select_related("person"))
        if not 2 <= len(team) <= MAX_TEAM:
            raise ValidationError(f"A visit team has 2 to {MAX_TEAM} assessors; this one has {len(team)}.")
        if not any(m.is_lead and m.person.kind == PersonKind.SERVICE_USER for m in team):
            raise ValidationError("A visit team needs a service user as its lead assessor.")
    if to_status == ReviewStatus.REPORT:
        _record_visit_involvement(review, actor, request)
    if to_status == ReviewStatus.SERVICE_USER_PANEL and review.report_agreed_on is None:
        raise ValidationError("Agree the report with the unit before the service-user panel.")
    if to_status == ReviewStatus.PANEL:
        if not review.panels.filter(kind=PanelKind.SERVICE_USER).exists():
            raise ValidationError("Record the service-user panel, and who chaired it, before the final panel.")
        review.panel_rule_snapshot = review.programme.rule.snapshot()
    ReviewStatusChange.objects.create(review=review, from_status=review.status, to_status=to_status, changed_by=actor)
    review.status = to_status
    review.save(update_fields=["status", "panel_rule_snapshot", "updated_at"])
    _audit(AuditAction.UPDATE, review, actor, request, ["status"])
    return review


@transaction.atomic
def team_member_add(
    *, review: Review, person: Person, actor: User | None, is_lead: bool = False, request=None
) -> TeamMember:
    review = _locked(review)
    if review.status not in (ReviewStatus.REGISTERED, ReviewStatus.SELF_REVIEW):
        raise ValidationError("The visit team is chosen before the visit.")
    if person.organisation_id != review.organisation_id:
        raise ValidationError({"person": "Choose someone from this trust's register"})
    reason = conflict_reason(person, review.unit)
    if reason:
        raise ValidationError({"person": reason})
    if not is_trained_assessor(person):
        raise ValidationError({"person": f"{person.full_name} does not hold in-date accreditation assessor training"})
    if review.team.filter(person=person).exists():
        raise ValidationError({"person": f"{person.full_name} is already on the visit team"})
    if review.team.count() >= MAX_TEAM:
        raise ValidationError({"person": f"A visit team has at most {MAX_TEAM} assessors"})
    if is_lead and person.kind != PersonKind.SERVICE_USER:
        raise ValidationError({"is_lead": "The lead assessor is a service user"})
    if is_lead:
        review.team.filter(is_lead=True).update(is_lead=False)
    member = TeamMember.objects.create(review=review, person=person, is_lead=is_lead)
    _audit(AuditAction.CREATE, member, actor, request, ["person", "is_lead"], review.organisation_id)
    return member


ALLOWED = {
    RatingSource.SELF: (ReviewStatus.REGISTERED, ReviewStatus.SELF_REVIEW),
    RatingSource.ASSESSOR: (ReviewStatus.VISIT,),
    RatingSource.CONSENSUS: (
        ReviewStatus.VISIT,
        ReviewStatus.REPORT,
        ReviewStatus.SERVICE_USER_PANEL,
        ReviewStatus.PANEL,
    ),
}


@transaction.atomic
def rating_record(
    *,
    review: Review,
    standard: Standard,
    source: str,
    value: str,
    actor: User | None,
    assessor: Person | None = None,
    notes: str = "",
    request=None,
) -> Rating:
    """Record (or replace) one rating. The review's lock makes two at once one after the other: one row wins."""
    review = _locked(review)
    if review.is_decided:
        raise ValidationError(DECIDED_REFUSAL)
    if source not in ALLOWED:
        raise ValidationError({"source": "Choose whose rating this is"})
    if review.status not in ALLOWED[source]:
        raise ValidationError(
            f"{RatingSource(source).label} ratings are not taken while the review is at "
            f"{ReviewStatus(review.status).label.lower()}."
        )
    if standard.theme.edition_id != review.edition_id:
        raise ValidationError({"standard": "Choose a standard from this review's edition"})
    if value not in RatingValue.values:
        raise ValidationError({"value": "Choose met, partly met, not met or not applicable"})
    if source == RatingSource.CONSENSUS and not notes.strip():
        raise ValidationError({"notes": "Give the reason for the agreed rating"})
    if source == RatingSource.ASSESSOR:
        if assessor is None or not review.team.filter(person=assessor).exists():
            raise ValidationError("Only assessors on this review's visit team rate it.")
        reason = conflict_reason(assessor, review.unit)
        if reason:
            raise ValidationError(reason)
        if not is_trained_assessor(assessor):
            raise ValidationError(f"{assessor.full_name} does not hold in-date accreditation assessor training.")
    else:
        assessor = None
    rating, created = Rating.objects.update_or_create(
        review=review,
        standard=standard,
        source=source,
        assessor=assessor,
        defaults={"value": value, "notes": notes.strip()[:1000], "rated_by": actor},
    )
    _audit(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        rating,
        actor,
        request,
        ["value", "notes"],
        review.organisation_id,
    )
    return rating


@transaction.atomic
def decision_make(
    *,
    review: Review,
    chair: Person,
    actor: User | None,
    defer: bool = False,
    conditions: str = "",
    evidence_due: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    members=(),
    request=None,
) -> Decision:
    """The panel's decision, on the rule as it stood when the panel opened, and the figures now. Both are kept."""
    review = _locked(review)
    if review.is_decided:
        raise ValidationError(DECIDED_REFUSAL)
    if review.status != ReviewStatus.PANEL:
        raise ValidationError("A decision is made at the panel.")
    errors = {}
    if chair.organisation_id != review.organisation_id or chair.kind not in (
        PersonKind.SERVICE_USER,
        PersonKind.CARER,
    ):
        errors["chair"] = "The panel is chaired by a service user or carer"
    if defer and not conditions.strip():
        errors["conditions"] = "Say what the unit must show before the panel decides"
    if defer and evidence_due is None:
        errors["evidence_due"] = "Enter the date the evidence is due"
    figures, missing = review_figures(review)
    if missing:
        errors["__all__"] = (
            f"{missing} standards have no agreed rating. Agree a consensus rating for each before deciding."
        )
    if errors:
        raise ValidationError(errors)
    snapshot = review.panel_rule_snapshot
    computed = award_for(snapshot, figures)
    decided_on = decided_on or timezone.localdate()
    awarded = computed not in (Award.NONE,) and not defer
    decision = Decision.objects.create(
        review=review,
        award=Award.DEFERRED if defer else computed,
        computed_award=computed,
        rule_snapshot=snapshot,
        figures=figures,
        chair=chair,
        conditions=conditions.strip() if defer else "",
        evidence_due=evidence_due if defer else None,
        decided_on=decided_on,
        expires_on=add_months(decided_on, review.programme.valid_for_months) if awarded else None,
        interim_due=add_months(decided_on, review.programme.interim_after_months) if awarded else None,
        decided_by=actor,
    )
    ReviewStatusChange.objects.create(
        review=review, from_status=review.status, to_status=ReviewStatus.DECIDED, changed_by=actor
    )
    review.status = ReviewStatus.DECIDED
    review.save(update_fields=["status", "updated_at"])
    _audit(AuditAction.CREATE, decision, actor, request, ["award", "rule_snapshot", "figures"], review.organisation_id)
    panel_sitting_record(
        review=review,
        kind=PanelKind.FINAL,
        chair=chair,
        members=members or (),
        held_on=decided_on,
        actor=actor,
        request=request,
    )
    actions_create(review=review, actor=actor, request=request)
    tell_decision(decision=decision, actor=actor)
    return decision


@transaction.atomic
def ratings_record(*, review: Review, assessor: Person, values: dict, actor: User | None, request=None) -> list[Rating]:
    """An assessor's ratings from one form, {standard: (value, notes)}: all saved, or none."""
    return [
        rating_record(
            review=review,
            standard=standard,
            source=RatingSource.ASSESSOR,
            value=value,
            notes=notes,
            assessor=assessor,
            actor=actor,
            request=request,
        )
        for standard, (value, notes) in values.items()
    ]


@transaction.atomic
def review_visit_plan(
    *, review: Review, visit_date: datetime.date, actor: User | None, hours=None, request=None
) -> Review:
    """Set the visit's date (and how long it takes, which is what assessors are paid for)."""
    review = _locked(review)
    if review.is_decided or review.status == ReviewStatus.PANEL:
        raise ValidationError("The visit can no longer be changed.")
    review.visit_date = visit_date
    if hours is not None:
        review.visit_hours = hours
    review.save(update_fields=["visit_date", "visit_hours", "updated_at"])
    _audit(AuditAction.UPDATE, review, actor, request, ["visit_date", "visit_hours"])
    tell_visit_planned(review=review, actor=actor)
    return review


@transaction.atomic
def consensus_record(*, review: Review, values: dict, actor: User | None, request=None) -> list[Rating]:
    """Agreed ratings from one form, {standard: (value, reason)}: all saved, or none."""
    return [
        rating_record(
            review=review,
            standard=standard,
            source=RatingSource.CONSENSUS,
            value=value,
            notes=reason,
            actor=actor,
            request=request,
        )
        for standard, (value, reason) in values.items()
    ]


@transaction.atomic
def self_ratings_record(*, review: Review, values: dict, actor: User | None, request=None) -> list[Rating]:
    """The unit team's own ratings from one form, {standard: (value, evidence)}: all saved, or none."""
    return [
        rating_record(
            review=review,
            standard=standard,
            source=RatingSource.SELF,
            value=value,
            notes=evidence,
            actor=actor,
            request=request,
        )
        for standard, (value, evidence) in values.items()
    ]
