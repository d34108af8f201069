"""A locked record (on a payment claim) is final: the services refuse to correct or remove it, and below the ORM
the database refuses raw SQL that changes its facts, moves its lock or deletes it (SQLite and PostgreSQL)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from withus.core.models import AuditEntry
from withus.involvement.models import InvolvementRecord, source_key
from withus.involvement.services import (
    involvement_record_correct,
    involvement_record_remove,
    involvement_records_lock,
    involvement_records_release,
)
from withus.involvement.tests.factories import RecordFactory

TABLE = InvolvementRecord._meta.db_table
HOLDER = "payment-claim:11111111-2222-3333-4444-555555555555"


@pytest.fixture
def record(amara):
    return RecordFactory(person=amara.person, hours=Decimal(2), source_key="test-occasion:1")


@pytest.fixture
def locked(record, lead):
    involvement_records_lock(records=[record], locked_by=HOLDER, actor=lead.user)
    record.refresh_from_db()
    return record


def _sql(statement: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _refused(statement: str, *params) -> None:
    with pytest.raises(DatabaseError, match="locked"), transaction.atomic():
        _sql(statement, *params)


def _pk(record) -> str:
    """The key as the database stores it (SQLite keeps UUIDs as 32 hex characters)."""
    return record.pk.hex if connection.vendor == "sqlite" else str(record.pk)


def test_source_key_is_one_format_for_every_feature():
    assert source_key("opportunity-session", 7) == "opportunity-session:7"
    assert source_key("training-session", "") == "training-session:"
    with pytest.raises(ValueError, match="plain word"):
        source_key("bad:kind", 1)
    with pytest.raises(ValueError, match="plain word"):
        source_key("", 1)


def test_locking_records_the_holder_and_time_and_audits(locked, lead):
    assert locked.is_locked
    assert locked.locked_by == HOLDER
    assert locked.locked_at is not None
    assert InvolvementRecord.objects.locked().get() == locked
    assert not InvolvementRecord.objects.unlocked().exists()
    assert AuditEntry.objects.filter(object_id=str(locked.pk), changed_fields=["locked"]).count() == 1


def test_a_locked_record_cannot_be_corrected_or_removed_through_the_services(locked, lead):
    with pytest.raises(ValidationError, match="on a payment claim"):
        involvement_record_correct(record=locked, hours=Decimal(3), actor=lead.user)
    with pytest.raises(ValidationError, match="on a payment claim"):
        involvement_record_correct(record=locked, date=locked.date - datetime.timedelta(days=1), actor=lead.user)
    with pytest.raises(ValidationError, match="on a payment claim"):
        involvement_record_remove(record=locked, actor=lead.user)
    locked.refresh_from_db()
    assert locked.hours == 2


def test_another_holder_cannot_take_a_locked_record(locked, lead):
    with pytest.raises(ValidationError, match="already on another claim"):
        involvement_records_lock(records=[locked], locked_by="payment-claim:other", actor=lead.user)
    locked.refresh_from_db()
    assert locked.locked_by == HOLDER
    # Locking again by the same holder changes nothing.
    involvement_records_lock(records=[locked], locked_by=HOLDER, actor=lead.user)
    assert AuditEntry.objects.filter(object_id=str(locked.pk), changed_fields=["locked"]).count() == 1


def test_release_lets_the_record_be_corrected_and_removed(locked, lead):
    assert involvement_records_release(locked_by="payment-claim:someone-else", actor=lead.user) == []
    released = involvement_records_release(locked_by=HOLDER, actor=lead.user)
    assert [record.pk for record in released] == [locked.pk]
    locked.refresh_from_db()
    assert not locked.is_locked
    assert locked.locked_by == ""
    corrected = involvement_record_correct(record=locked, hours="2.5", date=locked.date, actor=lead.user)
    assert corrected.hours == Decimal("2.5")
    assert AuditEntry.objects.filter(object_id=str(locked.pk), changed_fields=["hours"]).exists()
    involvement_record_remove(record=locked, actor=lead.user)
    assert not InvolvementRecord.objects.filter(pk=locked.pk).exists()


def test_release_of_some_records_keeps_the_others_locked(amara, lead):
    first = RecordFactory(person=amara.person, source_key="test-occasion:a")
    second = RecordFactory(person=amara.person, source_key="test-occasion:b")
    involvement_records_lock(records=[first, second.pk], locked_by=HOLDER, actor=lead.user)
    involvement_records_release(locked_by=HOLDER, records=[first.pk], actor=lead.user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_locked, second.is_locked) == (False, True)


def test_correcting_checks_the_hours(record, lead):
    for bad, message in (("0", "more than 0"), ("13", "12 hours or fewer"), ("two", "as a number")):
        with pytest.raises(ValidationError, match=message):
            involvement_record_correct(record=record, hours=bad, actor=lead.user)
    record.refresh_from_db()
    assert record.hours == 2


def test_correcting_to_the_same_values_writes_no_audit(record, lead):
    involvement_record_correct(record=record, hours=record.hours, date=record.date, actor=lead.user)
    assert not AuditEntry.objects.filter(object_id=str(record.pk), action="update").exists()


def test_the_database_refuses_changing_a_locked_records_facts(locked):
    _refused(f"UPDATE {TABLE} SET hours = 5 WHERE id = %s", _pk(locked))  # noqa: S608 - the table is ours
    _refused(f"UPDATE {TABLE} SET date = %s WHERE id = %s", datetime.date(2020, 1, 1), _pk(locked))  # noqa: S608
    _refused(f"UPDATE {TABLE} SET payable = %s WHERE id = %s", False, _pk(locked))  # noqa: S608
    _refused(f"UPDATE {TABLE} SET source_label = 'x' WHERE id = %s", _pk(locked))  # noqa: S608
    locked.refresh_from_db()
    assert (locked.hours, locked.payable, locked.source_label) == (2, True, "Something useful")


def test_the_database_refuses_deleting_a_locked_record(locked):
    _refused(f"DELETE FROM {TABLE} WHERE id = %s", _pk(locked))  # noqa: S608 - the table is ours
    assert InvolvementRecord.objects.filter(pk=locked.pk).exists()


def test_the_database_refuses_moving_a_lock_to_another_holder(locked):
    _refused(f"UPDATE {TABLE} SET locked_by = 'payment-claim:other' WHERE id = %s", _pk(locked))  # noqa: S608
    # Releasing and changing the facts in one statement is refused too.
    _refused(f"UPDATE {TABLE} SET locked_by = '', locked_at = NULL, hours = 3 WHERE id = %s", _pk(locked))  # noqa: S608


def test_the_database_allows_the_release_and_then_a_change(locked):
    assert _sql(f"UPDATE {TABLE} SET locked_by = '', locked_at = NULL WHERE id = %s", _pk(locked)) == 1  # noqa: S608
    assert _sql(f"UPDATE {TABLE} SET hours = 3 WHERE id = %s", _pk(locked)) == 1  # noqa: S608
    locked.refresh_from_db()
    assert locked.hours == 3
    assert _sql(f"DELETE FROM {TABLE} WHERE id = %s", _pk(locked)) == 1  # noqa: S608


def test_an_unlocked_record_can_be_changed_below_the_orm(record):
    assert _sql(f"UPDATE {TABLE} SET hours = 4 WHERE id = %s", _pk(record)) == 1  # noqa: S608 - the table is ours


def test_the_database_refuses_a_lock_without_a_holder_or_a_time(record):
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(f"UPDATE {TABLE} SET locked_by = 'payment-claim:x' WHERE id = %s", _pk(record))  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(f"UPDATE {TABLE} SET locked_at = CURRENT_TIMESTAMP WHERE id = %s", _pk(record))  # noqa: S608
