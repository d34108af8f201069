"""Below the ORM: the database refuses to change or delete status history and ledger entries, and refuses to
change a batch's number, totals or files once it is made (only its 'paid' fields may be filled in)."""

from django.db import migrations

APPEND_ONLY = ("payments_claimstatuschange", "payments_ledgerentry")
BATCH_FROZEN = ("number", "claim_count", "fees_total", "expenses_total", "csv_content", "csv_sha256",
                "xlsx_content", "xlsx_sha256", "organisation_id", "created_by_id", "created_at")
MESSAGE = "Payment history, ledger entries and batches are append-only: they cannot be changed or deleted"


def _postgres_forward() -> list[str]:
    statements = [
        f"""CREATE OR REPLACE FUNCTION withus_payments_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    ]
    for table in APPEND_ONLY:
        statements += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION withus_payments_append_only();",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION withus_payments_append_only();",
        ]
    changed = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in BATCH_FROZEN)
    statements += [
        f"""CREATE OR REPLACE FUNCTION withus_payments_batch_frozen() RETURNS trigger AS $$
        BEGIN
            IF {changed} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            RETURN NEW;
        END; $$ LANGUAGE plpgsql;""",
        "CREATE TRIGGER payments_paymentbatch_frozen BEFORE UPDATE ON payments_paymentbatch "
        "FOR EACH ROW EXECUTE FUNCTION withus_payments_batch_frozen();",
        "CREATE TRIGGER payments_paymentbatch_no_delete BEFORE DELETE ON payments_paymentbatch "
        "FOR EACH ROW EXECUTE FUNCTION withus_payments_append_only();",
    ]
    return statements


def _postgres_reverse() -> list[str]:
    statements = []
    for table in APPEND_ONLY:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_no_update ON {table};",
            f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table};",
        ]
    statements += [
        "DROP TRIGGER IF EXISTS payments_paymentbatch_frozen ON payments_paymentbatch;",
        "DROP TRIGGER IF EXISTS payments_paymentbatch_no_delete ON payments_paymentbatch;",
        "DROP FUNCTION IF EXISTS withus_payments_batch_frozen();",
        "DROP FUNCTION IF EXISTS withus_payments_append_only();",
    ]
    return statements


def _sqlite_forward() -> list[str]:
    statements = []
    for table in APPEND_ONLY:
        statements += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        ]
    columns = ", ".join(BATCH_FROZEN)
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in BATCH_FROZEN)
    statements += [
        f"CREATE TRIGGER payments_paymentbatch_frozen BEFORE UPDATE OF {columns} ON payments_paymentbatch "
        f"WHEN {changed} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        "CREATE TRIGGER payments_paymentbatch_no_delete BEFORE DELETE ON payments_paymentbatch "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]
    return statements


def _sqlite_reverse() -> list[str]:
    names = [f"{table}_no_update" for table in APPEND_ONLY] + [f"{table}_no_delete" for table in APPEND_ONLY]
    names += ["payments_paymentbatch_frozen", "payments_paymentbatch_no_delete"]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgres_forward, "sqlite": _sqlite_forward}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgres_reverse, "sqlite": _sqlite_reverse}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
