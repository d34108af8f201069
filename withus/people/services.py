"""Writes to the involvement register. Each validates, saves and audits inside one transaction."""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, RoleAssignment, User, sign_in_address_taken, sign_in_mobile_taken
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.phone import NOT_A_UK_MOBILE, spaced_mobile, uk_mobile
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.core.text import clean_values
from withus.people import privacy
from withus.people.models import (
    CommunicationNeed,
    ConsentDecision,
    ConsentStatement,
    ConsentTopic,
    EqualityRecord,
    MembershipStatus,
    MembershipStatusChange,
    Person,
    PersonKind,
    PersonUnit,
    digits_only,
)
from withus.people.signals import sign_in_given

PERSON_FIELDS = (
    "kind",
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "postal_address",
    "preferred_contact",
    "communication_notes",
    "communication_needs",
    "communication_language",
    "support_notes",
    "agreement_signed_on",
)
OWN_DETAIL_FIELDS = (
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "postal_address",
    "preferred_contact",
    "communication_notes",
    "communication_needs",
    "communication_language",
    "support_notes",
)
RELATION_FIELDS = ("units", "interests", "needs", "champion_units")


SINGLE_LINE_FIELDS = frozenset({"full_name", "preferred_name", "pronouns", "phone", "communication_language"})


@dataclass
class PersonDetails:
    """What a form collected about a person; services decide what to do with it."""

    values: dict
    relations: dict = field(default_factory=dict)


def _set_relations(person: Person, relations: dict) -> list[str]:
    changed = []
    for name, items in relations.items():
        if items is None:
            continue
        wanted = {item.pk for item in items}
        current = set(getattr(person, name).values_list("pk", flat=True))
        if wanted != current:
            _check_same_organisation(person, items, name)
            if name == "units":
                PersonUnit.objects.filter(person=person).exclude(unit_id__in=wanted).delete()
                PersonUnit.objects.bulk_create(
                    [PersonUnit(person=person, unit_id=pk) for pk in wanted - current], ignore_conflicts=True
                )
            else:
                getattr(person, name).set(items)
            changed.append(name)
    return changed


def _check_agreement_date(person: Person) -> None:
    """An agreement cannot have been signed on a day still to come."""
    if person.agreement_signed_on and person.agreement_signed_on > timezone.localdate():
        raise ValidationError({"agreement_signed_on": "The date the agreement was signed must be today or in the past"})


def _check_communication(person: Person) -> None:
    """The Accessible Information Standard record (ADR 41): needs from the list, kept in the list's order, and the
    language named whenever an interpreter for another spoken language is needed. A language typed without the box
    ticked means the box: it is ticked rather than the person being asked twice."""
    needs = person.communication_needs or []
    if not isinstance(needs, list) or set(needs) - set(CommunicationNeed.values):
        raise ValidationError({"communication_needs": "Choose communication needs from the list"})
    if person.communication_language:
        needs = [*needs, CommunicationNeed.SPOKEN_LANGUAGE.value]
    elif CommunicationNeed.SPOKEN_LANGUAGE in needs:
        raise ValidationError(
            {"communication_language": "Say which language the interpreter should speak, for example Bengali"}
        )
    person.communication_needs = [code for code in CommunicationNeed.values if code in needs]


def _check_same_organisation(person: Person, items: Iterable, name: str) -> None:
    if any(item.organisation_id != person.organisation_id for item in items):
        raise ValidationError({name: "Choose only from your own trust's list."})


