"""Service-user-led accreditation (ADR 24): standards in published editions, scoring rules as data, reviews per
unit with their status history and ratings, and decisions that keep a snapshot of the rule and figures they used.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class StandardType(models.IntegerChoices):
    ESSENTIAL = 1, "Type 1: essential"
    EXPECTED = 2, "Type 2: expected"
    DESIRABLE = 3, "Type 3: desirable"


class EvidencedBy(models.TextChoices):
    SELF_REVIEW = "self_review", "Self-review"
    TALKING = "talking", "Talking with service users"
    CARER_SURVEY = "carer_survey", "Carer survey"
    OBSERVATION = "observation", "Observation"
    RECORD_CHECK = "record_check", "Record check"


class StandardSet(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    applies_to = models.CharField(max_length=200, blank=True, help_text="Which kinds of unit, for example wards")

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class Edition(BaseModel):
    """One edition of a standard set. A draft is changed freely; once published it never changes."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    standard_set = models.ForeignKey(StandardSet, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    effective_from = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    sent_for_review_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The edition this one was drafted from (a copy of its themes and standards), for "what changed".
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["standard_set", "number"], name="edition_number_unique"),
            # One edition of a set is drafted at a time (two people starting one at once: one wins).
            models.UniqueConstraint(
                fields=["standard_set"], condition=~Q(status="published"), name="edition_one_draft_per_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_set.name}, edition {self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def audit_label(self) -> str:
        return f"Accreditation standards: {self.standard_set.name}, edition {self.number}"[:200]


class Theme(BaseModel):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="theme_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Standard(BaseModel):
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="standards")
    code = models.CharField(max_length=20, help_text="For example 3.2.1")
    text = models.CharField(max_length=500, help_text="Written from the service user's point of view")
    guidance = models.TextField(blank=True)
    type = models.PositiveSmallIntegerField(choices=StandardType.choices)
    evidenced_by = models.CharField(max_length=20, choices=EvidencedBy.choices)
    proposed_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # Where the standard came from, when it came from something people told the trust.
    source_idea = models.ForeignKey("voice.Idea", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_story = models.ForeignKey("voice.Story", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The standard of the edition before that this one was copied from (None: new in this edition).
    carried_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["theme__number", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["theme", "code"], name="standard_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class RuleKind(models.TextChoices):
    THRESHOLDS = "thresholds", "Percentage of standards met, per type (CCQI)"
    ESSENTIALS_POINTS = "essentials_points", "All essentials met, then points decide"


class Award(models.TextChoices):
    GOLD = "gold", "Gold"
    SILVER = "silver", "Silver"
    BRONZE = "bronze", "Bronze"
    NONE = "none", "Not yet accredited"
    DEFERRED = "deferred", "Deferred with conditions"


class ScoringRule(BaseModel):
    """A scoring rule as data. `parameters` holds percentages 0-100, checked by the rules engine (scoring.py).

    thresholds: {"gold": {"1": 100, "2": 80, "3": 60}, "silver": {...}, "bronze": {...}}
    essentials_points: {"points": {"2": 2, "3": 1}, "gold": 85, "silver": 70, "bronze": 50}
    Every change adds one to `version`; decisions keep a snapshot, so a change never alters a past award.
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=RuleKind.choices)
    parameters = models.JSONField()
    version = models.PositiveIntegerField(default=1)
    is_published = models.BooleanField(default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def snapshot(self) -> dict:
        return {
            "id": str(self.pk),
            "name": self.name,
            "kind": self.kind,
            "version": self.version,
            "parameters": self.parameters,
        }


class Programme(BaseModel):
    """An accreditation programme: which edition and rule its reviews use, and how long an award lasts."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(ScoringRule, on_delete=models.PROTECT, related_name="+")
    valid_for_months = models.PositiveSmallIntegerField(default=36)
    interim_after_months = models.PositiveSmallIntegerField(default=18)

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class ReviewStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    SELF_REVIEW = "self_review", "Self-review"
    VISIT = "visit", "Visit"
    REPORT = "report", "Report drafted"
    SERVICE_USER_PANEL = "su_panel", "Service-user panel"
    PANEL = "panel", "Final panel"
    DECIDED = "decided", "Decided"


REVIEW_ORDER = list(ReviewStatus.values)


class ReviewQuerySet(OrganisationQuerySet):
    def in_progress(self):
        return self.exclude(status=ReviewStatus.DECIDED)

    def visible_to(self, user):
        """Trust-wide leads, advisers and administrators see all; others their units' reviews and visits they
        are on. Never another trust's."""
        from withus.accounts.models import Role

        reviews = self.for_organisation(user.organisation_id)
        units = user.units_for(Role.PARTICIPATION_LEAD, Role.STAFF, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)
        if units is None:
            return reviews
        condition = Q(team__person__user=user)
        for unit in units:
            condition |= Q(unit__path__startswith=unit.path)
        return reviews.filter(condition).distinct()


class Review(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reviews")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.REGISTERED)
    visit_date = models.DateField(null=True, blank=True)
    visit_hours = models.DecimalField(max_digits=4, decimal_places=2, default=4)
    report_agreed_on = models.DateField(null=True, blank=True)
    report_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The rule as it stood when the panel opened: the decision uses this, whatever happens to the rule later.
    panel_rule_snapshot = models.JSONField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "unit", "status"], name="review_unit_status")]

    def __str__(self) -> str:
        return f"Review of {self.unit}"

    @property
    def audit_label(self) -> str:
        return f"Accreditation review of {self.unit.name}"

    @property
    def is_decided(self) -> bool:
        return self.status == ReviewStatus.DECIDED


class ReviewStatusChange(BaseModel):
    """One step of a review's history (immutable: rows are only added)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=ReviewStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReviewStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]


class TeamMember(BaseModel):
    """An assessor on a review's visit team."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="team")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "person"], name="team_member_once")]


class RatingSource(models.TextChoices):
    SELF = "self", "Team's self-review"
    ASSESSOR = "assessor", "Assessor"
    CONSENSUS = "consensus", "Consensus"


class RatingValue(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "na", "Not applicable"


class Rating(BaseModel):
    """One rating of one standard: the team's own, one assessor's (rated alone), or the agreed consensus."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="ratings")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=RatingSource.choices)
    assessor = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.CharField(max_length=10, choices=RatingValue.choices)
    notes = models.CharField(max_length=1000, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "standard", "source"],
                condition=Q(assessor__isnull=True),
                name="rating_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["review", "standard", "assessor"],
                condition=Q(assessor__isnull=False),
                name="rating_once_per_assessor",
            ),
            models.CheckConstraint(
                condition=Q(source="assessor", assessor__isnull=False)
                | (~Q(source="assessor") & Q(assessor__isnull=True)),
                name="rating_assessor_only_for_assessor",
            ),
        ]


class Decision(BaseModel):
    """The panel's decision, with the rule and figures it was made on (never recomputed)."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="decision")
    award = models.CharField(max_length=10, choices=Award.choices)
    computed_award = models.CharField(max_length=10, choices=Award.choices)
    rule_snapshot = models.JSONField()
    figures = models.JSONField()
    chair = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    conditions = models.CharField(max_length=1000, blank=True)
    evidence_due = models.DateField(null=True, blank=True)
    decided_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    interim_due = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["interim_due"], name="decision_interim_due")]

    @property
    def audit_label(self) -> str:
        return f"Accreditation decision for {self.review.unit.name}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class Action(BaseModel):
    """One line of a review's action plan: a standard the unit did not meet, who owns putting it right, by when,
    and the evidence. It may have become a QI project (`project`), which carries the standard and unit across."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    evidence = models.TextField(max_length=2000, blank=True)
    project = models.ForeignKey(
        "improvement.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["standard__theme__number", "standard__position", "standard__code"]
        constraints = [models.UniqueConstraint(fields=["review", "standard"], name="action_once_per_standard")]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="action_org_status_due")]

    def __str__(self) -> str:
        return f"Action on {self.standard.code}"

    @property
    def audit_label(self) -> str:
        return f"Accreditation action on {self.standard.code}"


class ActionStatusChange(BaseModel):
    """One change of an action's status (immutable: rows are only added)."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ActionStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]


