"""Stories (issue 19, ADR 26): a service user or carer tells what happened; the teller keeps control.

Consent is one row per use, time-limited, and checked live every time a story is shown, exported or used
(`StoryConsent.objects.live`). Moderation edits are kept with their reasons and the teller approves the edited
version before anything is published. Every status change and every use is its own row.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet


class StoryRoute(models.TextChoices):
    WEB = "web", _l("Told in WithUs by the teller")
    CONVERSATION = "conversation", _l("Recorded from a conversation")
    PHONE = "phone", _l("Recorded from a phone call")
    LETTER = "letter", _l("Recorded from a letter or form")


ON_BEHALF_ROUTES = (StoryRoute.CONVERSATION, StoryRoute.PHONE, StoryRoute.LETTER)


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _l("Draft")
    RECEIVED = "received", _l("Received")
    IN_MODERATION = "in_moderation", _l("In moderation")
    WITH_TELLER = "with_teller", _l("Waiting for the teller to approve")
    APPROVED = "approved", _l("Approved by the teller")
    PUBLISHED = "published", _l("Published")
    HELD = "held", _l("Held")
    REJECTED = "rejected", _l("Not published")


# Only the participation team sees a story in these states (it may be about the unit's staff).
UNPUBLISHED = (
    StoryStatus.DRAFT,
    StoryStatus.RECEIVED,
    StoryStatus.IN_MODERATION,
    StoryStatus.WITH_TELLER,
    StoryStatus.APPROVED,
    StoryStatus.HELD,
    StoryStatus.REJECTED,
)


class StoryTheme(models.TextChoices):
    SAFETY = "safety", _l("Feeling safe")
    RESPECT = "respect", _l("Respect and dignity")
    COMMUNICATION = "communication", _l("Being listened to and kept informed")
    CARE = "care", _l("Care and treatment")
    ENVIRONMENT = "environment", _l("The ward or place")
    FAMILY = "family", _l("Family and carers")
    OTHER = "other", _l("Something else")


class StoryUseKind(models.TextChoices):
    INTERNAL_LEARNING = "internal_learning", _l("Learning inside the trust")
    STAFF_TRAINING = "staff_training", _l("Staff training")
    BOARD = "board", _l("Board or committee meetings")
    PUBLIC_WEBSITE = "public_website", _l("The trust's public website")
    PRESS = "press", _l("Newspapers, radio or TV")
    RESEARCH = "research", _l("Research")


# Uses that happen inside the trust: a published story appears on WithUs's staff pages only under one of these.
INTERNAL_USES = (StoryUseKind.INTERNAL_LEARNING, StoryUseKind.STAFF_TRAINING, StoryUseKind.BOARD)


class Naming(models.TextChoices):
    """How the teller is named under one use, least identifying first."""

    ANONYMOUS = "anonymous", _l("Anonymous")
    FIRST_NAME = "first_name", _l("First name only")
    FULL_NAME = "full_name", _l("Full name")


NAMING_ORDER = [Naming.ANONYMOUS, Naming.FIRST_NAME, Naming.FULL_NAME]


class ChangeClaim(models.TextChoices):
    NONE = "none", _l("No change claimed")
    PLANNED = "planned", _l("Change planned")
    MADE = "made", _l("Change made")


class StorySettings(BaseModel):
    """A trust's choices for stories: who hears about a disclosure of risk, how long consent lasts by default and
    which information sheet is current. Without a row, the defaults below apply."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="story_settings"
    )
    safeguarding_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When set, a disclosure goes to the unit's manager (a staff member of the unit) rather than the lead.
    disclosures_to_unit_manager = models.BooleanField(default=False)
    consent_years = models.PositiveSmallIntegerField(default=2)
    information_sheet_version = models.CharField(max_length=20, default="1.0")

    def __str__(self) -> str:
        return f"Story settings of {self.organisation}"


class StoryQuerySet(OrganisationQuerySet):
    def published(self):
        return self.filter(status=StoryStatus.PUBLISHED)

    def listed_under(self, *, public: bool, on: datetime.date):
        """Published stories with a live consent for the public website use, or for a use inside the trust."""
        if public:
            return self.published().filter(public_consent_until__gte=on)
        return self.published().filter(internal_consent_until__gte=on)

    def with_live_consent(self, uses, on: datetime.date):
        """Stories with at least one live consent for any of these uses on that day."""
        return self.filter(
            models.Exists(StoryConsent.objects.live(on).filter(story_id=models.OuterRef("pk"), use__in=list(uses)))
        )


