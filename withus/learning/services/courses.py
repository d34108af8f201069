"""Writes for courses: the trust's default courses, editing a course, and recording a completion directly."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.involvement.models import InvolvementKind
from withus.learning.models import Cohort, Completion, CompletionHow, Course, CourseCode, CourseKind, OpenTo
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


# What someone learns on each default course, one point a line, in plain English (leads can change it).
DEFAULT_OUTCOMES = {
    CourseCode.INTRO_QI: "What quality improvement (QI) is: a way of making care better by testing small changes\n"
    "How a team decides what to change and how it will know the change helped\n"
    "How service users and carers take part in improvement projects",
    CourseCode.QI_FUNDAMENTALS: "How to test a change on a small scale, learn from it and try again\n"
    "How to read a chart that shows whether things are getting better\n"
    "How to find the causes of a problem with a team",
    CourseCode.IMPROVEMENT_LEADERS: "How to lead an improvement project from start to finish\n"
    "How to bring a team together, including service users and carers\n"
    "How to share what the project learned",
    CourseCode.QI_COACH: "How to support other teams with their improvement projects\n"
    "How to help a team when a project gets stuck",
    CourseCode.RECRUITMENT_PANEL: "How an interview panel works and what your part is\n"
    "How to score answers fairly against the same questions for everyone\n"
    "How to keep what you hear confidential",
    CourseCode.ACCREDITATION_ASSESSOR: "What a service is checked against when it is assessed\n"
    "How to visit a service, talk to people and record what you find",
    CourseCode.CO_DELIVERING: "How to plan a training session with staff\n"
    "How to share your experience safely and in a way that helps staff learn",
    CourseCode.BOARD_INDUCTION: "How the board and its committees make decisions\n"
    "How to read the papers and ask questions in a meeting\n"
    "What support you can get as a member",
}

# Who each default course is open to (the Improvement Leaders Programme mixes staff, service users and carers).
DEFAULT_OPEN_TO = {
    CourseCode.IMPROVEMENT_LEADERS: OpenTo.EVERYONE,
    CourseCode.QI_COACH: OpenTo.EVERYONE,
}

# Which course a kind of involvement needs, by the kind's code, when its training text names no course exactly.
KIND_COURSES = {
    "interview-panel": CourseCode.RECRUITMENT_PANEL,
    "accreditation": CourseCode.ACCREDITATION_ASSESSOR,
    "qi-team": CourseCode.INTRO_QI,
    "qi-coaching": CourseCode.IMPROVEMENT_LEADERS,
    "board-committee": CourseCode.BOARD_INDUCTION,
}


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
                "learning_outcomes": DEFAULT_OUTCOMES.get(code, ""),
                "valid_for_months": months,
                "position": position,
                "open_to": DEFAULT_OPEN_TO.get(code, OpenTo.SERVICE_USERS_AND_CARERS),
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
    cohort: Cohort | None = None,
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
    if cohort is not None and cohort.course_id != course.pk:
        raise ValidationError("The cohort must be of the same course.")
    completion = Completion(
        organisation_id=course.organisation_id,
        person=person,
        course=course,
        completed_on=completed_on,
        valid_until=course.valid_until(completed_on),
        how=how,
        reason=reason,
        recorded_by=actor,
        cohort=cohort,
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


def courses_for_kind(kind: InvolvementKind, training: str | None = None) -> list[Course]:
    """The courses a kind of involvement needs: the course its training (or `training`, when an opportunity
    names its own) names exactly, else, for the kind's usual training, the standard course for the kind."""
    text = (kind.required_training if training is None else training).strip()
    if not text:
        return []
    courses = Course.objects.filter(organisation_id=kind.organisation_id, is_active=True)
    named = courses.filter(name__iexact=text).first()
    if named is None and kind.code in KIND_COURSES and text == kind.required_training.strip():
        named = courses.filter(code=KIND_COURSES[kind.code]).first()
    return [named] if named else []


COURSE_FIELDS = (
    "name",
    "summary",
    "learning_outcomes",
    "duration",
    "attendance_pay",
    "valid_for_months",
    "open_to",
    "is_active",
)


@transaction.atomic
def course_update(
    *, course: Course, values: dict, prerequisites: Iterable[Course], actor: User, request=None
) -> Course:
    """Change a course's details and prerequisites. A course can never (even indirectly) need itself."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    prerequisites = list(prerequisites)
    if any(other.organisation_id != course.organisation_id for other in prerequisites):
        raise ValidationError({"prerequisites": "Choose courses from your own trust"})
    # Walk up from the chosen prerequisites: if this course is among them, the pathway would loop.
    seen, frontier = set(), {other.pk for other in prerequisites}
    while frontier:
        if course.pk in frontier:
            raise ValidationError(
                {"prerequisites": "A course cannot come before itself. Remove the course that leads back to it"}
            )
        seen |= frontier
        frontier = (
            set(
                Course.prerequisites.through.objects.filter(from_course_id__in=frontier).values_list(
                    "to_course_id", flat=True
                )
            )
            - seen
        )
    changed = [key for key in COURSE_FIELDS if key in values and getattr(course, key) != values[key]]
    for key in COURSE_FIELDS:
        if key in values:
            setattr(course, key, values[key].strip() if isinstance(values[key], str) else values[key])
    course.full_clean(validate_constraints=False)
    course.save()
    if {other.pk for other in prerequisites} != set(course.prerequisites.values_list("pk", flat=True)):
        changed.append("prerequisites")
        course.prerequisites.set(prerequisites)
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=course, changed_fields=changed)
    return course
