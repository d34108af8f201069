"""Writes for enrolment: booking a place (or asking for one) and withdrawing, with the checks before."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.learning.models import Cohort, Completion, Course, Enrolment, EnrolmentChange, EnrolmentStatus, OpenTo
from withus.notifications.models import Message, MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person
from withus.people.models import Person


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
        return gettext(
            "You need to be in this trust's involvement register to book. Ask the People Participation team."
        )
    if not course.is_active:
        return gettext("%(course)s is not running at the moment.") % {"course": course.name}
    if cohort.cancelled_at is not None:
        return gettext("%(cohort)s has been cancelled. Choose another date.") % {"cohort": cohort.name}
    if cohort.starts_at is None or cohort.starts_at <= timezone.now():
        return gettext("This cohort has already started, so it cannot take new bookings. Choose a later date.")
    done = (
        Completion.objects.for_organisation(person.organisation_id)
        .in_date(timezone.localdate())
        .filter(person=person, course=course)
        .order_by("-completed_on")
        .first()
    )
    if done is not None:
        completed_on = f"{done.completed_on.day} {done.completed_on:%B %Y}"
        return gettext(
            "%(course)s was already completed on %(date)s and is still in date, so there is no need to do it again."
        ) % {"course": course.name, "date": completed_on}
    return "" if override else course_problem(course, person)


def course_problem(course: Course, person: Person) -> str:
    """Why this person cannot book this course at all (who it is for, what comes first); empty when they can."""
    if not course.is_open_to(person):
        if course.open_to == OpenTo.STAFF:
            return gettext("%(course)s is for staff.") % {"course": course.name}
        return gettext("%(course)s is for service users and carers.") % {"course": course.name}
    missing = missing_prerequisites(course, person)
    if missing:
        names = get_text_list([prerequisite.name for prerequisite in missing], gettext("and"))
        return gettext("You need to complete %(courses)s before you can book %(course)s.") % {
            "courses": names,
            "course": course.name,
        }
    return ""


def _change(enrolment: Enrolment, *, status: str, actor: User | None, reason: str = "", request=None) -> None:
    enrolment.status = status
    enrolment.save()
    EnrolmentChange.objects.create(
        organisation_id=enrolment.organisation_id, enrolment=enrolment, status=status, reason=reason, changed_by=actor
    )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=enrolment, changed_fields=["status"])


def _tell(person: Person, subject: str, body: str, *, template: str, key: str) -> Message:
    """Into the outbox, in the caller's transaction, by the way the person chose (sent after the commit)."""
    return notify_person(
        person=person, template=template, kind=MessageKind.ESSENTIAL, subject=subject, body=body, idempotency_key=key
    )


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
            names = {"name": person.full_name, "cohort": cohort.name}
            if existing.status == EnrolmentStatus.ENROLLED:
                raise ValidationError(gettext("%(name)s already has a place on %(cohort)s.") % names)
            raise ValidationError(gettext("%(name)s is already on the waiting list for %(cohort)s.") % names)
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
        if person.user_id is None or person.user_id != actor.pk:
            _tell_enrolled(enrolment, cohort, now)
    return enrolment


def _tell_enrolled(enrolment: Enrolment, cohort: Cohort, now) -> None:
    """Someone else (a lead) booked this person: they are told, by the way they chose (issue 17), in their
    language (issue 26)."""
    person = enrolment.person
    first = cohort.starts_at
    with in_persons_language(person):
        values = {"course": cohort.course.name, "cohort": cohort.name}
        if enrolment.status == EnrolmentStatus.ENROLLED:
            subject = gettext("You have a place on %(course)s") % values
            news = gettext("You have a place on %(cohort)s. It starts on %(date)s.") % {
                **values,
                "date": f"{first:%A} {first.day} {first:%B %Y}",
            }
        else:
            subject = gettext("You are on the waiting list for %(course)s") % values
            news = (
                gettext("%(cohort)s is full, so you are on its waiting list. We will tell you if a place comes free.")
                % values
            )
        _tell(
            person,
            subject,
            _letter(
                person,
                news,
                gettext("If you cannot come, please tell us so someone else can have the place."),
            ),
            template="learning.enrolled_by_lead",
            key=f"learning.enrolled_by_lead:{enrolment.pk}:{now.isoformat()}",
        )


def _letter(person: Person, *paragraphs: str) -> str:
    """A message's body in the active language: greeting, paragraphs, sign-off."""
    return "\n\n".join(
        [
            gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
            *paragraphs,
            gettext("With thanks,\nThe People Participation team"),
        ]
    )


def _tell_removed(enrolment: Enrolment, cohort: Cohort, reason: str) -> None:
    """Someone else (a lead) took this person off the cohort: they are told why (issue 17), in their language."""
    person = enrolment.person
    with in_persons_language(person):
        values = {"cohort": cohort.name, "reason": reason}
        if reason:
            taken_off = gettext("We have taken you off %(cohort)s. The reason: %(reason)s") % values
        else:
            taken_off = gettext("We have taken you off %(cohort)s.") % values
        _tell(
            person,
            gettext("You are no longer booked on %(cohort)s") % values,
            _letter(
                person,
                taken_off,
                gettext(
                    "If this is a mistake, or you would like another date, contact your People Participation lead."
                ),
            ),
            template="learning.removed_by_lead",
            key=f"learning.removed_by_lead:{enrolment.pk}:{timezone.now().isoformat()}",
        )


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
    if enrolment.person.user_id is None or enrolment.person.user_id != actor.pk:
        _tell_removed(enrolment, cohort, reason.strip())
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
    with in_persons_language(nxt.person):
        values = {"course": cohort.course.name, "cohort": cohort.name, "date": f"{first:%A} {first.day} {first:%B %Y}"}
        _tell(
            nxt.person,
            gettext("You have a place on %(course)s") % values,
            _letter(
                nxt.person,
                gettext("A place came free on %(cohort)s and it is yours. It starts on %(date)s.") % values,
                gettext("If you can no longer come, please withdraw in WithUs so someone else can have the place."),
            ),
            template="learning.place_came_free",
            key=f"learning.place_came_free:{nxt.pk}:{timezone.now().isoformat()}",
        )
    return nxt
