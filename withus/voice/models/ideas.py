"""Ideas and concerns (issue 20): what someone raised, the trust's states for it (data, not code), every move as an
immutable history row, the QI forum's decisions, and what was done ("we did") with progress and milestones.

Where an idea came from (a story, an accreditation action, a visit) is a generic reference (kind, id, label), never a
foreign key: stories are a sibling module and accreditation is a layer above voice (ADR 18).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _l

from withus.accounts.models import Role
from withus.core.models import AppendOnlyModel, BaseModel

__all__ = [
    "BankHoliday",
    "ForumDecision",
    "Idea",
    "IdeaSettings",
    "IdeaState",
    "IdeaStateChange",
    "IdeaUnit",
    "Milestone",
    "Outcome",
    "ProjectMoveTold",
]

ANSWER_LIMIT = 2000
DEFAULT_FIRST_ANSWER_DAYS = 10


class StateKind(models.TextChoices):
    """What a state means to the software (the trust names and explains each state itself)."""

    RECEIVED = "received", "Received"
    LOOKING = "looking", "Being looked at"
    FORUM = "forum", "Going to the QI forum"
    PROJECT = "project", "Became a QI project"
    QUICK_CHANGE = "quick_change", "Became a quick change"
    NOT_NOW = "not_now", "Not now"
    PASSED = "passed", "Passed to another team"


# States that are an answer the public "you said, we did" shows.
ANSWERED_KINDS = (StateKind.PROJECT, StateKind.QUICK_CHANGE, StateKind.NOT_NOW, StateKind.PASSED)


class Theme(models.TextChoices):
    SAFETY = "safety", _l("Feeling safe")
    RESPECT = "respect", _l("Respect and dignity")
    ENVIRONMENT = "environment", _l("The building and rooms")
    ACTIVITIES = "activities", _l("Things to do")
    FOOD = "food", _l("Food and drink")
    INFORMATION = "information", _l("Information and communication")
    ACCESS = "access", _l("Getting help and appointments")
    OTHER = "other", _l("Something else")


class SourceKind(models.TextChoices):
    DIRECT = "direct", "Raised directly"
    STORY = "story", "From a story"
    ACCREDITATION_ACTION = "accreditation_action", "From an accreditation action"
    VISIT = "visit", "From a visit (15 Steps or accreditation)"


class IdeaSettings(BaseModel):
    """The trust's service level for ideas and who hears about a disclosure of risk."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    first_answer_days = models.PositiveSmallIntegerField(
        "Working days to a first answer", default=DEFAULT_FIRST_ANSWER_DAYS, validators=[MaxValueValidator(60)]
    )
    safeguarding_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Idea settings of {self.organisation_id}"


class BankHoliday(BaseModel):
    """A dated list of days that are not working days (the trust keeps it up to date)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["organisation", "day"], name="bank_holiday_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.day})"


class IdeaStateQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def active(self):
        return self.filter(is_active=True)


class IdeaState(BaseModel):
    """One of the trust's states (like Decidim 0.28's ProposalState), each with a public plain-English meaning.

    States are never deleted (history points at them); an edited list retires a state instead, and history rows keep
    the name and meaning as they were when the move was made."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=16, choices=StateKind.choices)
    public_meaning = models.CharField("What it means, in plain English", max_length=300)
    answer_required = models.BooleanField("An answer is required when an idea moves to this state", default=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = IdeaStateQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="idea_state_name_unique")]
        indexes = [models.Index(fields=["organisation", "kind", "position"], name="idea_state_org_kind")]

    def __str__(self) -> str:
        return self.name


def _unit_ids(units) -> list:
    """The ids of these units and every unit beneath them (found first: a few hundred at most)."""
    from withus.organisations.models import Unit

    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(path__startswith=unit.path)
    return list(Unit.objects.filter(condition).values_list("pk", flat=True))


def idea_scope(user) -> list | None:
    """The unit ids whose ideas a unit-scoped user sees (their units and everything beneath), or None for the whole
    trust."""
    units = user.units_for(Role.STAFF, Role.PARTICIPATION_LEAD, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)
    return None if units is None else _unit_ids(units)


