"""Co-produced QI projects: the Model for Improvement (aim, drivers, change ideas, PDSA cycles, measures).

Involvement is derived, never typed: "Big I" when a service user or carer is a current team member, "little i"
when they were only consulted (recorded as consultation activities), otherwise none.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from withus.accounts.models import STAFF_SIDE_ROLES
from withus.core.models import BaseModel
from withus.people.models import PersonKind

PARTICIPANT_KINDS = (PersonKind.SERVICE_USER, PersonKind.CARER)


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class Stage(models.TextChoices):
    """The IHI project progress scale, 0.5 to 5.0 (stored as text so it sorts and reads as shown)."""

    S05 = "0.5", "0.5 – Intent to participate"
    S10 = "1.0", "1.0 – Team formed and project charter agreed"
    S15 = "1.5", "1.5 – Planning for the project has begun"
    S20 = "2.0", "2.0 – Activity, but no changes tested yet"
    S25 = "2.5", "2.5 – Changes tested, but no improvement yet"
    S30 = "3.0", "3.0 – Modest improvement"
    S35 = "3.5", "3.5 – Improvement"
    S40 = "4.0", "4.0 – Significant improvement"
    S45 = "4.5", "4.5 – Sustainable improvement"
    S50 = "5.0", "5.0 – Outstanding, sustained results"


STAGE_DESCRIPTIONS = {
    Stage.S05: "The team has said it wants to take part, but has not yet met.",
    Stage.S10: "A team has formed and agreed its aim and charter.",
    Stage.S15: "The team is planning: it has started to understand the problem and to choose measures.",
    Stage.S20: "The team is collecting baseline data and working on the system, but has not yet tested a change.",
    Stage.S25: "The team has tested changes in PDSA cycles; the measures do not yet show improvement.",
    Stage.S30: "Some measures show early signs of improvement.",
    Stage.S35: "Measures show improvement towards the aim.",
    Stage.S40: "Most measures show improvement, and more than half of the aim has been reached.",
    Stage.S45: "The improvement has lasted, and the aim has been met.",
    Stage.S50: "The aim has been met and sustained, and the changes are spreading.",
}


class InvolvementLevel(models.TextChoices):
    BIG_I = "big_i", "Big I"
    LITTLE_I = "little_i", "little i"
    NONE = "none", "None yet"


INVOLVEMENT_DESCRIPTIONS = {
    InvolvementLevel.BIG_I: "Service users or carers are full members of the project team.",
    InvolvementLevel.LITTLE_I: "Service users or carers have been consulted, but are not on the team.",
    InvolvementLevel.NONE: "No service users or carers are on the team or have been consulted yet.",
}


class LadderRung(models.IntegerChoices):
    """The ladder of co-production (Think Local Act Personal and the National Co-production Advisory Group)."""

    COERCION = 1, "1 – Coercion"
    EDUCATING = 2, "2 – Educating"
    INFORMING = 3, "3 – Informing"
    CONSULTATION = 4, "4 – Consultation"
    ENGAGEMENT = 5, "5 – Engagement"
    CO_DESIGN = 6, "6 – Co-design"
    CO_PRODUCTION = 7, "7 – Co-production"


class TeamRole(models.TextChoices):
    LEAD = "lead", "Project lead"
    CO_LEAD = "co_lead", "Co-lead"
    MEMBER = "member", "Team member"
    COACH = "coach", "QI coach"
    SPONSOR = "sponsor", "Sponsor"


class ConsultationKind(models.TextChoices):
    SURVEY = "survey", "Survey"
    FOCUS_GROUP = "focus_group", "Focus group"
    WORKING_TOGETHER = "working_together", "Visit to a Working Together group"
    OTHER = "other", "Other conversation"


def _current_participant_member(day: datetime.date) -> Exists:
    return Exists(
        TeamMember.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day),
            project_id=OuterRef("pk"),
            person__kind__in=PARTICIPANT_KINDS,
            joined_on__lte=day,
        )
    )


class ProjectQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def visible_to(self, user):
        """Staff see every project in their trust; a participant sees only projects whose team they are on."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        projects = self.filter(organisation_id=user.organisation_id)
        if user.has_role(*STAFF_SIDE_ROLES):
            return projects
        return projects.filter(Exists(TeamMember.objects.filter(project_id=OuterRef("pk"), person__user=user)))

    def with_involvement(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        consulted = Exists(Consultation.objects.filter(project_id=OuterRef("pk")))
        return self.annotate(
            involvement=Case(
                When(_current_participant_member(day), then=Value(InvolvementLevel.BIG_I.value)),
                When(consulted, then=Value(InvolvementLevel.LITTLE_I.value)),
                default=Value(InvolvementLevel.NONE.value),
                output_field=models.CharField(),
            )
        )

    def with_headline(self):
        """Annotate `headline`: the project's result in words ("... fell from 6.7 a week ...: 92 % fewer"), from
        its first outcome measure with a before-and-now (then any measure), or None."""
        results = (
            Measure.objects.filter(project_id=OuterRef("pk"))
            .exclude(before_and_now="")
            .annotate(outcome_first=Case(When(kind=MeasureKind.OUTCOME, then=Value(0)), default=Value(1)))
            .order_by("outcome_first", "position", "name")
            .values("before_and_now")[:1]
        )
        return self.annotate(headline=Subquery(results, output_field=models.CharField()))

    def in_units(self, units):
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(unit__path__startswith=unit.path)
        return self.filter(Exists(ProjectUnit.objects.filter(condition, project_id=OuterRef("pk"))))

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        condition = Q()
        for word in text.split()[:5]:
            condition &= Q(title__icontains=word) | Q(aim__icontains=word) | Q(problem__icontains=word)
        return self.filter(condition)


class Project(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    units = models.ManyToManyField("organisations.Unit", through="ProjectUnit", related_name="+")
    problem = models.TextField("The problem, in plain English", max_length=2000)
    aim = models.TextField("Aim statement", max_length=1000)
    start_date = models.DateField()
    approved_on = models.DateField("Approved at a QI forum", null=True, blank=True)
    status = models.CharField(max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    # The current stage; every change is also kept as a StageChange row.
    stage = models.CharField(max_length=3, choices=Stage.choices, default=Stage.S05)
    initiated_by = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A service user or carer who started the project.",
    )
    ladder_rung = models.PositiveSmallIntegerField(choices=LadderRung.choices, null=True, blank=True)
    ladder_justification = models.TextField(max_length=1000, blank=True)
    participants_can_contribute = models.BooleanField(
        "Service users and carers on the team can add PDSA notes and data", default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["organisation", "title"], name="project_org_title"),
            models.Index(fields=["organisation", "status", "title"], name="project_org_status_title"),
            models.Index(fields=["organisation", "stage", "title"], name="project_org_stage_title"),
            models.Index(fields=["organisation", "-start_date"], name="project_org_start"),
            models.Index(fields=["organisation", "-updated_at"], name="project_org_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Project {self.title}"[:200]

    @property
    def stage_description(self) -> str:
        return STAGE_DESCRIPTIONS[Stage(self.stage)]


class ProjectUnit(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="project_unit_unique")]
        indexes = [models.Index(fields=["unit", "project"], name="project_unit_by_unit")]

    def __str__(self) -> str:
        return f"{self.project_id} in {self.unit_id}"


class StageChange(BaseModel):
    """One step on the progress scale: immutable, dated, with who recorded it."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=3, choices=Stage.choices)
    changed_on = models.DateField()
    note = models.TextField(max_length=1000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_on", "-created_at"]
        indexes = [models.Index(fields=["project", "-changed_on"], name="stage_project_date")]

    def __str__(self) -> str:
        return f"{self.stage} on {self.changed_on}"


class TeamMemberQuerySet(models.QuerySet):
    def for_user(self, user):
        """The project places of one signed-in person, in their own trust."""
        return self.filter(person__user=user, organisation_id=user.organisation_id)


class TeamMember(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="project_memberships")
    role = models.CharField(max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "created_at"]
        indexes = [
            models.Index(fields=["project", "left_on"], name="team_project_left"),
            models.Index(fields=["person", "project"], name="team_person_project"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.role})"

    @property
    def audit_label(self) -> str:
        return f"Team member of {self.project_id}"

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


class Consultation(BaseModel):
    """Consultation ("little i"): service users or carers consulted without joining the team."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(max_length=20, choices=ConsultationKind.choices)
    held_on = models.DateField()
    people_count = models.PositiveIntegerField("Number of people")
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["project", "-held_on"], name="consultation_project_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class NodeKind(models.TextChoices):
    PRIMARY = "primary", "Primary driver"
    SECONDARY = "secondary", "Secondary driver"
    CHANGE_IDEA = "change_idea", "Change idea"


class DriverNode(BaseModel):
    """One box of the driver diagram: aim → primary drivers → secondary drivers → change ideas."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="driver_nodes")
    kind = models.CharField(max_length=12, choices=NodeKind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["project", "kind", "position"], name="driver_project_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()} {self.name}"[:200]


class ActDecision(models.TextChoices):
    ADOPT = "adopt", "Adopt"
    ADAPT = "adapt", "Adapt"
    ABANDON = "abandon", "Abandon"


class PdsaCycleQuerySet(models.QuerySet):
    def testing(self, change_ideas):
        """Cycles that test any of these change ideas (driver diagram nodes, or their ids)."""
        return self.filter(change_idea__in=change_ideas)

    def for_measure(self, measure):
        """Cycles of the change ideas a measure tracks (each once)."""
        return self.filter(change_idea__measures=measure).distinct()


class PdsaCycle(BaseModel):
    """A small test of one change idea. Cycles of the same idea, in order, form a ramp."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    change_idea = models.ForeignKey(DriverNode, on_delete=models.PROTECT, related_name="pdsa_cycles")
    title = models.CharField(max_length=200)
    question = models.TextField("What question does this test answer?", max_length=1000)
    prediction = models.TextField("What do you predict will happen?", max_length=1000)
    plan = models.TextField("Who, what, when and where", max_length=2000, blank=True)
    data_to_collect = models.TextField("Data to collect", max_length=1000, blank=True)
    starts_on = models.DateField()
    do_notes = models.TextField("Do: what happened", max_length=2000, blank=True)
    study_notes = models.TextField("Study: how did it compare with the prediction?", max_length=2000, blank=True)
    act = models.CharField(max_length=8, choices=ActDecision.choices, blank=True)
    act_notes = models.TextField("Act: what next", max_length=1000, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PdsaCycleQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "created_at"]
        indexes = [
            models.Index(fields=["project", "starts_on"], name="pdsa_project_start"),
            models.Index(fields=["change_idea", "starts_on"], name="pdsa_idea_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"PDSA cycle {self.title}"[:200]


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    PROCESS = "process", "Process"
    BALANCING = "balancing", "Balancing"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


FREQUENCY_NOUNS = {
    Frequency.DAILY: ("day", "days"),
    Frequency.WEEKLY: ("week", "weeks"),
    Frequency.MONTHLY: ("month", "months"),
}


class ChartType(models.TextChoices):
    RUN = "run", "Run chart"
    XMR = "xmr", "XmR chart (individual values)"
    C = "c", "C chart (counts)"
    P = "p", "P chart (proportions: needs a denominator)"
    U = "u", "U chart (rates: needs a denominator)"


DENOMINATOR_CHARTS = frozenset({ChartType.P, ChartType.U})


class RulePreset(models.TextChoices):
    MDC = "mdc", "NHS Making Data Count"
    ANHOEJ = "anhoej", "Anhøj runs analysis"
    IHI = "ihi", "IHI run chart rules"


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEITHER = "neither", "Neither"


class MeasureQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def in_projects(self, projects):
        """The measures of these projects (a queryset already scoped to what the user may see)."""
        return self.filter(project__in=projects)


class Measure(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=MeasureKind.choices)
    definition = models.TextField("Operational definition", max_length=2000)
    unit_label = models.CharField("Unit", max_length=60, blank=True)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    chart = models.CharField(max_length=4, choices=ChartType.choices, default=ChartType.XMR)
    preset = models.CharField(max_length=8, choices=RulePreset.choices, default=RulePreset.MDC)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.UP)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    change_ideas = models.ManyToManyField(DriverNode, blank=True, related_name="measures")
    position = models.PositiveIntegerField(default=0)
    # The first phase: its name and reason, and a frozen baseline (limits from the points up to this date,
    # extended forward to the first recalculation). Later phases are Recalculation rows.
    baseline_name = models.CharField("Name of the first phase", max_length=100, blank=True)
    baseline_reason = models.CharField("Why the first phase starts", max_length=300, blank=True)
    baseline_until = models.DateField("Freeze the limits on the points up to", null=True, blank=True)
    # Kept up to date by the services so that summaries never re-read every point.
    latest_value = models.FloatField(null=True, blank=True, editable=False)
    latest_period = models.DateField(null=True, blank=True, editable=False)
    variation = models.CharField(max_length=20, blank=True, editable=False)
    assurance = models.CharField(max_length=12, blank=True, editable=False)
    # "Before and now" in words, e.g. "... fell from 6.7 a week (...) to 0.5 a week (...): 92 % fewer".
    before_and_now = models.CharField(max_length=400, blank=True, editable=False)
    # Set when another system of the trust pushes points through the API (issue 23): the page says so.
    fed_by_api = models.BooleanField("Fed by the API", default=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["project", "position"], name="measure_project_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"Measure {self.name}"[:200]

    @property
    def needs_denominator(self) -> bool:
        return self.chart in DENOMINATOR_CHARTS


class DataPoint(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    period = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    ghost = models.BooleanField(default=False, help_text="Shown, but left out of every calculation.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="point_unique_period")]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"

    @property
    def audit_label(self) -> str:
        return f"Data point {self.period.isoformat()} of {self.measure_id}"


class Recalculation(BaseModel):
    """A phase after the first: new limits from `period` onward, with a name and a reason."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="recalculations")
    period = models.DateField()
    name = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="recalculation_unique_period")]

    def __str__(self) -> str:
        return f"Recalculated from {self.period}"


class DeclinedSuggestion(BaseModel):
    """A suggested recalculation that a person rejected: not suggested again for the same date."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="declined_suggestions")
    period = models.DateField()
    declined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="declined_suggestion_unique")]

    def __str__(self) -> str:
        return f"Recalculation from {self.period} declined"


class Annotation(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    on = models.DateField()
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["on"]
        indexes = [models.Index(fields=["measure", "on"], name="annotation_measure_on")]

    def __str__(self) -> str:
        return self.text
