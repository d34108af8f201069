"""One gateway in front of every way a message leaves WithUs (ADR 23).

- `NotifyGateway`: GOV.UK Notify through its Python client. Message wording lives in our templates; Notify holds
  one generic template per channel with `((subject))` and `((body))` placeholders.
- `LocalGateway`: for local runs and tests. E-mails go through Django's e-mail backend (the console in
  development, `mail.outbox` in tests); text messages are written to the log and kept in `LocalGateway.texts`.

Which one is used: `NOTIFY_GATEWAY` ("notify" or "local"); "notify" whenever `NOTIFY_API_KEY` is set.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from withus.core.phone import uk_mobile  # noqa: F401 - where the register, the outbox and their tests find it
from withus.core.text import subject_line

logger = logging.getLogger(__name__)

# Notify's generic templates need exactly these fields, so a message that lacks one is refused before sending.
REQUIRED_FIELDS = {"email": ("subject", "body"), "sms": ("body",)}
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}


class SendError(Exception):
    """A send that did not work. `retryable`: try again later (Notify busy or down); otherwise it failed for good."""

    def __init__(self, reason: str, *, retryable: bool, status_code: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.status_code = status_code


@dataclass(frozen=True)
class Sent:
    notify_id: str


def missing_fields(channel: str, personalisation: dict) -> list[str]:
    return [name for name in REQUIRED_FIELDS.get(channel, ()) if not str(personalisation.get(name, "")).strip()]


class Gateway(Protocol):
    def send_email(self, *, to: str, personalisation: dict, reference: str) -> Sent: ...

    def send_sms(self, *, to: str, personalisation: dict, reference: str) -> Sent: ...

    def find_by_reference(self, reference: str) -> Sent | None: ...


class NotifyGateway:
    def __init__(self, *, api_key: str, base_url: str = "", timeout: int = 30):
        from notifications_python_client.notifications import NotificationsAPIClient

        kwargs = {"base_url": base_url} if base_url else {}
        self.client = NotificationsAPIClient(api_key, timeout=timeout, **kwargs)

    def _call(self, function, **kwargs) -> dict:
        from notifications_python_client.errors import APIError

        try:
            return function(**kwargs)
        except APIError as error:
            status = error.status_code
            raise SendError(
                f"GOV.UK Notify answered {status}: {error.message}"[:500],
                retryable=status in RETRYABLE_STATUSES,
                status_code=status,
            ) from error

    def send_email(self, *, to: str, personalisation: dict, reference: str) -> Sent:
        answer = self._call(
            self.client.send_email_notification,
            email_address=to,
            template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation=personalisation,
            reference=reference,
        )
        return Sent(notify_id=answer["id"])

    def send_sms(self, *, to: str, personalisation: dict, reference: str) -> Sent:
        answer = self._call(
            self.client.send_sms_notification,
            phone_number=to,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation=personalisation,
            reference=reference,
        )
        return Sent(notify_id=answer["id"])

    def find_by_reference(self, reference: str) -> Sent | None:
        """Whether Notify already accepted a message with this reference (asked before re-sending one that was
        left 'sending' by a worker that was killed)."""
        answer = self._call(self.client.get_all_notifications, reference=reference)
        found = answer.get("notifications") or []
        return Sent(notify_id=found[0]["id"]) if found else None


class LocalGateway:
    texts: list[dict] = []

    def send_email(self, *, to: str, personalisation: dict, reference: str) -> Sent:
        send_mail(subject_line(f"WithUs: {personalisation['subject']}"), personalisation["body"], None, [to])
        return Sent(notify_id=f"local-{reference}")

    def send_sms(self, *, to: str, personalisation: dict, reference: str) -> Sent:
        LocalGateway.texts.append({"to": to, "body": personalisation["body"], "reference": reference})
        logger.info("Text message to %s: %s", to, personalisation["body"])
        return Sent(notify_id=f"local-{reference}")

    def find_by_reference(self, reference: str) -> Sent | None:
        return None


_CLIENTS: dict[tuple[str, str], NotifyGateway] = {}


def get_gateway() -> Gateway:
    """The gateway the settings choose. Notify's client is kept per key and address, so a worker reuses its
    HTTP connections from one message to the next."""
    if settings.NOTIFY_GATEWAY == "notify":
        key = (settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL)
        if key not in _CLIENTS:
            _CLIENTS[key] = NotifyGateway(api_key=settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
        return _CLIENTS[key]
    return LocalGateway()
