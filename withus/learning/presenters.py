"""What a person's learning looks like to them: their steps, their next step in plain English, refreshers."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext

from withus.core.formatting import date_in_language
from withus.learning.models import Completion, Course, CourseKind, Enrolment, EnrolmentStatus
from withus.learning.selectors import LearningFacts
from withus.people.models import Person

REFRESHER_WARNING_DAYS = 90


@dataclass
class Step:
    course: Course
    completion: Completion | None = None
    enrolment: Enrolment | None = None
    missing: list[Course] = field(default_factory=list)
    lapsed: bool = False

    @property
    def state(self) -> str:
        if self.completion and not self.lapsed:
            return "done"
        if self.enrolment and self.enrolment.status == EnrolmentStatus.ENROLLED:
            return "booked"
        if self.enrolment and self.enrolment.status == EnrolmentStatus.WAITING:
            return "waiting"
        if self.lapsed:
            return "lapsed"
        return "can_book" if not self.missing else "not_yet"

    @property
    def tag(self) -> dict:
        return {
            "done": {"text": gettext("Done"), "classes": "nhsuk-tag--green"},
            "booked": {"text": gettext("Booked"), "classes": "nhsuk-tag--blue"},
            "waiting": {"text": gettext("On the waiting list"), "classes": "nhsuk-tag--yellow"},
            "lapsed": {"text": gettext("Refresher due"), "classes": "nhsuk-tag--orange"},
            "can_book": {"text": gettext("You can book this"), "classes": "nhsuk-tag--aqua-green"},
            "not_yet": {"text": gettext("Not yet"), "classes": "nhsuk-tag--grey"},
        }[self.state]

    @property
    def text(self) -> str:
        if self.state == "done":
            return gettext("Completed on %(date)s") % {"date": date_in_language(self.completion.completed_on)}
        if self.state == "booked":
            return gettext("Booked on %(cohort)s") % {"cohort": self.enrolment.cohort.name}
        if self.state == "waiting":
            return gettext("On the waiting list for %(cohort)s") % {"cohort": self.enrolment.cohort.name}
        if self.state == "lapsed":
            return gettext("Your training has lapsed: book a refresher")
        if self.state == "can_book":
            return gettext("You can book this now")
        return gettext("First complete %(courses)s") % {"courses": course_names(self.missing)}


def course_names(courses) -> str:
    """ "A and B", "A, B and C": the "and" in the person's language."""
    return get_text_list([course.name for course in courses], gettext("and"))


def my_learning(person: Person, facts: LearningFacts, *, today: datetime.date | None = None) -> dict:
    """Everything My learning shows, shaped from what `selectors.my_learning_facts` read."""
    today = today or timezone.localdate()
    courses, latest, enrolments = facts.courses, facts.latest, facts.enrolments

    def step(course: Course) -> Step:
        completion = latest.get(course.pk)
        lapsed = bool(completion and completion.valid_until and completion.valid_until < today)
        held = {pk for pk, done in latest.items() if not (done.valid_until and done.valid_until < today)}
        missing = [p for p in course.prerequisites.all() if p.pk not in held and p.is_open_to(person)]
        return Step(
            course=course, completion=completion, enrolment=enrolments.get(course.pk), missing=missing, lapsed=lapsed
        )

    pathway = [step(course) for course in courses if course.kind == CourseKind.PATHWAY and course.is_open_to(person)]
    roles = [step(course) for course in courses if course.kind != CourseKind.PATHWAY and course.is_open_to(person)]
    roles = [item for item in roles if item.completion or item.enrolment] + [
        item for item in roles if not (item.completion or item.enrolment)
    ]
    next_step = next((item for item in pathway if item.state != "done"), None)
    soon = today + datetime.timedelta(days=REFRESHER_WARNING_DAYS)
    refreshers = [
        completion for completion in latest.values() if completion.valid_until and completion.valid_until <= soon
    ]
    booked = [item.enrolment.cohort_id for item in pathway + roles if item.state == "booked"]
    upcoming = [session for session in facts.upcoming if session.cohort_id in booked][:20]
    certificates = sorted(latest.values(), key=lambda completion: completion.completed_on, reverse=True)
    courses_by_pk = {course.pk: course for course in courses}
    for completion in certificates:
        completion.course = courses_by_pk.get(completion.course_id) or completion.course
    return {
        "pathway": pathway,
        "roles": roles,
        "next_step": next_step,
        "next_step_text": next_step_text(next_step),
        "refreshers": refreshers,
        "upcoming": upcoming,
        "certificates": certificates,
        "today": today,
    }


def next_step_text(step: Step | None) -> str:
    if step is None:
        return gettext("You have completed every step of the QI learning pathway. Thank you.")
    name = {"course": step.course.name}
    if step.state == "booked":
        return gettext("You are booked on %(course)s.") % name
    if step.state == "waiting":
        return gettext("You are on the waiting list for %(course)s. We will tell you when a place comes free.") % name
    if step.state == "lapsed":
        return gettext("Your %(course)s has lapsed. You can book a refresher.") % name
    if step.state == "can_book":
        return gettext("You can now book %(course)s.") % name
    return gettext("Your next step is %(course)s. %(what_first)s.") % {**name, "what_first": step.text}
