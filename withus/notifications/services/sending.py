"""Sending a message from the outbox once, retrying with back-off, recovering after a killed worker, and what
staff do with the outbox (re-send a failed message, mark a letter posted or a call made)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.notifications.gateway import SendError, Sent, get_gateway, missing_fields
from withus.notifications.models import (
    SIGN_IN_CODE,
    Channel,
    ContactPreference,
    Message,
    MessageKind,
    MessageStatus,
)
from withus.notifications.services.outbox import _history, enqueue_send

MAX_ATTEMPTS = 5
NOTIFY_STATUSES = {
    "delivered": MessageStatus.DELIVERED,
    "permanent-failure": MessageStatus.FAILED,
    "temporary-failure": MessageStatus.FAILED,
    "technical-failure": MessageStatus.FAILED,
}


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes after the attempt that failed, at most an hour."""
    return datetime.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def quiet_until(message: Message, now: datetime.datetime) -> datetime.datetime | None:
    """When the person's quiet hours end, if now is inside them; otherwise None."""
    preference = ContactPreference.objects.filter(person_id=message.person_id).first() if message.person_id else None
    if preference is None or preference.quiet_from is None or preference.quiet_until is None:
        return None
    local = timezone.localtime(now)
    start, end, time = preference.quiet_from, preference.quiet_until, local.time()
    inside = (start <= time < end) if start < end else (time >= start or time < end)
    if not inside:
        return None
    day = local.date() if time < end else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, end))


def _claim(message_id, now) -> Message | None:
    """Take the message for sending (queued → sending), or None when there is nothing to send now."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.QUEUED:
            return None  # sent already, or being sent: the same message never goes twice
        if message.next_attempt_at and message.next_attempt_at > now:
            enqueue_send(message.pk, run_after=message.next_attempt_at)
            return None
        missing = missing_fields(message.channel, message.personalisation)
        if missing:
            message.status = MessageStatus.FAILED
            message.last_error = f"The message is missing {', '.join(missing)}, so it was not sent"
            message.save()
            _history(message, message.last_error)
            return None
        if message.template != SIGN_IN_CODE and (held := quiet_until(message, now)):
            message.next_attempt_at = held
            message.save()
            _history(message, f"Held for their quiet hours until {timezone.localtime(held):%H:%M}")
            enqueue_send(message.pk, run_after=held)
            return None
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.save()
        _history(message, f"Attempt {message.attempts}")
        return message


def _deliver(message: Message) -> Sent:
    gateway = get_gateway()
    reference = str(message.pk)
    if message.channel == Channel.EMAIL:
        return gateway.send_email(to=message.to_address, personalisation=message.personalisation, reference=reference)
    return gateway.send_sms(to=message.to_address, personalisation=message.personalisation, reference=reference)


def message_send(*, message_id, now: datetime.datetime | None = None) -> Message | None:
    """Send one queued e-mail or text message through the gateway (the task's body). Safe to call twice."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        sent = _deliver(message)
    except SendError as error:
        return _failed(message, error, now)
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        message.status, message.notify_id, message.sent_at, message.last_error = (
            MessageStatus.SENT,
            sent.notify_id,
            now,
            "",
        )
        message.next_attempt_at = None
        _forget_code(message)
        message.save()
        _history(message, f"Accepted by the gateway ({sent.notify_id})")
    return message


def _forget_code(message: Message) -> None:
    """A sign-in code is kept only until the gateway has it: afterwards the row holds the wording without it."""
    if message.template == SIGN_IN_CODE:
        message.personalisation = {**message.personalisation, "body": message.body}


def _failed(message: Message, error: SendError, now: datetime.datetime) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        message.last_error = error.reason[:500]
        # A sign-in code is not retried later: the person is waiting for it now, so the page tells them it could not
        # be sent and they ask for a new one (ADR 34).
        if error.retryable and message.attempts < MAX_ATTEMPTS and message.template != SIGN_IN_CODE:
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = now + backoff(message.attempts)
            message.save()
            _history(message, f"{error.reason} – will try again at {timezone.localtime(message.next_attempt_at):%H:%M}")
            enqueue_send(message.pk, run_after=message.next_attempt_at)
            return message
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
        _forget_code(message)
        message.save()
        _history(
            message, error.reason if not error.retryable else f"{error.reason} – gave up after {message.attempts} tries"
        )
        if not error.retryable:
            _flag_address(message, error.reason)
    return message


def _flag_address(message: Message, reason: str) -> None:
    """A message that failed for good: the person's record shows it, and their lead is asked to phone them."""
    if message.person_id is None or message.channel == Channel.LEAD_CALL:
        return
    person = message.person
    ContactPreference.objects.filter(person=person).update(
        address_problem=f"{message.get_channel_display()} failed: {reason}"[:200]
    )
    Message.objects.create(
        organisation_id=message.organisation_id,
        person=person,
        channel=Channel.LEAD_CALL,
        kind=MessageKind.ESSENTIAL,
        template="notifications.could_not_reach",
        subject=f"Could not reach {person.full_name}",
        body=(
            f'Our {message.get_channel_display().lower()} "{message.subject}" to {person.full_name} could not be '
            f"delivered ({reason}). Please phone them, tell them what it said and check their contact details."
        ),
        to_address=person.phone or "No phone number recorded",
        idempotency_key=f"{message.idempotency_key}:could-not-reach",
        status=MessageStatus.FOR_STAFF,
    )


def messages_recover(*, stuck_for: datetime.timedelta, now: datetime.datetime | None = None) -> dict[str, int]:
    """After a worker was killed: a message left 'sending' is sent only if Notify has not already accepted it
    (asked by its reference), and every message due to be sent is queued for a worker again. Safe to run twice."""
    now = now or timezone.now()
    counts = {"already_accepted": 0, "requeued": 0}
    gateway = get_gateway()
    for message_id in Message.objects.stuck_sending(now - stuck_for).values_list("pk", flat=True):
        try:
            found = gateway.find_by_reference(str(message_id))
        except SendError:
            continue  # Notify cannot be asked now: leave it for the next run rather than risk a second send
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=message_id)
            if message.status != MessageStatus.SENDING:
                continue
            if found is not None:
                message.status, message.notify_id, message.sent_at = MessageStatus.SENT, found.notify_id, now
                _forget_code(message)
                message.save()
                _history(message, "Recovered: Notify had already accepted it")
                counts["already_accepted"] += 1
            elif message.template == SIGN_IN_CODE:
                _give_up_on_code(message)
            else:
                message.status = MessageStatus.QUEUED
                message.save()
                _history(message, "Recovered after the worker stopped: queued again")
    # A sign-in code that a stopped web process never sent is long expired: it is never sent late (ADR 34).
    stale_codes = Message.objects.due(now).filter(template=SIGN_IN_CODE, created_at__lt=now - stuck_for)
    for message_id in stale_codes.values_list("pk", flat=True):
        with transaction.atomic():
            _give_up_on_code(Message.objects.select_for_update().get(pk=message_id))
    for message_id in Message.objects.due(now).exclude(template=SIGN_IN_CODE).values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_send(message_id)
        counts["requeued"] += 1
    return counts


