"""Board reporting: metric definitions as data, frozen snapshots, board packs and their sign-off, and the
population figures equity is compared against (ADR 29)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from withus.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from withus.core.querysets import OrganisationQuerySet


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEITHER = "neither", "Neither (watch for change)"


class ChartKind(models.TextChoices):
    XMR = "xmr", "SPC chart (XmR)"
    RUN = "run", "Run chart"
    FIGURE = "figure", "A figure for the period (not charted)"


class Preset(models.TextChoices):
    MDC = "mdc", "NHS Making Data Count"
    MDC_SQL = "mdc-sql", "Making Data Count SQL tool (v2.6)"
    IHI = "ihi", "IHI run-chart rules"


class MetricDefinitionQuerySet(OrganisationQuerySet):
    def active(self):
        return self.filter(is_active=True)


class MetricDefinition(BaseModel):
    """One board metric: what it means, who owns it and how it is read. `code` names the selector that counts it
    (`withus.reports.metrics.SELECTORS`); a metric whose part of WithUs does not exist yet has no selector."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=150)
    meaning = models.CharField("What it means", max_length=500)
    owner = models.CharField("Owner", max_length=150)
    unit_label = models.CharField(max_length=40, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.UP)
    chart = models.CharField(max_length=8, choices=ChartKind.choices, default=ChartKind.XMR)
    preset = models.CharField("SPC rules", max_length=8, choices=Preset.choices, default=Preset.MDC)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_from = models.DateField("Target applies from", null=True, blank=True)
    baseline_until = models.DateField("Limits frozen on the months up to", null=True, blank=True)
    baseline_reason = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = MetricDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="metric_code_unique")]
        indexes = [models.Index(fields=["organisation", "is_active", "position"], name="metric_org_active")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"Metric {self.name}"


class MetricRebase(BaseModel):
    """A month from which a metric's limits are worked out afresh, and why (a change that is meant to last)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    metric = models.ForeignKey(MetricDefinition, on_delete=models.PROTECT, related_name="rebases")
    starts_on = models.DateField()
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["starts_on"]
        constraints = [models.UniqueConstraint(fields=["metric", "starts_on"], name="metric_rebase_once")]

    def __str__(self) -> str:
        return f"{self.metric_id} from {self.starts_on}"


class Snapshot(AppendOnlyModel):
    """Every figure a pack shows, frozen when the pack was made: the monthly series, the SPC results, the rule set
    and its version, the drill-downs and the chart SVGs. Never changed; a pack is drawn only from this."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    engine_version = models.CharField(max_length=40)
    figures = models.JSONField()
    # SHA-256 of the figures as canonical JSON: shown on the pack, so two copies can be compared by eye.
    checksum = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "period_end"], name="snapshot_org_period")]

    def __str__(self) -> str:
        return f"Snapshot {self.period_start}–{self.period_end}"


class PackStatus(models.TextChoices):
    DRAFT = "draft", "Draft: narrative being written"
    ISSUED = "issued", "Issued: signed off"


class BoardPackQuerySet(OrganisationQuerySet):
    pass


class BoardPack(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    snapshot = models.OneToOneField(Snapshot, on_delete=models.PROTECT, related_name="pack")
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    executive_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            # One pack per period: two people pressing "create" at once get the same pack, not two snapshots.
            models.UniqueConstraint(fields=["organisation", "period_start", "period_end"], name="pack_one_per_period")
        ]
        indexes = [models.Index(fields=["organisation", "-period_end"], name="pack_org_period")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Board pack {self.title}"

    @property
    def is_issued(self) -> bool:
        return self.status == PackStatus.ISSUED

    def get_absolute_url(self) -> str:
        return reverse("reports:pack", kwargs={"pack_id": self.pk})


class PackPartQuerySet(OrganisationQuerySet):
    def for_pack(self, pack):
        return self.filter(organisation_id=pack.organisation_id, pack=pack)


class Narrative(BaseModel):
    """What a metric's chart says, why and what is being done: written while the pack is a draft."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    pack = models.ForeignKey(BoardPack, on_delete=models.PROTECT, related_name="narratives")
    metric_code = models.SlugField(max_length=60)
    says = models.TextField("What the chart says", max_length=2000, blank=True)
    why = models.TextField("Why", max_length=2000, blank=True)
    doing = models.TextField("What we are doing", max_length=2000, blank=True)

    objects = PackPartQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pack", "metric_code"], name="narrative_once_per_metric")]

    def __str__(self) -> str:
        return f"{self.metric_code} narrative"


class SignOffRole(models.TextChoices):
    AUTHOR = "author", "Author"
    EXECUTIVE = "executive", "Executive lead"
    CO_AUTHOR = "co_author", "Service-user co-author of the involvement narrative"


class SignOffQuerySet(AppendOnlyQuerySet):
    def for_pack(self, pack):
        return self.filter(organisation_id=pack.organisation_id, pack=pack)


class SignOff(AppendOnlyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    pack = models.ForeignKey(BoardPack, on_delete=models.PROTECT, related_name="sign_offs")
    role = models.CharField(max_length=10, choices=SignOffRole.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["pack", "role"], name="sign_off_once_per_role")]

    def __str__(self) -> str:
        return f"{self.role} sign-off"


class PopulationBenchmarkQuerySet(OrganisationQuerySet):
    pass


class PopulationBenchmark(BaseModel):
    """Who the trust serves: census population of its local authorities (ONS TS021), or its own caseload mix."""

    class Kind(models.TextChoices):
        POPULATION = "population", "Resident population (Census 2021, TS021)"
        CASELOAD = "caseload", "The trust's own caseload"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.POPULATION)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300)
    geography_codes = models.JSONField(default=list)
    is_illustrative = models.BooleanField(default=False)
    total = models.PositiveIntegerField()
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = PopulationBenchmarkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "kind", "-created_at"], name="population_org_kind")]

    def __str__(self) -> str:
        return self.name


class PopulationCount(models.Model):
    benchmark = models.ForeignKey(PopulationBenchmark, on_delete=models.CASCADE, related_name="counts")
    census_category = models.CharField(max_length=40)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "census_category"], name="population_category_once")
        ]

    def __str__(self) -> str:
        return f"{self.census_category}: {self.count}"


# --- PCREF workspace (issue 22 item 6, ADR 39) -------------------------------------------------------------


class Competency(models.TextChoices):
    """The six national organisational competencies of the Patient and Carer Race Equality Framework."""

    CULTURAL_AWARENESS = "cultural_awareness", "Cultural awareness"
    STAFF_KNOWLEDGE = "staff_knowledge", "Staff knowledge and awareness"
    PARTNERSHIP = "partnership", "Partnership working"
    WORKFORCE = "workforce", "Workforce"
    CO_LEARNING = "co_learning", "Co-learning"
    CO_PRODUCTION = "co_production", "Co-production"


class SelfRating(models.IntegerChoices):
    """The trust's own rating of a competency (PCREF sets no national scale; this one reads like EDS 2022's)."""

    UNDEVELOPED = 0, "0: Undeveloped"
    DEVELOPING = 1, "1: Developing"
    ACHIEVING = 2, "2: Achieving"
    EXCELLING = 3, "3: Excelling"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"


class PcrefPlan(BaseModel):
    """A trust's PCREF plan: its named executive lead (one plan a trust)."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    executive_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return "PCREF plan"

    @property
    def audit_label(self) -> str:
        return "PCREF plan"


