"""Issue 17: people are told by the way they chose, and the page says who was told how (never "by e-mail" for
someone who chose post)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from withus.notifications.gateway import LocalGateway
from withus.notifications.models import Channel, ContactPreference, Message, MessageStatus
from withus.opportunities.models import ResponseStatus, Session
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_texts_left_over():
    LocalGateway.texts.clear()
    yield
    LocalGateway.texts.clear()


def test_selection_tells_each_person_their_way_and_the_page_says_so(
    lead, trust, kind, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, places=1)
    ben = PersonFactory(organisation=trust.organisation, full_name="Ben Hughes", phone="07700 900456")
    ContactPreference.objects.create(organisation=trust.organisation, person=ben, first_choice=Channel.SMS)
    chen = PersonFactory(organisation=trust.organisation, full_name="Chen Li", postal_address="2 Marsh Lane, E2 2BB")
    ContactPreference.objects.create(organisation=trust.organisation, person=chen, first_choice=Channel.LETTER)
    amara = PersonFactory(organisation=trust.organisation, full_name="Amara Bello")
    for person in (ben, chen, amara):
        ResponseFactory(opportunity=opportunity, person=person)
    url = reverse("opportunities:selection", args=[opportunity.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.client.post(url, {"chosen": [str(amara.pk)], "suggested": ""}, follow=True)
    page = response.content.decode()
    assert "1 person has been offered a place." in page
    assert "1 person is told by e-mail; 1 person is told by text message; 1 person will get a letter" in page
    assert "told by e-mail." not in page.replace("1 person is told by e-mail;", "")
    assert [message.to for message in mail.outbox] == [[amara.email]]
    assert [text["to"] for text in LocalGateway.texts] == ["07700900456"]
    letter = Message.objects.get(person=chen)
    assert (letter.channel, letter.status) == (Channel.LETTER, MessageStatus.FOR_STAFF)


def test_the_interest_page_promises_the_persons_own_way(amara, trust, kind):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow)
    amara.person.phone = "07700 900123"
    amara.person.save()
    ContactPreference.objects.create(organisation=trust.organisation, person=amara.person, first_choice=Channel.SMS)
    response = amara.client.post(
        reverse("opportunities:interest", args=[opportunity.pk]), {"message": "", "access_needs": ""}, follow=True
    )
    assert "We will tell you by text message after" in response.content.decode()


def test_people_with_a_place_are_reminded_the_day_before(trust, kind, django_capture_on_commit_callbacks):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="none")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    start = tomorrow.replace(hour=14, minute=0, second=0, microsecond=0)
    Session.objects.create(
        organisation=trust.organisation,
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    placed = PersonFactory(organisation=trust.organisation)
    ResponseFactory(opportunity=opportunity, person=placed, status=ResponseStatus.CONFIRMED, place_number=1)
    ResponseFactory(opportunity=opportunity, person=PersonFactory(organisation=trust.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", verbosity=0)
        call_command("send_reminders", verbosity=0)
    assert [message.to for message in mail.outbox] == [[placed.email]]
    assert f"Tomorrow: {opportunity.title}" in mail.outbox[0].subject
