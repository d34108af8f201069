"""Writes for opportunities, selection and attendance. Each validates, saves and audits inside one transaction."""

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.involvement.models import MAX_SESSION_HOURS, InvolvementRecord, InvolvementSource
from withus.involvement.services import check_hours, involvement_record_create
from withus.learning.models import Completion
from withus.learning.services import courses_for_kind
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    OPEN_TO_KINDS,
    Attendance,
    AttendanceOutcome,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
    Session,
)
from withus.organisations.models import Unit
from withus.payments.selectors import record_is_claimed, record_was_claimed
from withus.people.models import MembershipStatus, Person

ELIGIBLE_STATUSES = {MembershipStatus.ENQUIRY, MembershipStatus.WELCOME, MembershipStatus.ACTIVE}
MAX_SESSIONS = 12
# What the edit page may change: everything the posting form has except the sessions.
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "unit",
    "place",
    "is_online",
    "joining_help",
    "accessibility",
    "travel_booked",
    "buddy_offered",
    "pre_meeting_offered",
    "other_support",
    "required_training",
    "places",
    "closes_on",
    "open_to",
    "payment_description",
)


# --- Opportunities ------------------------------------------------------------------------------------


def can_create_in_unit(user: User, unit: Unit) -> bool:
    """Leads post in their units; staff champions request for the units they work in or champion."""
    if user.has_role(Role.ADMINISTRATOR):
        return True
    for role in (Role.PARTICIPATION_LEAD, Role.STAFF):
        if not user.has_role(role):
            continue
        units = user.units_for(role)
        if units is None or any(unit.path.startswith(mine.path) for mine in units):
            return True
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return any(unit.path.startswith(mine.path) for mine in person.champion_units.all())
    return False


def _approves_opportunities(user: User) -> bool:
    return user.has_role(Role.PARTICIPATION_LEAD, Role.ADMINISTRATOR)


def _check_sessions(sessions: list[tuple[datetime.datetime, datetime.datetime]]) -> None:
    if not sessions:
        raise ValidationError({"first_date": "Enter the date of the first session"})
    if len(sessions) > MAX_SESSIONS:
        raise ValidationError({"session_count": f"A series can have up to {MAX_SESSIONS} sessions"})
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time"})
        if ends_at - starts_at > datetime.timedelta(hours=MAX_SESSION_HOURS):
            raise ValidationError({"ends_at": f"A session can be up to {MAX_SESSION_HOURS} hours long"})


