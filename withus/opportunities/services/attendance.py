"""Attendance: recording who came to a session, which logs their involvement."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.involvement.models import InvolvementRecord, InvolvementSource, source_key
from withus.involvement.services import (
    check_hours,
    involvement_record_correct,
    involvement_record_create,
    involvement_record_remove,
)
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    Attendance,
    AttendanceOutcome,
    ExpressionOfInterest,
    OpportunityStatus,
    Session,
)
from withus.people.models import Person


def session_source_key(session: Session) -> str:
    """The involvement log's key for one opportunity session: one record per person per session."""
    return source_key("opportunity-session", session.pk)


@transaction.atomic
def attendance_record(
    *,
    session: Session,
    person: Person,
    outcome: AttendanceOutcome | str,
    hours,
    actor: User,
    request=None,
) -> Attendance:
    """Record what happened at one session for one selected person. Attending makes an involvement record."""
    session = Session.objects.select_related("opportunity__kind", "opportunity__unit").get(pk=session.pk)
    opportunity = session.opportunity
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity was cancelled, so there is no attendance to record.")
    if outcome not in AttendanceOutcome.values:
        raise ValidationError({"outcome": "Select what happened"})
    if not ExpressionOfInterest.objects.filter(
        opportunity=opportunity, person=person, status__in=HOLDS_A_PLACE
    ).exists():
        raise ValidationError(f"{person.full_name} was not selected for this opportunity, so has no attendance.")
    if session.starts_at > timezone.now():
        raise ValidationError("You can record attendance once the session has started.")
    attended = outcome == AttendanceOutcome.ATTENDED
    hours = check_hours(hours) if attended else Decimal(0)
    attendance = Attendance.objects.select_for_update().filter(session=session, person=person).first()
    if attendance is None:
        attendance = Attendance.objects.create(
            organisation=session.organisation,
            session=session,
            person=person,
            outcome=outcome,
            hours=hours,
            recorded_by=actor,
        )
        action = AuditAction.CREATE
    else:
        attendance.outcome, attendance.hours, attendance.recorded_by = outcome, hours, actor
        attendance.save()
        action = AuditAction.UPDATE
    audit_record(
        action=action,
        request=request,
        actor=actor,
        obj=attendance,
        object_label=f"Attendance of {person.full_name}",
        changed_fields=["outcome", "hours"],
    )
    key = session_source_key(session)
    record = InvolvementRecord.objects.filter(
        organisation_id=session.organisation_id, person=person, source_key=key
    ).first()
    if record is not None and (not attended or record.hours != hours) and record.is_locked:
        raise ValidationError(
            f"{person.full_name}'s involvement in this session is on a payment claim, so it cannot be changed here. "
            "Ask finance to cancel the claim first, then correct the attendance."
        )
    if attended and record is None:
        involvement_record_create(
            organisation=session.organisation,
            person=person,
            date=timezone.localtime(session.starts_at).date(),
            kind=opportunity.kind,
            unit=opportunity.unit,
            hours=hours,
            role=opportunity.kind.name,
            source_type=InvolvementSource.OPPORTUNITY,
            source_id=str(opportunity.pk),
            source_label=opportunity.title,
            source_key=key,
            payable=bool(opportunity.payment_description or opportunity.kind.payment_description),
            actor=actor,
            request=request,
        )
    elif attended and record.hours != hours:
        involvement_record_correct(record=record, hours=hours, actor=actor, request=request)
    elif not attended and record is not None:
        involvement_record_remove(record=record, actor=actor, request=request)
    return attendance
