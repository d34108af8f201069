import importlib

from django.db import migrations, models

# Adding a column rebuilds the table on SQLite, which drops its triggers: put 0005's claim guards back afterwards.
guards = importlib.import_module("withus.payments.migrations.0005_claim_totals_and_status_guard")


def restore_sqlite_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in guards._sqlite_reverse() + guards._sqlite_forward():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0005_claim_totals_and_status_guard"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="returned_for_changes",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(restore_sqlite_guards, migrations.RunPython.noop),
    ]
