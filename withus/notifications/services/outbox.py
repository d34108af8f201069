"""Writing messages into the outbox, inside the caller's transaction; the send task is enqueued on commit."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from withus.accounts.models import User
from withus.core.text import subject_line
from withus.notifications.models import (
    Channel,
    ContactPreference,
    Message,
    MessageKind,
    MessageStatus,
    MessageStatusChange,
)
from withus.notifications.services.preferences import address_for, preference_for, preferences_for
from withus.people.models import Person

# The order channels are tried in when neither of the person's choices can reach them.
FALLBACK_ORDER = (Channel.EMAIL, Channel.SMS, Channel.LETTER)
SENT_BY_GATEWAY = (Channel.EMAIL, Channel.SMS)
# notify_people: rows per INSERT and per read of keys and choices, and messages per send task.
BULK_SIZE = 1000
MESSAGES_PER_TASK = 100


class _SendBatch:
    """The messages written in one transaction, enqueued together once it commits: one short transaction for
    all their task rows instead of one commit each (10,000 reminders would otherwise be 10,000 commits).

    Each message registers its own on-commit callback, which enqueues it and every message written after it that
    is not enqueued yet; the callbacks after the first find nothing left to do. A message rolled back with its
    savepoint loses its callback (its id may still go with a neighbour's: the worker then finds no row)."""

    def __init__(self):
        self.message_ids: list[str] = []
        self.enqueued: set[str] = set()
        self.done = range(0)  # positions already enqueued by the last flush

    def add(self, message_id) -> None:
        position = len(self.message_ids)
        self.message_ids.append(str(message_id))
        transaction.on_commit(lambda: self.flush_from(position))

    def flush_from(self, position: int) -> None:
        if position in self.done:
            return
        from withus.notifications.tasks import send_message

        todo = [message_id for message_id in self.message_ids[position:] if message_id not in self.enqueued]
        self.enqueued.update(todo)
        self.done = range(position, len(self.message_ids))
        with transaction.atomic():
            for message_id in todo:
                send_message.enqueue(message_id)


def enqueue_send(message_id, *, run_after=None) -> None:
    """Ask a worker to send this message once the current transaction commits (never before: the worker would
    not see the row). A deferred retry is left for `notifications_recover` when the backend cannot defer."""
    if run_after is not None:
        transaction.on_commit(lambda: _enqueue_later(message_id, run_after))
        return
    connection = transaction.get_connection()
    batch = getattr(connection, "withus_send_batch", None)
    if batch is None or not connection.run_on_commit:  # nothing waiting: a new transaction, a new batch
        batch = _SendBatch()
        connection.withus_send_batch = batch
    batch.add(message_id)


def _enqueue_later(message_id, run_after) -> None:
    from withus.notifications.tasks import send_message

    if send_message.get_backend().supports_defer:
        send_message.using(run_after=run_after).enqueue(str(message_id))


def choose_channel(person: Person, preference: ContactPreference | None = None) -> tuple[str, str]:
    """The channel to use for this person, and why, when it is not their first choice."""
    preference = preference or preference_for(person)
    choices = [preference.first_choice, preference.second_choice]
    for position, channel in enumerate(choice for choice in choices if choice):
        if channel == Channel.LEAD_CALL or address_for(person, channel):
            note = (
                ""
                if position == 0
                else f"Their first choice ({preference.get_first_choice_display()}) cannot reach them"
            )
            return channel, note
    for channel in FALLBACK_ORDER:
        if address_for(person, channel):
            return channel, "Neither of their choices can reach them"
    return Channel.LEAD_CALL, "We have no e-mail address, mobile number or postal address for them"


def _history(message: Message, detail: str = "", actor: User | None = None) -> None:
    MessageStatusChange.objects.create(message=message, status=message.status, detail=detail[:500], changed_by=actor)


def notify_person(
    *,
    person: Person,
    template: str,
    kind: str,
    subject: str,
    body: str,
    idempotency_key: str,
    actor: User | None = None,
    personalisation: dict | None = None,
) -> Message:
    """Tell one person something, by the way they chose. Call it inside the transaction of the change that
    causes it: the row is written there and the send happens after the commit, on a worker.

    The same idempotency key never makes a second message: the first one is returned.
    """
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    message, detail = _new_message(
        person=person,
        preference=preference_for(person),
        template=template,
        kind=kind,
        notice=Notice(
            person=person,
            subject=subject,
            body=body,
            idempotency_key=idempotency_key,
            personalisation=personalisation or {},
        ),
        actor=actor,
    )
    message.save()
    _history(message, detail)
    if message.status == MessageStatus.QUEUED:
        enqueue_send(message.pk)
    return message


@dataclass(frozen=True)
class Notice:
    """What to tell one person, for `notify_people`."""

    person: Person
    subject: str
    body: str
    idempotency_key: str
    personalisation: dict = field(default_factory=dict)


def _new_message(
    *, person: Person, preference: ContactPreference, template: str, kind: str, notice: Notice, actor: User | None
) -> tuple[Message, str]:
    """The unsaved outbox row for one person (channel, address, status as their choices say) and the detail of
    its first status."""
    subject = subject_line(notice.subject)
    channel, note = choose_channel(person, preference)
    message = Message(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        template=template,
        subject=subject[:200],
        body=notice.body,
        personalisation={"subject": subject, "body": notice.body, **notice.personalisation},
        idempotency_key=notice.idempotency_key,
        created_by=actor if getattr(actor, "pk", None) else None,
        channel=channel,
        to_address=address_for(person, channel),
    )
    if not preference.wants(kind):
        message.status = MessageStatus.NOT_SENT
        return message, f"They asked not to get messages about {MessageKind(kind).label.lower()}"
    if channel in SENT_BY_GATEWAY:
        message.status = MessageStatus.QUEUED
        return message, note
    message.status = MessageStatus.FOR_STAFF
    todo = "A letter to print and post" if channel == Channel.LETTER else "A phone call for their lead to make"
    return message, f"{todo}. {note}".strip(". ") if note else todo


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def notify_people(*, notices: Sequence[Notice], template: str, kind: str, actor: User | None = None) -> list[Message]:
    """`notify_person` for many people at once (reminders to everyone with a place): the same rows, channels,
    statuses and idempotency keys, written with a few bulk queries instead of four per person, and sent by one
    task per MESSAGES_PER_TASK messages, enqueued when the caller's transaction commits.

    Returns one message per notice, in order: the one written earlier for a key already used, else the new one.
    A key repeated within `notices` makes one message. Run it inside the transaction of the change that causes it.
    Two runs at the same moment with the same keys: the unique key makes the second fail and roll back (nothing is
    sent twice); run it again and it finds the first run's messages.
    """
    notices = list(notices)
    keys = [notice.idempotency_key for notice in notices]
    found: dict[str, Message] = {}
    for chunk in _chunks(keys, BULK_SIZE):
        for message in Message.objects.filter(idempotency_key__in=chunk):
            found[message.idempotency_key] = message
    new_notices = list({n.idempotency_key: n for n in notices if n.idempotency_key not in found}.values())
    preferences = {}
    for chunk in _chunks([notice.person for notice in new_notices], BULK_SIZE):
        preferences.update(preferences_for(chunk))
    new_messages, history = [], []
    with transaction.atomic():
        for notice in new_notices:
            message, detail = _new_message(
                person=notice.person,
                preference=preferences[notice.person.pk],
                template=template,
                kind=kind,
                notice=notice,
                actor=actor,
            )
            new_messages.append(message)
            history.append(MessageStatusChange(message=message, status=message.status, detail=detail[:500]))
        Message.objects.bulk_create(new_messages, batch_size=BULK_SIZE)
        MessageStatusChange.objects.bulk_create(history, batch_size=BULK_SIZE)
        to_send = [str(message.pk) for message in new_messages if message.status == MessageStatus.QUEUED]
        if to_send:
            transaction.on_commit(lambda: _enqueue_batches(to_send))
    found.update((message.idempotency_key, message) for message in new_messages)
    return [found[key] for key in keys]


def _enqueue_batches(message_ids: list[str]) -> None:
    from withus.notifications.tasks import send_messages

    with transaction.atomic():
        for chunk in _chunks(message_ids, MESSAGES_PER_TASK):
            send_messages.enqueue(list(chunk))


def notify_user(
    *, user: User, template: str, subject: str, body: str, idempotency_key: str, actor: User | None = None
) -> Message | None:
    """Tell a member of staff something by e-mail (their sign-in address). Nothing when they have none."""
    if not user.email:
        return None
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    subject = subject_line(subject)
    message = Message.objects.create(
        organisation_id=user.organisation_id,
        user=user,
        channel=Channel.EMAIL,
        kind=MessageKind.ESSENTIAL,
        template=template,
        subject=subject[:200],
        body=body,
        personalisation={"subject": subject, "body": body},
        to_address=user.email,
        idempotency_key=idempotency_key,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _history(message)
    enqueue_send(message.pk)
    return message


TOLD_BY = {
    Channel.EMAIL: ("by e-mail", "by e-mail"),
    Channel.SMS: ("by text message", "by text message"),
    Channel.LETTER: ("will get a letter (in the letters to post)", "will get letters (in the letters to post)"),
    Channel.LEAD_CALL: ("needs a phone call from their lead", "need a phone call from their lead"),
}


def told_summary(messages: Iterable[Message | None]) -> str:
    """What actually happened, in words, for the page that caused the messages: who is told how."""
    messages = [message for message in messages if message is not None]
    if not messages:
        return "No one needed to be told."
    parts = []
    by_channel = Counter(message.channel for message in messages if message.status != MessageStatus.NOT_SENT)
    for channel in Channel.values:
        count = by_channel.get(channel)
        if not count:
            continue
        who = "1 person" if count == 1 else f"{count} people"
        single, plural = TOLD_BY[channel]
        verb = "" if channel in (Channel.LETTER, Channel.LEAD_CALL) else ("is told " if count == 1 else "are told ")
        parts.append(f"{who} {verb}{single if count == 1 else plural}")
    opted_out = sum(1 for message in messages if message.status == MessageStatus.NOT_SENT)
    if opted_out:
        parts.append(f"{opted_out} asked not to get these messages")
    return "; ".join(parts).capitalize() + "."
