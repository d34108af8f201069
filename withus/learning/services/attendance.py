"""Writes for attendance, completion and evaluation: who came to each session (and the involvement it
logs for co-facilitators), who completed the course, and what they thought of it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.involvement.models import (
    MAX_SESSION_HOURS,
    InvolvementKind,
    InvolvementRecord,
    InvolvementSource,
    source_key,
)
from withus.involvement.services import involvement_record_create, kinds_ensure_defaults
from withus.learning.models import (
    Cohort,
    Completion,
    CompletionHow,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Evaluation,
    Facilitator,
    LearningSession,
    SessionAttendance,
)
from withus.learning.services.courses import completion_record
from withus.people.models import Person, PersonKind

CO_FACILITATOR_KINDS = {PersonKind.SERVICE_USER, PersonKind.CARER}


def training_source_key(session: LearningSession) -> str:
    """The involvement log's key for co-facilitating one training session: one record per person per session."""
    return source_key("training-session", session.pk)


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