@transaction.atomic
def person_create(
    *,
    organisation,
    details: PersonDetails,
    actor: User,
    request=None,
    submission_key: uuid.UUID | None = None,
    consents: Iterable[ConsentStatement] = (),
    give_sign_in: bool = False,
) -> Person:
    """Add someone to the register. Sent twice with the same submission key, it returns the first person."""
    if submission_key is not None:
        existing_id = submission_key_reserve(key=submission_key, organisation_id=organisation.pk, object_type="person")
        if existing_id:
            return Person.objects.get(pk=existing_id, organisation=organisation)
    values = clean_values(details.values, single_line=SINGLE_LINE_FIELDS)
    person = Person(organisation=organisation, **values)
    person.phone_digits = digits_only(person.phone)
    person.status_changed_at = timezone.now()
    _check_agreement_date(person)
    _check_communication(person)
    person.full_clean()
    person.save()
    _set_relations(person, details.relations)
    MembershipStatusChange.objects.create(
        organisation=organisation,
        person=person,
        from_status="",
        to_status=person.status,
        reason="Added to the register",
        changed_by=actor,
    )
    for statement in consents:
        _record_consent(person=person, statement=statement, agreed=True, actor=actor)
    if give_sign_in:
        _give_sign_in(person=person, actor=actor, request=request)
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=person,
        changed_fields=[*values, *details.relations],
    )
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=person.pk)
    return person


SIGN_IN_BY_EMAIL = "email"
SIGN_IN_BY_TEXT = "text"


def _give_sign_in(*, person: Person, actor: User, request=None, by: str = "") -> User:
    """A participant's (or staff colleague's) sign-in: a code sent to their contact e-mail address, or, for someone
    without one or who chose it, a code sent by text message to their UK mobile number (ADR 34)."""
    by = by or (SIGN_IN_BY_EMAIL if person.email else SIGN_IN_BY_TEXT)
    if by == SIGN_IN_BY_TEXT:
        return _give_sign_in_by_text(person=person, actor=actor, request=request)
    if not person.email:
        raise ValidationError(
            {"email": "Enter an e-mail address or a UK mobile number so this person can sign in with a code."}
        )
    if sign_in_address_taken(person.email):
        raise ValidationError({"email": "Another WithUs account already uses this e-mail address."})
    role = Role.STAFF if person.kind == PersonKind.STAFF else Role.PARTICIPANT
    user = User.objects.create_user(person.email, full_name=person.full_name, organisation=person.organisation)
    RoleAssignment.objects.create(organisation=person.organisation, user=user, role=role)
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=user, object_label="Sign-in created")
    sign_in_given.send(sender=Person, person=person, user=user, actor=actor, request=request, by=SIGN_IN_BY_EMAIL)
    return user


def _give_sign_in_by_text(*, person: Person, actor: User, request=None) -> User:
    if person.kind == PersonKind.STAFF:
        raise ValidationError("Staff sign in with their e-mail address. Add one to their details first.")
    mobile = uk_mobile(person.phone)
    if not mobile:
        raise ValidationError({"phone": f"{NOT_A_UK_MOBILE}, so this person can sign in with a code by text message."})
    user = person.user
    if user is not None and user.phone == mobile:
        return user
    if sign_in_mobile_taken(mobile):
        raise ValidationError({"phone": "Another WithUs account already signs in with this mobile number."})
    if user is None:
        user = User.objects.create_user(
            None, phone=mobile, full_name=person.full_name, organisation=person.organisation
        )
        RoleAssignment.objects.create(organisation=person.organisation, user=user, role=Role.PARTICIPANT)
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        label = f"Sign-in created: a code by text message to {spaced_mobile(mobile)}"
        action = AuditAction.CREATE
    else:
        user = User.objects.select_for_update().get(pk=user.pk)
        user.phone, user.phone_verified = mobile, False
        user.save(update_fields=["phone", "phone_verified"])
        label = f"Can also sign in with a code by text message to {spaced_mobile(mobile)}"
        action = AuditAction.UPDATE
    audit_record(action=action, request=request, actor=actor, obj=user, object_label=label, changed_fields=["phone"])
    sign_in_given.send(sender=Person, person=person, user=user, actor=actor, request=request, by=SIGN_IN_BY_TEXT)
    return user