def ideas_in_unit_ids(unit_ids):
    """The ids of ideas about any of these units, as a subquery read from the (unit, idea) index once (not a
    correlated EXISTS per idea, which made a unit-scoped lead's list read every one of the trust's ideas)."""
    return IdeaUnit.objects.filter(unit_id__in=unit_ids).values("idea_id")


class IdeaQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def visible_to(self, user):
        """A participant reaches only ideas they raised (or that were raised for them). Leads, QI advisors and
        administrators see their trust's (a unit-scoped role only its units); staff see their units' ideas.
        Finance approvers see none."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        ideas = self.filter(organisation_id=user.organisation_id)
        roles = (Role.STAFF, Role.PARTICIPATION_LEAD, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)
        if not user.has_role(*roles):
            return ideas.filter(person__user=user)
        scope = idea_scope(user)
        if scope is None:
            return ideas
        # Their units' ideas, and any they recorded themselves (about somewhere else, on someone's behalf).
        recorded = Idea.objects.filter(raised_by=user).order_by().values_list("pk")
        return ideas.filter(pk__in=ideas_in_unit_ids(scope).order_by().values_list("idea_id").union(recorded))

    def in_units(self, units):
        """Ideas about these units or any beneath them. The unit ids are found first (a few hundred at most), so
        the ideas are found through the (unit, idea) index rather than a path prefix per idea."""
        return self.filter(pk__in=ideas_in_unit_ids(_unit_ids(units)))

    def overdue(self, today: datetime.date):
        return self.filter(first_answered_at__isnull=True, first_answer_due__lt=today)

    def waiting_for_forum(self):
        """In a state of the "forum" kind: the states are found first (a subquery), so the (organisation, state)
        index is read instead of every idea's state in turn."""
        return self.filter(state_id__in=IdeaState.objects.filter(kind=StateKind.FORUM).values("pk"))


class Idea(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    detail = models.TextField("What happened, or what would help", max_length=3000)
    public_summary = models.CharField(
        "Summary we may show in public", max_length=300, blank=True, help_text="No names or private details."
    )
    theme = models.CharField(max_length=16, choices=Theme.choices)
    units = models.ManyToManyField("organisations.Unit", through="IdeaUnit", related_name="+")
    # The teller: the person who raised it (or for whom staff raised it). They always follow it.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="ideas")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(default=False)
    source_kind = models.CharField(max_length=24, choices=SourceKind.choices, default=SourceKind.DIRECT)
    source_id = models.CharField(max_length=64, blank=True)
    source_label = models.CharField(max_length=200, blank=True)
    risk_disclosed = models.BooleanField("Someone may be at risk of harm", default=False)
    complaint = models.BooleanField("It is a complaint about care", default=False)
    wants_to_help = models.BooleanField("Would like to join a team if it becomes a project", default=False)
    state = models.ForeignKey(IdeaState, on_delete=models.PROTECT, related_name="+")
    state_changed_at = models.DateTimeField()
    first_answer_due = models.DateField()
    first_answered_at = models.DateTimeField(null=True, blank=True)
    revisit_on = models.DateField(null=True, blank=True)
    passed_to = models.CharField(max_length=200, blank=True)
    forum_on = models.DateField("Date of the QI forum it goes to", null=True, blank=True)
    project = models.ForeignKey(
        "improvement.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped on every move: a form sent from an older page is refused (two forum members deciding at once).
    version = models.PositiveIntegerField(default=1)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="idea_org_created"),
            # The id at the end: a unit-scoped user's "id IN (their units' ideas)" is checked from the index alone.
            models.Index(fields=["organisation", "state", "-created_at", "id"], name="idea_org_state"),
            models.Index(fields=["organisation", "theme", "-created_at"], name="idea_org_theme"),
            models.Index(fields=["organisation", "first_answered_at", "first_answer_due", "id"], name="idea_org_due"),
            models.Index(fields=["person", "-created_at"], name="idea_person"),
            models.Index(fields=["raised_by", "organisation"], name="idea_raised_by_org"),
            models.Index(fields=["organisation", "forum_on"], name="idea_org_forum"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Idea {self.title}"[:200]


class IdeaUnit(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE)
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "unit"], name="idea_unit_unique")]
        indexes = [models.Index(fields=["unit", "idea"], name="idea_unit_by_unit")]

    def __str__(self) -> str:
        return f"{self.idea_id} in {self.unit_id}"


