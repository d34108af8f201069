"""Below the ORM: a claim's totals and status change only along the permitted paths (issue 12 item 7, ADR 16).

- **Totals** (`fees_total`, `expenses_total`) change only while the claim is a draft or submitted (lines are
  added, removed or lowered then). From approval on they are fixed: the ledger accrued them, and finance exports
  and pays that amount.
- **Status** changes only together with its status-history row: an UPDATE that moves a claim from A to B is
  refused unless a `ClaimStatusChange` (A → B) for that claim already exists. That row's own check constraint
  allows only the permitted transitions, and its unique constraints let each status be reached and left once, so
  `UPDATE payments_claim SET status = 'paid'` by hand, or by any code that skips the services, fails.

Only UPDATE is guarded: rows are inserted as they are by restores (and by the test snapshots, which copy a built
world's rows), and the ledger check (`manage.py check_ledger`) finds a claim whose status has no history.
"""

from django.db import migrations

TOTALS_MESSAGE = "The totals of a claim cannot change once it is approved: the ledger holds the approved amount"
STATUS_MESSAGE = "The status of a claim changes only with a status-history row for that change"
OPEN_STATUSES = "('draft', 'submitted')"


def _postgres_forward() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION withus_payments_claim_guard() RETURNS trigger AS $$
        BEGIN
            IF OLD.status NOT IN {OPEN_STATUSES} AND (
                NEW.fees_total IS DISTINCT FROM OLD.fees_total OR NEW.expenses_total IS DISTINCT FROM OLD.expenses_total
            ) THEN
                RAISE EXCEPTION '{TOTALS_MESSAGE}';
            END IF;
            IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
                SELECT 1 FROM payments_claimstatuschange
                WHERE claim_id = NEW.id AND from_status = OLD.status AND to_status = NEW.status
            ) THEN
                RAISE EXCEPTION '{STATUS_MESSAGE}';
            END IF;
            RETURN NEW;
        END; $$ LANGUAGE plpgsql;""",
        "CREATE TRIGGER payments_claim_guard BEFORE UPDATE ON payments_claim "
        "FOR EACH ROW EXECUTE FUNCTION withus_payments_claim_guard();",
    ]


def _postgres_reverse() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS payments_claim_guard ON payments_claim;",
        "DROP FUNCTION IF EXISTS withus_payments_claim_guard();",
    ]


def _sqlite_forward() -> list[str]:
    return [
        "CREATE TRIGGER payments_claim_totals_fixed BEFORE UPDATE OF fees_total, expenses_total ON payments_claim "
        f"WHEN OLD.status NOT IN {OPEN_STATUSES} AND (NEW.fees_total IS NOT OLD.fees_total "
        "OR NEW.expenses_total IS NOT OLD.expenses_total) "
        f"BEGIN SELECT RAISE(ABORT, '{TOTALS_MESSAGE}'); END;",
        "CREATE TRIGGER payments_claim_status_with_history BEFORE UPDATE OF status ON payments_claim "
        "WHEN NEW.status IS NOT OLD.status AND NOT EXISTS (SELECT 1 FROM payments_claimstatuschange "
        "WHERE claim_id = NEW.id AND from_status = OLD.status AND to_status = NEW.status) "
        f"BEGIN SELECT RAISE(ABORT, '{STATUS_MESSAGE}'); END;",
    ]


def _sqlite_reverse() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS payments_claim_totals_fixed;",
        "DROP TRIGGER IF EXISTS payments_claim_status_with_history;",
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgres_forward, "sqlite": _sqlite_forward}.get(vendor, list)():
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgres_reverse, "sqlite": _sqlite_reverse}.get(vendor, list)():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("payments", "0004_advances")]

    operations = [migrations.RunPython(forward, reverse)]
