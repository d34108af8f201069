"""Committees: seats for service users and carers, filled through an opportunity for a term; meetings whose
attendance becomes payable involvement records; empty seats and ending terms flagged to leads."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from withus.core.dates import add_months
from withus.governance.models import CommitteeKind, MeetingAttendance, ReservedFor, SeatTerm
from withus.governance.services.committees import (
    committee_create,
    seat_advertise,
    seat_create,
    term_appoint,
)
from withus.governance.services.meetings import meeting_attendance_record, meeting_create
from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.opportunities.models import OpenTo
from withus.opportunities.services.interest import interest_express
from withus.opportunities.services.selection import selection_make
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory

TODAY = datetime.timedelta


@pytest.fixture
def board(trust):
    board = committee_create(
        organisation=trust.organisation, name="Trust Board", kind=CommitteeKind.BOARD, chair="The chair", actor=None
    )
    sub = committee_create(
        organisation=trust.organisation,
        name="People Participation Sub-Committee",
        kind=CommitteeKind.SUB_COMMITTEE,
        chair="Trust Chair",
        reports_to=board,
        actor=None,
    )
    carer_seat = seat_create(committee=sub, title="Carer member", reserved_for=ReservedFor.CARER, actor=None)
    su_seat = seat_create(
        committee=sub, title="Service user member", reserved_for=ReservedFor.SERVICE_USER, term_months=12, actor=None
    )
    return board, sub, carer_seat, su_seat


def _hold(seat, person, starts, ends):
    return SeatTerm.objects.create(
        organisation_id=seat.organisation_id, seat=seat, person=person, starts_on=starts, ends_on=ends
    )


def test_leads_see_seats_terms_and_what_to_fill(board, lead, trust):
    _board, sub, carer_seat, _su_seat = board
    today = timezone.localdate()
    ben = PersonFactory(organisation=trust.organisation, full_name="Ben Hughes", kind=PersonKind.CARER)
    _hold(carer_seat, ben, today - TODAY(days=300), today + TODAY(days=45))
    page = lead.client.get(reverse("governance:committees")).content.decode()
    assert "People Participation Sub-Committee" in page
    assert "Ben Hughes" in page
    assert "Seats to fill" in page
    assert "1 seat is empty" in page
    assert "Service user member" in page
    assert "1 term ends in the next 90 days" in page
    page = lead.client.get(reverse("governance:committee", args=[sub.pk])).content.decode()
    assert "Term ends soon" in page
    assert "Vacant" in page
    assert "Advertise" in page


def test_participants_and_staff_cannot_see_committees(board, amara, staff):
    _board, sub, *_ = board
    assert amara.client.get(reverse("governance:committees")).status_code == 403
    assert staff.client.get(reverse("governance:committees")).status_code == 403
    assert staff.client.get(reverse("governance:committee", args=[sub.pk])).status_code == 403


def _advertise(lead, seat, trust):
    meets = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + TODAY(days=30), datetime.time(14)))
    return seat_advertise(
        seat=seat, unit=trust.mental_health, closes_on=timezone.localdate() + TODAY(days=14), meets_at=meets,
        actor=lead.user,
    )  # fmt: skip


def test_a_seat_is_filled_through_an_opportunity(board, lead, trust, ben, amara):
    _board, sub, carer_seat, _ = board
    url = reverse("governance:seat_advertise", args=[sub.pk, carer_seat.pk])
    in_a_fortnight = timezone.localdate() + TODAY(days=14)
    in_a_month = timezone.localdate() + TODAY(days=30)
    response = lead.client.post(
        url,
        {
            "unit": str(trust.mental_health.pk),
            "closes_on_day": str(in_a_fortnight.day),
            "closes_on_month": str(in_a_fortnight.month),
            "closes_on_year": str(in_a_fortnight.year),
            "meets_on_day": str(in_a_month.day),
            "meets_on_month": str(in_a_month.month),
            "meets_on_year": str(in_a_month.year),
            "meets_at": "2pm",
        },
    )
    assert response.status_code == 302
    carer_seat.refresh_from_db()
    advert = carer_seat.advert
    assert advert.kind.code == "board-committee"
    assert advert.places == 1
    assert advert.open_to == OpenTo.CARERS
    with pytest.raises(ValidationError, match="already being advertised"):
        _advertise(lead, carer_seat, trust)
    interest_express(opportunity=advert, person=ben.person, actor=ben.user)
    # Appointing needs someone chosen through the advert.
    with pytest.raises(ValidationError):
        term_appoint(seat=carer_seat, person=ben.person, starts_on=in_a_month, actor=lead.user)
    selection_make(opportunity=advert, chosen_ids=[ben.person.pk], actor=lead.user, tell_others=False, notify=False)
    appoint = reverse("governance:seat_appoint", args=[sub.pk, carer_seat.pk])
    assert "Ben Hughes" in lead.client.get(appoint).content.decode()
    response = lead.client.post(
        appoint,
        {
            "person": str(amara.person.pk),
            "starts_on_day": str(in_a_month.day),
            "starts_on_month": str(in_a_month.month),
            "starts_on_year": str(in_a_month.year),
        },
    )
    assert "Select one of the options" in response.content.decode()
    response = lead.client.post(
        appoint,
        {
            "person": str(ben.person.pk),
            "starts_on_day": str(in_a_month.day),
            "starts_on_month": str(in_a_month.month),
            "starts_on_year": str(in_a_month.year),
        },
    )
    assert response.status_code == 302
    term = SeatTerm.objects.get()
    assert term.person == ben.person
    assert term.opportunity == advert
    assert term.ends_on == add_months(in_a_month, 24) - TODAY(days=1)
    carer_seat.refresh_from_db()
    assert carer_seat.advert is None


def test_a_seat_holds_one_person_at_a_time_and_only_of_its_kind(board, lead, trust, ben, amara):
    _board, _sub, _carer_seat, su_seat = board
    advert = _advertise(lead, su_seat, trust)
    for person, user in ((amara.person, amara.user),):
        interest_express(opportunity=advert, person=person, actor=user)
    selection_make(opportunity=advert, chosen_ids=[amara.person.pk], actor=lead.user, tell_others=False, notify=False)
    start = timezone.localdate() + TODAY(days=30)
    other = PersonFactory(organisation=trust.organisation)
    _hold(su_seat, other, start - TODAY(days=100), start + TODAY(days=10))
    with pytest.raises(ValidationError, match="Someone holds the seat then"):
        term_appoint(seat=su_seat, person=amara.person, starts_on=start, actor=lead.user)
    with pytest.raises(ValidationError):
        term_appoint(seat=su_seat, person=ben.person, starts_on=start + TODAY(days=20), actor=lead.user)
    term = term_appoint(seat=su_seat, person=amara.person, starts_on=start + TODAY(days=11), actor=lead.user)
    assert term.ends_on == add_months(term.starts_on, 12) - TODAY(days=1)


def test_attendance_becomes_one_payable_involvement_record_per_meeting(board, lead, trust, ben):
    _board, sub, carer_seat, su_seat = board
    today = timezone.localdate()
    held_on = today - TODAY(days=3)
    _hold(carer_seat, ben.person, today - TODAY(days=100), today + TODAY(days=300))
    absent = PersonFactory(organisation=trust.organisation, full_name="Absent Person")
    _hold(su_seat, absent, today - TODAY(days=100), today + TODAY(days=300))
    meeting = meeting_create(
        committee=sub, held_on=held_on, papers_on=held_on - TODAY(days=7), hours=Decimal("2.5"), actor=lead.user
    )
    url = reverse("governance:meeting_attendance", args=[sub.pk, meeting.pk])
    page = lead.client.get(url).content.decode()
    assert "Ben Hughes (Carer member)" in page
    stranger = PersonFactory(organisation=trust.organisation)
    response = lead.client.post(url, {"attended": [str(stranger.pk)]})
    assert "Choose only from the people shown" in response.content.decode()
    assert not MeetingAttendance.objects.exists()
    assert lead.client.post(url, {"attended": [str(ben.person.pk)]}).status_code == 302
    record = InvolvementRecord.objects.get()
    assert record.person == ben.person
    assert record.hours == Decimal("2.5")
    assert record.payable
    assert record.source_type == InvolvementSource.COMMITTEE
    assert record.source_key == f"committee-meeting:{meeting.pk}"
    assert record.kind.code == "board-committee"
    assert record.date == held_on
    assert MeetingAttendance.objects.get(person=absent).attended is False
    with pytest.raises(ValidationError, match="already recorded"):
        meeting_attendance_record(meeting=meeting, attended_ids=[ben.person.pk], actor=lead.user)
    assert InvolvementRecord.objects.count() == 1
    page = ben.client.get(reverse("involvement:my_involvement")).content.decode()
    assert "People Participation Sub-Committee meeting" in page


def test_meetings_refuse_bad_dates_and_future_attendance(board, lead):
    _board, sub, *_ = board
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="papers date"):
        meeting_create(committee=sub, held_on=today, papers_on=today + TODAY(days=1), actor=lead.user)
    future = meeting_create(
        committee=sub, held_on=today + TODAY(days=10), papers_on=today + TODAY(days=3), actor=lead.user
    )
    with pytest.raises(ValidationError, match="on or after the day"):
        meeting_attendance_record(meeting=future, attended_ids=[], actor=lead.user)
    response = lead.client.post(
        reverse("governance:meeting_add", args=[sub.pk]),
        {"held_on_day": "1", "held_on_month": "13", "held_on_year": "2027", "hours": "13"},
    )
    page = response.content.decode()
    assert "Meeting date must be a real date" in page
    assert "Enter date the papers are sent" in page


def test_my_panels_shows_a_participants_seat(board, ben):
    _board, sub, carer_seat, _ = board
    today = timezone.localdate()
    _hold(carer_seat, ben.person, today - TODAY(days=10), today + TODAY(days=300))
    meeting_create(committee=sub, held_on=today + TODAY(days=9), papers_on=today + TODAY(days=2), actor=None)
    page = ben.client.get(reverse("governance:my_panels")).content.decode()
    assert "People Participation Sub-Committee" in page
    assert "Carer member" in page
    assert "Next meeting" in page


def test_the_committees_page_has_bounded_queries(trust, lead):
    today = timezone.localdate()
    url = reverse("governance:committees")

    def add_committees(first: int, count: int) -> None:
        for number in range(first, first + count):
            committee = committee_create(
                organisation=trust.organisation, name=f"Committee {number}", kind=CommitteeKind.QI_FORUM, actor=None
            )
            for seat_number in range(3):
                seat = seat_create(committee=committee, title=f"Seat {seat_number}", actor=None)
                person = PersonFactory(organisation=trust.organisation)
                _hold(seat, person, today - TODAY(days=5), today + TODAY(days=50))

    add_committees(0, 1)
    lead.client.get(url)
    with CaptureQueriesContext(connection) as one:
        lead.client.get(url)
    add_committees(1, 14)
    with CaptureQueriesContext(connection) as fifteen:
        page = lead.client.get(url).content.decode()
    assert len(fifteen) == len(one) <= 15
    assert "45 terms end in the next 90 days" in page


def test_leads_add_committees_and_seats_with_kind_errors(board, lead, staff):
    board_committee, *_ = board
    url = reverse("governance:committee_add")
    page = lead.client.post(url, {"name": "", "kind": "cabal"}).content.decode()
    assert "Enter the committee&#39;s name" in page
    assert "Select one of the options" in page
    page = lead.client.post(url, {"name": "trust board", "kind": "board"}).content.decode()
    assert "There is already a committee with this name" in page
    response = lead.client.post(
        url, {"name": "Carers' Steering Group", "kind": "steering_group", "reports_to": str(board_committee.pk)}
    )
    committee = board_committee.sub_committees.get(name="Carers' Steering Group")
    assert response.url == reverse("governance:committee", args=[committee.pk])
    seat_url = reverse("governance:seat_add", args=[committee.pk])
    page = lead.client.post(seat_url, {"title": "Carer member", "reserved_for": "carer", "term_months": "61"})
    assert "Enter a term of 60 months or fewer" in page.content.decode()
    lead.client.post(seat_url, {"title": "Carer member", "reserved_for": "carer", "term_months": "18"})
    seat = committee.seats.get()
    assert (seat.title, seat.reserved_for, seat.term_months) == ("Carer member", "carer", 18)
    page = lead.client.post(seat_url, {"title": "carer member", "reserved_for": "carer", "term_months": "18"})
    assert "already has a seat with this name" in page.content.decode()
    assert staff.client.get(url).status_code == 404
    assert staff.client.get(seat_url).status_code == 404
