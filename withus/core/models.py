"""Shared model foundations and the append-only audit log."""

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID keys (no guessable sequences in URLs) and creation/update timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a row that is append-only."""


def _refusal(model, doing: str) -> ImmutableRecordError:
    rows = str(model._meta.verbose_name_plural).capitalize()  # noqa: SLF001 - Django's documented model metadata
    return ImmutableRecordError(f"{rows} are append-only: they cannot be {doing}.")


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes and deletions of append-only rows."""

    def update(self, **kwargs):
        raise _refusal(self.model, "changed")

    def delete(self):
        raise _refusal(self.model, "deleted")


class AppendOnlyModel(models.Model):
    """Rows written once and never changed or deleted: the audit log, payment history, the ledger.

    The ORM refuses here (save of an existing row, delete, and the queryset's update and delete); below it,
    each table has database triggers that refuse UPDATE and DELETE (core and payments migrations 0002)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _refusal(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refusal(type(self), "deleted")


class AuditQuerySet(AppendOnlyQuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    EXPORT = "export", "Exported"


class AuditEntry(AppendOnlyModel):
    """One thing that happened: who, when, what, to which object, from where. Append-only.

    Below the ORM, database triggers (migration 0002) refuse UPDATE and DELETE on this table.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as typed at the time, so the entry still reads correctly if the account changes later.
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"], name="audit_org_time"),
            models.Index(fields=["organisation", "action", "-occurred_at"], name="audit_org_action_time"),
            models.Index(fields=["organisation", "object_type", "object_id"], name="audit_org_object"),
            models.Index(fields=["organisation", "actor_email"], name="audit_org_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} {self.object_id} by {self.actor_email}"


class SubmissionKey(models.Model):
    """A form's one-time key: a second submission of the same form finds the first result, not a duplicate."""

    key = models.UUIDField(primary_key=True)
    organisation_id = models.UUIDField(null=True, blank=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"
