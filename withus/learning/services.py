"""Writes for the learning pathway. Each validates, saves and audits inside one transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.involvement.models import MAX_SESSION_HOURS, InvolvementKind, InvolvementRecord, InvolvementSource
from withus.involvement.services import involvement_record_create, kinds_ensure_defaults
from withus.learning.models import (
    Cohort,
    Completion,
    CompletionHow,
    Course,
    CourseCode,
    CourseKind,
    Enrolment,
    EnrolmentChange,
    EnrolmentStatus,
    Evaluation,
    Facilitator,
    FacilitatorRole,
    LearningSession,
    OpenTo,
    SessionAttendance,
)
from withus.people.models import Person, PersonKind

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

MAX_COHORT_SESSIONS = 24
CO_FACILITATOR_KINDS = {PersonKind.SERVICE_USER, PersonKind.CARER}


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


# --- Courses ------------------------------------------------------------------------------------------

COURSE_FIELDS = ("name", "summary", "duration", "valid_for_months", "open_to", "is_active")


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


# --- Cohorts ------------------------------------------------------------------------------------------


@transaction.atomic
def cohort_create(
    *,
    course: Course,
    values: dict,
    sessions: list[tuple[datetime.datetime, datetime.datetime]],
    facilitators: Iterable[Person] = (),
    actor: User,
    request=None,
) -> Cohort:
    """Plan a cohort of a course, with its sessions and facilitators."""
    if not sessions:
        raise ValidationError({"first_date": "Enter the date of the first session"})
    if len(sessions) > MAX_COHORT_SESSIONS:
        raise ValidationError({"session_count": f"A cohort can have up to {MAX_COHORT_SESSIONS} sessions"})
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time"})
    sessions = sorted(sessions)
    values = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    required = values.get("required_sessions")
    if required is not None and not 1 <= required <= len(sessions):
        raise ValidationError(
            {"required_sessions": f"Enter a number of sessions from 1 to {len(sessions)}, or leave it empty"}
        )
    cohort = Cohort(
        organisation_id=course.organisation_id,
        course=course,
        starts_at=sessions[0][0],
        created_by=actor,
        **values,
    )
    cohort.full_clean()
    cohort.save()
    LearningSession.objects.bulk_create(
        [
            LearningSession(
                organisation_id=course.organisation_id,
                cohort=cohort,
                starts_at=start,
                ends_at=end,
                title=f"Session {number}" if len(sessions) > 1 else "",
            )
            for number, (start, end) in enumerate(sessions, start=1)
        ]
    )
    for person in facilitators:
        facilitator_add(cohort=cohort, person=person, actor=actor, request=request)
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=cohort, changed_fields=values)
    return cohort


@transaction.atomic
def facilitator_add(*, cohort: Cohort, person: Person, actor: User, request=None) -> Facilitator:
    """Name a facilitator: staff run it; a service user or carer co-facilitates (and is paid for it)."""
    if person.organisation_id != cohort.organisation_id:
        raise ValidationError({"facilitators": "Choose facilitators from your own trust"})
    role = FacilitatorRole.STAFF if person.kind == PersonKind.STAFF else FacilitatorRole.CO_FACILITATOR
    facilitator, created = Facilitator.objects.get_or_create(
        cohort=cohort, person=person, defaults={"organisation_id": cohort.organisation_id, "role": role}
    )
    if created:
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=actor,
            obj=facilitator,
            object_label=f"{person.full_name} facilitates {cohort.name}",
            changed_fields=["role"],
        )
    return facilitator


# --- Enrolment ----------------------------------------------------------------------------------------


def missing_prerequisites(course: Course, person: Person, on: datetime.date | None = None) -> list[Course]:
    """The prerequisites this person has not completed (in date). A prerequisite not open to people like
    them (a service-user course, for a member of staff) does not apply to them."""
    on = on or timezone.localdate()
    held = Completion.objects.for_organisation(person.organisation_id).in_date(on).filter(person=person)
    return [
        prerequisite
        for prerequisite in course.prerequisites.exclude(pk__in=held.values("course_id"))
        if prerequisite.is_open_to(person)
    ]


def booking_problem(cohort: Cohort, person: Person | None, *, override: bool = False) -> str:
    """Why this person cannot have a place on this cohort, in plain English; empty when they can."""
    course = cohort.course
    if person is None or person.organisation_id != cohort.organisation_id:
        return "You need to be in this trust's involvement register to book. Ask the People Participation team."
    if not course.is_active:
        return f"{course.name} is not running at the moment."
    if cohort.cancelled_at is not None:
        return f"{cohort.name} has been cancelled. Choose another date."
    if cohort.starts_at is None or cohort.starts_at <= timezone.now():
        return "This cohort has already started, so it cannot take new bookings. Choose a later date."
    return "" if override else course_problem(course, person)


def course_problem(course: Course, person: Person) -> str:
    """Why this person cannot book this course at all (who it is for, what comes first); empty when they can."""
    if not course.is_open_to(person):
        return f"{course.name} is for {course.get_open_to_display().lower()}."
    missing = missing_prerequisites(course, person)
    if missing:
        names = " and ".join(prerequisite.name for prerequisite in missing)
        return f"You need to complete {names} before you can book {course.name}."
    return ""


def _change(enrolment: Enrolment, *, status: str, actor: User | None, reason: str = "", request=None) -> None:
    enrolment.status = status
    enrolment.save()
    EnrolmentChange.objects.create(
        organisation_id=enrolment.organisation_id, enrolment=enrolment, status=status, reason=reason, changed_by=actor
    )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=enrolment, changed_fields=["status"])


def _tell(person: Person, subject: str, body: str) -> None:
    if person.email:
        transaction.on_commit(lambda: send_mail(f"WithUs: {subject}", body, None, [person.email]))


def enrolment_request(
    *,
    cohort: Cohort,
    person: Person,
    actor: User,
    override_reason: str = "",
    waiting_list: bool = False,
    request=None,
) -> Enrolment:
    """Ask for a place (a participant or member of staff), or enrol someone (a lead, who may override the
    prerequisites with a reason). A full cohort puts the person on the waiting list, never over the capacity:
    the cohort row is locked, so simultaneous requests take turns."""
    override_reason = override_reason.strip()
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
        problem = booking_problem(cohort, person, override=bool(override_reason))
        if problem:
            raise ValidationError(problem)
        existing = Enrolment.objects.select_for_update().filter(cohort=cohort, person=person).first()
        if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
            where = "has a place" if existing.status == EnrolmentStatus.ENROLLED else "is on the waiting list"
            raise ValidationError(f"{person.full_name} already {where} on {cohort.name}.")
        taken = Enrolment.objects.filter(cohort=cohort).enrolled().count()
        status = EnrolmentStatus.ENROLLED if taken < cohort.capacity and not waiting_list else EnrolmentStatus.WAITING
        now = timezone.now()
        if existing is None:
            enrolment = Enrolment.objects.create(
                organisation_id=cohort.organisation_id,
                cohort=cohort,
                person=person,
                status=status,
                waiting_since=now if status == EnrolmentStatus.WAITING else None,
                override_reason=override_reason,
            )
            EnrolmentChange.objects.create(
                organisation_id=cohort.organisation_id,
                enrolment=enrolment,
                status=status,
                reason=override_reason,
                changed_by=actor,
            )
            audit_record(
                action=AuditAction.CREATE, request=request, actor=actor, obj=enrolment, changed_fields=["status"]
            )
        else:
            enrolment = existing
            enrolment.waiting_since = now if status == EnrolmentStatus.WAITING else None
            enrolment.override_reason = override_reason
            _change(enrolment, status=status, actor=actor, reason=override_reason, request=request)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor: User, reason: str = "", request=None) -> Enrolment | None:
    """Give up a place (or a place on the waiting list). The next person waiting is offered the freed place.

    Returns the enrolment of the person who was offered the place, if anyone was."""
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().select_related("person").get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        return None
    if cohort.completions.filter(person_id=enrolment.person_id).exists():
        raise ValidationError(f"{enrolment.person.full_name} has already completed this course.")
    freed = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.waiting_since = None
    _change(enrolment, status=EnrolmentStatus.WITHDRAWN, actor=actor, reason=reason.strip(), request=request)
    if not freed or (cohort.starts_at and cohort.starts_at <= timezone.now()):
        return None
    if Enrolment.objects.filter(cohort=cohort).enrolled().count() >= cohort.capacity:
        return None
    nxt = Enrolment.objects.select_for_update().filter(cohort=cohort).waiting().select_related("person").first()
    if nxt is None:
        return None
    nxt.waiting_since = None
    _change(nxt, status=EnrolmentStatus.ENROLLED, actor=actor, reason="A place came free", request=request)
    first = cohort.starts_at
    _tell(
        nxt.person,
        f"You have a place on {cohort.course.name}",
        f"Dear {nxt.person.preferred_name or nxt.person.full_name},\n\n"
        f"A place came free on {cohort.name} and it is yours. It starts on {first:%A} {first.day} {first:%B %Y}.\n\n"
        "If you can no longer come, please withdraw in WithUs so someone else can have the place.\n\n"
        "With thanks,\nThe People Participation team",
    )
    return nxt


@transaction.atomic
def cohort_cancel(*, cohort: Cohort, reason: str, actor: User, request=None) -> list[Enrolment]:
    """Cancel a cohort that has not started: everyone with a place or on the waiting list is withdrawn (with
    the reason in their history) and told by e-mail. Returns the enrolments that were withdrawn."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the cohort is cancelled. We tell the people booked on it"})
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if cohort.cancelled_at is not None:
        raise ValidationError(f"{cohort.name} was already cancelled.")
    if SessionAttendance.objects.filter(session__cohort=cohort).exists() or (
        cohort.starts_at is not None and cohort.starts_at <= timezone.now()
    ):
        raise ValidationError(
            f"{cohort.name} has already started, so it cannot be cancelled. Withdraw people one by one instead."
        )
    cohort.cancelled_at, cohort.cancelled_by, cohort.cancel_reason = timezone.now(), actor, reason[:500]
    cohort.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=cohort,
        changed_fields=["cancelled_at", "cancel_reason"],
    )
    withdrawn = list(
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("person")
    )
    for enrolment in withdrawn:
        enrolment.waiting_since = None
        _change(
            enrolment,
            status=EnrolmentStatus.WITHDRAWN,
            actor=actor,
            reason=f"Cohort cancelled: {reason}"[:500],
            request=request,
        )
        person = enrolment.person
        _tell(
            person,
            f"{cohort.name} is cancelled",
            f"Dear {person.preferred_name or person.full_name},\n\n"
            f"We are sorry: {cohort.name} has been cancelled. The reason: {reason}\n\n"
            f"You do not need to do anything. To book another date for {cohort.course.name}, sign in to WithUs "
            "and go to My learning, or reply to this e-mail and we will help.\n\n"
            "With thanks,\nThe People Participation team",
        )
    return withdrawn


