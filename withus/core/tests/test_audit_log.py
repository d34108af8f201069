"""The audit log is append-only: not through the ORM, and not below it."""

import pytest
from django.db import DatabaseError, connection, transaction

from withus.core.audit import audit_record
from withus.core.client_address import client_ip
from withus.core.models import AuditAction, AuditEntry, ImmutableRecordError


@pytest.fixture
def entry(db):
    return audit_record(
        action=AuditAction.VIEW, actor_email="someone@example.org", object_type="person", object_id="123"
    )


def test_an_entry_records_who_what_and_which_object(entry):
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.actor_email, stored.object_type, stored.object_id) == (
        AuditAction.VIEW,
        "someone@example.org",
        "person",
        "123",
    )
    assert stored.occurred_at is not None


def test_the_orm_refuses_to_change_an_entry(entry):
    entry.actor_email = "someone-else@example.org"
    with pytest.raises(ImmutableRecordError):
        entry.save()
    with pytest.raises(ImmutableRecordError):
        entry.delete()
    with pytest.raises(ImmutableRecordError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_email="x@example.org")
    with pytest.raises(ImmutableRecordError, match="Audit entries are append-only: they cannot be deleted"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor_email == "someone@example.org"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE core_auditentry SET actor_email = 'tampered@example.org'", "DELETE FROM core_auditentry"],
)
def test_the_database_refuses_raw_sql_changes(entry, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).actor_email == "someone@example.org"


def test_client_ip_ignores_forwarded_headers_unless_a_proxy_is_trusted(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    settings.WITHUS_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.WITHUS_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.WITHUS_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
