"""The backup and restore drill (issue 25 item 6): build data, dump it, restore into a new database and a new file
store, and compare every table's row count, the audit log in order and the receipt files byte for byte.

PostgreSQL only (pg_dump and pg_restore): SQLite deployments back up by copying the file, which needs no drill."""

import hashlib

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from withus.accounts.tests.factories import UserFactory
from withus.core import backup
from withus.core.models import AuditAction, AuditEntry
from withus.organisations.tests.factories import OrganisationFactory
from withus.payments.models.claims import Receipt
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's; SQLite backs up by file copy"
)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_and_file_store_with_everything_the_same(settings, tmp_path):
    files = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": files}},
    }
    trust = OrganisationFactory()
    user = UserFactory(organisation=trust)
    person = PersonFactory(organisation=trust)
    content = b"%PDF-1.4 a bus ticket"
    name = default_storage.save("receipts/ticket.pdf", ContentFile(content))
    Receipt.objects.create(
        organisation=trust,
        person=person,
        file=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    for number in range(3):
        AuditEntry.objects.create(organisation=trust, actor=user, action=AuditAction.VIEW, object_id=str(number))
    database = settings.DATABASES["default"]
    before = backup.snapshot(connection)
    restored_name = f"{database['NAME']}_restore_drill"
    backup.backup(database=database, files_dir=files, target=tmp_path / "backup")
    try:
        backup.restore(
            database=database, source=tmp_path / "backup", new_name=restored_name, files_dir=tmp_path / "restored"
        )
        with psycopg.connect(
            host=database["HOST"] or "127.0.0.1",
            port=database["PORT"] or 5432,
            user=database["USER"] or "postgres",
            password=database["PASSWORD"] or None,
            dbname=restored_name,
        ) as restored:
            after = backup.snapshot(restored)
    finally:
        _drop(database, restored_name)
    assert after == before
    assert before["counts"]["payments_receipt"] == 1
    assert len(before["audit"]) >= 3
    assert backup.file_digests(tmp_path / "restored") == backup.file_digests(files)
    assert backup.file_digests(files)  # the receipt is there to compare


def _drop(database: dict, name: str) -> None:
    with psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        server.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name)))
