"""Completions: who holds a training on a day, refreshers, and the checks on recording one."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from withus.core.models import AuditAction, AuditEntry
from withus.learning.models import Completion, CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def courses(trust):
    return courses_ensure_defaults(organisation=trust.organisation)


def test_default_courses_form_the_pathway(courses):
    fundamentals = courses[CourseCode.QI_FUNDAMENTALS]
    assert list(fundamentals.prerequisites.all()) == [courses[CourseCode.INTRO_QI]]
    assert courses[CourseCode.RECRUITMENT_PANEL].valid_for_months == 36
    assert courses[CourseCode.INTRO_QI].valid_for_months is None


def test_defaults_are_idempotent(trust, courses):
    again = courses_ensure_defaults(organisation=trust.organisation)
    assert {course.pk for course in again.values()} == {course.pk for course in courses.values()}


@pytest.mark.parametrize(
    ("completed", "months", "last_day"),
    [
        (datetime.date(2026, 3, 15), 36, datetime.date(2029, 3, 14)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 27)),
        (datetime.date(2026, 12, 1), 1, datetime.date(2026, 12, 31)),
    ],
)
def test_validity_runs_to_the_day_before_the_anniversary(courses, completed, months, last_day):
    course = courses[CourseCode.RECRUITMENT_PANEL]
    course.valid_for_months = months
    assert course.valid_until(completed) == last_day


@time_machine.travel(datetime.date(2026, 11, 26))
def test_holders_are_only_those_in_date(trust, courses):
    panel = courses[CourseCode.RECRUITMENT_PANEL]
    in_date, lapsed, never = (PersonFactory(organisation=trust.organisation) for _ in range(3))
    completion_record(person=in_date, course=panel, completed_on=datetime.date(2025, 6, 1), how="attended", actor=None)
    completion_record(person=lapsed, course=panel, completed_on=datetime.date(2023, 6, 1), how="attended", actor=None)
    holders = set(
        Completion.objects.holders_of(
            organisation_id=trust.organisation.pk,
            course_code=CourseCode.RECRUITMENT_PANEL,
            on=datetime.date(2026, 11, 26),
        ).values_list("person_id", flat=True)
    )
    assert holders == {in_date.pk}
    assert never.pk not in holders


@time_machine.travel(datetime.date(2026, 11, 26))
def test_recording_checks_and_audits(trust, courses):
    person = PersonFactory(organisation=trust.organisation)
    intro = courses[CourseCode.INTRO_QI]
    with pytest.raises(ValidationError, match="today or in the past"):
        completion_record(
            person=person, course=intro, completed_on=datetime.date(2027, 1, 1), how="attended", actor=None
        )
    with pytest.raises(ValidationError, match="why you are marking"):
        completion_record(person=person, course=intro, completed_on=datetime.date(2026, 1, 1), how="marked", actor=None)
    completion = completion_record(
        person=person, course=intro, completed_on=datetime.date(2026, 1, 1), how=CompletionHow.ATTENDED, actor=None
    )
    assert completion.valid_until is None
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(completion.pk)).exists()
    with pytest.raises(ValidationError, match="already completed"):
        completion_record(
            person=person, course=intro, completed_on=datetime.date(2026, 1, 1), how="attended", actor=None
        )
    other_trust_person = PersonFactory()
    with pytest.raises(ValidationError, match="same trust"):
        completion_record(
            person=other_trust_person, course=intro, completed_on=datetime.date(2026, 1, 1), how="attended", actor=None
        )