# --- Attendance and completion ------------------------------------------------------------------------


def training_source_key(session: LearningSession) -> str:
    """The involvement log's key for co-facilitating one training session: one record per person per session."""
    return f"training-session:{session.pk}"


def _session_hours(session: LearningSession) -> Decimal:
    seconds = Decimal((session.ends_at - session.starts_at).total_seconds())
    return min(Decimal(MAX_SESSION_HOURS), (seconds / 3600).quantize(Decimal("0.25")))


def _co_facilitating_kind(cohort: Cohort) -> InvolvementKind:
    # Teaching the QI pathway is part of what QI coaches do; every other course is co-delivered training.
    code = "qi-coaching" if cohort.course.kind == CourseKind.PATHWAY else "staff-training"
    kind = InvolvementKind.objects.filter(organisation_id=cohort.organisation_id, code=code).first()
    if kind is None:
        kinds_ensure_defaults(organisation=cohort.organisation)
        kind = InvolvementKind.objects.get(organisation_id=cohort.organisation_id, code=code)
    return kind


@transaction.atomic
def attendance_record(*, session: LearningSession, attended: dict, actor: User, request=None) -> list[Completion]:
    """Record who came to a session: `attended` maps enrolled people's ids to True or False.

    Every service-user or carer co-facilitator gets one involvement record for the session (so it is paid).
    Anyone who has now attended the sessions the course needs completes it. Returns the new completions.
    """
    session = LearningSession.objects.select_related("cohort__course", "cohort__organisation").get(pk=session.pk)
    cohort = session.cohort
    if cohort.cancelled_at is not None:
        raise ValidationError(f"{cohort.name} was cancelled, so its sessions have no attendance.")
    if session.starts_at > timezone.now():
        raise ValidationError("You can record attendance once the session has started.")
    enrolled = {
        str(enrolment.person_id): enrolment.person
        for enrolment in Enrolment.objects.filter(cohort=cohort).enrolled().select_related("person")
    }
    unknown = {str(pk) for pk in attended} - set(enrolled)
    if unknown:
        raise ValidationError("You can record attendance only for people enrolled on this cohort.")
    existing = {str(row.person_id): row for row in SessionAttendance.objects.filter(session=session)}
    for person_id, came in attended.items():
        row = existing.get(str(person_id))
        if row is None:
            row = SessionAttendance.objects.create(
                organisation_id=session.organisation_id,
                session=session,
                person=enrolled[str(person_id)],
                attended=bool(came),
                recorded_by=actor,
            )
            action = AuditAction.CREATE
        elif row.attended != bool(came):
            row.attended, row.recorded_by = bool(came), actor
            row.save()
            action = AuditAction.UPDATE
        else:
            continue
        audit_record(
            action=action,
            request=request,
            actor=actor,
            obj=row,
            object_label=f"Attendance of {enrolled[str(person_id)].full_name}",
            changed_fields=["attended"],
        )
    _co_facilitators_involved(session=session, actor=actor, request=request)
    return _complete_attenders(
        cohort=cohort, people=[enrolled[str(pk)] for pk in attended], actor=actor, request=request
    )


