"""Writes for expressions of interest: who may respond, and responding, withdrawing and confirming."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.learning.models import Completion
from withus.notifications.services.outbox import notify_user
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    OPEN_TO_KINDS,
    ConfirmedHow,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
)
from withus.people.models import MembershipStatus, Person
from withus.people.on_behalf import acts_for_someone_else, agreement_error, on_behalf_record
from withus.people.selectors import asked_not_to_be_contacted

NOT_CONTACTED_REASON = (
    "You asked us not to contact you about opportunities, so we do not offer them to you. "
    "If you change your mind, tell the People Participation team."
)
ELIGIBLE_STATUSES = {MembershipStatus.ENQUIRY, MembershipStatus.WELCOME, MembershipStatus.ACTIVE}


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
    return _contact_reason(person) or _training_reason(opportunity, person, today)


def _contact_reason(person: Person) -> str:
    return NOT_CONTACTED_REASON if asked_not_to_be_contacted(person) else ""


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
    *,
    opportunity: Opportunity,
    person: Person,
    message: str = "",
    access_needs: str = "",
    actor: User,
    request=None,
    person_agreed: bool = False,
    how_agreed: str = "",
) -> ExpressionOfInterest:
    """Say you are interested. Saying it twice keeps one record; after withdrawing, you can say it again.

    The opportunity row is locked while checking, so an interest and a cancel take turns: no one slips in
    after it was cancelled without being told."""

    acting_for = acts_for_someone_else(person=person, actor=actor)
    if acting_for and not person_agreed:
        raise agreement_error(person)

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
            _on_behalf(response, actor, request, how_agreed)
            return response
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=response, changed_fields=values)
    _on_behalf(response, actor, request, how_agreed)
    return response


def _on_behalf(response: ExpressionOfInterest, actor: User, request, how_agreed: str = "") -> None:
    # Reached only after the agreement was confirmed (or the person acted themselves, which records nothing).
    if acts_for_someone_else(person=response.person, actor=actor):
        on_behalf_record(
            person=response.person,
            actor=actor,
            what=f"Said they are interested in {response.opportunity.title}",
            obj=response,
            person_agreed=True,
            how_agreed=how_agreed,
            request=request,
        )


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
        notify_user(
            user=organiser,
            template="opportunities.place_free",
            subject=f"A place is free on {response.opportunity.title}",
            body=body,
            idempotency_key=f"opportunities.place_free:{response.pk}:{response.withdrawn_at.isoformat()}",
            actor=actor,
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
    response.confirmed_how = ConfirmedHow.ONLINE
    response.save(update_fields=["status", "confirmed_at", "confirmed_how", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=response, changed_fields=["status"])
    return response


@transaction.atomic
def interest_confirm_by_phone(*, response: ExpressionOfInterest, actor: User, request=None) -> ExpressionOfInterest:
    """Staff record that the person confirmed their place by phone (the page checks they manage it)."""
    locked = ExpressionOfInterest.objects.select_for_update().select_related("opportunity", "person")
    response = locked.get(pk=response.pk)
    name = response.person.full_name
    if response.status == ResponseStatus.CONFIRMED:
        raise ValidationError(f"{name} has already confirmed their place.")
    if response.status != ResponseStatus.SELECTED:
        raise ValidationError(f"{name} has not been offered a place, so there is nothing to confirm.")
    if response.opportunity.status == OpportunityStatus.CANCELLED:
        raise ValidationError("This opportunity has been cancelled, so there is no place to confirm.")
    response.status = ResponseStatus.CONFIRMED
    response.confirmed_at = timezone.now()
    response.confirmed_how = ConfirmedHow.PHONE
    response.confirmed_recorded_by = actor
    response.save(update_fields=["status", "confirmed_at", "confirmed_how", "confirmed_recorded_by", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=response,
        changed_fields=["status", "confirmed_how"],
    )
    return response
