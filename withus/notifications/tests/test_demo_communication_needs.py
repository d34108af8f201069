"""The demo shows letters honouring communication needs (ADR 41, issue 26): Chen, who asked for easy read, has a
welcome letter waiting that prints in easy read, and someone who reads braille has a letter whose page tells staff
to arrange a braille copy. Built once however often the demo is seeded."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from withus.accounts.models import User
from withus.demo.notifications_world import BRAILLE_LETTER, build_notifications
from withus.notifications.models import Message, MessageStatus
from withus.people.models import Person

pytestmark = pytest.mark.django_db


def _lead() -> Client:
    client = Client()
    client.force_login(User.objects.get(email="lead@demo.withus.local"))
    return client


def test_chens_letter_is_printed_in_easy_read(demo):
    chen = Person.objects.get(organisation=demo, full_name="Chen Li")
    assert "easy_read" in chen.communication_needs
    letter = Message.objects.get(idempotency_key="demo:chen-welcome")
    response = _lead().get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Easy read" in text.splitlines()
    assert "Welcome to WithUs" in text


def test_a_letter_to_someone_who_reads_braille_is_flagged_for_staff(demo):
    letter = Message.objects.select_related("person").get(idempotency_key=BRAILLE_LETTER)
    assert letter.status == MessageStatus.FOR_STAFF
    assert letter.to_address
    assert "braille" in letter.person.communication_needs
    lead = _lead()
    page = lead.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "Needs braille: arrange a braille copy before sending" in page
    outbox = lead.get(reverse("notifications:outbox") + "?status=for_staff&channel=letter").content.decode()
    assert "Needs braille: arrange a braille copy before sending" in outbox


def test_building_the_messages_again_adds_nothing(demo):
    before = (Message.objects.count(), Message.objects.get(idempotency_key=BRAILLE_LETTER).person_id)
    assert build_notifications(trust=demo) == 0
    assert (Message.objects.count(), Message.objects.get(idempotency_key=BRAILLE_LETTER).person_id) == before
