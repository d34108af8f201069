"""Writing many messages at once (reminders): the same rows as one by one, a few queries, one task per batch."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from withus.notifications.models import Channel, Message, MessageKind, MessageStatus, MessageStatusChange
from withus.notifications.services import outbox
from withus.notifications.services.outbox import Notice, notify_people
from withus.notifications.services.preferences import PreferenceValues, contact_preference_update
from withus.people.models import ContactMethod
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _notices(people, prefix="reminder"):
    return [
        Notice(
            person=person, subject="Tomorrow", body=f"Dear {person.full_name}", idempotency_key=f"{prefix}:{person.pk}"
        )
        for person in people
    ]


def _write(notices, kind=MessageKind.REMINDERS):
    return notify_people(notices=notices, template="tests.reminder", kind=kind)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def send(notices, kind=MessageKind.REMINDERS):
        with django_capture_on_commit_callbacks(execute=True):
            return _write(notices, kind)

    return send


def test_each_person_gets_one_message_by_their_chosen_channel(trust, admin_user, send):
    by_email = PersonFactory(organisation=trust.organisation, email="amara@example.org")
    by_post = PersonFactory(
        organisation=trust.organisation, postal_address="1 High Street", preferred_contact=ContactMethod.LETTER
    )
    by_phone = PersonFactory(organisation=trust.organisation, preferred_contact=ContactMethod.PHONE)
    no_reminders = PersonFactory(organisation=trust.organisation, email="ben@example.org")
    contact_preference_update(
        person=no_reminders,
        values=PreferenceValues(first_choice=Channel.EMAIL, wants_reminders=False),
        actor=admin_user,
    )

    messages = send(_notices([by_email, by_post, by_phone, no_reminders]))
    for message in messages:
        message.refresh_from_db()

    assert [(m.person, m.channel, m.status) for m in messages] == [
        (by_email, Channel.EMAIL, MessageStatus.SENT),  # tests send immediately once the transaction commits
        (by_post, Channel.LETTER, MessageStatus.FOR_STAFF),
        (by_phone, Channel.LEAD_CALL, MessageStatus.FOR_STAFF),
        (no_reminders, Channel.EMAIL, MessageStatus.NOT_SENT),
    ]
    assert [sent.to for sent in mail.outbox] == [["amara@example.org"]]
    assert messages[1].to_address == "1 High Street"
    first = {change.message_id: change.detail for change in MessageStatusChange.objects.filter(status="for_staff")}
    assert first[messages[1].pk] == "A letter to print and post"
    assert MessageStatusChange.objects.get(message=messages[3]).detail.startswith("They asked not to get")


def test_the_same_key_never_makes_a_second_message(trust, send):
    people = PersonFactory.create_batch(3, organisation=trust.organisation)
    first = send(_notices(people))
    again = send(_notices(people) + _notices(people[:1]))  # twice in one call, and all three already written

    assert Message.objects.count() == 3
    assert [m.pk for m in again] == [m.pk for m in first] + [first[0].pk]
    assert len(mail.outbox) == 3


def test_queries_do_not_grow_with_the_number_of_people(trust, django_capture_on_commit_callbacks):
    few = PersonFactory.create_batch(3, organisation=trust.organisation)
    many = PersonFactory.create_batch(30, organisation=trust.organisation)
    counts = []
    for group in (few, many):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False),
        ):
            _write(_notices(group))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 8


def test_one_task_per_batch_of_messages(trust, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(outbox, "MESSAGES_PER_TASK", 2)
    enqueued = []
    from types import SimpleNamespace

    from withus.notifications import tasks

    monkeypatch.setattr(tasks, "send_messages", SimpleNamespace(enqueue=enqueued.append))
    people = PersonFactory.create_batch(5, organisation=trust.organisation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        messages = _write(_notices(people))
        assert enqueued == []  # nothing before the commit: a worker would not see the rows
    for callback in callbacks:
        callback()
    assert enqueued == [[str(m.pk) for m in messages[:2]], [str(m.pk) for m in messages[2:4]], [str(messages[4].pk)]]


def test_a_rolled_back_transaction_writes_and_sends_nothing(trust):
    from django.db import transaction

    people = PersonFactory.create_batch(2, organisation=trust.organisation)

    def write_then_fail():
        with transaction.atomic():
            _write(_notices(people))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_the_batch_task_sends_each_message_once(trust, send):
    from withus.notifications.tasks import send_messages

    people = PersonFactory.create_batch(2, organisation=trust.organisation)
    messages = send(_notices(people))
    assert len(mail.outbox) == 2
    result = send_messages.call([str(m.pk) for m in messages])  # a batch re-run after a killed worker
    assert result == {"nothing to send": 2}
    assert len(mail.outbox) == 2