def _give_up_on_code(message: Message) -> None:
    message.status = MessageStatus.FAILED
    message.last_error = "The sign-in code was not sent before the process stopped; it has expired"
    _forget_code(message)
    message.save()
    _history(message, message.last_error)


@transaction.atomic
def message_resend(*, message: Message, actor: User, request=None) -> Message:
    """Try a failed message again (an administrator, after fixing the address or when Notify is back)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.FAILED:
        raise ValidationError("Only a message that failed can be sent again.")
    if message.template == SIGN_IN_CODE:
        raise ValidationError("A sign-in code is not sent again: its code is not kept. They can ask for a new one.")
    if message.person_id:
        from withus.notifications.services.preferences import address_for

        address = address_for(message.person, message.channel)
        if not address:
            raise ValidationError("Their details have no address for this way of contacting them. Add one first.")
        message.to_address = address
    message.status, message.attempts, message.next_attempt_at, message.last_error = MessageStatus.QUEUED, 0, None, ""
    message.save()
    _history(message, "Sent again by staff", actor)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=message, changed_fields=["status"])
    enqueue_send(message.pk)
    return message


@transaction.atomic
def message_mark_done(*, message: Message, actor: User, request=None) -> Message:
    """A letter was printed and posted, or the lead made the call."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.FOR_STAFF:
        raise ValidationError("This message is not waiting for staff.")
    message.status, message.sent_at = MessageStatus.DONE_BY_STAFF, timezone.now()
    message.save()
    done = "Letter printed and posted" if message.channel == Channel.LETTER else "Phone call made"
    _history(message, done, actor)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=message, changed_fields=["status"])
    return message


@transaction.atomic
def message_record_status(*, notify_id: str, reference: str, status: str) -> Message | None:
    """A delivery receipt from Notify's callback: delivered, or failed for good (the lead is then told)."""
    new_status = NOTIFY_STATUSES.get(status)
    if new_status is None:
        raise ValidationError(f"Unknown status {status!r}")
    message = Message.objects.select_for_update().filter(notify_id=notify_id).first() if notify_id else None
    if message is None and reference:
        try:
            message = Message.objects.select_for_update().filter(pk=reference).first()
        except ValidationError:
            message = None
    if message is None or message.status not in (MessageStatus.SENT, MessageStatus.SENDING):
        return message
    message.status = new_status
    if new_status == MessageStatus.FAILED:
        message.last_error = f"Notify: {status}"
    message.save()
    _history(message, f"Notify says {status}")
    if status == "permanent-failure":
        _flag_address(message, "the address or number does not work")
    return message
