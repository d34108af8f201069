"""Background tasks (the django.tasks API, ADR 23). Arguments are ids, never objects."""

from django_tasks import task

from withus.notifications.services.sending import message_send


@task()
def send_message(message_id: str) -> str:
    """Send one message from the outbox. Retries are written into `message_send` (it re-enqueues with back-off)."""
    message = message_send(message_id=message_id)
    return message.status if message is not None else "nothing to send"


@task()
def send_messages(message_ids: list[str]) -> dict[str, int]:
    """Send a batch of messages from the outbox (written by `notify_people`), one after another. Each is sent at
    most once (`message_send` claims it first), so a batch re-run after a killed worker sends only what is left."""
    counts: dict[str, int] = {}
    for message_id in message_ids:
        message = message_send(message_id=message_id)
        status = message.status if message is not None else "nothing to send"
        counts[status] = counts.get(status, 0) + 1
    return counts
