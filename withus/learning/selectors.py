"""Reads for learning reports: the pathway funnel (how many people start and complete each step per quarter,
and who has been waiting more than six months for their next step), a course's evaluations, and what My learning
shows. Each in a fixed number of queries, grouped in the database. Presenters shape these; they never query."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max
from django.utils import timezone

from withus.learning.models import (
    Completion,
    Course,
    CourseCode,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    Facilitator,
    LearningSession,
)
from withus.people.models import Person

STEPS = [
    (CourseCode.INTRO_QI, "Introduction to QI"),
    (CourseCode.QI_FUNDAMENTALS, "QI Fundamentals"),
    (CourseCode.IMPROVEMENT_LEADERS, "Improvement Leaders Programme"),
    (CourseCode.QI_COACH, "QI coach"),
]
WAITING_DAYS = 183  # six months
QUARTERS_SHOWN = 4


@dataclass(frozen=True)
class Quarter:
    """A financial-year quarter (April to June is the first)."""

    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"

    def holds(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def quarter_of(day: datetime.date) -> Quarter:
    """Financial quarters (April to June, July to September, October to December, January to March) each lie
    within one calendar year."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    end = datetime.date(day.year + 1, 1, 1) if first_month == 10 else datetime.date(day.year, first_month + 3, 1)
    return Quarter(start=start, end=end - datetime.timedelta(days=1))


def recent_quarters(today: datetime.date, count: int = QUARTERS_SHOWN) -> list[Quarter]:
    quarters = [quarter_of(today)]
    while len(quarters) < count:
        quarters.append(quarter_of(quarters[-1].start - datetime.timedelta(days=1)))
    return list(reversed(quarters))


