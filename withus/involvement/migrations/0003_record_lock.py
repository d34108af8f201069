"""A record is final while locked (on a payment claim): a lock column, and below the ORM, triggers that refuse
changing a locked record's facts, moving its lock to another holder, and deleting it (ADR 18)."""

from django.conf import settings
from django.db import migrations, models

TABLE = "involvement_involvementrecord"
# Everything a locked record must keep; only locked_by, locked_at and updated_at may change (the release).
FACTS = (
    "organisation_id", "person_id", "date", "kind_id", "unit_id", "hours", "role", "source_type", "source_id",
    "source_label", "source_key", "payable", "recorded_by_id", "created_at",
)
MESSAGE = "This involvement record is locked (it is on a payment claim): it cannot be changed or deleted"


def _postgres_forward() -> list[str]:
    changed = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in FACTS)
    return [
        f"""CREATE OR REPLACE FUNCTION withus_involvement_record_locked() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.locked_at IS NOT NULL THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
                RETURN OLD;
            END IF;
            IF OLD.locked_at IS NOT NULL AND (
                {changed}
                OR (NEW.locked_at IS NOT NULL AND NEW.locked_by IS DISTINCT FROM OLD.locked_by)
            ) THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            RETURN NEW;
        END; $$ LANGUAGE plpgsql;""",
        f"CREATE TRIGGER {TABLE}_locked_update BEFORE UPDATE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION withus_involvement_record_locked();",
        f"CREATE TRIGGER {TABLE}_locked_delete BEFORE DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION withus_involvement_record_locked();",
    ]


def _postgres_reverse() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_locked_update ON {TABLE};",
        f"DROP TRIGGER IF EXISTS {TABLE}_locked_delete ON {TABLE};",
        "DROP FUNCTION IF EXISTS withus_involvement_record_locked();",
    ]


def _sqlite_forward() -> list[str]:
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in FACTS)
    return [
        f"CREATE TRIGGER {TABLE}_locked_update BEFORE UPDATE ON {TABLE} "
        f"WHEN OLD.locked_at IS NOT NULL AND ({changed} "
        "OR (NEW.locked_at IS NOT NULL AND NEW.locked_by IS NOT OLD.locked_by)) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER {TABLE}_locked_delete BEFORE DELETE ON {TABLE} "
        f"WHEN OLD.locked_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]


def _sqlite_reverse() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {TABLE}_locked_update;", f"DROP TRIGGER IF EXISTS {TABLE}_locked_delete;"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgres_forward, "sqlite": _sqlite_forward}.get(vendor, list)():
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": _postgres_reverse, "sqlite": _sqlite_reverse}.get(vendor, list)():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0002_rename_tables"),
        ("organisations", "0001_initial"),
        ("people", "0002_person_register_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="involvementrecord",
            name="locked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="involvementrecord",
            name="locked_by",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddConstraint(
            model_name="involvementrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("locked_by", ""), ("locked_at__isnull", True)))
                | models.Q(~models.Q(("locked_by", "")), ("locked_at__isnull", False)),
                name="record_lock_has_holder",
            ),
        ),
        migrations.RunPython(forward, reverse),
    ]
