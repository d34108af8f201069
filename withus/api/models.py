"""API tokens: what another system of the trust (the data warehouse, Power BI) uses to reach /api/v1/.

A token belongs to one organisation and carries scopes, an optional expiry and an optional list of projects.
Only a SHA-256 digest of its secret is stored (the secret is shown once, when it is made); the first characters
(`prefix`) are kept in clear so a request finds its token with one indexed lookup before the digest is compared
in constant time. Revoking is final, with who and when.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from withus.core.models import BaseModel


class Scope(models.TextChoices):
    MEASURES_READ = "measures:read", "Read measures and their SPC results"
    MEASURES_WRITE = "measures:write", "Push data points into measures"
    INVOLVEMENT_READ = "involvement:read", "Read the extract of involvement records"
    PAYMENTS_READ = "payments:read", "Read the extract of paid claims"


class ApiTokenQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    # "wu_" and 8 characters of the secret: enough to find the token, far too few to guess the rest.
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)  # hex SHA-256 of the whole secret
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Empty: every project of the trust. Otherwise only these projects' measures are read or written.
    projects = models.ManyToManyField("improvement.Project", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="apitoken_org_created")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"API token {self.name} ({self.prefix})"[:200]

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])
