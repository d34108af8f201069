"""An index for the register's filter by communication need (ADR 41), on PostgreSQL: a GIN index over the JSON
list with `jsonb_path_ops`, which answers "does the list contain this need?" (`@>`, Django's `__contains` on a
JSONField). SQLite has no index that can answer that, so there is nothing to add: there the filter reads the
needs within one trust's people, found by the register's own index.

Written as SQL for PostgreSQL only (the project does not use django.contrib.postgres), so the models' state is
unchanged and SQLite skips it."""

from django.db import migrations

INDEX = "person_communication_needs"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin (communication_needs jsonb_path_ops);"
        )


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX};")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_person_communication_needs"),
    ]

    operations = [migrations.RunPython(forward, reverse, elidable=False)]
