"""Data protection writes and reads: what withdrawing an agreement does, erasure, subject access (ADR 0021).

- Withdrawing "being contacted about opportunities": every app's handler runs (opportunities ends open interests).
- Withdrawing "WithUs keeping and using their information": a to-do (DataDecision) for the lead to agree what
  happens; if it is erasure, `erase_withdrawn_people` erases, after the trust's retention period from their last
  involvement, everything not needed for payments and the audit.
- Subject access: everything held about a person, from every app (through withus.people.registry).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.people import registry
from withus.people.models import (
    ConsentTopic,
    DataDecision,
    DataDecisionOutcome,
    DataDecisionStatus,
    EqualityRecord,
    Person,
)

ERASED_NAME = "Erased person"
ERASED_FIELDS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "postal_address",
    "communication_notes",
    "support_notes",
)


def consent_withdrawn(*, person: Person, topic: str, actor: User | None, request=None) -> None:
    """What withdrawing does, called by person_record_consent inside its transaction."""
    if topic == ConsentTopic.DATA and not DataDecision.objects.open().filter(person=person).exists():
        decision = DataDecision.objects.create(
            organisation_id=person.organisation_id, person=person, withdrawn_on=timezone.localdate()
        )
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=decision)
    registry.consent_withdrawn(person=person, topic=topic, actor=actor, request=request)


def consent_given_again(*, person: Person, topic: str, actor: User | None, request=None) -> None:
    """Agreeing again to WithUs keeping their information settles any open to-do: nothing is erased."""
    if topic != ConsentTopic.DATA:
        return
    for decision in DataDecision.objects.open().filter(person=person):
        decision.status = DataDecisionStatus.AGREED
        decision.outcome = DataDecisionOutcome.KEEP
        decision.note = f"They agreed again on {timezone.localdate():%-d %B %Y}."
        decision.decided_by = actor if getattr(actor, "pk", None) else None
        decision.decided_at = timezone.now()
        decision.save()
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=decision, changed_fields=["status"])


def last_involvement(person: Person, *, since: datetime.date) -> datetime.date:
    """The later of `since` and the person's last involvement that any app knows of."""
    dates = [since, *(day for day in registry.last_involvement(person) if day is not None)]
    return max(dates)


def erase_after(person: Person, decision: DataDecision) -> datetime.date:
    """The first day their information may be erased: the trust's retention period after their last involvement."""
    last = last_involvement(person, since=decision.withdrawn_on)
    years = person.organisation.data_retention_years
    try:
        return last.replace(year=last.year + years)
    except ValueError:  # 29 February
        return last.replace(year=last.year + years, day=28)


@transaction.atomic
def data_decision_record(
    *, decision: DataDecision, outcome: str, note: str = "", actor: User, request=None
) -> DataDecision:
    """The lead records what was agreed with the person. Only an open to-do can be decided."""
    decision = DataDecision.objects.select_for_update().select_related("person__organisation").get(pk=decision.pk)
    if decision.organisation_id != actor.organisation_id:
        raise ValidationError("That record belongs to another trust.")
    if decision.status != DataDecisionStatus.OPEN:
        raise ValidationError("What happens to their information has already been agreed.")
    if outcome not in DataDecisionOutcome.values:
        raise ValidationError({"outcome": "Choose what you agreed with them"})
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": "The note must be 1,000 characters or fewer"})
    decision.status = DataDecisionStatus.AGREED
    decision.outcome = outcome
    decision.note = note
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.erase_after = erase_after(decision.person, decision) if outcome == DataDecisionOutcome.ERASE else None
    decision.save()
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=decision,
        changed_fields=["status", "outcome", "note", "erase_after"],
    )
    return decision


