"""The learning pathway: courses (with prerequisites), and completions that make someone hold a training.

Cohorts, sessions, enrolment, attendance and certificates build on these. Other apps ask "who holds this
training on this day" through `Completion.objects.in_date(...)` and `holders_of(...)`, never by reading dates.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel


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
    PATHWAY = "pathway", "QI learning pathway"
    ROLE = "role", "Role training"
    STAFF = "staff", "Staff training co-delivered by service users"


class Course(BaseModel):
    """A course or training (reference data per trust, kept by leads and administrators)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=CourseKind.choices)
    summary = models.CharField(max_length=500, blank=True)
    duration = models.CharField(max_length=100, blank=True, help_text="For example, half a day or six months")
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="leads_to")
    # Empty for a course that, once done, is held for good; otherwise a refresher is due after this many months.
    valid_for_months = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="course_code_unique")]

    def __str__(self) -> str:
        return self.name

    def valid_until(self, completed_on: datetime.date) -> datetime.date | None:
        """The last day a completion on `completed_on` is in date, or None if it never lapses."""
        if not self.valid_for_months:
            return None
        month_index = completed_on.month - 1 + self.valid_for_months
        year, month = completed_on.year + month_index // 12, month_index % 12 + 1
        # Clamp to the month's last day (31 January + 1 month is 28 or 29 February).
        for day in (completed_on.day, 30, 29, 28):
            try:
                return datetime.date(year, month, day) - datetime.timedelta(days=1)
            except ValueError:
                continue
        raise AssertionError("unreachable")


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
