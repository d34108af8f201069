"""Board and committee seats held by service users and carers, and recruitment interview panels where they
score candidates as equals.

Two sections: committees (committees, seats, terms, meetings and attendance) and recruitment (vacancies with
their panel: members, criteria, candidates, score sheets and the decision).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from withus.accounts.models import Role
from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet
from withus.involvement.models import source_key

# --- Committees ---------------------------------------------------------------------------------------


class CommitteeKind(models.TextChoices):
    BOARD = "board", "Board"
    SUB_COMMITTEE = "sub_committee", "Sub-committee of the Board"
    QI_FORUM = "qi_forum", "QI forum"
    STEERING_GROUP = "steering_group", "Steering group"


class CommitteeQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)


class Committee(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=CommitteeKind.choices)
    purpose = models.TextField(max_length=1000, blank=True)
    chair = models.CharField("Chaired by", max_length=150, blank=True)
    reports_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_committees"
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="committee_name_unique")]
        indexes = [models.Index(fields=["organisation", "position"], name="committee_org_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"Committee {self.name}"


class ReservedFor(models.TextChoices):
    EITHER = "either", "A service user or carer"
    SERVICE_USER = "service_user", "A service user"
    CARER = "carer", "A carer"


RESERVED_KINDS = {
    ReservedFor.EITHER: {"service_user", "carer"},
    ReservedFor.SERVICE_USER: {"service_user"},
    ReservedFor.CARER: {"carer"},
}


class Seat(BaseModel):
    """A seat on a committee reserved for a service user or carer, held by one person at a time for a term."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="seats")
    title = models.CharField(max_length=100)
    reserved_for = models.CharField(max_length=20, choices=ReservedFor.choices, default=ReservedFor.EITHER)
    term_months = models.PositiveSmallIntegerField(default=24, validators=[MinValueValidator(1), MaxValueValidator(60)])
    # The opportunity that advertises the seat now (empty when it is not being advertised).
    advert = models.ForeignKey(
        "opportunities.Opportunity", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "position", "title"]
        constraints = [models.UniqueConstraint(fields=["committee", "title"], name="seat_title_unique")]
        indexes = [models.Index(fields=["organisation", "committee"], name="seat_org_committee")]

    def __str__(self) -> str:
        return f"{self.title} ({self.committee_id})"

    @property
    def audit_label(self) -> str:
        return f"Seat {self.title}"


class SeatTermQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def current_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def overlapping(self, start, end):
        return self.filter(starts_on__lte=end, ends_on__gte=start)

    def for_committee(self, committee):
        return self.filter(seat__committee=committee)

    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)


class SeatTerm(BaseModel):
    """One person holding a seat from a start date to an end date, appointed through an opportunity."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="terms")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SeatTermQuerySet.as_manager()

    class Meta:
        ordering = ["seat", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"),
            models.UniqueConstraint(fields=["seat", "starts_on"], name="term_one_start_per_seat"),
        ]
        indexes = [
            models.Index(fields=["seat", "starts_on", "ends_on"], name="term_seat_dates"),
            models.Index(fields=["organisation", "ends_on"], name="term_org_ends"),
            models.Index(fields=["person", "ends_on"], name="term_person_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.seat_id} from {self.starts_on}"

    @property
    def audit_label(self) -> str:
        return f"Seat term: {self.seat.title}"


class MeetingQuerySet(models.QuerySet):
    def on_or_after(self, day):
        return self.filter(held_on__gte=day)


class Meeting(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("Meeting date")
    papers_on = models.DateField("Papers sent")
    hours = models.DecimalField(max_digits=4, decimal_places=2, default=2)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "held_on"], name="meeting_once_a_day"),
            models.CheckConstraint(condition=Q(papers_on__lte=models.F("held_on")), name="meeting_papers_before"),
        ]
        indexes = [models.Index(fields=["committee", "held_on"], name="meeting_committee_date")]

    def __str__(self) -> str:
        return f"{self.committee_id} on {self.held_on}"

    @property
    def audit_label(self) -> str:
        return f"Meeting of {self.committee.name} on {self.held_on:%d %B %Y}"

    @property
    def source_key(self) -> str:
        return source_key("committee-meeting", self.pk)


class MeetingAttendance(BaseModel):
    """Whether a seat holder came to a meeting. Recorded once; an attended meeting is an involvement record."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.meeting_id}: {self.attended}"


# --- Recruitment panels -------------------------------------------------------------------------------


class Band(models.TextChoices):
    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8A = "8a", "Band 8a"
    BAND_8B = "8b", "Band 8b"
    BAND_8C = "8c", "Band 8c"
    BAND_8D = "8d", "Band 8d"
    BAND_9 = "9", "Band 9"
    MEDICAL = "medical", "Medical and dental"
    VSM = "vsm", "Very senior manager"


class PanelStatus(models.TextChoices):
    SETTING_UP = "setting_up", "Setting up the panel"
    SCORING = "scoring", "Criteria agreed: interviewing and scoring"
    DECIDED = "decided", "Decision recorded"


class VacancyQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def led_by(self, user):
        """Vacancies a user runs from the staff side: administrators all; leads in their units; recruiting
        managers their own."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        vacancies = self.filter(organisation_id=user.organisation_id)
        if user.has_role(Role.ADMINISTRATOR):
            return vacancies
        condition = Q(recruiting_manager=user)
        if user.has_role(Role.PARTICIPATION_LEAD):
            units = user.units_for(Role.PARTICIPATION_LEAD)
            if units is None:
                return vacancies
            for unit in units:
                condition |= Q(unit__path__startswith=unit.path)
        return vacancies.filter(condition)

    def sat_on_by(self, user):
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        return self.filter(
            organisation_id=user.organisation_id,
            pk__in=PanelMember.objects.filter(user=user).values("vacancy_id"),
        )

    def visible_to(self, user):
        """Everyone who may open a panel: those who run it, and its members. Anyone else gets a 404."""
        return self.led_by(user) | self.sat_on_by(user)

    def with_lived_experience(self):
        """Each with `has_lived_experience`: whether a service user or carer sits on its panel."""
        members = PanelMember.objects.filter(vacancy_id=OuterRef("pk"), kind__in=LIVED_EXPERIENCE_KINDS)
        return self.annotate(has_lived_experience=Exists(members))


class Vacancy(BaseModel):
    """A post being recruited to, with its interview panel (one panel per vacancy)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(max_length=150)
    band = models.CharField(max_length=10, choices=Band.choices)
    closing_date = models.DateField()
    interview_on = models.DateField("Interview date", null=True, blank=True)
    recruiting_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The top of the scoring scale: each criterion is scored from 0 to this (0 to 3 by default).
    score_max = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(10)])
    # The current status; every change is also kept as a PanelStatusChange row.
    status = models.CharField(max_length=20, choices=PanelStatus.choices, default=PanelStatus.SETTING_UP)
    # When the score sheets were deleted under the retention rule (the decision and its reasons are kept).
    sheets_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-closing_date", "job_title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(condition=Q(score_max__gte=1) & Q(score_max__lte=10), name="vacancy_scale"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "closing_date"], name="vacancy_org_status_closing"),
            models.Index(fields=["organisation", "unit"], name="vacancy_org_unit"),
            models.Index(fields=["organisation", "recruiting_manager"], name="vacancy_org_manager"),
            models.Index(fields=["organisation", "closing_date"], name="vacancy_org_closing"),
        ]

    def __str__(self) -> str:
        return self.job_title

    @property
    def audit_label(self) -> str:
        return f"Vacancy {self.job_title}"

    @property
    def panel_month(self):
        """The month a panel counts in for coverage: its interview date, or else its closing date."""
        return (self.interview_on or self.closing_date).replace(day=1)


class PanelStatusChange(BaseModel):
    """One change of a panel's status: immutable, with who made it and when."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PanelStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PanelStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["vacancy", "created_at"], name="panel_status_vacancy")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class MemberKind(models.TextChoices):
    STAFF = "staff", "Staff"
    SERVICE_USER = "service_user", "Service user"
    CARER = "carer", "Carer"


LIVED_EXPERIENCE_KINDS = (MemberKind.SERVICE_USER, MemberKind.CARER)


class PanelMemberQuerySet(models.QuerySet):
    def for_user(self, user):
        """The panel places of one signed-in person, in their own trust."""
        return self.filter(user=user, organisation_id=user.organisation_id)


class PanelMember(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=MemberKind.choices)
    is_chair = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_chair", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "user"], name="panel_member_once"),
            models.UniqueConstraint(fields=["vacancy"], condition=Q(is_chair=True), name="panel_one_chair"),
        ]
        indexes = [
            models.Index(fields=["user", "vacancy"], name="panel_member_user"),
            models.Index(fields=["vacancy", "kind"], name="panel_member_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.vacancy_id}"

    @property
    def audit_label(self) -> str:
        return f"Panel member for {self.vacancy.job_title}"

    @property
    def has_lived_experience(self) -> bool:
        return self.kind in LIVED_EXPERIENCE_KINDS


class Criterion(BaseModel):
    """A question or criterion from the person specification, agreed by the panel before interviews."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="criteria")
    text = models.CharField(max_length=300)
    essential = models.BooleanField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "text"], name="criterion_text_unique")]

    def __str__(self) -> str:
        return self.text


class Candidate(BaseModel):
    """A shortlisted candidate, by reference and initials only: no CV and no other personal details."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="candidates")
    reference = models.CharField(max_length=20)
    initials = models.CharField(max_length=4)
    # Written when the decision is recorded and kept after the score sheets are deleted.
    combined_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    appointable = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "reference"], name="candidate_reference_unique")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.initials})"

    @property
    def label(self) -> str:
        return f"Candidate {self.reference} ({self.initials})"

    @property
    def audit_label(self) -> str:
        return self.label


class ScoreSheet(BaseModel):
    """One panel member's scores for one candidate, submitted alone. One per member per candidate."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="score_sheets")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="score_sheets")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="score_sheets")
    submitted_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "candidate"], name="score_sheet_once"),
        ]
        indexes = [
            models.Index(fields=["vacancy", "candidate"], name="score_sheet_vacancy"),
            models.Index(fields=["organisation", "vacancy"], name="score_sheet_org_vacancy"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} for {self.candidate_id}"

    @property
    def audit_label(self) -> str:
        return f"Score sheet for {self.candidate.label}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=10), name="score_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class PanelDecision(BaseModel):
    """What the panel decided and why. Kept when the score sheets are deleted."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    vacancy = models.OneToOneField(Vacancy, on_delete=models.PROTECT, related_name="decision")
    appointed = models.ForeignKey(Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reasons = models.TextField(max_length=3000)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["organisation", "decided_at"], name="decision_org_decided")]

    def __str__(self) -> str:
        return f"Decision on {self.vacancy_id}"

    @property
    def audit_label(self) -> str:
        return f"Panel decision for {self.vacancy.job_title}"
