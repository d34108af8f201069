"""Withdrawing "being contacted about opportunities" has effects (issue 14 item 4)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.opportunities.models import ExpressionOfInterest, Opportunity, ResponseStatus
from withus.opportunities.selection import candidates, suggest_fairly
from withus.opportunities.services.interest import NOT_CONTACTED_REASON, ineligibility_reason, interest_express
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory
from withus.people.models import ConsentTopic
from withus.people.services import person_record_consent
from withus.people.tests.factories import ConsentStatementFactory


@pytest.fixture
def contact_wording(trust):
    return ConsentStatementFactory(organisation=trust.organisation, topic=ConsentTopic.CONTACT)


def _withdraw(participant):
    participant.client.post(reverse("people:me_consent_withdraw", args=["contact"]))


def test_withdrawing_ends_open_interests_with_a_note_and_keeps_places(amara, ben, lead, opportunity, contact_wording):
    person_record_consent(person=amara.person, topic="contact", agreed=True, actor=lead.user)
    other = OpportunityFactory(organisation=opportunity.organisation, kind=opportunity.kind, unit=opportunity.unit)
    interested = interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    placed = interest_express(opportunity=other, person=amara.person, actor=amara.user)
    selection_make(opportunity=other, chosen_ids=[amara.person.pk], actor=lead.user)
    bens = interest_express(opportunity=opportunity, person=ben.person, actor=ben.user)
    _withdraw(amara)
    interested.refresh_from_db()
    assert interested.status == ResponseStatus.WITHDRAWN
    assert "withdrew their agreement to be contacted about opportunities" in interested.decision_reason
    audit = AuditEntry.objects.filter(object_id=str(interested.pk)).latest("occurred_at")
    assert audit.changed_fields == ["decision_reason", "status"]
    placed.refresh_from_db()
    assert placed.status == ResponseStatus.SELECTED  # a place already offered stays; the lead sees the flag
    bens.refresh_from_db()
    assert bens.status == ResponseStatus.INTERESTED  # nobody else is touched


def test_after_withdrawing_no_opportunity_is_offered(amara, opportunity, lead, contact_wording):
    person_record_consent(person=amara.person, topic="contact", agreed=True, actor=lead.user)
    listed = amara.client.get(reverse("opportunities:list"))
    assert opportunity.title in listed.content.decode()
    _withdraw(amara)
    assert not Opportunity.objects.open_for_interest().eligible_for(amara.person).exists()
    following = OpportunityFactory(organisation=opportunity.organisation, kind=opportunity.kind, unit=opportunity.unit)
    assert not Opportunity.objects.open_for_interest().eligible_for(amara.person).filter(pk=following.pk).exists()
    page = amara.client.get(reverse("opportunities:list")).content.decode()
    assert opportunity.title not in page
    assert following.title not in page  # nor the next one posted
    assert "You asked us not to contact you about opportunities" in page
    assert ineligibility_reason(opportunity, amara.person) == NOT_CONTACTED_REASON
    with pytest.raises(ValidationError, match="asked us not to contact you"):
        interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    response = amara.client.post(reverse("opportunities:interest", args=[opportunity.pk]), {"message": "Please"})
    assert not ExpressionOfInterest.objects.filter(person=amara.person, status=ResponseStatus.INTERESTED).exists()
    assert response.status_code in (200, 404)


def test_agreeing_again_offers_them_again(amara, opportunity, lead, contact_wording):
    person_record_consent(person=amara.person, topic="contact", agreed=True, actor=lead.user)
    _withdraw(amara)
    person_record_consent(person=amara.person, topic="contact", agreed=True, actor=lead.user)
    assert Opportunity.objects.open_for_interest().eligible_for(amara.person).filter(pk=opportunity.pk).exists()


def test_never_asked_is_not_the_same_as_withdrawn(amara, opportunity):
    assert ineligibility_reason(opportunity, amara.person) == ""


def test_selection_marks_them_and_never_offers_them_a_new_place(amara, ben, lead, opportunity, contact_wording):
    for participant in (amara, ben):
        person_record_consent(person=participant.person, topic="contact", agreed=True, actor=lead.user)
        interest_express(opportunity=opportunity, person=participant.person, actor=participant.user)
    # The lead records the withdrawal she told them about by phone.
    person_record_consent(person=amara.person, topic="contact", agreed=False, actor=lead.user)
    # Her interest was ended; put it back (as an older record would be) to show the selection page marks her.
    ExpressionOfInterest.objects.filter(person=amara.person).update(status=ResponseStatus.INTERESTED)
    rows = candidates(opportunity)
    amaras = next(row for row in rows if row.person_id == amara.person.pk)
    assert amaras.not_to_be_contacted
    assert amaras.ineligible_reason == "Asked not to be contacted about opportunities"
    assert [row.person_id for row in suggest_fairly(opportunity, rows)] == [ben.person.pk]
    page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk])).content.decode()
    assert "Do not contact about opportunities" in page
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="asked not to be contacted"):
        selection_make(opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user)
    assert mail.outbox == []


def test_a_lead_expressing_interest_for_someone_needs_their_agreement_and_leaves_one_record(amara, lead, opportunity):
    from withus.people.models import OnBehalfAction

    with pytest.raises(ValidationError, match="agreed to you doing this"):
        interest_express(opportunity=opportunity, person=amara.person, actor=lead.user)
    assert not ExpressionOfInterest.objects.exists()
    response = interest_express(opportunity=opportunity, person=amara.person, actor=lead.user, person_agreed=True)
    action = OnBehalfAction.objects.get()
    assert (action.person, action.actor, action.object_id) == (amara.person, lead.user, str(response.pk))
    assert action.what == f"Said they are interested in {opportunity.title}"
