"""Writes for the learning pathway. Each validates, saves and audits inside one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.learning.models import Completion, CompletionHow, Course, CourseCode, CourseKind
from withus.people.models import Person

# (code, name, kind, duration, valid for months, prerequisite codes) — the courses every trust starts with.
DEFAULT_COURSES = [
    (
        CourseCode.INTRO_QI,
        "Introduction to QI for service users and carers",
        CourseKind.PATHWAY,
        "Half a day",
        None,
        [],
    ),
    (CourseCode.QI_FUNDAMENTALS, "QI Fundamentals", CourseKind.PATHWAY, "One day", None, [CourseCode.INTRO_QI]),
    (
        CourseCode.IMPROVEMENT_LEADERS,
        "Improvement Leaders Programme",
        CourseKind.PATHWAY,
        "Six months, several sessions",
        None,
        [CourseCode.QI_FUNDAMENTALS],
    ),
    (CourseCode.QI_COACH, "QI coach", CourseKind.PATHWAY, "Ongoing", None, [CourseCode.IMPROVEMENT_LEADERS]),
    (CourseCode.RECRUITMENT_PANEL, "Recruitment panel member training", CourseKind.ROLE, "Half a day", 36, []),
    (CourseCode.ACCREDITATION_ASSESSOR, "Accreditation assessor training", CourseKind.ROLE, "One day", 36, []),
    (CourseCode.CO_DELIVERING, "Co-delivering staff training", CourseKind.ROLE, "Half a day", 36, []),
    (CourseCode.BOARD_INDUCTION, "Board and committee induction", CourseKind.ROLE, "Half a day", 36, []),
]


def courses_ensure_defaults(*, organisation) -> dict[str, Course]:
    """Make sure the trust has the standard courses; existing ones are left as they are. Returns them by code."""
    courses = {}
    for position, (code, name, kind, duration, months, _) in enumerate(DEFAULT_COURSES):
        courses[code], _ = Course.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "duration": duration,
                "valid_for_months": months,
                "position": position,
            },
        )
    for code, *_, prerequisite_codes in DEFAULT_COURSES:
        if prerequisite_codes and not courses[code].prerequisites.exists():
            courses[code].prerequisites.set([courses[p] for p in prerequisite_codes])
    return courses


def completion_record(
    *,
    person: Person,
    course: Course,
    completed_on: datetime.date,
    how: CompletionHow | str,
    actor: User | None,
    reason: str = "",
    request=None,
) -> Completion:
    """Record that someone completed a course; the validity comes from the course, never from the caller."""
    if person.organisation_id != course.organisation_id:
        raise ValidationError("The person and the course must belong to the same trust.")
    if how not in CompletionHow.values:
        raise ValidationError({"how": "Select how the course was completed"})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date of completion must be today or in the past"})
    reason = reason.strip()
    if how == CompletionHow.MARKED and not reason:
        raise ValidationError({"reason": "Enter why you are marking the course complete"})
    completion = Completion(
        organisation_id=course.organisation_id,
        person=person,
        course=course,
        completed_on=completed_on,
        valid_until=course.valid_until(completed_on),
        how=how,
        reason=reason,
        recorded_by=actor,
    )
    completion.full_clean(validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                completion.save()
        except IntegrityError as error:
            raise ValidationError(f"{person.full_name} already completed {course.name} on that day.") from error
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=actor,
            obj=completion,
            organisation_id=course.organisation_id,
            changed_fields=["completed_on", "how"],
        )
    return completion
