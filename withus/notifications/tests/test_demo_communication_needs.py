"""The demo shows letters honouring communication needs (ADR 41, issue 26): someone who needs easy read has a
letter waiting that prints in easy read, and someone who reads braille has a letter whose page tells staff to
arrange a braille copy. Built once however often the demo is seeded."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from withus.accounts.models import User
from withus.demo.notifications_world import BRAILLE_LETTER, EASY_READ_LETTER, build_notifications
from withus.notifications.models import Message, MessageStatus
from withus.people.models import Person

pytestmark = pytest.mark.django_db


def _lead() -> Client:
    client = Client()
    client.force_login(User.objects.get(email="lead@demo.withus.local"))
    return client


def test_a_letter_to_someone_who_needs_easy_read_is_printed_in_easy_read(demo):
    letter = Message.objects.select_related("person").get(idempotency_key=EASY_READ_LETTER)
    assert letter.status == MessageStatus.FOR_STAFF
    assert "easy_read" in letter.person.communication_needs
    # Not one of the people the demo signs in as: their journeys read the standard pages.
    assert letter.person.full_name not in {"Amara Bello", "Ben Hughes", "Chen Li", "Winnie Osei"}
    lead = _lead()
    response = lead.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Easy read" in text.splitlines()
    assert "Your place at the reading panel" in text
    page = lead.get(reverse("notifications:detail", kwargs={"message_id": letter.pk})).content.decode()
    assert "printed in easy read" in page


def test_chen_still_reads_the_standard_pages(demo):
    assert "easy_read" not in Person.objects.get(organisation=demo, full_name="Chen Li").communication_needs


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
    def state():
        keyed = dict(
            Message.objects.filter(idempotency_key__in=[BRAILLE_LETTER, EASY_READ_LETTER]).values_list(
                "idempotency_key", "person_id"
            )
        )
        return Message.objects.count(), keyed

    before = state()
    assert len(before[1]) == 2
    assert build_notifications(trust=demo) == 0
    assert state() == before
