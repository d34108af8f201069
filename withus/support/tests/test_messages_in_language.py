"""Issue 26: an involvement agreement to read and a debrief offer reach the person in the language of their sign-in,
when their trust offers it, naming the pages as they read in that language."""

import pytest
from django.utils import timezone

from withus.accounts.models import Role
from withus.notifications.models import Message
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory
from withus.support import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_user):
    return make_user(Role.PARTICIPATION_LEAD)


@pytest.fixture
def polish(trust, make_user):
    trust.organisation.languages_offered = ["pl"]
    trust.organisation.save(update_fields=["languages_offered"])
    user = make_user(Role.PARTICIPANT, email="piotr@example.org", language="pl")
    return PersonFactory(organisation=trust.organisation, user=user, full_name="Piotr Nowak", kind=PersonKind.CARER)


def test_an_agreement_to_read_and_a_debrief_in_polish(polish, lead):
    services.agreement_create(
        person=polish,
        role="QI team member",
        details={"what_the_role_involves": "Team member", "time_commitment": "2 hours a month"},
        actor=lead,
    )
    services.debrief_offer(
        person=polish, occasion_key="panel:1", occasion_label="an interview panel", occasion_on=timezone.localdate()
    )
    agreement = Message.objects.get(person=polish, template="support/agreement_to_agree")
    assert agreement.subject == "Twoje porozumienie o udziale jest gotowe do przeczytania"
    assert agreement.body.startswith("Twoje porozumienie o udziale (QI team member) jest gotowe.")
    assert "przejdź do 'Twoje porozumienie o udziale'" in agreement.body
    debrief = Message.objects.get(person=polish, template="support/debrief_offered")
    assert debrief.subject == "Czy chcesz rozmowy podsumowującej?"
    assert debrief.body.startswith("Dziękujemy za udział: an interview panel.")
    assert "przejdź do 'Twoje wsparcie'" in debrief.body


def test_english_for_someone_with_no_sign_in(trust):
    trust.organisation.languages_offered = ["pl"]
    trust.organisation.save(update_fields=["languages_offered"])
    person = PersonFactory(organisation=trust.organisation, full_name="Nia Noone")
    services.debrief_offer(
        person=person, occasion_key="panel:1", occasion_label="an interview panel", occasion_on=timezone.localdate()
    )
    message = Message.objects.get(person=person)
    assert message.subject == "Would you like a debrief?"
    assert message.body.startswith("Thank you for taking part in an interview panel. Some people find it helps")
