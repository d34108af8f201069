"""Issue 17: someone given a sign-in from the register is told, by the way they chose, through the outbox."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from withus.accounts.models import Role
from withus.notifications.gateway import LocalGateway
from withus.notifications.models import Channel, Message
from withus.people.models import ContactMethod
from withus.people.services import person_give_sign_in
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_given_a_sign_in_they_are_told_how_to_sign_in_once(trust, make_user, django_capture_on_commit_callbacks):
    lead = make_user(Role.PARTICIPATION_LEAD, full_name="Priya Shah")
    person = PersonFactory(organisation=trust.organisation, email="amara@example.org", preferred_name="Amara")
    with django_capture_on_commit_callbacks(execute=True):
        person_give_sign_in(person=person, actor=lead)
        person_give_sign_in(person=person, actor=lead)  # already has one: nothing new, nothing sent
    [sent] = mail.outbox
    assert sent.to == ["amara@example.org"]
    assert sent.subject == "WithUs: You can now sign in to WithUs"
    assert "Priya Shah has given you a WithUs sign-in" in sent.body
    assert "(amara@example.org)" in sent.body
    assert Message.objects.get().template == "people.sign_in_given"


def test_someone_who_chose_text_messages_gets_a_text(trust, make_user, django_capture_on_commit_callbacks):
    person = PersonFactory(
        organisation=trust.organisation,
        email="ben@example.org",
        phone="07700 900123",
        preferred_contact=ContactMethod.TEXT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        person_give_sign_in(person=person, actor=make_user(Role.PARTICIPATION_LEAD))
    assert Message.objects.get().channel == Channel.SMS
    assert [text["to"] for text in LocalGateway.texts] == ["07700900123"]
    assert mail.outbox == []


def test_no_sign_in_given_means_no_message(trust, make_user):
    person = PersonFactory(organisation=trust.organisation, email="", phone="")  # neither e-mail nor mobile
    with pytest.raises(ValidationError):
        person_give_sign_in(person=person, actor=make_user(Role.PARTICIPATION_LEAD))
    assert not Message.objects.exists()
