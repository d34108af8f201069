"""Opportunities read payments: the rate shown up-front, limit warnings at selection, and claimed records kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.accounts.models import Role
from withus.involvement.models import InvolvementRecord
from withus.opportunities.models import ResponseStatus
from withus.opportunities.services.attendance import attendance_record
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.payments.models.preferences import EarningsLimit
from withus.payments.services.approvals import claim_void
from withus.payments.services.claims import claim_create
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def panel(trust, kind):
    return OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, places=3)


def test_the_rate_is_shown_up_front(amara, panel, rate):
    ResponseFactory(opportunity=panel, person=amara.person)
    detail = amara.client.get(reverse("opportunities:detail", args=[panel.pk])).content.decode()
    assert "£20 an hour" in detail
    listing = amara.client.get(reverse("opportunities:list")).content.decode()
    assert "Payment: £20 an hour" in listing


def test_without_a_rate_the_written_description_is_shown(amara, panel):
    detail = amara.client.get(reverse("opportunities:detail", args=[panel.pk])).content.decode()
    assert "£25 an hour" in detail  # the factory's payment description


def test_selection_warns_about_limits_with_bounded_queries(
    trust, panel, rate, make_user, signed_in, django_assert_max_num_queries
):
    lead = signed_in(make_user(Role.PARTICIPATION_LEAD))
    people = [PersonFactory(organisation=trust.organisation) for _ in range(12)]
    for person in people:
        ResponseFactory(opportunity=panel, person=person)
    near = people[0]
    EarningsLimit.objects.create(
        organisation=trust.organisation,
        person=near,
        benefit="ESA permitted earnings",
        period="week",
        amount=Decimal(30),
    )
    url = reverse("opportunities:selection", args=[panel.pk])
    lead.get(url)  # warm caches
    with django_assert_max_num_queries(40):
        page = lead.get(url).content.decode()
    assert page.count("Would go over a payment limit") == 1
    assert "over the £30.00 limit set for ESA permitted earnings" in page
    # The same number of queries with twice as many people waiting.
    for _ in range(12):
        ResponseFactory(opportunity=panel, person=PersonFactory(organisation=trust.organisation))
    with django_assert_max_num_queries(40):
        lead.get(url)


def test_selected_person_sees_their_own_warning(trust, amara, panel, rate):
    EarningsLimit.objects.create(
        organisation=trust.organisation,
        person=amara.person,
        benefit="Carer's Allowance",
        period="week",
        amount=Decimal(20),
    )
    response = ResponseFactory(opportunity=panel, person=amara.person)
    detail = amara.client.get(reverse("opportunities:detail", args=[panel.pk])).content.decode()
    assert "This payment could take you over a limit you set" in detail  # before selection, while interested
    response.status, response.place_number = ResponseStatus.SELECTED, 1
    response.save()
    detail = amara.client.get(reverse("opportunities:detail", args=[panel.pk])).content.decode()
    assert "This payment could take you over a limit you set" in detail


def test_attendance_cannot_be_corrected_once_claimed(trust, amara, kind, rate, make_user):
    lead = make_user(Role.PARTICIPATION_LEAD)
    past = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="past")
    ResponseFactory(opportunity=past, person=amara.person, status=ResponseStatus.SELECTED, place_number=1)
    session = past.sessions.get()
    attendance_record(session=session, person=amara.person, outcome="attended", hours="2", actor=lead)
    record = InvolvementRecord.objects.get(person=amara.person)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    with pytest.raises(ValidationError, match="on a payment claim"):
        attendance_record(session=session, person=amara.person, outcome="did_not_attend", hours="0", actor=lead)
    with pytest.raises(ValidationError, match="on a payment claim"):
        attendance_record(session=session, person=amara.person, outcome="attended", hours="1", actor=lead)
    assert InvolvementRecord.objects.get(pk=record.pk).hours == Decimal("2.00")
    # Once the claim is cancelled the hours can be corrected, but the record is kept for the payment history.
    claim_void(claim=claim, reason="Wrong hours", actor=amara.user)
    attendance_record(session=session, person=amara.person, outcome="attended", hours="1", actor=lead)
    assert InvolvementRecord.objects.get(pk=record.pk).hours == Decimal("1.00")
    with pytest.raises(ValidationError, match="kept for the payment records"):
        attendance_record(session=session, person=amara.person, outcome="did_not_attend", hours="0", actor=lead)
    assert InvolvementRecord.objects.filter(pk=record.pk).exists()