@transaction.atomic
def person_erase(*, decision: DataDecision, today: datetime.date | None = None, request=None) -> bool:
    """Erase what is not needed for payments and the audit, once the retention period has passed.

    Returns False (and changes nothing) when it is not due: the to-do is not an agreed erasure, or the person has
    taken part since, which moves the date on. Payment records, consent decisions, status history and the audit
    log are kept; the person's row stays (payments point at it) with their name replaced.
    """
    today = today or timezone.localdate()
    decision = DataDecision.objects.select_for_update().select_related("person__organisation").get(pk=decision.pk)
    if decision.status != DataDecisionStatus.AGREED or decision.outcome != DataDecisionOutcome.ERASE:
        return False
    person = Person.objects.select_for_update().get(pk=decision.person_id)
    due = erase_after(person, decision)
    if due > today:
        if decision.erase_after != due:
            decision.erase_after = due
            decision.save(update_fields=["erase_after", "updated_at"])
        return False
    label = person.audit_label
    # Other apps first, while the person's name is still on the row: they may need it to find their name in
    # free text written about them (accreditation, ADR 35). Same transaction: all erased, or nothing.
    registry.erase(person=person)
    for name in ERASED_FIELDS:
        setattr(person, name, "")
    person.full_name = ERASED_NAME
    person.save()
    for relation in ("needs", "interests", "champion_units"):
        getattr(person, relation).clear()
    EqualityRecord.objects.filter(person=person).delete()
    if person.user_id:
        User.objects.filter(pk=person.user_id).update(is_active=False, full_name=ERASED_NAME)
    decision.status = DataDecisionStatus.ERASED
    decision.erased_at = timezone.now()
    decision.save(update_fields=["status", "erased_at", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        organisation_id=person.organisation_id,
        obj=person,
        object_label=f"{label} (erased)",
        changed_fields=["erased", *ERASED_FIELDS, "equality_record", "needs", "interests"],
    )
    return True


def subject_access(person: Person) -> dict:
    """Everything held about the person, from every app, as plain values (for the PDF and the JSON file)."""
    details = {name: str(getattr(person, name) or "") for name in ("full_name", "preferred_name", "pronouns")}
    details.update(
        {
            "kind": person.get_kind_display(),
            "email": person.email,
            "phone": person.phone,
            "postal_address": person.postal_address,
            "preferred_contact": person.get_preferred_contact_display(),
            "communication_notes": person.communication_notes,
            "support_notes": person.support_notes,
            "status": person.get_status_display(),
            "agreement_signed_on": person.agreement_signed_on.isoformat() if person.agreement_signed_on else "",
            "added_on": person.created_at.date().isoformat(),
            "units": ", ".join(unit.name for unit in person.units.all()),
            "needs": ", ".join(need.name for need in person.needs.all()),
            "interests": ", ".join(interest.name for interest in person.interests.all()),
        }
    )
    sections = [
        registry.AccessSection(
            "Consent decisions",
            [
                {
                    "Topic": decision.statement.get_topic_display(),
                    "Decision": "Agreed" if decision.agreed else "Withdrew",
                    "On": decision.decided_on.isoformat(),
                    "Wording version": decision.statement.version,
                }
                for decision in person.consent_decisions.select_related("statement")
            ],
        ),
        registry.AccessSection(
            "Membership status history",
            [
                {"On": change.created_at.date().isoformat(), "To": change.get_to_status_display(), "Why": change.reason}
                for change in person.status_changes.all()
            ],
        ),
        registry.AccessSection(
            "Things done for them by someone else",
            [
                {
                    "On": action.created_at.date().isoformat(),
                    "What": action.what,
                    "By": action.actor.full_name,
                    "They agreed": "Yes" if action.person_agreed else "No",
                }
                for action in person.on_behalf_actions.select_related("actor")
            ],
        ),
    ]
    equality = EqualityRecord.objects.filter(person=person).first()
    if equality is not None:
        sections.append(
            registry.AccessSection(
                "Equality monitoring",
                [
                    {
                        field.verbose_name.capitalize(): str(getattr(equality, f"get_{field.name}_display")())
                        for field in EqualityRecord._meta.fields  # noqa: SLF001 - Django's documented metadata
                        if field.choices
                    }
                ],
            )
        )
    sections.extend(registry.access_sections(person))
    return {
        "generated_at": timezone.now().isoformat(),
        "organisation": person.organisation.name,
        "person": details,
        "sections": [{"title": section.title, "rows": section.rows} for section in sections],
    }
