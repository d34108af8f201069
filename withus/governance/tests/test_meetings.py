"""Committee meetings can be changed or deleted until attendance is recorded, and attendance can be corrected
afterwards: the involvement record follows (added, or removed unless it is on a payment claim)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditAction, AuditEntry
from withus.governance.models import CommitteeKind, Meeting, MeetingAttendance, ReservedFor, SeatTerm
from withus.governance.services.committees import committee_create, seat_create
from withus.governance.services.meetings import (
    meeting_attendance_correct,
    meeting_attendance_record,
    meeting_create,
    meeting_delete,
    meeting_update,
)
from withus.involvement.models import InvolvementRecord
from withus.involvement.services import involvement_records_lock
from withus.people.tests.factories import PersonFactory

DAYS = datetime.timedelta


@pytest.fixture
def committee(trust):
    sub = committee_create(
        organisation=trust.organisation,
        name="People Participation Sub-Committee",
        kind=CommitteeKind.SUB_COMMITTEE,
        actor=None,
    )
    today = timezone.localdate()
    for title, reserved in (("Carer member", ReservedFor.CARER), ("Service user member", ReservedFor.SERVICE_USER)):
        seat = seat_create(committee=sub, title=title, reserved_for=reserved, actor=None)
        person = PersonFactory(organisation=trust.organisation, full_name=title.replace("member", "Person"))
        SeatTerm.objects.create(
            organisation_id=sub.organisation_id,
            seat=seat,
            person=person,
            starts_on=today - DAYS(days=100),
            ends_on=today + DAYS(days=300),
        )
    return sub


@pytest.fixture
def meeting(committee, lead):
    held_on = timezone.localdate() - DAYS(days=3)
    return meeting_create(
        committee=committee, held_on=held_on, papers_on=held_on - DAYS(days=7), hours=Decimal(2), actor=lead.user
    )


def _dates(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _people(committee):
    terms = SeatTerm.objects.filter(seat__committee=committee).select_related("person", "seat")
    return {term.seat.title: term.person for term in terms}


def test_a_meeting_is_changed_before_attendance_and_bad_changes_are_refused(committee, meeting, lead):
    url = reverse("governance:meeting_edit", args=[committee.pk, meeting.pk])
    page = lead.client.get(url).content.decode()
    assert "Change the meeting on" in page
    assert "Delete this meeting" in page
    other = meeting_create(
        committee=committee,
        held_on=meeting.held_on - DAYS(days=30),
        papers_on=meeting.held_on - DAYS(days=37),
        actor=lead.user,
    )
    clash = {**_dates("held_on", other.held_on), **_dates("papers_on", other.papers_on), "hours": "2"}
    assert "already has a meeting on that date" in lead.client.post(url, clash).content.decode()
    late = {**_dates("held_on", meeting.held_on), **_dates("papers_on", meeting.held_on + DAYS(days=1)), "hours": "2"}
    assert "papers date must be on or before" in lead.client.post(url, late).content.decode()
    meeting.refresh_from_db()
    assert meeting.hours == Decimal(2)
    moved = meeting.held_on + DAYS(days=1)
    good = {**_dates("held_on", moved), **_dates("papers_on", meeting.papers_on), "hours": "2.5"}
    assert lead.client.post(url, good).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.hours) == (moved, Decimal("2.5"))
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(meeting.pk)).first()
    assert set(entry.changed_fields) == {"held_on", "hours"}


def test_a_meeting_is_deleted_only_before_attendance(committee, meeting, lead):
    spare = meeting_create(
        committee=committee,
        held_on=meeting.held_on + DAYS(days=30),
        papers_on=meeting.held_on + DAYS(days=23),
        actor=lead.user,
    )
    url = reverse("governance:meeting_delete", args=[committee.pk, spare.pk])
    assert "Nobody's attendance is recorded for it yet" in lead.client.get(url).content.decode()
    assert lead.client.post(url).status_code == 302
    assert not Meeting.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(spare.pk), changed_fields=["deleted"]).exists()

    meeting_attendance_record(meeting=meeting, attended_ids=[], actor=lead.user)
    url = reverse("governance:meeting_delete", args=[committee.pk, meeting.pk])
    page = lead.client.get(url).content.decode()
    assert "Attendance is recorded for this meeting" in page
    assert "Delete the meeting</button>" not in page
    assert "Attendance is recorded for this meeting" in lead.client.post(url).content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    edit = lead.client.get(reverse("governance:meeting_edit", args=[committee.pk, meeting.pk])).content.decode()
    assert "Correct who came" in edit
    assert 'name="held_on_day"' not in edit
    with pytest.raises(ValidationError, match="can no longer be changed"):
        meeting_update(meeting=meeting, held_on=meeting.held_on, papers_on=meeting.papers_on, hours=3, actor=None)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        meeting_delete(meeting=meeting, actor=None)


def test_attendance_is_corrected_both_ways_and_the_involvement_record_follows(committee, meeting, lead):
    people = _people(committee)
    carer, service_user = people["Carer member"], people["Service user member"]
    meeting_attendance_record(meeting=meeting, attended_ids=[carer.pk], actor=lead.user)
    assert list(InvolvementRecord.objects.values_list("person", flat=True)) == [carer.pk]
    url = reverse("governance:meeting_attendance_correct", args=[committee.pk, meeting.pk])
    page = lead.client.get(url).content.decode()
    assert "Correct attendance on" in page
    assert f'value="{carer.pk}" checked' in page
    stranger = PersonFactory(organisation=committee.organisation)
    assert (
        "Choose only from the people shown" in lead.client.post(url, {"attended": [str(stranger.pk)]}).content.decode()
    )
    assert "Nothing has changed" in lead.client.post(url, {"attended": [str(carer.pk)]}).content.decode()
    response = lead.client.post(url, {"attended": [str(service_user.pk)]})
    assert response.status_code == 302
    assert dict(MeetingAttendance.objects.values_list("person", "attended")) == {carer.pk: False, service_user.pk: True}
    record = InvolvementRecord.objects.get()
    assert (record.person, record.hours, record.role) == (service_user, Decimal(2), "Service user member")
    assert record.source_key == meeting.source_key
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, changed_fields=["attended"]).count() == 2


def test_a_correction_that_would_remove_paid_involvement_changes_nothing(committee, meeting, lead):
    people = _people(committee)
    carer, service_user = people["Carer member"], people["Service user member"]
    meeting_attendance_record(meeting=meeting, attended_ids=[carer.pk], actor=lead.user)
    involvement_records_lock(records=InvolvementRecord.objects.all(), locked_by="payment-claim:test", actor=None)
    url = reverse("governance:meeting_attendance_correct", args=[committee.pk, meeting.pk])
    page = lead.client.post(url, {"attended": [str(service_user.pk)]}).content.decode()
    assert "is on a payment claim, so it cannot be changed" in page
    assert dict(MeetingAttendance.objects.values_list("person", "attended")) == {carer.pk: True, service_user.pk: False}
    assert list(InvolvementRecord.objects.values_list("person", flat=True)) == [carer.pk]


def test_nothing_recorded_means_nothing_to_correct(committee, meeting, lead):
    url = reverse("governance:meeting_attendance_correct", args=[committee.pk, meeting.pk])
    assert "nothing to correct" in lead.client.get(url).content.decode()
    with pytest.raises(ValidationError, match="No attendance is recorded"):
        meeting_attendance_correct(meeting=meeting, attended_ids=[], actor=lead.user)


def test_staff_cannot_reach_meeting_changes(committee, meeting, staff):
    for name in ("meeting_edit", "meeting_delete", "meeting_attendance_correct"):
        assert staff.client.get(reverse(f"governance:{name}", args=[committee.pk, meeting.pk])).status_code == 404