class Story(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    teller = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="stories")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    route = models.CharField(max_length=20, choices=StoryRoute.choices, default=StoryRoute.WEB)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    what_happened = models.TextField(max_length=6000)
    could_be_better = models.TextField(max_length=3000, blank=True)
    # Month precision only: the first day of the month the experience happened.
    experience_month = models.DateField(null=True, blank=True)
    theme = models.CharField(max_length=20, choices=StoryTheme.choices, default=StoryTheme.OTHER)
    status = models.CharField(max_length=20, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    teller_approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    outcome_reason = models.TextField(max_length=1000, blank=True)
    # Disclosure of risk or harm: flagged by a moderator and passed on at once.
    risk_flagged_at = models.DateTimeField(null=True, blank=True)
    risk_flagged_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk_note = models.TextField(max_length=1000, blank=True)
    is_complaint = models.BooleanField(default=False)
    # Kept up to date by the response service so the list and the response-time page need no aggregate.
    first_response_at = models.DateTimeField(null=True, blank=True)
    change_claim = models.CharField(max_length=10, choices=ChangeClaim.choices, default=ChangeClaim.NONE)
    # The response-time page's figures, set with published_at and first_response_at (`response_figures`), so the
    # database counts and finds medians per directorate and month without reading every story into Python.
    published_month = models.DateField(null=True, blank=True)
    days_to_first_response = models.FloatField(null=True, blank=True)
    # The last day a use inside the trust (or the public website use) is agreed: kept by the services whenever a
    # consent is given or withdrawn, so the list filters one indexed column instead of a subquery per story.
    # Pages that show one story, exports and recording a use still check the consent rows themselves.
    internal_consent_until = models.DateField(null=True, blank=True)
    public_consent_until = models.DateField(null=True, blank=True)
    # Optimistic lock: two moderators acting at once; the second is told the story changed.
    version = models.PositiveIntegerField(default=1)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "stories"
        indexes = [
            # The list's one index: newest first, with the consent windows in it, so counting and paging read
            # the index alone (20,000 stories: docs/benchmarks.md).
            models.Index(
                fields=["organisation", "status", "-published_at", "internal_consent_until", "public_consent_until"],
                name="story_org_status_pub",
            ),
            models.Index(fields=["organisation", "unit", "status"], name="story_org_unit_status"),
            models.Index(fields=["organisation", "theme", "status"], name="story_org_theme_status"),
            models.Index(fields=["organisation", "change_claim", "status"], name="story_org_claim_status"),
            models.Index(fields=["organisation", "first_response_at"], name="story_org_first_response"),
            models.Index(fields=["teller", "-created_at"], name="story_teller"),
            # The response-time page reads this index alone (covering): counts, change claims and medians.
            models.Index(
                fields=["organisation", "status", "published_month", "unit", "change_claim", "days_to_first_response"],
                name="story_org_response_times",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Story {self.title}"

    def set_response_figures(self) -> list[str]:
        """Derive the response-time columns from published_at and first_response_at; returns the fields set."""
        self.published_month, self.days_to_first_response = response_figures(self.published_at, self.first_response_at)
        return ["published_month", "days_to_first_response"]

    def consent_windows(self) -> tuple[datetime.date | None, datetime.date | None]:
        """(internal, public): the last day each kind of use is agreed, from the consents not withdrawn."""
        internal = public = None
        for consent in self.consents.filter(withdrawn_at__isnull=True):
            if consent.use in INTERNAL_USES:
                internal = max(internal or consent.expires_on, consent.expires_on)
            elif consent.use == StoryUseKind.PUBLIC_WEBSITE:
                public = max(public or consent.expires_on, consent.expires_on)
        return internal, public


def response_figures(
    published_at: datetime.datetime | None, first_response_at: datetime.datetime | None
) -> tuple[datetime.date | None, float | None]:
    """(month of publication in local time, days from publication to the first response): the response-time page's
    columns, kept by the services that publish and respond (and by anything that loads stories in bulk)."""
    if published_at is None:
        return None, None
    month = timezone.localtime(published_at).date().replace(day=1)
    if first_response_at is None:
        return month, None
    return month, (first_response_at - published_at).total_seconds() / 86400


class MediaKind(models.TextChoices):
    PHOTO = "photo", _l("Photo")
    AUDIO = "audio", _l("Sound recording")


MAX_MEDIA_BYTES = 10 * 1024 * 1024
MEDIA_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
}


def media_path(instance, filename: str) -> str:
    """Server-chosen paths only, outside the web root: the uploaded name is never used."""
    return f"stories/{instance.organisation_id}/{uuid.uuid4()}.{MEDIA_EXTENSIONS[instance.content_type]}"


class StoryMedia(BaseModel):
    """A photo or sound recording told with a story, with its own consent, separate from the words': the uses the
    teller agreed for the file (each also needs the story's own live consent for that use), until when, under
    which information sheet. Withdrawal deletes the file at once; the row stays to say it was withdrawn."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    story = models.OneToOneField(Story, on_delete=models.PROTECT, related_name="media")
    kind = models.CharField(max_length=10, choices=MediaKind.choices)
    file = models.FileField(upload_to=media_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300, blank=True)
    # Its own consent (set when the story is sent): the uses agreed for the file, and for how long.
    uses = models.JSONField(default=list, blank=True)
    granted_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    information_sheet_version = models.CharField(max_length=20, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "story media"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.story}"

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} with story {self.story.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def live_uses(self, on: datetime.date) -> set[str]:
        """The uses agreed for the file that are in force on that day (empty once withdrawn or ended)."""
        if self.withdrawn_at is not None or not self.file or self.granted_on is None or self.expires_on is None:
            return set()
        if not (self.granted_on <= on <= self.expires_on):
            return set()
        return set(self.uses)


class StoryStatusChange(BaseModel):
    """One step of a story's life, with who and why. Written by the services only, never changed."""

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="history")
    status = models.CharField(max_length=20, choices=StoryStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at"]


class StoryEdit(BaseModel):
    """What moderation changed and why, shown to the teller before they approve."""

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="edits")
    field = models.CharField(max_length=30)
    before = models.TextField(max_length=6000)
    after = models.TextField(max_length=6000)
    reason = models.CharField(max_length=300)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]


