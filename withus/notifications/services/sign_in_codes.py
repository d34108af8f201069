"""Sign-in codes by text message (issue 17, ADR 34): written to the outbox like any message and sent through the
same gateway, but at once, as soon as the request's transaction commits: the person is at the screen waiting."""

import uuid

from django.db import transaction

from withus.accounts.models import User
from withus.notifications.models import SIGN_IN_CODE, Channel, Message, MessageKind, MessageStatus
from withus.notifications.services.outbox import _history
from withus.notifications.services.sending import message_send
from withus.people.models import Person


def sign_in_code_text(*, code: str, minutes: int, reauthentication: bool = False) -> str:
    """The text message. The code comes first, so phones can offer to fill it in."""
    what = "code to confirm it is you" if reauthentication else "sign-in code"
    return (
        f"{code} is your WithUs {what}. It works for {minutes} minutes. "
        "Do not give it to anyone: we will never ask you for it."
    )


def sign_in_code_write(*, user: User, phone: str, code: str, minutes: int, reauthentication: bool = False) -> Message:
    """The outbox row for one code. Its body, which staff can read, never holds the code; only the personalisation
    the gateway sends does, until it is sent (sending then forgets it)."""
    person = Person.objects.filter(user=user).only("pk", "organisation_id").first()
    organisation_id = person.organisation_id if person is not None else user.organisation_id
    body = "A WithUs sign-in code (the code itself is not kept here)."
    if reauthentication:
        body = "A WithUs code to confirm it is them (the code itself is not kept here)."
    message = Message.objects.create(
        organisation_id=organisation_id,
        person=person,
        user=user,
        channel=Channel.SMS,
        kind=MessageKind.ESSENTIAL,
        template=SIGN_IN_CODE,
        subject="Your WithUs sign-in code",
        body=body,
        personalisation={
            "subject": "Your WithUs sign-in code",
            "body": sign_in_code_text(code=code, minutes=minutes, reauthentication=reauthentication),
        },
        to_address=phone,
        idempotency_key=f"{SIGN_IN_CODE}:{uuid.uuid4()}",
        status=MessageStatus.QUEUED,
    )
    _history(message, "A sign-in code: sent at once")
    return message


def sign_in_code_send_now(message_id, on_result=None) -> Message | None:
    """Send the code now (called once the request's transaction has committed) and say whether it went."""
    message = message_send(message_id=message_id)
    if on_result is not None:
        on_result(message is not None and message.status == MessageStatus.SENT)
    return message


def sign_in_code_by_text(
    *, user: User, phone: str, code: str, minutes: int, reauthentication: bool = False, on_result=None
) -> Message:
    message = sign_in_code_write(user=user, phone=phone, code=code, minutes=minutes, reauthentication=reauthentication)
    transaction.on_commit(lambda: sign_in_code_send_now(message.pk, on_result))
    return message