def sign_in_ways_to_give(person: Person) -> list[str]:
    """The sign-ins a lead can still give this person: by e-mail (no sign-in yet, an e-mail address on their
    record) and by text message (a participant with a UK mobile number on their record that their sign-in lacks)."""
    ways = []
    if person.user_id is None and person.email:
        ways.append(SIGN_IN_BY_EMAIL)
    mobile = uk_mobile(person.phone)
    if mobile and person.kind != PersonKind.STAFF and (person.user_id is None or person.user.phone != mobile):
        ways.append(SIGN_IN_BY_TEXT)
    return ways


@transaction.atomic
def person_give_sign_in(*, person: Person, actor: User, request=None, by: str = "") -> User:
    """Give someone a sign-in (by e-mail when they have an address, else by text message), or let someone who has
    one also sign in with a code by text message (`by="text"`)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id and by != SIGN_IN_BY_TEXT:
        return person.user
    return _give_sign_in(person=person, actor=actor, request=request, by=by)


@transaction.atomic
def person_update(
    *,
    person: Person,
    details: PersonDetails,
    actor: User,
    request=None,
    allowed_fields: tuple[str, ...] = PERSON_FIELDS,
) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    values = clean_values(
        {key: value for key, value in details.values.items() if key in allowed_fields}, single_line=SINGLE_LINE_FIELDS
    )
    before = {key: getattr(person, key) for key in values}
    for key, value in values.items():
        setattr(person, key, value)
    person.phone_digits = digits_only(person.phone)
    _check_agreement_date(person)
    _check_communication(person)
    changed = [key for key in values if getattr(person, key) != before[key]]
    person.full_clean()
    person.save()
    # The e-mail on the register is for contacting the person. It never changes the address they sign in
    # with: only they can change that, after confirming it is them (accounts, ADR 9).
    changed += _set_relations(person, details.relations)
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=person, changed_fields=changed)
    return person


@transaction.atomic
def person_set_communication_need(
    *, person: Person, need: CommunicationNeed | str, needed: bool, actor: User, request=None
) -> Person:
    """Add or remove one communication need, keeping the others: for a page that asks about one need only (the
    contact choices' "Send me easy read versions"). It changes the one record (ADR 41), checked and audited like any
    other change to it; asking for what the record already says changes nothing and audits nothing."""
    if need not in CommunicationNeed.values:
        raise ValidationError({"communication_needs": "Choose communication needs from the list"})
    current = Person.objects.select_for_update().get(pk=person.pk)
    needs = list(current.communication_needs or [])
    if (need in needs) == needed:
        return current
    needs = [*needs, str(need)] if needed else [code for code in needs if code != need]
    return person_update(
        person=current,
        details=PersonDetails({"communication_needs": needs}),
        actor=actor,
        request=request,
        allowed_fields=("communication_needs",),
    )


def person_update_own_details(*, person: Person, details: PersonDetails, actor: User, request=None) -> Person:
    """A participant correcting their own record: contact details, needs and preferences only."""
    if person.user_id != actor.pk:
        raise ValidationError("You can only change your own details.")
    relations = {key: value for key, value in details.relations.items() if key == "needs"}
    return person_update(
        person=person,
        details=PersonDetails(details.values, relations),
        actor=actor,
        request=request,
        allowed_fields=OWN_DETAIL_FIELDS,
    )


@transaction.atomic
def person_change_status(
    *, person: Person, to_status: MembershipStatus | str, reason: str, actor: User, request=None
) -> MembershipStatusChange | None:
    """Move a person to a new membership status, keeping who changed it, when and why.

    Asking for the status the person already has changes nothing (so a form sent twice adds no history).
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if to_status not in MembershipStatus.values:
        raise ValidationError({"to_status": "Choose a status from the list."})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the change."})
    if person.status == to_status:
        return None
    change = MembershipStatusChange.objects.create(
        organisation=person.organisation,
        person=person,
        from_status=person.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    person.status = to_status
    person.status_changed_at = change.created_at
    person.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=person, changed_fields=["status"])
    return change


def current_consent_statements(organisation) -> dict[str, ConsentStatement]:
    """The statement in force today for each topic."""
    today = timezone.localdate()
    statements = ConsentStatement.objects.filter(organisation=organisation, effective_from__lte=today)
    current: dict[str, ConsentStatement] = {}
    for statement in statements.order_by("topic", "-effective_from"):
        current.setdefault(statement.topic, statement)
    return current


def current_consents(person: Person) -> dict[str, ConsentDecision]:
    """Each topic's latest decision for this person."""
    latest: dict[str, ConsentDecision] = {}
    decisions = person.consent_decisions.select_related("statement").order_by("-decided_on", "-created_at")
    for decision in decisions:
        latest.setdefault(decision.statement.topic, decision)
    return latest


def _record_consent(
    *,
    person: Person,
    statement: ConsentStatement,
    agreed: bool,
    actor: User,
    decided_on: datetime.date | None = None,
) -> ConsentDecision:
    if statement.organisation_id != person.organisation_id:
        raise ValidationError("That consent statement belongs to another trust.")
    return ConsentDecision.objects.create(
        organisation=person.organisation,
        person=person,
        statement=statement,
        agreed=agreed,
        decided_on=decided_on or timezone.localdate(),
        recorded_by=actor,
    )


@transaction.atomic
def person_record_consent(
    *, person: Person, topic: ConsentTopic | str, agreed: bool, actor: User, request=None
) -> ConsentDecision | None:
    """Record agreement to (or withdrawal of) the current wording. Repeating the current answer adds nothing."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    statement = current_consent_statements(person.organisation).get(topic)
    if statement is None:
        raise ValidationError("There is no consent wording for this yet. Ask an administrator to add it.")
    latest = current_consents(person).get(topic)
    if latest is not None and latest.agreed == agreed and latest.statement_id == statement.pk:
        return None
    if latest is None and not agreed:
        return None
    decision = _record_consent(person=person, statement=statement, agreed=agreed, actor=actor)
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=person,
        changed_fields=[f"consent:{topic}"],
    )
    if agreed:
        privacy.consent_given_again(person=person, topic=topic, actor=actor, request=request)
    else:
        privacy.consent_withdrawn(person=person, topic=topic, actor=actor, request=request)
    return decision


EQUALITY_FIELDS = (
    "ethnic_category",
    "age_band",
    "sex",
    "gender_same_as_at_birth",
    "sexual_orientation",
    "disability",
    "religion",
    "marital_status",
    "pregnancy_or_maternity",
)


@transaction.atomic
def equality_record_save(*, person: Person, values: dict, actor: User, request=None) -> EqualityRecord:
    record, created = EqualityRecord.objects.select_for_update().get_or_create(
        person=person, defaults={"organisation": person.organisation, "updated_by": actor}
    )
    changed = [key for key in EQUALITY_FIELDS if key in values and getattr(record, key) != values[key]]
    for key in EQUALITY_FIELDS:
        if key in values:
            setattr(record, key, values[key])
    record.updated_by = actor
    record.full_clean()
    record.save()
    if created or changed:
        audit_record(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=record,
            object_type="equality_record",
            changed_fields=changed,
        )
    return record


@transaction.atomic
def person_set_lead(*, person: Person, lead: User | None, actor: User, request=None) -> Person:
    """Name (or clear) the person's People Participation lead: an active member of staff of the same trust who
    holds the People Participation lead role. Audited."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if lead is not None:
        holds_role = RoleAssignment.objects.filter(
            organisation_id=person.organisation_id, user=lead, role=Role.PARTICIPATION_LEAD
        ).exists()
        if lead.organisation_id != person.organisation_id or not lead.is_active or not holds_role:
            raise ValidationError({"lead": "Select a People Participation lead from the list"})
    if person.participation_lead_id == (lead.pk if lead else None):
        return person
    before = person.participation_lead.full_name if person.participation_lead_id else "nobody"
    person.participation_lead = lead
    person.save(update_fields=["participation_lead", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=person,
        object_label=f"Person {person.full_name}: lead {before} → {lead.full_name if lead else 'nobody'}",
        changed_fields=["participation_lead"],
    )
    return person
