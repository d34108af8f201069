"""Fair selection: choosing who takes part, and telling everyone who responded."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.notifications.models import Message, MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
)
from withus.opportunities.services.interest import missing_training
from withus.people.models import Person


def _tell(person: Person, subject: str, body: str, *, template: str, key: str, told: list | None = None) -> Message:
    """Into the outbox, in the caller's transaction, by the way the person chose (sent after the commit); the
    message is added to `told` when it is given."""
    message = notify_person(
        person=person, template=template, kind=MessageKind.ESSENTIAL, subject=subject, body=body, idempotency_key=key
    )
    if told is not None:
        told.append(message)
    return message


def _selected_email(opportunity: Opportunity, person: Person, link: str) -> tuple[str, str]:
    """The subject and body, in the person's language (issue 26)."""
    first = opportunity.sessions.first()
    with in_persons_language(person):
        values = {"title": opportunity.title, "link": link}
        if first:
            values["date"] = f"{first.starts_at:%A} {first.starts_at.day} {first.starts_at:%B %Y}"
            come = gettext(
                "The first session is on %(date)s. Please let us know you can come by confirming your place in "
                "WithUs: %(link)s"
            )
        else:
            come = gettext("Please let us know you can come by confirming your place in WithUs: %(link)s")
        body = "\n\n".join(
            [
                gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                gettext('Thank you for your interest in "%(title)s". We would like you to take part.') % values,
                come % values,
                gettext("If anything would make it easier for you to take part, just tell us."),
                gettext("With thanks,\nThe People Participation team"),
            ]
        )
        return gettext("You have a place: %(title)s") % values, body


def _not_selected_email(opportunity: Opportunity, person: Person) -> tuple[str, str]:
    """The subject and body, in the person's language (issue 26)."""
    with in_persons_language(person):
        values = {"title": opportunity.title}
        body = "\n\n".join(
            [
                gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
                gettext(
                    'Thank you for your interest in "%(title)s". More people offered to take part than there were '
                    "places, and this time we have not been able to offer you one."
                )
                % values,
                gettext(
                    "This is not a judgement of you. We share places fairly, so people who have had fewer chances "
                    "recently are offered them first. We would love to hear from you about the next opportunity."
                ),
                gettext("With thanks,\nThe People Participation team"),
            ]
        )
        return gettext("About %(title)s") % values, body


NOT_OPEN_FOR_SELECTION = {
    OpportunityStatus.REQUESTED: "A lead needs to approve this opportunity before anyone can be offered a place.",
    OpportunityStatus.CANCELLED: "This opportunity has been cancelled, so no one can be offered a place.",
}


def _refuse_not_to_be_contacted(by_person: dict, chosen: set) -> None:
    """Nobody who withdrew their agreement to be contacted about opportunities is offered a new place."""
    new = [by_person[pk].person_id for pk in chosen if by_person[pk].status not in HOLDS_A_PLACE]
    refused = Person.objects.filter(pk__in=new).not_to_be_contacted()
    if refused.exists():
        names = ", ".join(sorted(person.full_name for person in refused))
        raise ValidationError({"chosen": f"{names} asked not to be contacted about opportunities: choose someone else"})


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
    told: list | None = None,
) -> list[ExpressionOfInterest]:
    """Offer places to the chosen people; tell everyone else who is waiting that they were not selected.

    Each person is told by the way they chose (the outbox); the messages are added to `told` when it is given,
    so the page can say truthfully who was told how.

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
    _refuse_not_to_be_contacted(by_person, chosen)
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
            _tell(
                response.person,
                subject,
                body,
                template="opportunities.selected",
                key=f"opportunities.selected:{response.pk}:{now.isoformat()}",
                told=told,
            )
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
                    _tell(
                        response.person,
                        subject,
                        body,
                        template="opportunities.not_selected",
                        key=f"opportunities.not_selected:{response.pk}:{now.isoformat()}",
                        told=told,
                    )
    return newly
