"""Writes for opportunities: creating, approving, changing and cancelling one."""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.core.text import clean_values
from withus.involvement.models import MAX_SESSION_HOURS
from withus.learning.services.courses import courses_for_kind
from withus.notifications.services.language import in_persons_language
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    Attendance,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
    Session,
)
from withus.opportunities.rules import may_change_opportunity, may_post_in_unit
from withus.opportunities.services.messages import tell_leads_of_request
from withus.opportunities.services.selection import _tell
from withus.people.models import Person

MAX_SESSIONS = 12
# Text boxes (not text areas): a line break in a title would reach an e-mail's subject line.
SINGLE_LINE_FIELDS = frozenset({"title", "place"})
# An opportunity's own fields: what posting sets and what changing it may change (the sessions and the interests
# apart). The posting and editing forms read this one list.
OPPORTUNITY_FIELDS = (
    "title",
    "description",
    "kind",
    "unit",
    "place",
    "is_online",
    "joining_help",
    "accessibility",
    "travel_booked",
    "buddy_offered",
    "pre_meeting_offered",
    "other_support",
    "required_training",
    "places",
    "closes_on",
    "open_to",
    "payment_description",
)


def _own_courses(organisation_id, courses) -> list | None:
    """The courses chosen as training needed (None: the kind's usual training), all from the trust's own list."""
    if courses is None:
        return None
    courses = list(courses)
    if any(course.organisation_id != organisation_id for course in courses):
        raise ValidationError({"required_training": "Choose training from your own trust's courses"})
    return courses


def _default_training(opportunity: Opportunity, kind, courses) -> None:
    """With no courses chosen, an opportunity needs its kind's usual training."""
    if courses is None and not opportunity.required_training:
        opportunity.required_training = kind.required_training


def _training_text(courses) -> str:
    return " and ".join(course.name for course in courses)


def _approves_opportunities(user: User) -> bool:
    return user.has_role(Role.PARTICIPATION_LEAD, Role.ADMINISTRATOR)


def _check_sessions(sessions: list[tuple[datetime.datetime, datetime.datetime]]) -> None:
    if not sessions:
        raise ValidationError({"first_date": "Enter the date of the first session"})
    if len(sessions) > MAX_SESSIONS:
        raise ValidationError({"session_count": f"A series can have up to {MAX_SESSIONS} sessions"})
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time"})
        if ends_at - starts_at > datetime.timedelta(hours=MAX_SESSION_HOURS):
            raise ValidationError({"ends_at": f"A session can be up to {MAX_SESSION_HOURS} hours long"})