class IdeaStateChange(BaseModel, AppendOnlyModel):
    """One move: immutable, with who, when, the answer, and the state's name and meaning as they were then."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="history")
    state = models.ForeignKey(IdeaState, on_delete=models.PROTECT, related_name="+")
    state_name = models.CharField(max_length=80)
    state_kind = models.CharField(max_length=16)
    public_meaning = models.CharField(max_length=300)
    answer = models.TextField(max_length=ANSWER_LIMIT, blank=True)
    reason = models.TextField("Why not now", max_length=ANSWER_LIMIT, blank=True)
    revisit_on = models.DateField(null=True, blank=True)
    passed_to = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "created_at"]
        indexes = [
            models.Index(fields=["idea", "changed_at"], name="idea_change_idea"),
            models.Index(fields=["organisation", "state_kind", "changed_at"], name="idea_change_org_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.state_name} on {self.changed_at:%Y-%m-%d}"


class ForumDecisionKind(models.TextChoices):
    PROJECT = "project", _l("Approve as a QI project")
    QUICK_CHANGE = "quick_change", _l("Make it a quick change")
    NOT_NOW = "not_now", _l("Not now")
    NEXT_FORUM = "next_forum", _l("Bring it back to the next forum")


class ForumDecision(BaseModel, AppendOnlyModel):
    """What a directorate QI forum decided about one idea (recorded here: governance is a layer above voice)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="forum_decisions")
    forum_on = models.DateField("Date of the forum")
    chaired_by = models.CharField("Who chaired the forum", max_length=200)
    decision = models.CharField(max_length=16, choices=ForumDecisionKind.choices)
    note = models.TextField(max_length=ANSWER_LIMIT, blank=True)
    project = models.ForeignKey("improvement.Project", on_delete=models.PROTECT, null=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["forum_on", "created_at"]
        indexes = [models.Index(fields=["idea", "forum_on"], name="forum_decision_idea")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.forum_on}"


class OutcomeKind(models.TextChoices):
    PROJECT = "project", "A QI project"
    ACCREDITATION_ACTION = "accreditation_action", "An accreditation action"
    CHANGE = "change", "A change we made"


class Outcome(BaseModel):
    """What was done ("we did"): a QI project, an accreditation action (a generic reference) or a simple change."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(max_length=24, choices=OutcomeKind.choices)
    project = models.ForeignKey(
        "improvement.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reference_id = models.CharField(max_length=64, blank=True)
    reference_label = models.CharField(max_length=200, blank=True)
    what_changed = models.TextField("What changed", max_length=1000)
    where = models.CharField("Where", max_length=200, blank=True)
    changed_on = models.DateField("When")
    evidence = models.TextField("How we know", max_length=1000, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["changed_on", "created_at"]
        indexes = [
            models.Index(fields=["idea", "changed_on"], name="outcome_idea"),
            models.Index(fields=["organisation", "changed_on"], name="outcome_org_date"),
        ]

    def __str__(self) -> str:
        return self.what_changed[:60]

    @property
    def audit_label(self) -> str:
        return f"Outcome of idea {self.idea_id}"


class Milestone(BaseModel, AppendOnlyModel):
    """A dated step of an outcome (Decidim's timeline entries), with the progress it reached."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="milestones")
    reached_on = models.DateField()
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=1000, blank=True)
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reached_on", "created_at"]
        indexes = [
            models.Index(fields=["outcome", "reached_on"], name="milestone_outcome"),
            models.Index(fields=["organisation", "reached_on"], name="milestone_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reached_on})"


class ProjectMoveTold(BaseModel):
    """That the teller was told about one step of their idea's QI project (so they are told once)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="+")
    stage_change = models.ForeignKey("improvement.StageChange", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "stage_change"], name="project_move_told_once")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.stage_change_id}"
