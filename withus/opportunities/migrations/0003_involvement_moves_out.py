"""The involvement log now lives in the involvement app: state only, no table changes here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0002_record_source_key"),
        ("involvement", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="opportunity",
                    name="kind",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="opportunities",
                        to="involvement.involvementkind",
                    ),
                ),
                migrations.DeleteModel(name="InvolvementRecord"),
                migrations.DeleteModel(name="InvolvementKind"),
            ],
        ),
    ]