@transaction.atomic
def opportunity_create(
    *,
    organisation,
    values: dict,
    sessions: list[tuple[datetime.datetime, datetime.datetime]],
    actor: User,
    interests: Iterable = (),
    request=None,
    submission_key: uuid.UUID | None = None,
) -> Opportunity:
    """Post an opportunity (a lead), or request one for a lead to approve (a staff champion)."""
    if submission_key is not None:
        existing_id = submission_key_reserve(
            key=submission_key, organisation_id=organisation.pk, object_type="opportunity"
        )
        if existing_id:
            return Opportunity.objects.get(pk=existing_id, organisation=organisation)
    courses = _own_courses(organisation.pk, values.pop("required_courses", None))
    values = clean_values(values, single_line=SINGLE_LINE_FIELDS)
    if courses is not None:
        values["required_training"] = _training_text(courses)
    unit, kind = values.get("unit"), values.get("kind")
    if unit is None or unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Choose a ward, team or service from your own trust"})
    if kind is None or kind.organisation_id != organisation.pk:
        raise ValidationError({"kind": "Choose a kind of involvement from the list"})
    if not may_post_in_unit(actor, unit):
        raise ValidationError({"unit": "Choose a ward, team or service you work in or champion"})
    _check_sessions(sessions)
    if values.get("closes_on") and values["closes_on"] > sessions[0][0].date():
        raise ValidationError({"closes_on": "The closing date must be on or before the first session"})
    status = OpportunityStatus.OPEN if _approves_opportunities(actor) else OpportunityStatus.REQUESTED
    opportunity = Opportunity(organisation=organisation, status=status, organiser=actor, **values)
    if status == OpportunityStatus.OPEN:
        opportunity.approved_by = actor
    if not opportunity.payment_description:
        opportunity.payment_description = kind.payment_description
    _default_training(opportunity, kind, courses)
    opportunity.full_clean()
    opportunity.save()
    interests = list(interests)
    if any(interest.organisation_id != organisation.pk for interest in interests):
        raise ValidationError({"interests": "Choose only from your own trust's list"})
    opportunity.interests.set(interests)
    opportunity.required_courses.set(
        courses_for_kind(kind, opportunity.required_training) if courses is None else courses
    )
    Session.objects.bulk_create(
        [
            Session(organisation=organisation, opportunity=opportunity, starts_at=start, ends_at=end)
            for start, end in sessions
        ]
    )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=opportunity, changed_fields=values)
    tell_leads_of_request(opportunity, actor)
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_approve(*, opportunity: Opportunity, actor: User, request=None) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not _approves_opportunities(actor):
        raise ValidationError("Only a People Participation lead can approve an opportunity.")
    if opportunity.status != OpportunityStatus.REQUESTED:
        return opportunity
    opportunity.status = OpportunityStatus.OPEN
    opportunity.approved_by = actor
    opportunity.save(update_fields=["status", "approved_by", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=opportunity, changed_fields=["status"])
    return opportunity


def _cancelled_email(opportunity: Opportunity, person: Person, reason: str) -> tuple[str, str]:
    """The subject and body, in the person's language (issue 26); the reason stays as the lead wrote it."""
    with in_persons_language(person):
        values = {"title": opportunity.title}
        body = "\n\n".join(
            [
                gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                gettext('We are sorry to tell you that "%(title)s" has been cancelled, so it will not go ahead.')
                % values,
                gettext("The reason: %(reason)s") % {"reason": reason},
                gettext(
                    "Thank you for offering your time. You do not need to do anything. "
                    "We would love to hear from you about the next opportunity."
                ),
                gettext("With thanks,\nThe People Participation team"),
            ]
        )
        return gettext("Cancelled: %(title)s") % values, body


@transaction.atomic
def opportunity_cancel(
    *, opportunity: Opportunity, reason: str, actor: User, request=None, told: list | None = None
) -> Opportunity:
    """Cancel it, keep who, when and why, and tell everyone who was interested or had a place, each by the way
    they chose (the outbox; the messages are added to `told` when it is given).

    The row is locked first, so a cancel and a selection (or two cancels) take turns.
    """
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not may_change_opportunity(actor, opportunity):
        raise ValidationError("Only a People Participation lead for its ward, team or service can cancel this.")
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity has already been cancelled.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why it is cancelled"})
    if len(reason) > 1000:
        raise ValidationError({"reason": "The reason must be 1,000 characters or fewer"})
    if Attendance.objects.filter(session__opportunity=opportunity).exists():
        raise ValidationError(
            "Attendance has already been recorded for a session, so this opportunity has taken place and "
            "cannot be cancelled. If a later session is not going ahead, record it as cancelled by the trust."
        )
    opportunity.status = OpportunityStatus.CANCELLED
    opportunity.cancelled_reason = reason
    opportunity.cancelled_by = actor
    opportunity.cancelled_at = timezone.now()
    opportunity.save(update_fields=["status", "cancelled_reason", "cancelled_by", "cancelled_at", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=opportunity,
        changed_fields=["status", "cancelled_reason"],
    )
    waiting = ExpressionOfInterest.objects.filter(
        opportunity=opportunity, status__in=(ResponseStatus.INTERESTED, *HOLDS_A_PLACE)
    ).select_related("person")
    for response in waiting:
        subject, body = _cancelled_email(opportunity, response.person, reason)
        _tell(
            response.person,
            subject,
            body,
            template="opportunities.cancelled",
            key=f"opportunities.cancelled:{response.pk}:{opportunity.cancelled_at.isoformat()}",
            told=told,
        )
    return opportunity


# Changing these would change who may take part, so once anyone has responded they stay as they are.
FIXED_ONCE_RESPONDED = ("kind", "unit", "required_training", "open_to")


def _check_update(opportunity: Opportunity, values: dict, actor: User) -> None:
    """Refuse changes creating it would refuse, and changes that would move the ground under people."""
    unknown = set(values) - set(OPPORTUNITY_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    if ExpressionOfInterest.objects.filter(opportunity=opportunity).exists():
        for name in FIXED_ONCE_RESPONDED:
            if name in values and values[name] != getattr(opportunity, name):
                raise ValidationError({name: "People have already responded, so this cannot be changed now"})
    unit, kind = values.get("unit", opportunity.unit), values.get("kind", opportunity.kind)
    if unit is None or unit.organisation_id != opportunity.organisation_id:
        raise ValidationError({"unit": "Choose a ward, team or service from your own trust"})
    if kind is None or kind.organisation_id != opportunity.organisation_id:
        raise ValidationError({"kind": "Choose a kind of involvement from the list"})
    if unit != opportunity.unit and not may_post_in_unit(actor, unit):
        raise ValidationError({"unit": "Choose a ward, team or service you work in or champion"})
    first = opportunity.sessions.order_by("starts_at").first()
    closes_on = values.get("closes_on", opportunity.closes_on)
    if first is not None and closes_on > timezone.localtime(first.starts_at).date():
        raise ValidationError({"closes_on": "The closing date must be on or before the first session"})
    holding = ExpressionOfInterest.objects.filter(opportunity=opportunity).holding_places().count()
    if values.get("places", opportunity.places) < holding:
        raise ValidationError({"places": f"{holding} people already have a place. Enter {holding} or more"})


def _interests_changed(opportunity: Opportunity, interests) -> bool:
    if interests is None:
        return False
    interests = list(interests)
    if any(interest.organisation_id != opportunity.organisation_id for interest in interests):
        raise ValidationError({"interests": "Choose only from your own trust's list"})
    if {item.pk for item in interests} == set(opportunity.interests.values_list("pk", flat=True)):
        return False
    opportunity.interests.set(interests)
    return True


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, values: dict, actor: User, request=None) -> Opportunity:
    """Change what people read about it. Sessions are not changed here. `values` may hold `interests`."""
    opportunity = Opportunity.objects.select_for_update().select_related("kind", "unit").get(pk=opportunity.pk)
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity has been cancelled, so it can no longer be changed.")
    if not may_change_opportunity(actor, opportunity):
        raise ValidationError("Only a People Participation lead for its ward, team or service can change this.")
    values = clean_values(values, single_line=SINGLE_LINE_FIELDS)
    interests = values.pop("interests", None)
    courses = _own_courses(opportunity.organisation_id, values.pop("required_courses", None))
    courses_changed = courses is not None and {course.pk for course in courses} != set(
        opportunity.required_courses.values_list("pk", flat=True)
    )
    if courses_changed and ExpressionOfInterest.objects.filter(opportunity=opportunity).exists():
        raise ValidationError({"required_training": "People have already responded, so this cannot be changed now"})
    _check_update(opportunity, values, actor)
    changed = [name for name, value in values.items() if value != getattr(opportunity, name)]
    for name in changed:
        setattr(opportunity, name, values[name])
    if courses_changed:
        opportunity.required_training = _training_text(courses)
        changed.append("required_training")
    if not opportunity.payment_description:
        opportunity.payment_description = opportunity.kind.payment_description
    _default_training(opportunity, opportunity.kind, courses)
    opportunity.full_clean()
    if _interests_changed(opportunity, interests):
        changed.append("interests")
    if not changed:
        return opportunity
    opportunity.save()
    if courses_changed:
        opportunity.required_courses.set(courses)
    elif courses is None and {"kind", "required_training"} & set(changed):
        opportunity.required_courses.set(courses_for_kind(opportunity.kind, opportunity.required_training))
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=opportunity, changed_fields=changed)
    return opportunity
