"""The trust (the tenant) and its tree of units: directorate → service → team or ward."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel


class Organisation(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    # How long after someone's last involvement their information is kept once they have withdrawn their agreement
    # to WithUs keeping it (payment records and the audit log are kept regardless). ADR 0021.
    data_retention_years = models.PositiveSmallIntegerField(
        "Years to keep information after someone's last involvement",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    # Languages (codes of withus.core.languages) an administrator has confirmed for people to choose (issue 26);
    # English is always offered.
    languages_offered = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service"
    TEAM = "team", "Team"
    WARD = "ward", "Ward"


class UnitQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def active(self):
        return self.filter(is_active=True)

    def within(self, units):
        """The given units and everything beneath them."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)

    def in_tree_order(self):
        return self.order_by("path")


class Unit(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    # Materialised path of ids ("/<id>/<id>/"), so a whole subtree is one indexed prefix query.
    path = models.CharField(max_length=400, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_organisation"),
        ]
        indexes = [models.Index(fields=["organisation", "path"], name="unit_org_path")]

    def __str__(self) -> str:
        return self.name

    @property
    def indented_name(self) -> str:
        return f"{'— ' * self.depth}{self.name}"


class WcagStatus(models.TextChoices):
    FULL = "full", "Fully compliant"
    PARTIAL = "partial", "Partially compliant"
    NOT = "not", "Not compliant"


ICO_COMPLAINT = (
    "If you are unhappy with how we have used your information, contact our Data Protection Officer first.\n"
    "You can also complain to the Information Commissioner's Office (ICO): https://ico.org.uk/make-a-complaint/ "
    "or phone 0303 123 1113."
)
ENFORCEMENT = (
    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
    "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations').\n"
    "If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support "
    "Service (EASS): https://www.equalityadvisoryservice.com/"
)


class TrustInformation(BaseModel):
    """What a trust publishes about WithUs (issue 14 item 8): the privacy notice and accessibility statement in the
    NHS formats, the People Participation team's contact details shown on every participant page, and where
    feedback goes. One per trust, edited by an administrator; the pages read it, never hard-coded text."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="information")
    # The People Participation team.
    team_name = models.CharField("Team name", max_length=100, default="People Participation team")
    team_phone = models.CharField("Team phone number", max_length=30, blank=True)
    team_email = models.EmailField("Team e-mail address", blank=True)
    team_hours = models.CharField("When the team is available", max_length=200, blank=True)
    feedback_url = models.URLField("Feedback form web address", max_length=500, blank=True)
    # Privacy notice.
    controller = models.TextField("Data controller (name and address)", max_length=1000, blank=True)
    dpo_name = models.CharField("Data Protection Officer", max_length=200, blank=True)
    dpo_email = models.EmailField("Data Protection Officer's e-mail address", blank=True)
    dpo_phone = models.CharField("Data Protection Officer's phone number", max_length=30, blank=True)
    lawful_basis_details = models.TextField(
        "Lawful basis: contact details and involvement", max_length=2000, blank=True
    )
    lawful_basis_special = models.TextField(
        "Lawful basis: health, needs and equality monitoring (special category data)", max_length=2000, blank=True
    )
    lawful_basis_payments = models.TextField("Lawful basis: payments and benefits", max_length=2000, blank=True)
    lawful_basis_stories = models.TextField("Lawful basis: stories, photos and quotes", max_length=2000, blank=True)
    retention = models.TextField("How long we keep information", max_length=3000, blank=True)
    ico_complaint = models.TextField("How to complain", max_length=2000, default=ICO_COMPLAINT)
    # Accessibility statement.
    wcag_status = models.CharField(
        "How far WithUs meets WCAG 2.2 AA", max_length=10, choices=WcagStatus.choices, default=WcagStatus.PARTIAL
    )
    known_problems = models.TextField("What is known not to work", max_length=3000, blank=True)
    report_problem = models.TextField("How to report an accessibility problem", max_length=2000, blank=True)
    enforcement = models.TextField("Enforcement procedure", max_length=2000, default=ENFORCEMENT)
    statement_prepared_on = models.DateField("Statement prepared on", null=True, blank=True)
    statement_reviewed_on = models.DateField("Statement last reviewed on", null=True, blank=True)

    def __str__(self) -> str:
        return f"Published information of {self.organisation}"

    @property
    def has_team_contact(self) -> bool:
        return bool(self.team_phone or self.team_email)

    @property
    def feedback_href(self) -> str:
        """Where "feedback" links go: the trust's form, or an e-mail to the team; empty when neither is set."""
        if self.feedback_url:
            return self.feedback_url
        return f"mailto:{self.team_email}" if self.team_email else ""
