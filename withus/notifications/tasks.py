"""Background tasks (the django.tasks API, ADR 23). Arguments are ids, never objects."""

from django_tasks import task

from withus.notifications.services.sending import message_send


@task()
def send_message(message_id: str) -> str:
    """Send one message from the outbox. Retries are written into `message_send` (it re-enqueues with back-off)."""
    message = message_send(message_id=message_id)
    return message.status if message is not None else "nothing to send"
