"""Writes for committee meetings: arranging one and recording who attended (which logs their involvement)."""

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
from withus.involvement.models import InvolvementSource
from withus.involvement.services import check_hours, involvement_record_create


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
    if papers_on > held_on:
        raise ValidationError({"papers_on": "The papers date must be on or before the meeting date"})
    if committee.meetings.filter(held_on=held_on).exists():
        raise ValidationError({"held_on": "This committee already has a meeting on that date"})
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