@transaction.atomic
def opportunity_create(
    *,
    organisation,
    values: dict,
    sessions: list[tuple[datetime.datetime, datetime.datetime]],
    actor: User,
    interests: Iterable = (),
    request=None,
    submission_key: uuid.UUID | None = None,
) -> Opportunity:
    """Post an opportunity (a lead), or request one for a lead to approve (a staff champion)."""
    if submission_key is not None:
        existing_id = submission_key_reserve(
            key=submission_key, organisation_id=organisation.pk, object_type="opportunity"
        )
        if existing_id:
            return Opportunity.objects.get(pk=existing_id, organisation=organisation)
    values = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    unit, kind = values.get("unit"), values.get("kind")
    if unit is None or unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Choose a ward, team or service from your own trust"})
    if kind is None or kind.organisation_id != organisation.pk:
        raise ValidationError({"kind": "Choose a kind of involvement from the list"})
    if not can_create_in_unit(actor, unit):
        raise ValidationError({"unit": "Choose a ward, team or service you work in or champion"})
    _check_sessions(sessions)
    if values.get("closes_on") and values["closes_on"] > sessions[0][0].date():
        raise ValidationError({"closes_on": "The closing date must be on or before the first session"})
    status = OpportunityStatus.OPEN if _approves_opportunities(actor) else OpportunityStatus.REQUESTED
    opportunity = Opportunity(organisation=organisation, status=status, organiser=actor, **values)
    if status == OpportunityStatus.OPEN:
        opportunity.approved_by = actor
    if not opportunity.payment_description:
        opportunity.payment_description = kind.payment_description
    if not opportunity.required_training:
        opportunity.required_training = kind.required_training
    opportunity.full_clean()
    opportunity.save()
    interests = list(interests)
    if any(interest.organisation_id != organisation.pk for interest in interests):
        raise ValidationError({"interests": "Choose only from your own trust's list"})
    opportunity.interests.set(interests)
    opportunity.required_courses.set(courses_for_kind(kind, opportunity.required_training))
    Session.objects.bulk_create(
        [
            Session(organisation=organisation, opportunity=opportunity, starts_at=start, ends_at=end)
            for start, end in sessions
        ]
    )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=opportunity, changed_fields=values)
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_approve(*, opportunity: Opportunity, actor: User, request=None) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not _approves_opportunities(actor):
        raise ValidationError("Only a People Participation lead can approve an opportunity.")
    if opportunity.status != OpportunityStatus.REQUESTED:
        return opportunity
    opportunity.status = OpportunityStatus.OPEN
    opportunity.approved_by = actor
    opportunity.save(update_fields=["status", "approved_by", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=opportunity, changed_fields=["status"])
    return opportunity


def may_change(user: User, opportunity: Opportunity) -> bool:
    """Who may change or cancel it: a lead or administrator who manages it, or the staff member who asked for
    it while it is still only requested."""
    if not Opportunity.objects.managed_by(user).filter(pk=opportunity.pk).exists():
        return False
    if _approves_opportunities(user):
        return True
    return opportunity.organiser_id == user.pk and opportunity.status == OpportunityStatus.REQUESTED


def _cancelled_email(opportunity: Opportunity, person: Person, reason: str) -> tuple[str, str]:
    body = (
        f"Dear {person.preferred_name or person.full_name},\n\n"
        f'We are sorry to tell you that "{opportunity.title}" has been cancelled, so it will not go ahead.\n\n'
        f"The reason: {reason}\n\n"
        "Thank you for offering your time. You do not need to do anything. "
        "We would love to hear from you about the next opportunity.\n\n"
        "With thanks,\nThe People Participation team"
    )
    return f"Cancelled: {opportunity.title}", body


@transaction.atomic
def opportunity_cancel(*, opportunity: Opportunity, reason: str, actor: User, request=None) -> Opportunity:
    """Cancel it, keep who, when and why, and tell everyone who was interested or had a place (once committed).

    The row is locked first, so a cancel and a selection (or two cancels) take turns.
    """
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not may_change(actor, opportunity):
        raise ValidationError("Only a People Participation lead for its ward, team or service can cancel this.")
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity has already been cancelled.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why it is cancelled"})
    if len(reason) > 1000:
        raise ValidationError({"reason": "The reason must be 1,000 characters or fewer"})
    if Attendance.objects.filter(session__opportunity=opportunity).exists():
        raise ValidationError(
            "Attendance has already been recorded for a session, so this opportunity has taken place and "
            "cannot be cancelled. If a later session is not going ahead, record it as cancelled by the trust."
        )
    opportunity.status = OpportunityStatus.CANCELLED
    opportunity.cancelled_reason = reason
    opportunity.cancelled_by = actor
    opportunity.cancelled_at = timezone.now()
    opportunity.save(update_fields=["status", "cancelled_reason", "cancelled_by", "cancelled_at", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=opportunity,
        changed_fields=["status", "cancelled_reason"],
    )
    waiting = ExpressionOfInterest.objects.filter(
        opportunity=opportunity, status__in=(ResponseStatus.INTERESTED, *HOLDS_A_PLACE)
    ).select_related("person")
    for response in waiting:
        subject, body = _cancelled_email(opportunity, response.person, reason)
        transaction.on_commit(lambda person=response.person, s=subject, b=body: _tell(person, s, b))
    return opportunity


# Changing these would change who may take part, so once anyone has responded they stay as they are.
FIXED_ONCE_RESPONDED = ("kind", "unit", "required_training", "open_to")


def _check_update(opportunity: Opportunity, values: dict, actor: User) -> None:
    """Refuse changes creating it would refuse, and changes that would move the ground under people."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    if ExpressionOfInterest.objects.filter(opportunity=opportunity).exists():
        for name in FIXED_ONCE_RESPONDED:
            if name in values and values[name] != getattr(opportunity, name):
                raise ValidationError({name: "People have already responded, so this cannot be changed now"})
    unit, kind = values.get("unit", opportunity.unit), values.get("kind", opportunity.kind)
    if unit is None or unit.organisation_id != opportunity.organisation_id:
        raise ValidationError({"unit": "Choose a ward, team or service from your own trust"})
    if kind is None or kind.organisation_id != opportunity.organisation_id:
        raise ValidationError({"kind": "Choose a kind of involvement from the list"})
    if unit != opportunity.unit and not can_create_in_unit(actor, unit):
        raise ValidationError({"unit": "Choose a ward, team or service you work in or champion"})
    first = opportunity.sessions.order_by("starts_at").first()
    closes_on = values.get("closes_on", opportunity.closes_on)
    if first is not None and closes_on > timezone.localtime(first.starts_at).date():
        raise ValidationError({"closes_on": "The closing date must be on or before the first session"})
    holding = ExpressionOfInterest.objects.filter(opportunity=opportunity).holding_places().count()
    if values.get("places", opportunity.places) < holding:
        raise ValidationError({"places": f"{holding} people already have a place. Enter {holding} or more"})


def _interests_changed(opportunity: Opportunity, interests) -> bool:
    if interests is None:
        return False
    interests = list(interests)
    if any(interest.organisation_id != opportunity.organisation_id for interest in interests):
        raise ValidationError({"interests": "Choose only from your own trust's list"})
    if {item.pk for item in interests} == set(opportunity.interests.values_list("pk", flat=True)):
        return False
    opportunity.interests.set(interests)
    return True


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, values: dict, actor: User, request=None) -> Opportunity:
    """Change what people read about it. Sessions are not changed here. `values` may hold `interests`."""
    opportunity = Opportunity.objects.select_for_update().select_related("kind", "unit").get(pk=opportunity.pk)
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity has been cancelled, so it can no longer be changed.")
    if not may_change(actor, opportunity):
        raise ValidationError("Only a People Participation lead for its ward, team or service can change this.")
    values = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    interests = values.pop("interests", None)
    _check_update(opportunity, values, actor)
    changed = [name for name, value in values.items() if value != getattr(opportunity, name)]
    for name in changed:
        setattr(opportunity, name, values[name])
    if not opportunity.payment_description:
        opportunity.payment_description = opportunity.kind.payment_description
    if not opportunity.required_training:
        opportunity.required_training = opportunity.kind.required_training
    opportunity.full_clean()
    if _interests_changed(opportunity, interests):
        changed.append("interests")
    if not changed:
        return opportunity
    opportunity.save()
    if {"kind", "required_training"} & set(changed):
        opportunity.required_courses.set(courses_for_kind(opportunity.kind, opportunity.required_training))
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=opportunity, changed_fields=changed)
    return opportunity


# --- Expressions of interest --------------------------------------------------------------------------


def ineligibility_reason(opportunity: Opportunity, person: Person | None, today=None) -> str:
    """Why this person cannot express interest, in plain English; empty when they can."""
    if person is None or person.organisation_id != opportunity.organisation_id:
        return "You need to be in this trust's involvement register to apply. Ask the People Participation team."
    if opportunity.status != OpportunityStatus.OPEN:
        return _not_open_reason(opportunity)
    if opportunity.closes_on < (today or timezone.localdate()):
        return f"This opportunity closed on {opportunity.closes_on.day} {opportunity.closes_on:%B %Y}."
    if person.kind not in OPEN_TO_KINDS[opportunity.open_to]:
        return f"This opportunity is for {opportunity.get_open_to_display().lower()} only."
    if person.status not in ELIGIBLE_STATUSES:
        return (
            "Your involvement is paused or has ended, so you cannot apply just now. "
            "Talk to the People Participation team if you would like to start again."
        )
    return _training_reason(opportunity, person, today)


def _not_open_reason(opportunity: Opportunity) -> str:
    if opportunity.status == OpportunityStatus.CANCELLED:
        return f"This opportunity has been cancelled. {opportunity.cancelled_reason}".strip()
    return "This opportunity is not open for interest."


def _training_reason(opportunity: Opportunity, person: Person, today=None) -> str:
    missing = missing_training(opportunity, [person.pk], today=today).get(person.pk)
    if missing:
        return f"You need {' and '.join(missing)}, in date. Ask the People Participation team about the next course."
    return ""


def missing_training(opportunity: Opportunity, person_ids: list, *, today=None) -> dict:
    """For each of these people, the names of the trainings this opportunity needs that they do not hold in
    date (people missing none are left out). Two queries, however many people."""
    required = [(course.pk, course.name) for course in opportunity.required_courses.all()]
    if not required or not person_ids:
        return {}
    held = set(
        Completion.objects.for_organisation(opportunity.organisation_id)
        .in_date(today or timezone.localdate())
        .filter(person_id__in=person_ids, course_id__in=[pk for pk, _ in required])
        .values_list("person_id", "course_id")
    )
    missing = {}
    for person_id in person_ids:
        names = [name for pk, name in required if (person_id, pk) not in held]
        if names:
            missing[person_id] = names
    return missing


def interest_express(
    *, opportunity: Opportunity, person: Person, message: str = "", access_needs: str = "", actor: User, request=None
) -> ExpressionOfInterest:
    """Say you are interested. Saying it twice keeps one record; after withdrawing, you can say it again.

    The opportunity row is locked while checking, so an interest and a cancel take turns: no one slips in
    after it was cancelled without being told."""

    def check():
        reason = ineligibility_reason(Opportunity.objects.select_for_update().get(pk=opportunity.pk), person)
        if reason:
            raise ValidationError(reason)

    values = {"message": message.strip(), "access_needs": access_needs.strip()}
    try:
        with transaction.atomic():
            check()
            response = ExpressionOfInterest.objects.create(
                organisation=opportunity.organisation, opportunity=opportunity, person=person, **values
            )
    except IntegrityError:
        with transaction.atomic():
            response = ExpressionOfInterest.objects.select_for_update().get(opportunity=opportunity, person=person)
            if response.status != ResponseStatus.WITHDRAWN:
                return response
            check()
            response.status = ResponseStatus.INTERESTED
            response.withdrawn_at = None
            response.message, response.access_needs = values["message"], values["access_needs"]
            response.save()
            audit_record(
                action=AuditAction.UPDATE, request=request, actor=actor, obj=response, changed_fields=["status"]
            )
            return response
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=response, changed_fields=values)
    return response


@transaction.atomic
def interest_withdraw(*, response: ExpressionOfInterest, actor: User, request=None) -> ExpressionOfInterest:
    response = ExpressionOfInterest.objects.select_for_update().get(pk=response.pk)
    if response.person.user_id != actor.pk:
        raise ValidationError("You can only withdraw your own interest.")
    if response.status == ResponseStatus.WITHDRAWN:
        return response
    gave_up_place = response.status in HOLDS_A_PLACE
    response.status = ResponseStatus.WITHDRAWN
    response.place_number = None
    response.withdrawn_at = timezone.now()
    response.save(update_fields=["status", "place_number", "withdrawn_at", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=response, changed_fields=["status"])
    organiser = response.opportunity.organiser
    if gave_up_place and organiser is not None and organiser.email:
        body = (
            f'{response.person.full_name} has withdrawn from "{response.opportunity.title}", '
            "so a place is free again. You can offer it to someone else from the selection page in WithUs."
        )
        transaction.on_commit(
            lambda: send_mail(f"WithUs: a place is free on {response.opportunity.title}", body, None, [organiser.email])
        )
    return response


@transaction.atomic
def interest_confirm(*, response: ExpressionOfInterest, actor: User, request=None) -> ExpressionOfInterest:
    response = ExpressionOfInterest.objects.select_for_update().get(pk=response.pk)
    if response.person.user_id != actor.pk:
        raise ValidationError("You can only confirm your own place.")
    if response.status == ResponseStatus.CONFIRMED:
        return response
    if response.status != ResponseStatus.SELECTED:
        raise ValidationError("You can confirm only when you have been offered a place.")
    if response.opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity has been cancelled, so there is no place to confirm.")
    response.status = ResponseStatus.CONFIRMED
    response.confirmed_at = timezone.now()
    response.save(update_fields=["status", "confirmed_at", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=response, changed_fields=["status"])
    return response


# --- Selection ----------------------------------------------------------------------------------------


def _tell(person: Person, subject: str, body: str) -> None:
    if person.email:
        send_mail(f"WithUs: {subject}", body, None, [person.email])


def _selected_email(opportunity: Opportunity, person: Person, link: str) -> tuple[str, str]:
    first = opportunity.sessions.first()
    when = (
        f"The first session is on {first.starts_at:%A} {first.starts_at.day} {first.starts_at:%B %Y}. " if first else ""
    )
    body = (
        f"Dear {person.preferred_name or person.full_name},\n\n"
        f'Thank you for your interest in "{opportunity.title}". We would like you to take part.\n\n'
        f"{when}Please let us know you can come by confirming your place in WithUs: {link}\n\n"
        "If anything would make it easier for you to take part, just tell us.\n\n"
        "With thanks,\nThe People Participation team"
    )
    return f"You have a place: {opportunity.title}", body


def _not_selected_email(opportunity: Opportunity, person: Person) -> tuple[str, str]:
    body = (
        f"Dear {person.preferred_name or person.full_name},\n\n"
        f'Thank you for your interest in "{opportunity.title}". More people offered to take part than there '
        "were places, and this time we have not been able to offer you one.\n\n"
        "This is not a judgement of you. We share places fairly, so people who have had fewer chances recently "
        "are offered them first. We would love to hear from you about the next opportunity.\n\n"
        "With thanks,\nThe People Participation team"
    )
    return f"About {opportunity.title}", body


NOT_OPEN_FOR_SELECTION = {
    OpportunityStatus.REQUESTED: "A lead needs to approve this opportunity before anyone can be offered a place.",
    OpportunityStatus.CANCELLED: "This opportunity has been cancelled, so no one can be offered a place.",
}


@transaction.atomic
def selection_make(
    *,
    opportunity: Opportunity,
    chosen_ids: Iterable,
    suggested_ids: Iterable = (),
    reason: str = "",
    actor: User,
    request=None,
    tell_others: bool = True,
    notify: bool = True,
) -> list[ExpressionOfInterest]:
    """Offer places to the chosen people; tell everyone else who is waiting that they were not selected.

    The opportunity row is locked first, so two leads selecting at once take turns; the unique place number
    makes the database itself refuse a second person in the same place.
    """
    opportunity = Opportunity.objects.select_for_update().select_related("organisation").get(pk=opportunity.pk)
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationError(NOT_OPEN_FOR_SELECTION[opportunity.status])
    chosen = {str(pk) for pk in chosen_ids}
    suggested = {str(pk) for pk in suggested_ids}
    if suggested and chosen != suggested and not reason.strip():
        raise ValidationError({"reason": "Enter why you changed the suggested selection"})
    responses = list(
        ExpressionOfInterest.objects.select_for_update()
        .filter(opportunity=opportunity)
        .exclude(status=ResponseStatus.WITHDRAWN)
        .select_related("person")
    )
    by_person = {str(response.person_id): response for response in responses}
    unknown = chosen - set(by_person)
    if unknown:
        raise ValidationError({"chosen": "Choose only people who have said they are interested"})
    untrained = missing_training(opportunity, [by_person[pk].person_id for pk in sorted(chosen)])
    if untrained:
        names = ", ".join(sorted(by_person[str(pk)].person.full_name for pk in untrained))
        raise ValidationError({"chosen": f"Choose only people who hold the training it needs, in date: not {names}"})
    taken = {response.place_number for response in responses if response.status in HOLDS_A_PLACE}
    newly = [by_person[pk] for pk in sorted(chosen) if by_person[pk].status not in HOLDS_A_PLACE]
    free = [number for number in range(1, opportunity.places + 1) if number not in taken]
    if len(newly) > len(free):
        places = "place is" if len(free) == 1 else "places are"
        raise ValidationError({"chosen": f"Only {len(free)} {places} left. Choose {len(free)} or fewer people"})
    now = timezone.now()
    link = request.build_absolute_uri(reverse("opportunities:detail", args=[opportunity.pk])) if request else ""
    for response, number in zip(newly, free, strict=False):
        response.status = ResponseStatus.SELECTED
        response.place_number = number
        response.suggested = str(response.person_id) in suggested
        response.decision_reason = reason.strip()
        response.decided_by, response.decided_at = actor, now
        response.save()
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=response, changed_fields=["status"])
        subject, body = _selected_email(opportunity, response.person, link)
        if notify:
            transaction.on_commit(lambda person=response.person, s=subject, b=body: _tell(person, s, b))
    if tell_others:
        for response in responses:
            if response.status == ResponseStatus.INTERESTED and str(response.person_id) not in chosen:
                response.status = ResponseStatus.NOT_SELECTED
                response.decision_reason = reason.strip()
                response.decided_by, response.decided_at = actor, now
                response.save()
                audit_record(
                    action=AuditAction.UPDATE, request=request, actor=actor, obj=response, changed_fields=["status"]
                )
                subject, body = _not_selected_email(opportunity, response.person)
                if notify:
                    transaction.on_commit(lambda person=response.person, s=subject, b=body: _tell(person, s, b))
    return newly


# --- Attendance and involvement records --------------------------------------------------------------


def session_source_key(session: Session) -> str:
    """The involvement log's key for one opportunity session: one record per person per session."""
    return f"opportunity-session:{session.pk}"


@transaction.atomic
def attendance_record(
    *,
    session: Session,
    person: Person,
    outcome: AttendanceOutcome | str,
    hours,
    actor: User,
    request=None,
) -> Attendance:
    """Record what happened at one session for one selected person. Attending makes an involvement record."""
    session = Session.objects.select_related("opportunity__kind", "opportunity__unit").get(pk=session.pk)
    opportunity = session.opportunity
    if opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity was cancelled, so there is no attendance to record.")
    if outcome not in AttendanceOutcome.values:
        raise ValidationError({"outcome": "Select what happened"})
    if not ExpressionOfInterest.objects.filter(
        opportunity=opportunity, person=person, status__in=HOLDS_A_PLACE
    ).exists():
        raise ValidationError(f"{person.full_name} was not selected for this opportunity, so has no attendance.")
    if session.starts_at > timezone.now():
        raise ValidationError("You can record attendance once the session has started.")
    attended = outcome == AttendanceOutcome.ATTENDED
    hours = check_hours(hours) if attended else Decimal(0)
    attendance = Attendance.objects.select_for_update().filter(session=session, person=person).first()
    if attendance is None:
        attendance = Attendance.objects.create(
            organisation=session.organisation,
            session=session,
            person=person,
            outcome=outcome,
            hours=hours,
            recorded_by=actor,
        )
        action = AuditAction.CREATE
    else:
        attendance.outcome, attendance.hours, attendance.recorded_by = outcome, hours, actor
        attendance.save()
        action = AuditAction.UPDATE
    audit_record(
        action=action,
        request=request,
        actor=actor,
        obj=attendance,
        object_label=f"Attendance of {person.full_name}",
        changed_fields=["outcome", "hours"],
    )
    source_key = session_source_key(session)
    record = (
        InvolvementRecord.objects.select_for_update()
        .filter(organisation_id=session.organisation_id, person=person, source_key=source_key)
        .first()
    )
    if record is not None and (not attended or record.hours != hours) and record_is_claimed(record.pk):
        raise ValidationError(
            f"{person.full_name}'s involvement in this session is on a payment claim, so it cannot be changed here. "
            "Ask finance to cancel the claim first, then correct the attendance."
        )
    if record is not None and not attended and record_was_claimed(record.pk):
        raise ValidationError(
            f"{person.full_name}'s involvement in this session was on a payment claim that was cancelled, so it is "
            "kept for the payment records. You can change its hours, but not remove it."
        )
    if attended and record is None:
        involvement_record_create(
            organisation=session.organisation,
            person=person,
            date=timezone.localtime(session.starts_at).date(),
            kind=opportunity.kind,
            unit=opportunity.unit,
            hours=hours,
            role=opportunity.kind.name,
            source_type=InvolvementSource.OPPORTUNITY,
            source_id=str(opportunity.pk),
            source_label=opportunity.title,
            source_key=source_key,
            payable=bool(opportunity.payment_description or opportunity.kind.payment_description),
            actor=actor,
            request=request,
        )
    elif attended and record.hours != hours:
        record.hours = hours
        record.save(update_fields=["hours", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=record, changed_fields=["hours"])
    elif not attended and record is not None:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=record, changed_fields=["removed"])
        record.delete()
    return attendance
