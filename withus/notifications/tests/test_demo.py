"""The demo trust's messages, as the demo roles see them (issue 17's "done when")."""

import pytest
from django.test import Client
from django.urls import reverse

from withus.accounts.models import User
from withus.notifications.models import Channel, ContactPreference, Message, MessageKind, MessageStatus
from withus.notifications.services.outbox import notify_person
from withus.people.models import Person

pytestmark = pytest.mark.django_db


def _client(local_part: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local_part}@demo.withus.local"))
    return client


def test_ben_prefers_text_messages_and_chen_prefers_post(demo):
    ben = ContactPreference.objects.get(person__organisation=demo, person__full_name="Ben Hughes")
    chen = ContactPreference.objects.get(person__organisation=demo, person__full_name="Chen Li")
    assert (ben.first_choice, chen.first_choice) == (Channel.SMS, Channel.LETTER)
    assert chen.person.postal_address


def test_the_outbox_has_sent_delivered_failed_and_waiting_examples(demo):
    statuses = set(Message.objects.for_organisation(demo).values_list("status", flat=True))
    assert {MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.FOR_STAFF} <= statuses


def test_admin_sees_a_failed_message_and_sends_it_again(demo, django_capture_on_commit_callbacks):
    admin = _client("admin")
    page = admin.get(reverse("notifications:outbox") + "?status=failed").content.decode()
    assert "Your claim was paid" in page
    failed = Message.objects.get(idempotency_key="demo:failed-500")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("notifications:resend", kwargs={"message_id": failed.pk}))
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT


def test_ben_chooses_text_messages_and_his_next_reminder_goes_to_the_sms_endpoint(
    demo, fake_notify, django_capture_on_commit_callbacks
):
    ben = _client("ben")
    page = ben.get(reverse("notifications:my_contact")).content.decode()
    assert "How you hear from us" in page
    response = ben.post(
        reverse("notifications:my_contact"),
        {"first_choice": "sms", "second_choice": "email", "kinds": ["reminders"], "quiet_from": "", "quiet_until": ""},
    )
    assert response.status_code == 302
    person = Person.objects.get(organisation=demo, full_name="Ben Hughes")
    with django_capture_on_commit_callbacks(execute=True):
        notify_person(
            person=person,
            template="tests.reminder",
            kind=MessageKind.REMINDERS,
            subject="Tomorrow: sub-committee",
            body="A reminder that the sub-committee meets tomorrow at 4pm.",
            idempotency_key="tests.reminder:ben",
        )
    assert [(item["channel"], item["to"]) for item in fake_notify.accepted] == [("sms", "07700900456")]


def test_ben_sees_his_messages(demo):
    page = _client("ben").get(reverse("notifications:my_messages")).content.decode()
    assert "Tomorrow: People Participation sub-committee" in page


def test_lead_sees_letters_to_post_and_prints_chens(demo):
    lead = _client("lead")
    page = lead.get(reverse("notifications:outbox")).content.decode()
    # Chen's welcome, and the letters ideas queue for a teller who prefers post (issue 20).
    letters = Message.objects.filter(channel=Channel.LETTER, status=MessageStatus.FOR_STAFF).count()
    assert letters >= 2
    assert f"Letters to print and post: {letters}" in page
    letter = Message.objects.get(idempotency_key="demo:chen-welcome")
    pdf = lead.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert pdf.content.startswith(b"%PDF")
