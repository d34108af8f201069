"""The outbox (one row per message, with its status history) and each person's choice of how to hear from us."""

from django.conf import settings
from django.db import models

from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter by post"
    LEAD_CALL = "lead_call", "A phone call from their lead"


class MessageKind(models.TextChoices):
    """What a message is about. A person may turn off the first three; the others always reach them."""

    OPPORTUNITIES = "opportunities", "Opportunities you may like"
    REMINDERS = "reminders", "Reminders about sessions"
    PAYMENTS = "payments", "Payments and claims"
    OUTCOMES = "outcomes", "What became of what you told us"
    ESSENTIAL = "essential", "About a place, booking or sign-in you asked for"


OPTIONAL_KINDS = (MessageKind.OPPORTUNITIES, MessageKind.REMINDERS, MessageKind.PAYMENTS)


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    FOR_STAFF = "for_staff", "Waiting for staff"  # a letter to print and post, or a call for the lead to make
    DONE_BY_STAFF = "done_by_staff", "Posted or phoned"
    NOT_SENT = "not_sent", "Not sent"  # they asked not to get this kind of message


# The to-do for a lead when a message could not be delivered: about the person, never shown to them.
COULD_NOT_REACH = "notifications.could_not_reach"
# A sign-in code by text message (ADR 34): sent at once, never held for quiet hours or retried later, its code
# forgotten once sent, and not listed on the person's Messages page.
SIGN_IN_CODE = "accounts.sign_in_code"


class MessageQuerySet(OrganisationQuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def failed(self):
        return self.filter(status=MessageStatus.FAILED)

    def for_staff_to_handle(self):
        return self.filter(status=MessageStatus.FOR_STAFF)

    def stuck_sending(self, before):
        return self.filter(status=MessageStatus.SENDING, updated_at__lt=before)

    def unread(self):
        """Messages to a person they have not yet seen on their Messages page (not those they asked not to get)."""
        return (
            self.filter(read_at__isnull=True, person__isnull=False)
            .exclude(status=MessageStatus.NOT_SENT)
            .exclude(template__in=(COULD_NOT_REACH, SIGN_IN_CODE))
        )

    def due(self, now):
        return self.filter(status=MessageStatus.QUEUED).filter(
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
        )


class Message(BaseModel):
    """One message to one person (or member of staff) by one channel. Written in the same transaction as the change
    that caused it; the send task sends it once, whatever happens to the worker (the idempotency key is unique and
    the row is the Notify reference)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    # Staff who are not in the register (an organiser told that a place is free) are reached by their account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=12, choices=Channel.choices)
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    template = models.CharField(max_length=80, help_text="What the message is, e.g. opportunities.selected")
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    personalisation = models.JSONField(default=dict, blank=True)
    # The address as it was when the message was written: an e-mail address, a mobile number or a postal address.
    to_address = models.TextField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    notify_id = models.CharField(max_length=64, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the person first saw it on their Messages page (/me/messages/): the header counts the unread ones.
    read_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "-created_at"], name="message_org_status"),
            models.Index(fields=["person", "-created_at"], name="message_person"),
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["notify_id"], name="message_notify_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.subject}"

    @property
    def audit_label(self) -> str:
        return f"Message {self.template} ({self.get_channel_display()})"


class MessageStatusChange(BaseModel):
    """One step in a message's life: immutable, with what happened."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="history")
    status = models.CharField(max_length=16, choices=MessageStatus.choices)
    detail = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.detail}".strip()


class ContactPreference(BaseModel):
    """How one person wants to hear from us: channels in order, quiet hours, the kinds they want. (Whether they
    need easy read is one of their communication needs, on the person: ADR 41.)"""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="contact_preference")
    first_choice = models.CharField(max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    second_choice = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    wants_opportunities = models.BooleanField(default=True)
    wants_reminders = models.BooleanField(default=True)
    wants_payments = models.BooleanField(default=True)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    # Set when a message to them failed for good (a wrong address or number), until their details change.
    address_problem = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Contact choices of {self.person_id}"

    @property
    def audit_label(self) -> str:
        return f"Contact choices of {self.person}"

    def wants(self, kind: str) -> bool:
        return {
            MessageKind.OPPORTUNITIES: self.wants_opportunities,
            MessageKind.REMINDERS: self.wants_reminders,
            MessageKind.PAYMENTS: self.wants_payments,
        }.get(kind, True)