def funnel(*, organisation_id, today: datetime.date | None = None) -> dict:
    """Started (enrolled on a cohort that began in the quarter) and completed, per step and quarter."""
    today = today or timezone.localdate()
    quarters = recent_quarters(today)
    since = quarters[0].start
    codes = [code for code, _ in STEPS]
    started = (
        Enrolment.objects.filter(
            organisation_id=organisation_id,
            status=EnrolmentStatus.ENROLLED,
            cohort__course__code__in=codes,
            cohort__starts_at__date__gte=since,
        )
        .values("cohort__course__code", "cohort__starts_at")
        .annotate(n=Count("pk"))
        .order_by()
    )
    completed = (
        Completion.objects.filter(organisation_id=organisation_id, course__code__in=codes, completed_on__gte=since)
        .values("course__code", "completed_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table = {code: {quarter: [0, 0] for quarter in quarters} for code in codes}
    for row in started:
        day = timezone.localtime(row["cohort__starts_at"]).date()
        for quarter in quarters:
            if quarter.holds(day):
                table[row["cohort__course__code"]][quarter][0] += row["n"]
    for row in completed:
        for quarter in quarters:
            if quarter.holds(row["completed_on"]):
                table[row["course__code"]][quarter][1] += row["n"]
    rows = [{"label": label, "cells": [table[code][quarter] for quarter in quarters]} for code, label in STEPS]
    return {"quarters": quarters, "rows": rows}


@dataclass
class Waiting:
    person_id: object
    full_name: str
    done: str
    done_on: datetime.date
    next_step: str

    @property
    def months(self) -> int:
        return (timezone.localdate() - self.done_on).days * 12 // 365


def waiting_too_long(*, organisation_id, people, today: datetime.date | None = None) -> list[Waiting]:
    """People whose last pathway step was more than six months ago and who have no place on the next one.
    `people` is a queryset of the people the viewer may see. Four queries, grouped by ids (no joins), names
    fetched only for the people listed."""
    today = today or timezone.localdate()
    codes = [code for code, _ in STEPS]
    labels = dict(STEPS)
    step_of = {
        pk: codes.index(code)
        for pk, code in Course.objects.filter(organisation_id=organisation_id, code__in=codes).values_list("pk", "code")
    }
    last = (
        Completion.objects.filter(organisation_id=organisation_id, course_id__in=list(step_of), person_id__in=people)
        .values("person_id", "course_id")
        .annotate(last=Max("completed_on"))
        .order_by()
        .values_list("person_id", "course_id", "last")
    )
    furthest = {}
    for person_id, course_id, last_day in last:
        index = step_of[course_id]
        if person_id not in furthest or index > furthest[person_id][0]:
            furthest[person_id] = (index, _as_date(last_day))
    cutoff = today - datetime.timedelta(days=WAITING_DAYS)
    candidates = {
        person_id: (index, day)
        for person_id, (index, day) in furthest.items()
        if index < len(codes) - 1 and day < cutoff
    }
    if not candidates:
        return []
    booked = set(
        Enrolment.objects.filter(
            organisation_id=organisation_id,
            status=EnrolmentStatus.ENROLLED,
            cohort__course_id__in=list(step_of),
            person_id__in=people,
        ).values_list("person_id", "cohort__course_id")
    )
    course_at = {index: pk for pk, index in step_of.items()}
    waiting_ids = [
        person_id for person_id, (index, _) in candidates.items() if (person_id, course_at.get(index + 1)) not in booked
    ]
    names = dict(Person.objects.filter(pk__in=waiting_ids).values_list("pk", "full_name"))
    waiting = [
        Waiting(
            person_id=person_id,
            full_name=names[person_id],
            done=labels[codes[candidates[person_id][0]]],
            done_on=candidates[person_id][1],
            next_step=labels[codes[candidates[person_id][0] + 1]],
        )
        for person_id in waiting_ids
    ]
    return sorted(waiting, key=lambda item: (item.done_on, item.full_name))


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


# --- A course's evaluations ----------------------------------------------------------------------------


def evaluation_results(course: Course) -> dict:
    """Feedback per course and per facilitator, as averages and counts (three queries)."""
    evaluations = Evaluation.objects.for_course(course)
    overall = evaluations.aggregate(average=Avg("rating"), count=Count("pk"))
    by_facilitator = list(
        Facilitator.objects.for_course(course)
        .values("person__full_name", "role")
        .annotate(
            average=Avg("cohort__sessions__evaluations__rating"),
            count=Count("cohort__sessions__evaluations", distinct=True),
        )
        .order_by("person__full_name")
    )
    comments = list(evaluations.exclude(comment="").select_related("session__cohort").order_by("-created_at")[:10])
    return {"overall": overall, "by_facilitator": by_facilitator, "comments": comments}


# --- My learning ---------------------------------------------------------------------------------------


@dataclass
class LearningFacts:
    """What My learning is worked out from (presenters.my_learning shapes it)."""

    courses: list[Course]  # the trust's active courses, with their prerequisites
    latest: dict = field(default_factory=dict)  # course id -> the person's latest completion of it
    enrolments: dict = field(default_factory=dict)  # course id -> their latest enrolment on it, not withdrawn
    upcoming: list[LearningSession] = field(default_factory=list)  # sessions to come of the cohorts they are on


def my_learning_facts(person: Person) -> LearningFacts:
    """Four queries, whatever the number of courses."""
    courses = list(Course.objects.for_organisation(person.organisation_id).active().prefetch_related("prerequisites"))
    latest = {}
    for completion in (
        Completion.objects.for_organisation(person.organisation_id).filter(person=person).order_by("completed_on")
    ):
        latest[completion.course_id] = completion
    enrolments = {}
    for enrolment in Enrolment.objects.for_person(person).booked().select_related("cohort").order_by("created_at"):
        enrolments[enrolment.cohort.course_id] = enrolment
    enrolled_on = [item.cohort_id for item in enrolments.values() if item.status == EnrolmentStatus.ENROLLED]
    upcoming = list(
        LearningSession.objects.filter(cohort_id__in=enrolled_on, starts_at__gte=timezone.now())
        .select_related("cohort__course")
        .order_by("starts_at")
    )
    return LearningFacts(courses=courses, latest=latest, enrolments=enrolments, upcoming=upcoming)
