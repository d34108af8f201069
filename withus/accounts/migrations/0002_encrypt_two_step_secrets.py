"""Encrypt the authenticator-app secrets and recovery-code seeds already stored in plain text (ADR 8).

Safe to run again and on rows that are already encrypted: only plain-text secrets are changed. Undoing it
decrypts them again, for a rollback to code that cannot read tokens."""

from django.db import migrations

from withus.accounts import two_step_storage

BATCH = 500


def encrypt_secrets(apps, schema_editor):
    authenticator = apps.get_model("mfa", "Authenticator")
    rows = authenticator.objects.filter(type__in=list(two_step_storage.SECRET_FIELDS)).order_by("pk")
    two_step_storage.protect_all(rows.iterator(chunk_size=BATCH))


def decrypt_secrets(apps, schema_editor):
    authenticator = apps.get_model("mfa", "Authenticator")
    rows = authenticator.objects.filter(type__in=list(two_step_storage.SECRET_FIELDS)).order_by("pk")
    for row in rows.iterator(chunk_size=BATCH):
        row.data = two_step_storage.revealed_data(row.type, row.data)
        row.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False)]
