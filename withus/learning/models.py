"""The learning pathway: courses (with prerequisites), and completions that make someone hold a training.

Cohorts, sessions, enrolment, attendance and certificates build on these. Other apps ask "who holds this
training on this day" through `Completion.objects.in_date(...)` and `holders_of(...)`, never by reading dates.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _l

from withus.accounts.models import Role
from withus.core.dates import add_months
from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet
from withus.people.models import PersonKind


class CourseCode:
    """Codes of the courses every trust starts with, which other features refer to by code."""

    INTRO_QI = "intro-qi"
    QI_FUNDAMENTALS = "qi-fundamentals"
    IMPROVEMENT_LEADERS = "improvement-leaders"
    QI_COACH = "qi-coach"
    RECRUITMENT_PANEL = "recruitment-panel"
    ACCREDITATION_ASSESSOR = "accreditation-assessor"
    CO_DELIVERING = "co-delivering-training"
    BOARD_INDUCTION = "board-induction"


class CourseKind(models.TextChoices):
    PATHWAY = "pathway", _l("QI learning pathway")
    ROLE = "role", _l("Role training")
    STAFF = "staff", _l("Staff training co-delivered by service users")


class OpenTo(models.TextChoices):
    EVERYONE = "everyone", _l("Everyone: service users, carers and staff")
    SERVICE_USERS_AND_CARERS = "participants", _l("Service users and carers")
    STAFF = "staff", _l("Staff")


class AttendancePay(models.TextChoices):
    NOT_PAID = "not_paid", "Not paid: the course is free, and service users and carers are not paid to attend"
    PAID = "paid", "Paid: service users and carers are paid for their time, like other involvement"


OPEN_TO_KINDS = {
    OpenTo.EVERYONE: {PersonKind.SERVICE_USER, PersonKind.CARER, PersonKind.STAFF},
    OpenTo.SERVICE_USERS_AND_CARERS: {PersonKind.SERVICE_USER, PersonKind.CARER},
    OpenTo.STAFF: {PersonKind.STAFF},
}


class CourseQuerySet(OrganisationQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Course(BaseModel):
    """A course or training (reference data per trust, kept by leads and administrators)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=CourseKind.choices)
    summary = models.CharField(max_length=500, blank=True)
    duration = models.CharField(max_length=100, blank=True, help_text="For example, half a day or six months")
    # What someone will learn, one point a line, in plain English (shown on the course page as a list).
    learning_outcomes = models.TextField(max_length=1000, blank=True)
    attendance_pay = models.CharField(max_length=10, choices=AttendancePay.choices, default=AttendancePay.NOT_PAID)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="leads_to")
    # Empty for a course that, once done, is held for good; otherwise a refresher is due after this many months.
    valid_for_months = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    open_to = models.CharField(max_length=20, choices=OpenTo.choices, default=OpenTo.SERVICE_USERS_AND_CARERS)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="course_code_unique")]

    def __str__(self) -> str:
        return self.name

    def valid_until(self, completed_on: datetime.date) -> datetime.date | None:
        """The last day a completion on `completed_on` is in date, or None if it never lapses."""
        if not self.valid_for_months:
            return None
        # Clamped to the month's last day (31 January + 1 month is 28 or 29 February).
        return add_months(completed_on, self.valid_for_months) - datetime.timedelta(days=1)

    @property
    def audit_label(self) -> str:
        return f"Course {self.name}"

    def is_open_to(self, person) -> bool:
        return person.kind in OPEN_TO_KINDS[OpenTo(self.open_to)]


class CompletionHow(models.TextChoices):
    ATTENDED = "attended", "Attended the required sessions"
    MARKED = "marked", "Marked complete by a lead"
    RECORDED = "recorded", "Recorded from earlier training"


class CompletionQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def in_date(self, on: datetime.date):
        """Completions that count on `on`: done by then and not yet lapsed."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), completed_on__lte=on)

    def holders_of(self, *, organisation_id, course_code: str, on: datetime.date):
        """Person ids who hold the course in date on `on` (a subquery: use with `person_id__in=` or `pk__in=`)."""
        return self.for_organisation(organisation_id).in_date(on).filter(course__code=course_code).values("person_id")


class Completion(BaseModel):
    """Someone completed a course on a day; for a course with a validity period, it lapses after `valid_until`."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    how = models.CharField(max_length=10, choices=CompletionHow.choices)
    reason = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cohort = models.ForeignKey("Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="completions")

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "course", "completed_on"], name="completion_once_a_day"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("completed_on")),
                name="completion_valid_after_done",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "course", "valid_until"], name="completion_course_valid"),
            models.Index(fields=["organisation", "person", "course"], name="completion_person_course"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} completed {self.completed_on}"

    @property
    def audit_label(self) -> str:
        return f"Completion of {self.course.name}"


# --- Cohorts, sessions, enrolment, attendance, evaluations ---------------------------------------------


class CohortQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def running(self):
        """Cohorts that have not been cancelled."""
        return self.filter(cancelled_at__isnull=True)

    def managed_by(self, user):
        """Where the user may enrol people and record attendance: leads and administrators every cohort of
        their trust's courses (courses are trust-wide); the QI team the cohorts of the QI pathway."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        cohorts = self.filter(organisation_id=user.organisation_id)
        if user.has_role(Role.ADMINISTRATOR, Role.PARTICIPATION_LEAD):
            return cohorts
        if user.has_role(Role.IMPROVEMENT_ADVISOR):
            return cohorts.filter(course__kind=CourseKind.PATHWAY)
        return self.none()

    def with_places(self):
        """Each with `enrolled_count`, `waiting_count` and `session_count`."""
        enrolled = (
            Enrolment.objects.filter(cohort=OuterRef("pk"), status=EnrolmentStatus.ENROLLED)
            .values("cohort")
            .annotate(n=Count("pk"))
            .values("n")
        )
        waiting = (
            Enrolment.objects.filter(cohort=OuterRef("pk"), status=EnrolmentStatus.WAITING)
            .values("cohort")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            enrolled_count=Coalesce(Subquery(enrolled, output_field=IntegerField()), 0),
            waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
            session_count=Count("sessions"),
        )


class Cohort(BaseModel):
    """One run of a course: its sessions, its places, its facilitators and who is enrolled or waiting."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=150)
    place = models.CharField("Where", max_length=300, blank=True)
    is_online = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField()
    # How many sessions someone must attend to complete the course; empty means every session.
    required_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    # The first session's start, kept here so lists and "open for booking" need no join.
    starts_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A cancelled cohort is kept (with who, when and why) so people's history still makes sense.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=500, blank=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "name"]
        indexes = [
            models.Index(fields=["organisation", "course", "starts_at"], name="cohort_org_course_start"),
            models.Index(fields=["organisation", "starts_at"], name="cohort_org_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_has_places"),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""), name="cohort_cancelled_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def audit_label(self) -> str:
        return f"Cohort {self.name}"


class FacilitatorRole(models.TextChoices):
    STAFF = "staff", "Staff facilitator"
    CO_FACILITATOR = "co_facilitator", "Service user or carer co-facilitator"


class FacilitatorQuerySet(models.QuerySet):
    def for_course(self, course):
        return self.filter(cohort__course=course)


class Facilitator(BaseModel):
    """Someone who runs a cohort. Service users and carers who co-facilitate get an involvement record."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="facilitators")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=FacilitatorRole.choices)

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["role", "created_at"]
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="facilitator_once_per_cohort")]
        indexes = [models.Index(fields=["organisation", "person"], name="facilitator_org_person")]

    def __str__(self) -> str:
        return f"{self.person_id} facilitates {self.cohort_id}"


class LearningSessionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Sessions of the cohorts the user may manage (Cohort.objects.managed_by)."""
        return self.filter(cohort__in=Cohort.objects.managed_by(user))

    def attended_by(self, person):
        return self.filter(attendances__person=person, attendances__attended=True)


class LearningSession(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=150, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    objects = LearningSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["cohort", "starts_at"], name="lsession_cohort_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="lsession_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title or f"Session on {self.starts_at:%Y-%m-%d}"

    @property
    def audit_label(self) -> str:
        return f"Session {self}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EnrolmentQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def enrolled(self):
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def waiting(self):
        return self.filter(status=EnrolmentStatus.WAITING).order_by("waiting_since", "pk")

    def booked(self):
        """Enrolled or waiting: not withdrawn."""
        return self.exclude(status=EnrolmentStatus.WITHDRAWN)

    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)

    def managed_by(self, user):
        """Enrolments on the cohorts the user may manage (Cohort.objects.managed_by)."""
        return self.filter(cohort__in=Cohort.objects.managed_by(user))


class Enrolment(BaseModel):
    """A person's place (or place on the waiting list) on a cohort. One per person per cohort."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    waiting_since = models.DateTimeField(null=True, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_once_per_cohort")]
        indexes = [
            models.Index(fields=["cohort", "status", "waiting_since"], name="enrolment_cohort_status"),
            models.Index(fields=["organisation", "person", "status"], name="enrolment_org_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.cohort_id}: {self.status}"

    @property
    def audit_label(self) -> str:
        return f"Enrolment on {self.cohort.name}"


class EnrolmentChange(BaseModel):
    """Every change of an enrolment's status, kept for good (who, when, why)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="changes")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["enrolment", "created_at"], name="enrolchange_enrolment")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} -> {self.status}"


class SessionAttendanceQuerySet(models.QuerySet):
    def attended(self):
        return self.filter(attended=True)

    def for_cohort(self, cohort):
        return self.filter(session__cohort=cohort)


class SessionAttendance(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(LearningSession, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SessionAttendanceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="lattendance_once_per_session")]
        indexes = [models.Index(fields=["organisation", "person"], name="lattendance_org_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {'attended' if self.attended else 'absent'}"


class EvaluationQuerySet(models.QuerySet):
    def for_course(self, course):
        return self.filter(session__cohort__course=course)


class Evaluation(BaseModel):
    """A staff attendee's short evaluation of one session: a score from 1 to 5 and a comment."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(LearningSession, on_delete=models.PROTECT, related_name="evaluations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=1000, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="evaluation_once_per_session"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="evaluation_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["organisation", "session"], name="evaluation_org_session")]

    def __str__(self) -> str:
        return f"{self.rating} for {self.session_id}"
