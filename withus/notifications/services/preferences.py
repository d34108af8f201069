"""Each person's choice of how to hear from us: read (with a default from the register) and changed (audited)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.phone import uk_mobile
from withus.notifications.models import Channel, ContactPreference
from withus.people.models import CommunicationNeed, ContactMethod, Person
from withus.people.services import person_set_communication_need

# The register's single "prefers" field, as a first choice of channel (migration 0002 copied it across).
FROM_REGISTER = {
    ContactMethod.EMAIL: Channel.EMAIL,
    ContactMethod.TEXT: Channel.SMS,
    ContactMethod.LETTER: Channel.LETTER,
    ContactMethod.PHONE: Channel.LEAD_CALL,
}
TO_REGISTER = {channel: method for method, channel in FROM_REGISTER.items()}
PREFERENCE_FIELDS = (
    "first_choice",
    "second_choice",
    "wants_opportunities",
    "wants_reminders",
    "wants_payments",
    "quiet_from",
    "quiet_until",
)


def preference_for(person: Person) -> ContactPreference:
    """The person's saved choices, or (not saved) what the register says they prefer.

    The register's "prefers" field mirrors the first choice: saving choices here writes it, and when a lead
    changed it on the register after the choices were saved, the register's newer answer is the first choice.
    """
    return _preference_from(person, ContactPreference.objects.filter(person=person).first())


def preferences_for(people: list[Person]) -> dict:
    """`preference_for` for many people in one query: {person id: their choices}."""
    found = {
        preference.person_id: preference
        for preference in ContactPreference.objects.filter(person_id__in=[person.pk for person in people])
    }
    return {person.pk: _preference_from(person, found.get(person.pk)) for person in people}


def _preference_from(person: Person, found: ContactPreference | None) -> ContactPreference:
    if found is not None:
        registered = FROM_REGISTER.get(person.preferred_contact, Channel.EMAIL)
        if registered != found.first_choice and person.updated_at and person.updated_at > found.updated_at:
            found.first_choice = registered
            if found.second_choice == registered:
                found.second_choice = ""
        found.person = person  # the form reads their communication needs from it: no second query
        return found
    return ContactPreference(
        organisation_id=person.organisation_id,
        person=person,
        first_choice=FROM_REGISTER.get(person.preferred_contact, Channel.EMAIL),
    )


def address_for(person: Person, channel: str) -> str:
    """Where a message by this channel would go; empty when we cannot reach them that way."""
    if channel == Channel.EMAIL:
        return person.email.strip()
    if channel == Channel.SMS:
        return uk_mobile(person.phone)
    if channel == Channel.LETTER:
        return person.postal_address.strip()
    return person.phone.strip() or "No phone number recorded"


def channel_problem(person: Person, channel: str) -> str:
    if not channel or address_for(person, channel):
        return ""
    return {
        Channel.EMAIL: "There is no e-mail address in the details",
        Channel.SMS: "There is no UK mobile number in the details",
        Channel.LETTER: "There is no postal address in the details",
    }[channel]


@dataclass(frozen=True)
class PreferenceValues:
    first_choice: str
    second_choice: str = ""
    wants_opportunities: bool = True
    wants_reminders: bool = True
    wants_payments: bool = True
    # Easy read is a communication need on the person (ADR 41): True or False sets it there, None leaves it be.
    easy_read: bool | None = None
    quiet_from: datetime.time | None = None
    quiet_until: datetime.time | None = None


@transaction.atomic
def contact_preference_update(
    *, person: Person, values: PreferenceValues, actor: User, request=None
) -> ContactPreference:
    """Save how this person wants to hear from us. They may change it themselves, or a lead may on the phone.

    Whether they need easy read is saved on their record's communication needs (the one record, ADR 41), by the
    people service, which checks and audits it; in the same transaction, so nothing is half-saved."""
    errors = {}
    if values.first_choice not in Channel.values:
        errors["first_choice"] = "Choose how you would like to hear from us first"
    elif problem := channel_problem(person, values.first_choice):
        errors["first_choice"] = f"{problem}. Add one first, or choose another way"
    if values.second_choice and values.second_choice not in Channel.values:
        errors["second_choice"] = "Choose a second way from the list"
    elif values.second_choice and values.second_choice == values.first_choice:
        errors["second_choice"] = "Choose a different second way, or none"
    elif problem := channel_problem(person, values.second_choice):
        errors["second_choice"] = f"{problem}. Add one first, or choose another way"
    if (values.quiet_from is None) != (values.quiet_until is None):
        errors["quiet_until" if values.quiet_from else "quiet_from"] = "Enter both times for quiet hours, or neither"
    if errors:
        raise ValidationError(errors)
    if values.easy_read is not None:
        updated = person_set_communication_need(
            person=person, need=CommunicationNeed.EASY_READ, needed=values.easy_read, actor=actor, request=request
        )
        person.communication_needs, person.updated_at = updated.communication_needs, updated.updated_at
    preference = ContactPreference.objects.select_for_update().filter(person=person).first() or ContactPreference(
        organisation_id=person.organisation_id, person=person
    )
    changed = [name for name in PREFERENCE_FIELDS if getattr(preference, name) != getattr(values, name)]
    creating = preference._state.adding  # noqa: SLF001 - Django's documented way to tell a new row
    for name in PREFERENCE_FIELDS:
        setattr(preference, name, getattr(values, name))
    preference.updated_by = actor
    preference.address_problem = ""
    preference.save()
    mirrored = TO_REGISTER[values.first_choice]
    if person.preferred_contact != mirrored:
        Person.objects.filter(pk=person.pk).update(preferred_contact=mirrored)
        person.preferred_contact = mirrored
    audit_record(
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=preference,
        changed_fields=changed,
    )
    return preference
