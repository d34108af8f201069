"""The pathway funnel: how many people start and complete each step per quarter, and who has been waiting
more than six months for their next step. A fixed number of queries, grouped in the database."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone

from withus.learning.models import Completion, CourseCode, Enrolment, EnrolmentStatus

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
    `people` is a queryset of the people the viewer may see. Two queries."""
    today = today or timezone.localdate()
    codes = [code for code, _ in STEPS]
    labels = dict(STEPS)
    last = (
        Completion.objects.filter(organisation_id=organisation_id, course__code__in=codes, person_id__in=people)
        .values("person_id", "person__full_name", "course__code")
        .annotate(last=Max("completed_on"))
        .order_by()
    )
    booked = set(
        Enrolment.objects.filter(
            organisation_id=organisation_id,
            status=EnrolmentStatus.ENROLLED,
            cohort__course__code__in=codes,
            person_id__in=people,
        ).values_list("person_id", "cohort__course__code")
    )
    furthest = {}
    for row in last:
        index = codes.index(row["course__code"])
        current = furthest.get(row["person_id"])
        if current is None or index > current[0]:
            furthest[row["person_id"]] = (index, row)
    cutoff = today - datetime.timedelta(days=WAITING_DAYS)
    waiting = []
    for person_id, (index, row) in furthest.items():
        if index == len(codes) - 1:
            continue
        nxt = codes[index + 1]
        last_day = (
            row["last"] if isinstance(row["last"], datetime.date) else datetime.date.fromisoformat(str(row["last"]))
        )
        if last_day < cutoff and (person_id, nxt) not in booked:
            waiting.append(
                Waiting(
                    person_id=person_id,
                    full_name=row["person__full_name"],
                    done=labels[codes[index]],
                    done_on=last_day,
                    next_step=labels[nxt],
                )
            )
    return sorted(waiting, key=lambda item: (item.done_on, item.full_name))
