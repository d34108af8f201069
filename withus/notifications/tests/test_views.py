"""The pages: contact choices (own and by a lead), the messages a person was sent, the outbox for staff (re-send a
failed message, letters to post, calls to make) and Notify's delivery-receipt callback."""

import json

import pytest
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.notifications.models import Channel, ContactPreference, Message, MessageStatus
from withus.notifications.tests.factories import MessageFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _choices(**changes):
    data = {"first_choice": "sms", "second_choice": "email", "kinds": ["reminders"], "quiet_from": "9pm"}
    data["quiet_until"] = "8am"
    data.update(changes)
    return data


def test_a_participant_chooses_text_messages(amara):
    amara.person.phone = "07700 900123"
    amara.person.save()
    response = amara.client.post(reverse("notifications:my_contact"), _choices())
    assert response.status_code == 302
    preference = ContactPreference.objects.get(person=amara.person)
    assert (preference.first_choice, preference.second_choice) == (Channel.SMS, Channel.EMAIL)
    assert (preference.wants_reminders, preference.wants_opportunities) == (True, False)
    assert preference.quiet_from.hour == 21
    assert AuditEntry.objects.filter(object_id=str(preference.pk), action=AuditAction.CREATE).exists()
    page = amara.client.get(reverse("notifications:my_contact")).content.decode()
    assert 'value="sms" checked' in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"first_choice": ""}, "Choose how you would like to hear from us"),
        ({"first_choice": "pigeon"}, "Choose one of the options"),
        ({"quiet_from": "25pm"}, "Quiet hours start must be a real time"),
        ({"quiet_until": ""}, "Enter both times for quiet hours, or neither"),
        ({"first_choice": "letter"}, "There is no postal address in the details"),
    ],
)
def test_bad_choices_show_an_error_and_save_nothing(amara, changes, error):
    amara.person.phone = "07700 900123"
    amara.person.postal_address = ""
    amara.person.save()
    response = amara.client.post(reverse("notifications:my_contact"), _choices(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert error in page
    assert not ContactPreference.objects.filter(person=amara.person).exists()


def test_a_lead_sets_choices_for_someone_on_the_phone(lead, trust):
    person = PersonFactory(organisation=trust.organisation, postal_address="1 High Street, London E1 1AA")
    url = reverse("notifications:person_contact", kwargs={"person_id": person.pk})
    assert lead.client.get(url).status_code == 200
    response = lead.client.post(url, _choices(first_choice="letter", second_choice="", kinds=[]))
    assert response.status_code == 302
    preference = ContactPreference.objects.get(person=person)
    assert (preference.first_choice, preference.updated_by) == (Channel.LETTER, lead.user)
    assert AuditEntry.objects.filter(object_id=str(preference.pk), actor=lead.user).exists()


def test_a_participant_cannot_reach_someone_elses_choices(amara, trust):
    other = PersonFactory(organisation=trust.organisation)
    url = reverse("notifications:person_contact", kwargs={"person_id": other.pk})
    assert amara.client.get(url).status_code == 404


def test_a_person_sees_the_messages_sent_to_them_and_no_one_elses(amara, ben):
    MessageFactory(person=amara.person, subject="Your place on the panel", status=MessageStatus.SENT)
    MessageFactory(person=ben.person, subject="Your session reminder", status=MessageStatus.SENT)
    page = amara.client.get(reverse("notifications:my_messages")).content.decode()
    assert "Your place on the panel" in page
    assert "reminder" not in page


def test_the_outbox_lists_a_failed_message_and_an_administrator_sends_it_again(
    admin_client, amara, django_capture_on_commit_callbacks
):
    failed = MessageFactory(person=amara.person, status=MessageStatus.FAILED, last_error="Notify answered 500")
    page = admin_client.get(reverse("notifications:outbox") + "?status=failed").content.decode()
    assert "About your place" in page
    assert "1 message" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("notifications:resend", kwargs={"message_id": failed.pk}))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT
    assert "Sent again by staff" in [change.detail for change in failed.history.all()]
    assert AuditEntry.objects.filter(object_id=str(failed.pk), action=AuditAction.UPDATE).exists()


def test_only_a_failed_message_can_be_sent_again(admin_client, amara):
    sent = MessageFactory(person=amara.person, status=MessageStatus.SENT)
    response = admin_client.post(reverse("notifications:resend", kwargs={"message_id": sent.pk}), follow=True)
    assert "Only a message that failed can be sent again." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == MessageStatus.SENT


def test_a_letter_is_printed_as_a_pdf_and_marked_posted(lead, trust):
    person = PersonFactory(organisation=trust.organisation, postal_address="1 High Street\nLondon E1 1AA")
    letter = MessageFactory(
        person=person, channel=Channel.LETTER, status=MessageStatus.FOR_STAFF, to_address=person.postal_address
    )
    pdf = lead.client.get(reverse("notifications:letter", kwargs={"message_id": letter.pk}))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    lead.client.post(reverse("notifications:done", kwargs={"message_id": letter.pk}))
    letter.refresh_from_db()
    assert letter.status == MessageStatus.DONE_BY_STAFF


def test_an_email_has_no_letter_to_print(lead, amara):
    message = MessageFactory(person=amara.person)
    assert lead.client.get(reverse("notifications:letter", kwargs={"message_id": message.pk})).status_code == 404


def test_another_trusts_message_is_not_found(admin_client):
    elsewhere = MessageFactory(person=PersonFactory())
    assert admin_client.get(reverse("notifications:detail", kwargs={"message_id": elsewhere.pk})).status_code == 404


CALLBACK_TOKEN = "test-callback-token"


def _receipt(client, body, token=CALLBACK_TOKEN):
    return client.post(
        reverse("notifications:callback"),
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_delivery_receipt_marks_the_message_delivered(client, amara):
    message = MessageFactory(person=amara.person, status=MessageStatus.SENT, notify_id="abc-123")
    response = _receipt(client, {"id": "abc-123", "reference": str(message.pk), "status": "delivered"})
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_a_permanent_failure_receipt_flags_the_person_and_asks_their_lead_to_call(client, amara):
    message = MessageFactory(person=amara.person, status=MessageStatus.SENT, notify_id="abc-123")
    ContactPreference.objects.create(organisation=amara.person.organisation, person=amara.person)
    _receipt(client, {"id": "abc-123", "reference": str(message.pk), "status": "permanent-failure"})
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert ContactPreference.objects.get(person=amara.person).address_problem
    assert Message.objects.filter(channel=Channel.LEAD_CALL, person=amara.person).count() == 1


@pytest.mark.parametrize(
    ("body", "token", "status"),
    [
        ({"id": "abc-123", "status": "delivered"}, "wrong", 403),
        ({"id": "abc-123", "status": "delivered"}, "", 403),
        ({"id": "abc-123", "status": "exploded"}, "test-callback-token", 400),
        ({"id": "nope", "reference": "not-a-uuid", "status": "delivered"}, "test-callback-token", 404),
    ],
)
def test_bad_receipts_are_refused_and_change_nothing(client, amara, body, token, status):
    message = MessageFactory(person=amara.person, status=MessageStatus.SENT, notify_id="abc-123")
    assert _receipt(client, body, token).status_code == status
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