class PcrefAction(BaseModel):
    """One action of the plan, co-produced with named community groups, with an owner, a due date and a status."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("What will be done", max_length=200)
    co_produced_with = models.CharField("Co-produced with", max_length=300)
    competency = models.CharField(max_length=24, choices=Competency.choices)
    owner = models.CharField("Owner", max_length=150)
    due_on = models.DateField("Due")
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "title"]
        indexes = [models.Index(fields=["organisation", "due_on"], name="pcref_action_org_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"PCREF action {self.title}"[:200]


class PcrefAssessment(BaseModel):
    """The trust's self-assessment of one competency for one year, with its evidence."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    competency = models.CharField(max_length=24, choices=Competency.choices)
    rating = models.PositiveSmallIntegerField(choices=SelfRating.choices)
    evidence = models.TextField(max_length=2000)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "competency"], name="pcref_assessment_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.competency}"

    @property
    def audit_label(self) -> str:
        return f"PCREF self-assessment {self.year}: {self.get_competency_display()}"


class PcrefMonitoring(BaseModel):
    """A date the board (or its committee) monitored the PCREF plan and its measures."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    met_on = models.DateField("Date")
    meeting = models.CharField("Meeting", max_length=200)
    note = models.CharField("What was looked at (optional)", max_length=500, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-met_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "met_on", "meeting"], name="pcref_monitoring_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.met_on}"

    @property
    def audit_label(self) -> str:
        return f"PCREF monitored at {self.meeting} on {self.met_on:%-d %B %Y}"[:200]


# --- EDS 2022 (Equality Delivery System) --------------------------------------------------------------------


class EdsOutcome(models.TextChoices):
    """The 11 outcomes of EDS 2022 in its three domains (3B and 3C paraphrased: their wording is not verified)."""

    D1A = "1A", "1A: Patients (service users) have required levels of access to the service"
    D1B = "1B", "1B: Individual patients' health needs are met"
    D1C = "1C", "1C: When patients use the service, they are free from harm"
    D1D = "1D", "1D: Patients report positive experiences of the service"
    D2A = "2A", "2A: Staff are supported with obesity, diabetes, asthma, COPD and mental health conditions"
    D2B = "2B", "2B: Staff are free from abuse, harassment, bullying and violence"
    D2C = "2C", "2C: Staff have access to independent support and advice"
    D2D = "2D", "2D: Staff recommend the organisation as a place to work and receive treatment"
    D3A = "3A", "3A: Board members, senior leaders and line managers show commitment to equality"
    D3B = "3B", "3B: Board papers identify equality and health inequality impacts and mitigations"
    D3C = "3C", "3C: Levers are in place to manage performance and monitor progress on equality"


class EdsScore(BaseModel):
    """One outcome's score for one year (0 Undeveloped to 3 Excelling), with its evidence and who agreed it."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=2, choices=EdsOutcome.choices)
    score = models.PositiveSmallIntegerField(choices=SelfRating.choices)
    evidence = models.TextField(max_length=2000)
    scored_by = models.CharField("Who agreed the score", max_length=300)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["year", "outcome"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "outcome"], name="eds_score_once")]

    def __str__(self) -> str:
        return f"EDS {self.year} {self.outcome}"

    @property
    def audit_label(self) -> str:
        return f"EDS 2022 score {self.year}: outcome {self.outcome}"


class EdsBand(BaseModel):
    """A rating band of the EDS total, as data: a total from `lowest` upwards (to the next band) gets `name`."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=40)
    lowest = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["lowest"]
        constraints = [models.UniqueConstraint(fields=["organisation", "lowest"], name="eds_band_once")]

    def __str__(self) -> str:
        return f"{self.name} from {self.lowest}"
