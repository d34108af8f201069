"""Sending through the real GOV.UK Notify client against a fake Notify on 127.0.0.1: success, retries with
back-off, failures for good, a worker killed mid-send, quiet hours and bad messages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from withus.notifications.gateway import NotifyGateway, SendError, uk_mobile
from withus.notifications.models import Channel, ContactPreference, Message, MessageStatus
from withus.notifications.services.sending import MAX_ATTEMPTS, backoff, message_send, messages_recover
from withus.notifications.tests.factories import MessageFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def person(trust):
    return PersonFactory(organisation=trust.organisation, email="amara@example.org", phone="07700 900123")


def test_an_email_goes_to_notify_with_the_generic_template_and_its_reference(fake_notify, person):
    message = MessageFactory(person=person)
    message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    [accepted] = fake_notify.accepted
    assert accepted["to"] == "amara@example.org"
    assert accepted["reference"] == str(message.pk)
    assert accepted["personalisation"] == {"subject": "About your place", "body": "Dear Amara,\n\nYou have a place."}
    assert message.notify_id == accepted["id"]


def test_a_text_message_goes_to_the_sms_endpoint(fake_notify, person):
    message = MessageFactory(person=person, channel=Channel.SMS, to_address="07700900123")
    message_send(message_id=message.pk)
    assert [(item["channel"], item["to"]) for item in fake_notify.accepted] == [("sms", "07700900123")]


def test_sending_twice_sends_once(fake_notify, person):
    message = MessageFactory(person=person)
    message_send(message_id=message.pk)
    message_send(message_id=message.pk)
    assert len(fake_notify.accepted) == 1


@pytest.mark.parametrize("status", [429, 500])
def test_notify_busy_or_down_is_retried_with_back_off_never_lost(fake_notify, person, status):
    message = MessageFactory(person=person)
    fake_notify.answer_next(status)
    now = timezone.now()
    message_send(message_id=message.pk, now=now)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.next_attempt_at == now + backoff(1)
    assert str(status) in message.last_error
    # Too early: nothing is sent.
    message_send(message_id=message.pk, now=now + datetime.timedelta(seconds=10))
    assert fake_notify.accepted == []
    message_send(message_id=message.pk, now=now + backoff(1))
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    assert len(fake_notify.accepted) == 1


def test_back_off_doubles_and_stops_at_an_hour():
    assert [backoff(attempt).total_seconds() / 60 for attempt in (1, 2, 3, 4, 10)] == [1, 2, 4, 8, 60]


def test_it_gives_up_after_the_last_try(fake_notify, person):
    message = MessageFactory(person=person)
    now = timezone.now()
    fake_notify.answer_next(*[500] * MAX_ATTEMPTS)
    for attempt in range(MAX_ATTEMPTS):
        message_send(message_id=message.pk, now=now + datetime.timedelta(hours=attempt))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "gave up after 5 tries" in message.history.last().detail
    assert fake_notify.accepted == []


@pytest.mark.parametrize("status", [400, 403])
def test_a_refusal_fails_for_good_flags_the_record_and_asks_the_lead_to_call(fake_notify, person, status):
    ContactPreference.objects.create(organisation=person.organisation, person=person, first_choice=Channel.EMAIL)
    message = MessageFactory(person=person)
    fake_notify.answer_next(status)
    message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert ContactPreference.objects.get(person=person).address_problem.startswith("E-mail failed")
    call = Message.objects.get(channel=Channel.LEAD_CALL)
    assert call.status == MessageStatus.FOR_STAFF
    assert "could not be delivered" in call.body


def test_a_message_missing_a_field_is_refused_before_sending_and_named(fake_notify, person):
    message = MessageFactory(person=person, personalisation={"body": "Hello"})
    message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == "The message is missing subject, so it was not sent"
    assert fake_notify.accepted == []


def test_quiet_hours_hold_a_message_until_morning(fake_notify, person):
    ContactPreference.objects.create(
        organisation=person.organisation,
        person=person,
        quiet_from=datetime.time(21),
        quiet_until=datetime.time(8),
    )
    message = MessageFactory(person=person, channel=Channel.SMS, to_address="07700900123")
    late = datetime.datetime(2026, 12, 4, 22, 30, tzinfo=LONDON)
    message_send(message_id=message.pk, now=late)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert timezone.localtime(message.next_attempt_at) == datetime.datetime(2026, 12, 5, 8, 0, tzinfo=LONDON)
    assert fake_notify.accepted == []
    message_send(message_id=message.pk, now=message.next_attempt_at)
    assert len(fake_notify.accepted) == 1


def test_a_bad_token_is_refused_by_the_fake(fake_notify, settings):
    gateway = NotifyGateway(api_key="withus_test-" + "0" * 36 + "-" + "1" * 36, base_url=fake_notify.base_url)
    with pytest.raises(SendError) as error:
        gateway.send_email(to="a@example.org", personalisation={"subject": "s", "body": "b"}, reference="r")
    assert error.value.status_code == 403
    assert not error.value.retryable


def test_a_killed_worker_is_recovered_without_a_second_send(fake_notify, person):
    """One message was accepted by Notify before the worker died, one was not: recovery sends only the second."""
    stale = timezone.now() - datetime.timedelta(minutes=30)
    accepted = MessageFactory(person=person, status=MessageStatus.SENDING, attempts=1)
    lost = MessageFactory(person=person, status=MessageStatus.SENDING, attempts=1)
    Message.objects.filter(pk__in=[accepted.pk, lost.pk]).update(updated_at=stale)
    fake_notify.accepted.append(
        {"id": "notify-1", "reference": str(accepted.pk), "channel": "email", "to": person.email}
    )
    counts = messages_recover(stuck_for=datetime.timedelta(minutes=10))
    assert counts["already_accepted"] == 1
    accepted.refresh_from_db()
    lost.refresh_from_db()
    assert (accepted.status, accepted.notify_id) == (MessageStatus.SENT, "notify-1")
    assert lost.status == MessageStatus.QUEUED
    message_send(message_id=lost.pk)
    messages_recover(stuck_for=datetime.timedelta(minutes=10))  # safe to run twice
    references = [item["reference"] for item in fake_notify.accepted]
    assert sorted(references) == sorted([str(accepted.pk), str(lost.pk)])


def test_the_database_worker_sends_what_was_enqueued(
    fake_notify, person, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections that are not in autocommit, as the test's own connection never is (PostgreSQL).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    from withus.notifications.services.outbox import notify_person

    with django_capture_on_commit_callbacks(execute=True):
        notify_person(
            person=person,
            template="tests.example",
            kind="essential",
            subject="Hello",
            body="Hello there",
            idempotency_key="worker-test",
        )
    assert fake_notify.accepted == []  # waiting for a worker
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [item["personalisation"]["body"] for item in fake_notify.accepted] == ["Hello there"]
    assert Message.objects.get().status == MessageStatus.SENT


@pytest.mark.parametrize(
    ("typed", "mobile"),
    [("07700 900123", "07700900123"), ("+44 7700 900123", "07700900123"), ("020 7946 0000", ""), ("0770090", "")],
)
def test_only_uk_mobile_numbers_get_text_messages(typed, mobile):
    assert uk_mobile(typed) == mobile
