"""Writes for committee meetings: arranging one and recording who attended (which logs their involvement).

A meeting can be changed or deleted only until attendance is recorded: from then on, people's involvement
records (and so their payments) carry its date and hours. Attendance itself can be corrected afterwards, which
adds or removes the involvement record through the involvement app (refused if it is on a payment claim).
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.governance.models import Committee, Meeting, MeetingAttendance, SeatTerm
from withus.governance.services.committees import committee_kind
from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.involvement.services import check_hours, involvement_record_create, involvement_record_remove


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    held_on: datetime.date,
    papers_on: datetime.date,
    actor: User | None,
    hours: Decimal | str = Decimal(2),
    request=None,
) -> Meeting:
    hours = check_hours(hours)
    _check_dates(committee, held_on, papers_on)
    meeting = Meeting(
        organisation_id=committee.organisation_id,
        committee=committee,
        held_on=held_on,
        papers_on=papers_on,
        hours=hours,
    )
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=meeting, changed_fields=["held_on"])
    return meeting


def meeting_fixed_reason(meeting: Meeting) -> str:
    """Why the meeting can no longer be changed or deleted, or "" while it still can."""
    if meeting.attendances.exists():
        return (
            "Attendance is recorded for this meeting, so its date and length can no longer be changed and it cannot "
            "be deleted: the involvement records of the people who came (and their payments) depend on them. You "
            "can still correct who came."
        )
    return ""


def _check_dates(committee: Committee, held_on: datetime.date, papers_on: datetime.date, *, meeting=None) -> None:
    if papers_on > held_on:
        raise ValidationError({"papers_on": "The papers date must be on or before the meeting date"})
    others = committee.meetings.filter(held_on=held_on)
    if meeting is not None:
        others = others.exclude(pk=meeting.pk)
    if others.exists():
        raise ValidationError({"held_on": "This committee already has a meeting on that date"})


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    held_on: datetime.date,
    papers_on: datetime.date,
    hours: Decimal | str,
    actor: User | None,
    request=None,
) -> Meeting:
    """Change a meeting's dates or length; refused once attendance is recorded (see the module's note)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=meeting.pk)
    if reason := meeting_fixed_reason(meeting):
        raise ValidationError(reason)
    hours = check_hours(hours)
    _check_dates(meeting.committee, held_on, papers_on, meeting=meeting)
    values = {"held_on": held_on, "papers_on": papers_on, "hours": hours}
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    if changed:
        for name in changed:
            setattr(meeting, name, values[name])
        meeting.full_clean(validate_constraints=False)
        meeting.save(update_fields=[*changed, "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=meeting, changed_fields=changed)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor: User | None, request=None) -> None:
    """Delete a meeting added by mistake; refused once attendance is recorded."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=meeting.pk)
    if reason := meeting_fixed_reason(meeting):
        raise ValidationError(reason)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=meeting, changed_fields=["deleted"])
    meeting.delete()


def seat_holders_on(committee: Committee, day: datetime.date) -> list[SeatTerm]:
    return list(
        SeatTerm.objects.filter(seat__committee=committee)
        .current_on(day)
        .select_related("person", "seat")
        .order_by("seat__position", "seat__title")
    )


@transaction.atomic
def meeting_attendance_record(
    *, meeting: Meeting, attended_ids: Iterable, actor: User | None, request=None
) -> list[MeetingAttendance]:
    """Record who of the seat holders came. Each attended meeting becomes one payable involvement record.

    Attendance is recorded once per person (the database refuses a second); people already recorded are left.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee", "committee__organisation")
        .get(pk=meeting.pk)
    )
    if meeting.held_on > timezone.localdate():
        raise ValidationError("You can record attendance on or after the day of the meeting.")
    attended = {str(pk) for pk in attended_ids}
    holders = seat_holders_on(meeting.committee, meeting.held_on)
    known = {str(term.person_id) for term in holders}
    if attended - known:
        raise ValidationError({"attended": "Choose only people who held a seat on the day of the meeting"})
    already = set(MeetingAttendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    kind = committee_kind(meeting.committee.organisation)
    rows = []
    for term in holders:
        if term.person_id in already:
            continue
        came = str(term.person_id) in attended
        row = MeetingAttendance(
            organisation_id=meeting.organisation_id,
            meeting=meeting,
            person=term.person,
            attended=came,
            recorded_by=actor,
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue  # recorded by someone else a moment ago
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=row, object_label=str(meeting))
        if came:
            involvement_record_create(
                organisation=meeting.committee.organisation,
                person=term.person,
                date=meeting.held_on,
                kind=kind,
                hours=meeting.hours,
                source_type=InvolvementSource.COMMITTEE,
                source_id=str(meeting.committee_id),
                source_label=f"{meeting.committee.name} meeting",
                source_key=meeting.source_key,
                role=term.seat.title,
                payable=True,
                actor=actor,
                request=request,
            )
        rows.append(row)
    if not rows:
        raise ValidationError("Attendance for everyone who held a seat is already recorded.")
    return rows


@transaction.atomic
def meeting_attendance_correct(
    *, meeting: Meeting, attended_ids: Iterable, actor: User | None, request=None
) -> list[MeetingAttendance]:
    """Correct who came, for the people already recorded. Someone now marked as having come gets an involvement
    record; someone now marked as not having come loses theirs, unless it is on a payment claim, when nothing at
    all is changed and the error says so. Returns the rows that changed."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee", "committee__organisation")
        .get(pk=meeting.pk)
    )
    rows = list(
        MeetingAttendance.objects.select_for_update(of=("self",)).filter(meeting=meeting).select_related("person")
    )
    if not rows:
        raise ValidationError("No attendance is recorded for this meeting yet. Record who came first.")
    attended = {str(pk) for pk in attended_ids}
    if attended - {str(row.person_id) for row in rows}:
        raise ValidationError({"attended": "Choose only people whose attendance is recorded"})
    seats = {term.person_id: term.seat.title for term in seat_holders_on(meeting.committee, meeting.held_on)}
    kind = committee_kind(meeting.committee.organisation)
    changed = []
    for row in rows:
        came = str(row.person_id) in attended
        if came == row.attended:
            continue
        record = InvolvementRecord.objects.filter(
            organisation_id=meeting.organisation_id, person_id=row.person_id, source_key=meeting.source_key
        ).first()
        if came and record is None:
            involvement_record_create(
                organisation=meeting.committee.organisation,
                person=row.person,
                date=meeting.held_on,
                kind=kind,
                hours=meeting.hours,
                source_type=InvolvementSource.COMMITTEE,
                source_id=str(meeting.committee_id),
                source_label=f"{meeting.committee.name} meeting",
                source_key=meeting.source_key,
                role=seats.get(row.person_id, "Committee member"),
                payable=True,
                actor=actor,
                request=request,
            )
        elif not came and record is not None:
            involvement_record_remove(record=record, actor=actor, request=request)
        row.attended, row.recorded_by = came, actor
        row.save(update_fields=["attended", "recorded_by", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=row,
            object_label=str(meeting),
            changed_fields=["attended"],
        )
        changed.append(row)
    if not changed:
        raise ValidationError("Nothing has changed. Tick the people who came and untick those who did not.")
    return changed