class PanelKind(models.TextChoices):
    SERVICE_USER = "service_user", "Service-user panel"
    FINAL = "final", "Final panel"
    APPEAL = "appeal", "Appeal panel"


class PanelSitting(BaseModel):
    """A panel that met on a review: who chaired it (a service user or carer) and who sat on it."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="panels")
    kind = models.CharField(max_length=15, choices=PanelKind.choices)
    chair = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField("people.Person", related_name="+", blank=True)
    held_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["held_on", "created_at"]
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="panel_once_per_kind")]

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} for {self.review.unit.name}"


class AppealOutcome(models.TextChoices):
    WAITING = "waiting", "Waiting to be heard"
    UPHELD = "upheld", "Upheld: the award changes"
    DISMISSED = "dismissed", "Not upheld: the decision stands"


class Appeal(BaseModel):
    """An appeal against a decision, heard by a panel none of whose members sat on the final panel."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="appeal")
    grounds = models.TextField(max_length=2000)
    lodged_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.WAITING)
    award_before = models.CharField(max_length=10, choices=Award.choices, blank=True)
    new_award = models.CharField(max_length=10, choices=Award.choices, blank=True)
    reasons = models.TextField(max_length=2000, blank=True)
    panel = models.OneToOneField(PanelSitting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    @property
    def audit_label(self) -> str:
        return f"Appeal for {self.decision.review.unit.name}"
