"""Writes for cohorts: running a course on dates, its facilitators, and cancelling it."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.learning.models import (
    Cohort,
    Course,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    FacilitatorRole,
    LearningSession,
    SessionAttendance,
)
from withus.learning.services.enrolment import _change, _tell
from withus.people.models import Person, PersonKind

MAX_COHORT_SESSIONS = 24


@transaction.atomic
def cohort_create(
    *,
    course: Course,
    values: dict,
    sessions: list[tuple[datetime.datetime, datetime.datetime]],
    facilitators: Iterable[Person] = (),
    actor: User,
    request=None,
) -> Cohort:
    """Plan a cohort of a course, with its sessions and facilitators."""
    if not sessions:
        raise ValidationError({"first_date": "Enter the date of the first session"})
    if len(sessions) > MAX_COHORT_SESSIONS:
        raise ValidationError({"session_count": f"A cohort can have up to {MAX_COHORT_SESSIONS} sessions"})
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time"})
    sessions = sorted(sessions)
    values = clean_values(values)
    required = values.get("required_sessions")
    if required is not None and not 1 <= required <= len(sessions):
        raise ValidationError(
            {"required_sessions": f"Enter a number of sessions from 1 to {len(sessions)}, or leave it empty"}
        )
    cohort = Cohort(
        organisation_id=course.organisation_id,
        course=course,
        starts_at=sessions[0][0],
        created_by=actor,
        **values,
    )
    cohort.full_clean()
    cohort.save()
    LearningSession.objects.bulk_create(
        [
            LearningSession(
                organisation_id=course.organisation_id,
                cohort=cohort,
                starts_at=start,
                ends_at=end,
                title=f"Session {number}" if len(sessions) > 1 else "",
            )
            for number, (start, end) in enumerate(sessions, start=1)
        ]
    )
    for person in facilitators:
        facilitator_add(cohort=cohort, person=person, actor=actor, request=request)
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=cohort, changed_fields=values)
    return cohort


@transaction.atomic
def facilitator_add(*, cohort: Cohort, person: Person, actor: User, request=None) -> Facilitator:
    """Name a facilitator: staff run it; a service user or carer co-facilitates (and is paid for it)."""
    if person.organisation_id != cohort.organisation_id:
        raise ValidationError({"facilitators": "Choose facilitators from your own trust"})
    role = FacilitatorRole.STAFF if person.kind == PersonKind.STAFF else FacilitatorRole.CO_FACILITATOR
    facilitator, created = Facilitator.objects.get_or_create(
        cohort=cohort, person=person, defaults={"organisation_id": cohort.organisation_id, "role": role}
    )
    if created:
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=actor,
            obj=facilitator,
            object_label=f"{person.full_name} facilitates {cohort.name}",
            changed_fields=["role"],
        )
    return facilitator


@transaction.atomic
def cohort_cancel(
    *, cohort: Cohort, reason: str, actor: User, request=None, told: list | None = None
) -> list[Enrolment]:
    """Cancel a cohort that has not started: everyone with a place or on the waiting list is withdrawn (with
    the reason in their history) and told by the way each chose. Returns the enrolments that were withdrawn."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the cohort is cancelled. We tell the people booked on it"})
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if cohort.cancelled_at is not None:
        raise ValidationError(f"{cohort.name} was already cancelled.")
    if SessionAttendance.objects.filter(session__cohort=cohort).exists() or (
        cohort.starts_at is not None and cohort.starts_at <= timezone.now()
    ):
        raise ValidationError(
            f"{cohort.name} has already started, so it cannot be cancelled. Withdraw people one by one instead."
        )
    cohort.cancelled_at, cohort.cancelled_by, cohort.cancel_reason = timezone.now(), actor, reason[:500]
    cohort.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=cohort,
        changed_fields=["cancelled_at", "cancel_reason"],
    )
    withdrawn = list(
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("person")
    )
    for enrolment in withdrawn:
        enrolment.waiting_since = None
        _change(
            enrolment,
            status=EnrolmentStatus.WITHDRAWN,
            actor=actor,
            reason=f"Cohort cancelled: {reason}"[:500],
            request=request,
        )
        person = enrolment.person
        message = _tell(
            person,
            f"{cohort.name} is cancelled",
            f"Dear {person.preferred_name or person.full_name},\n\n"
            f"We are sorry: {cohort.name} has been cancelled. The reason: {reason}\n\n"
            f"You do not need to do anything. To book another date for {cohort.course.name}, sign in to WithUs "
            "and go to My learning, or contact the People Participation team and we will help.\n\n"
            "With thanks,\nThe People Participation team",
            template="learning.cohort_cancelled",
            key=f"learning.cohort_cancelled:{enrolment.pk}:{cohort.cancelled_at.isoformat()}",
        )
        if told is not None:
            told.append(message)
    return withdrawn
