"""Attendance after each session; every attended session becomes one involvement record."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.opportunities.models import Attendance
from withus.opportunities.services.attendance import attendance_record, session_source_key
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def held(trust, kind, lead):
    """A session that has happened, with Amara-like and Ben-like people selected and one person not selected."""
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="past")
    chosen = [PersonFactory(organisation=trust.organisation, full_name=name) for name in ("Ada One", "Bo Two")]
    waiting = PersonFactory(organisation=trust.organisation, full_name="Cy Three")
    for person in [*chosen, waiting]:
        ResponseFactory(opportunity=opportunity, person=person)
    selection_make(
        opportunity=opportunity, chosen_ids=[person.pk for person in chosen], actor=lead.user, tell_others=False
    )
    return opportunity, opportunity.sessions.get(), chosen, waiting


def _url(opportunity, session):
    return reverse("opportunities:attendance", args=[opportunity.pk, session.pk])


def test_attended_session_becomes_an_involvement_record(lead, held):
    opportunity, session, (ada, bo), _ = held
    response = lead.client.post(
        _url(opportunity, session),
        {
            f"outcome_{ada.pk}": "attended",
            f"hours_{ada.pk}": "2.5",
            f"outcome_{bo.pk}": "did_not_attend",
            f"hours_{bo.pk}": "",
        },
    )
    assert response.status_code == 302
    record = InvolvementRecord.objects.get()
    assert (record.person, record.hours, record.kind, record.unit) == (
        ada,
        Decimal("2.5"),
        opportunity.kind,
        opportunity.unit,
    )
    assert record.source_key == session_source_key(session)
    assert record.source_type == InvolvementSource.OPPORTUNITY
    assert record.source_label == opportunity.title
    assert record.payable
    assert Attendance.objects.get(person=bo).outcome == "did_not_attend"


def test_recording_again_keeps_one_record_and_follows_the_change(lead, held):
    _opportunity, session, (ada, _), _ = held
    for hours in ("2", "1.5"):
        attendance_record(session=session, person=ada, outcome="attended", hours=hours, actor=lead.user)
    assert InvolvementRecord.objects.get().hours == Decimal("1.5")
    attendance_record(session=session, person=ada, outcome="cancelled_by_trust", hours=0, actor=lead.user)
    assert not InvolvementRecord.objects.exists()
    assert Attendance.objects.get().outcome == "cancelled_by_trust"


def test_attendance_for_someone_not_selected_is_refused(lead, held):
    opportunity, session, _, waiting = held
    with pytest.raises(ValidationError, match="was not selected"):
        attendance_record(session=session, person=waiting, outcome="attended", hours=2, actor=lead.user)
    # The form only offers selected people; a forged field for someone else is ignored.
    response = lead.client.post(
        _url(opportunity, session), {f"outcome_{waiting.pk}": "attended", f"hours_{waiting.pk}": "2"}
    )
    assert "Select what happened for at least one person" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Enter hours of more than 0"),
        ("-1", "Enter hours of more than 0"),
        ("12.5", "Enter 12 hours or fewer for one session"),
        ("lots", "Enter hours as a number, like 2 or 2.5"),
        ("NaN", "Enter hours as a number, like 2 or 2.5"),
        ("1.333", "no more than 2 decimal places"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_half_saved(lead, held, hours, message):
    opportunity, session, (ada, bo), _ = held
    response = lead.client.post(
        _url(opportunity, session),
        {
            f"outcome_{ada.pk}": "attended",
            f"hours_{ada.pk}": "2",
            f"outcome_{bo.pk}": "attended",
            f"hours_{bo.pk}": hours,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "for Bo Two" in html
    assert "<title>Error:" in html
    assert not Attendance.objects.exists()
    assert not InvolvementRecord.objects.exists()


def test_twelve_hours_is_allowed(lead, held):
    _, session, (ada, _), _ = held
    attendance_record(session=session, person=ada, outcome="attended", hours="12", actor=lead.user)
    assert InvolvementRecord.objects.get().hours == 12


def test_unknown_outcome_is_refused(lead, held):
    _, session, (ada, _), _ = held
    with pytest.raises(ValidationError):
        attendance_record(session=session, person=ada, outcome="maybe", hours=2, actor=lead.user)


def test_future_session_cannot_have_attendance(lead, trust, kind):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow)
    person = PersonFactory(organisation=trust.organisation)
    ResponseFactory(opportunity=opportunity, person=person)
    selection_make(opportunity=opportunity, chosen_ids=[person.pk], actor=lead.user)
    with pytest.raises(ValidationError, match="once the session has started"):
        attendance_record(
            session=opportunity.sessions.get(), person=person, outcome="attended", hours=2, actor=lead.user
        )


def test_participant_cannot_record_attendance(amara, held):
    opportunity, session, _, _ = held
    assert amara.client.get(_url(opportunity, session)).status_code == 404
