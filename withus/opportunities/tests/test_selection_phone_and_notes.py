"""The selection page shows the note each person wrote, and staff can record a place confirmed by phone."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.opportunities.models import ConfirmedHow, ResponseStatus
from withus.opportunities.services.interest import interest_confirm, interest_confirm_by_phone
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory


def test_selection_page_shows_the_note_written_with_the_interest(trust, opportunity, lead):
    person = PersonFactory(organisation=trust.organisation, full_name="Nia Notes")
    ResponseFactory(opportunity=opportunity, person=person, message="I can only come after 2pm.")
    page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk])).content.decode()
    assert "Their note: “I can only come after 2pm.”" in page


def test_lead_records_a_place_confirmed_by_phone(trust, opportunity, lead):
    person = PersonFactory(organisation=trust.organisation, full_name="Pat Phone")
    response = ResponseFactory(opportunity=opportunity, person=person, status=ResponseStatus.SELECTED, place_number=1)
    url = reverse("opportunities:confirmed_by_phone", args=[opportunity.pk])
    page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk])).content.decode()
    assert "They confirmed by phone" in page
    answer = lead.client.post(url, {"person": str(person.pk)}, follow=True)
    assert "Recorded that Pat Phone confirmed their place by phone." in answer.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.CONFIRMED
    assert response.confirmed_how == ConfirmedHow.PHONE
    assert response.confirmed_recorded_by == lead.user
    audits = AuditEntry.objects.filter(object_id=str(response.pk)).values_list("actor_id", "changed_fields")
    assert (lead.user.pk, ["confirmed_how", "status"]) in list(audits)
    again = lead.client.post(url, {"person": str(person.pk)}, follow=True).content.decode()
    assert "Pat Phone has already confirmed their place." in again
    assert "They confirmed by phone" not in again
    assert "Pat Phone: place confirmed (by phone)" in again


def test_phone_confirmation_needs_an_offered_place(trust, opportunity, lead):
    person = PersonFactory(organisation=trust.organisation, full_name="Ivy Interested")
    response = ResponseFactory(opportunity=opportunity, person=person)
    with pytest.raises(ValidationError, match="has not been offered a place"):
        interest_confirm_by_phone(response=response, actor=lead.user)
    url = reverse("opportunities:confirmed_by_phone", args=[opportunity.pk])
    for bad in ({"person": str(person.pk)}, {"person": "not-an-id"}, {}):
        lead.client.post(url, bad)
    response.refresh_from_db()
    assert response.status == ResponseStatus.INTERESTED
    page = lead.client.post(url, {"person": "not-an-id"}, follow=True).content.decode()
    assert "Choose someone who has been offered a place." in page


def test_phone_confirmation_is_only_for_the_opportunity_named(trust, opportunity, lead):
    other = OpportunityFactory(organisation=trust.organisation, kind=opportunity.kind, unit=trust.willow)
    person = PersonFactory(organisation=trust.organisation)
    response = ResponseFactory(opportunity=other, person=person, status=ResponseStatus.SELECTED, place_number=1)
    lead.client.post(reverse("opportunities:confirmed_by_phone", args=[opportunity.pk]), {"person": str(person.pk)})
    response.refresh_from_db()
    assert response.status == ResponseStatus.SELECTED


def test_confirming_online_is_recorded_as_such(trust, opportunity, amara):
    response = ResponseFactory(
        opportunity=opportunity, person=amara.person, status=ResponseStatus.SELECTED, place_number=1
    )
    interest_confirm(response=response, actor=amara.user)
    response.refresh_from_db()
    assert response.confirmed_how == ConfirmedHow.ONLINE
    assert response.confirmed_recorded_by is None