def _co_facilitators_involved(*, session: LearningSession, actor: User, request=None) -> None:
    cohort = session.cohort
    key = training_source_key(session)
    co_facilitators = [
        facilitator.person
        for facilitator in Facilitator.objects.filter(cohort=cohort, person__kind__in=CO_FACILITATOR_KINDS)
        .exclude(
            person_id__in=InvolvementRecord.objects.filter(
                organisation_id=cohort.organisation_id, source_key=key
            ).values("person_id")
        )
        .select_related("person")
    ]
    if not co_facilitators:
        return
    kind = _co_facilitating_kind(cohort)
    for person in co_facilitators:
        involvement_record_create(
            organisation=cohort.organisation,
            person=person,
            date=timezone.localtime(session.starts_at).date(),
            kind=kind,
            hours=_session_hours(session),
            role="Co-facilitator",
            source_type=InvolvementSource.TRAINING,
            source_id=str(cohort.pk),
            source_label=f"Co-facilitating {cohort.course.name}: {session}",
            source_key=key,
            actor=actor,
            request=request,
        )


def _complete_attenders(*, cohort: Cohort, people: list[Person], actor: User, request=None) -> list[Completion]:
    if not people:
        return []
    total = cohort.sessions.count()
    needed = min(cohort.required_sessions or total, total)
    counts = dict(
        SessionAttendance.objects.filter(session__cohort=cohort, attended=True, person__in=people)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    done = set(cohort.completions.values_list("person_id", flat=True))
    last = (
        SessionAttendance.objects.filter(session__cohort=cohort, attended=True)
        .order_by("-session__starts_at")
        .values_list("session__starts_at", flat=True)
        .first()
    )
    completed_on = min(timezone.localtime(last).date(), timezone.localdate()) if last else timezone.localdate()
    completions = []
    for person in people:
        if person.pk in done or counts.get(person.pk, 0) < needed:
            continue
        completions.append(
            completion_record(
                person=person,
                course=cohort.course,
                completed_on=completed_on,
                how=CompletionHow.ATTENDED,
                actor=actor,
                request=request,
                cohort=cohort,
            )
        )
    return completions


def completion_mark(*, enrolment: Enrolment, reason: str, actor: User, request=None) -> Completion:
    """A lead marks someone's course complete (for example, they caught up a missed session another way)."""
    enrolment = Enrolment.objects.select_related("cohort__course", "person").get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(f"{enrolment.person.full_name} is not enrolled on this cohort.")
    if enrolment.cohort.completions.filter(person_id=enrolment.person_id).exists():
        raise ValidationError(f"{enrolment.person.full_name} has already completed this course.")
    return completion_record(
        person=enrolment.person,
        course=enrolment.cohort.course,
        completed_on=timezone.localdate(),
        how=CompletionHow.MARKED,
        reason=reason,
        actor=actor,
        request=request,
        cohort=enrolment.cohort,
    )


# --- Evaluations --------------------------------------------------------------------------------------


def evaluation_submit(
    *, session: LearningSession, person: Person, rating, comment: str, actor: User, request=None
) -> Evaluation:
    """A member of staff who attended a session says how it was: 1 (poor) to 5 (excellent), and a comment."""
    if not SessionAttendance.objects.filter(session=session, person=person, attended=True).exists():
        raise ValidationError("You can give feedback only on a session you attended.")
    if person.kind != PersonKind.STAFF:
        raise ValidationError("Feedback on sessions is asked of the staff who attended.")
    try:
        rating = int(rating)
    except (TypeError, ValueError) as error:
        raise ValidationError({"rating": "Select a score from 1 to 5"}) from error
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Select a score from 1 to 5"})
    evaluation = Evaluation(
        organisation_id=session.organisation_id, session=session, person=person, rating=rating, comment=comment.strip()
    )
    evaluation.full_clean(validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError as error:
            raise ValidationError("You have already given feedback on this session. Thank you.") from error
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=actor,
            obj=evaluation,
            object_label=f"Evaluation of {session}",
            changed_fields=["rating", "comment"],
        )
    return evaluation