class StoryConsentQuerySet(models.QuerySet):
    def live(self, on: datetime.date):
        """Consents in force on that day: granted, not expired, not withdrawn."""
        return self.filter(granted_on__lte=on, expires_on__gte=on, withdrawn_at__isnull=True)

    def expiring_between(self, start: datetime.date, end: datetime.date):
        return self.filter(withdrawn_at__isnull=True, expires_on__gte=start, expires_on__lte=end)


class StoryConsent(BaseModel):
    """One use the teller agreed to, for a limited time, with how they are named. Withdrawal stops future use."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="consents")
    use = models.CharField(max_length=20, choices=StoryUseKind.choices)
    naming = models.CharField(max_length=20, choices=Naming.choices, default=Naming.ANONYMOUS)
    granted_on = models.DateField()
    expires_on = models.DateField()
    information_sheet_version = models.CharField(max_length=20)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expiry_warned_on = models.DateField(null=True, blank=True)

    objects = StoryConsentQuerySet.as_manager()

    class Meta:
        ordering = ["use"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "use"], condition=Q(withdrawn_at__isnull=True), name="story_consent_one_live_per_use"
            ),
        ]
        indexes = [
            models.Index(fields=["story", "use", "expires_on"], name="story_consent_use"),
            models.Index(fields=["organisation", "expires_on"], name="story_consent_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_use_display()} until {self.expires_on:%-d %B %Y}"

    def is_live(self, on: datetime.date) -> bool:
        return self.withdrawn_at is None and self.granted_on <= on <= self.expires_on


class StoryUse(BaseModel):
    """A record of one use of a story: checked against live consent when it was recorded."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="uses")
    consent = models.ForeignKey(StoryConsent, on_delete=models.PROTECT, related_name="uses")
    use = models.CharField(max_length=20, choices=StoryUseKind.choices)
    occasion = models.CharField(max_length=200)
    audience = models.CharField(max_length=200)
    used_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-used_on"]
        indexes = [models.Index(fields=["story", "-used_on"], name="story_use_story")]


class StoryResponse(BaseModel):
    """A member of staff's public-facing reply; a change claim says what changed and may link a QI project."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="responses")
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    responder_role = models.CharField(max_length=120, blank=True)
    body = models.TextField(max_length=4000)
    change_claim = models.CharField(max_length=10, choices=ChangeClaim.choices, default=ChangeClaim.NONE)
    change_description = models.TextField(max_length=2000, blank=True)
    project = models.ForeignKey(
        "improvement.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A change claimed is a tracked action: linked to a QI project, or owned by someone with a date it is due by
    # (a change planned) — shown on the story, to the teller, and as overdue to the lead once the date passes.
    action_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_due_on = models.DateField(null=True, blank=True)
    teller_reply = models.TextField(max_length=2000, blank=True)
    teller_found_helpful = models.BooleanField(null=True, blank=True)
    teller_replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["story", "created_at"], name="story_response_story"),
            models.Index(fields=["organisation", "change_claim", "action_due_on"], name="story_response_due"),
        ]

    def is_overdue(self, today: datetime.date) -> bool:
        """A change planned whose date has passed while the story has no change made yet."""
        return (
            self.change_claim == ChangeClaim.PLANNED
            and self.action_due_on is not None
            and self.action_due_on < today
            and self.story.change_claim != ChangeClaim.MADE
        )
