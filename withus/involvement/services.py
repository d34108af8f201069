"""Writes for the involvement log: the only code that creates, corrects, removes, locks or releases a record.

Each validates, saves and audits inside one transaction. A record is final while locked (payments lock it when
it goes on a claim and release it when the claim is rejected or cancelled); the database refuses to change or
delete a locked record too (migration 0003). `scripts/lint_involvement_writes.py` refuses writes to
`InvolvementRecord` anywhere outside this app (ADR 18).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.involvement.models import MAX_SESSION_HOURS, InvolvementKind, InvolvementRecord, InvolvementSource
from withus.organisations.models import Unit
from withus.people.models import Person

# (code, name, payment activity code, required training) — the kinds every trust starts with.
DEFAULT_KINDS = [
    ("board-committee", "Board or committee seat", "INV-COMM", ""),
    ("interview-panel", "Recruitment interview panel", "INV-PANEL", "Recruitment panel training"),
    ("staff-training", "Co-delivering staff training", "INV-TRAIN", ""),
    ("accreditation", "Accreditation assessment visit", "INV-ACCRED", "Accreditation assessor training"),
    ("qi-team", "QI project team", "INV-QI", "Introduction to QI for service users and carers"),
    ("qi-coaching", "QI coaching", "INV-QICOACH", "Improvement Leaders Programme"),
    ("focus-group", "Focus group or consultation", "INV-FOCUS", ""),
    ("story", "Telling your story", "INV-STORY", ""),
    ("other", "Other", "INV-OTHER", ""),
]


def kinds_ensure_defaults(*, organisation) -> list[InvolvementKind]:
    """Make sure the trust has the standard kinds of involvement; existing ones are left as they are."""
    kinds = []
    for position, (code, name, activity_code, training) in enumerate(DEFAULT_KINDS):
        kind, _ = InvolvementKind.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={
                "name": name,
                "payment_activity_code": activity_code,
                "required_training": training,
                "position": position,
            },
        )
        kinds.append(kind)
    return kinds


def kind_ensure(*, organisation, code: str, name: str, activity_code: str, description: str = "") -> InvolvementKind:
    """The trust's kind of involvement with this code, made (at the end of the list) when it has none yet: for a
    feature that records its own kind of involvement (peer buddying, issue 21). An existing kind is left as the
    administrators set it."""
    kind, _created = InvolvementKind.objects.get_or_create(
        organisation=organisation,
        code=code,
        defaults={
            "name": name,
            "payment_activity_code": activity_code,
            "description": description,
            "position": len(DEFAULT_KINDS) + 1,
        },
    )
    return kind


@transaction.atomic
def kind_update(*, kind: InvolvementKind, values: dict, actor: User, request=None) -> InvolvementKind:
    kind = InvolvementKind.objects.select_for_update().get(pk=kind.pk)
    values = clean_values(values, single_line={"name", "payment_activity_code"})
    changed = [key for key, value in values.items() if getattr(kind, key) != value]
    for key, value in values.items():
        setattr(kind, key, value)
    kind.full_clean()
    kind.save()
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=kind, changed_fields=changed)
    return kind


def parse_hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"hours": "Enter hours as a number, like 2 or 2.5"}) from error
    if not hours.is_finite():
        raise ValidationError({"hours": "Enter hours as a number, like 2 or 2.5"})
    return hours


def check_hours(hours: Decimal, *, allow_zero: bool = False) -> Decimal:
    hours = parse_hours(hours)
    if hours < 0 or (hours == 0 and not allow_zero):
        raise ValidationError({"hours": "Enter hours of more than 0"})
    if hours > MAX_SESSION_HOURS:
        raise ValidationError({"hours": f"Enter {MAX_SESSION_HOURS} hours or fewer for one session"})
    if hours != hours.quantize(Decimal("0.01")):
        raise ValidationError({"hours": "Enter hours to no more than 2 decimal places, like 2.25"})
    return hours


def involvement_record_create(
    *,
    organisation,
    person: Person,
    date: datetime.date,
    kind: InvolvementKind,
    hours: Decimal,
    source_type: InvolvementSource | str,
    source_label: str,
    actor: User | None,
    unit: Unit | None = None,
    role: str = "",
    source_id: str = "",
    source_key: str = "",
    payable: bool = True,
    request=None,
) -> InvolvementRecord:
    """Add one entry to a person's involvement: the one log that payments and reports read.

    Any feature may call this (QI projects, committees, training): say what the record came from with
    `source_type`, `source_id` and a readable `source_label`, and pass `source_key` for an occasion that must
    be recorded at most once per person (the database refuses a second record with the same key).
    """
    if person.organisation_id != organisation.pk or kind.organisation_id != organisation.pk:
        raise ValidationError("The person and the kind of involvement must belong to this trust.")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Choose a ward, team or service from this trust"})
    if source_type not in InvolvementSource.values:
        raise ValidationError({"source_type": "Choose what the involvement was part of"})
    hours = check_hours(hours)
    with transaction.atomic():
        record = InvolvementRecord(
            organisation=organisation,
            person=person,
            date=date,
            kind=kind,
            unit=unit,
            hours=hours,
            role=role.strip(),
            source_type=source_type,
            source_id=str(source_id),
            source_label=source_label.strip()[:200],
            source_key=source_key,
            payable=payable,
            recorded_by=actor,
        )
        record.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as error:
            # Only the one-record-per-occasion constraint can fail here: everything else was checked above.
            raise ValidationError(f"{person.full_name} already has an involvement record for this.") from error
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=actor,
            obj=record,
            organisation_id=organisation.pk,
            changed_fields=["hours", "date", "kind"],
        )
    return record


def _locked_refusal(record: InvolvementRecord) -> ValidationError:
    return ValidationError(
        f"{record.person.full_name}'s involvement on {record.date:%-d %B %Y} is on a payment claim, so it cannot "
        "be changed. Ask finance to cancel the claim first."
    )


def _locked_for_change(record: InvolvementRecord) -> InvolvementRecord:
    return InvolvementRecord.objects.select_for_update().select_related("person").get(pk=record.pk)


@transaction.atomic
def involvement_record_correct(
    *,
    record: InvolvementRecord,
    actor: User | None,
    hours: Decimal | None = None,
    date: datetime.date | None = None,
    request=None,
) -> InvolvementRecord:
    """Correct a record's hours or date (for example when attendance is corrected). A locked record is refused."""
    record = _locked_for_change(record)
    if record.is_locked:
        raise _locked_refusal(record)
    changed = []
    if hours is not None:
        hours = check_hours(hours)
        if hours != record.hours:
            record.hours = hours
            changed.append("hours")
    if date is not None and date != record.date:
        record.date = date
        changed.append("date")
    if changed:
        record.save(update_fields=[*changed, "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=record, changed_fields=changed)
    return record


@transaction.atomic
def involvement_record_remove(*, record: InvolvementRecord, actor: User | None, request=None) -> None:
    """Remove a record that should not have been made (attendance corrected to 'did not come').

    A locked record is refused; so is one that a payment claim still refers to, even a cancelled claim, which
    keeps it for the payment records (the reference protects it)."""
    record = _locked_for_change(record)
    if record.is_locked:
        raise _locked_refusal(record)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=record, changed_fields=["removed"])
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as error:
        raise ValidationError(
            f"{record.person.full_name}'s involvement on {record.date:%-d %B %Y} was on a payment claim that was "
            "cancelled, so it is kept for the payment records. You can change its hours, but not remove it."
        ) from error


@transaction.atomic
def involvement_records_lock(*, records, locked_by: str, actor: User | None, request=None) -> list[InvolvementRecord]:
    """Make records final for `locked_by` (a source reference such as `payment-claim:<id>`).

    A record already locked by something else is refused: it is final for that, and cannot be taken twice."""
    if not locked_by:
        raise ValueError("Say what locks the records")
    ids = [getattr(record, "pk", record) for record in records]
    locked = list(InvolvementRecord.objects.select_for_update().filter(pk__in=ids).select_related("person"))
    for record in locked:
        if record.is_locked and record.locked_by != locked_by:
            raise ValidationError(
                f"{record.person.full_name}'s involvement on {record.date:%-d %B %Y} is already on another claim."
            )
    now = timezone.now()
    for record in locked:
        if record.locked_by == locked_by:
            continue
        record.locked_by, record.locked_at = locked_by, now
        record.save(update_fields=["locked_by", "locked_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=record, changed_fields=["locked"])
    return locked


@transaction.atomic
def involvement_records_release(
    *, locked_by: str, actor: User | None, records=None, request=None
) -> list[InvolvementRecord]:
    """Release what `locked_by` holds (all of it, or only `records`), so the records can be corrected again."""
    held = InvolvementRecord.objects.select_for_update().filter(locked_by=locked_by) if locked_by else None
    if held is None:
        raise ValueError("Say what holds the records")
    if records is not None:
        held = held.filter(pk__in=[getattr(record, "pk", record) for record in records])
    released = list(held)
    for record in released:
        record.locked_by, record.locked_at = "", None
        record.save(update_fields=["locked_by", "locked_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=record, changed_fields=["released"])
    return released
