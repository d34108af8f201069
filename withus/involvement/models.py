"""The one log of involvement: kinds of involvement and involvement records, which payments and reports read.

Every feature adds, corrects and removes records only through `withus.involvement.services` (ADR 18; a lint in
`make lint` refuses writes anywhere else), and names each occasion with `source_key(...)`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet

# The longest one occasion of involvement can be.
MAX_SESSION_HOURS = 12


class InvolvementKindQuerySet(OrganisationQuerySet):
    def active(self):
        return self.filter(is_active=True)


class InvolvementKind(BaseModel):
    """A kind of involvement (reference data per trust, kept by administrators)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    # Used by payments to choose the rate and the finance code.
    payment_activity_code = models.CharField(max_length=20)
    # What people are told they will be paid, until the payments rate card exists: data, never code.
    payment_description = models.CharField(max_length=200, blank=True)
    # Shown to people; the learning pathway checks the trainings an opportunity requires.
    required_training = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = InvolvementKindQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="involvement_kind_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class InvolvementSource(models.TextChoices):
    """What an involvement record came from. Later features add their own values here."""

    OPPORTUNITY = "opportunity", "Opportunity"
    PROJECT = "project", "QI project"
    COMMITTEE = "committee", "Committee"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


def source_key(kind: str, object_id) -> str:
    """The key of one occasion (`opportunity-session:<id>`, `committee-meeting:<id>`, `training-session:<id>`):
    a person has at most one record per key, whichever feature made it. Every feature builds its keys here."""
    if not kind or ":" in kind:
        raise ValueError(f"A source key kind is a plain word, not {kind!r}")
    return f"{kind}:{object_id}"


class InvolvementRecordQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def locked(self):
        return self.filter(locked_at__isnull=False)

    def unlocked(self):
        return self.filter(locked_at__isnull=True)


class InvolvementRecord(BaseModel):
    """One entry of someone taking part: the unit that is paid and reported. Every feature adds here.

    Each source says what the record came from with `source_type`, `source_id` (for a link) and
    `source_label`, without a foreign key, so this app never needs to know them. `source_key` names the one
    occasion (an opportunity's session, a committee meeting, a training session): a person has at most one
    record per occasion, enforced by the database, so nothing is counted or paid twice.
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    kind = models.ForeignKey(InvolvementKind, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    role = models.CharField(max_length=100, blank=True)
    source_type = models.CharField(max_length=20, choices=InvolvementSource.choices)
    source_id = models.CharField(max_length=64, blank=True)
    source_label = models.CharField(max_length=200)
    source_key = models.CharField(max_length=100, blank=True)
    payable = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Final while locked: what holds it (a source reference such as `payment-claim:<id>`, never a foreign key,
    # so this app knows nothing of payments) and since when. While locked the database refuses any change to
    # the record's facts and its deletion (triggers in migration 0003); only the holder's release unlocks it.
    locked_by = models.CharField(max_length=100, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    objects = InvolvementRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "source_key"],
                condition=~Q(source_key=""),
                name="record_once_per_occasion",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_SESSION_HOURS), name="record_hours_range"
            ),
            models.CheckConstraint(
                condition=(Q(locked_by="") & Q(locked_at__isnull=True))
                | (~Q(locked_by="") & Q(locked_at__isnull=False)),
                name="record_lock_has_holder",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "person", "date"], name="record_org_person_date"),
            models.Index(fields=["organisation", "unit", "date"], name="record_org_unit_date"),
            models.Index(fields=["organisation", "kind", "date"], name="record_org_kind_date"),
            models.Index(fields=["organisation", "date"], name="record_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.source_label} on {self.date}"

    @property
    def audit_label(self) -> str:
        return f"Involvement record: {self.source_label}"

    @property
    def is_locked(self) -> bool:
        """Final: on a payment claim (or held by another feature), so it cannot be corrected or removed."""
        return self.locked_at is not None
