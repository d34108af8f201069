"""Give the moved tables their own app's names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0001_initial"),
        ("opportunities", "0003_involvement_moves_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="involvementkind", table=None),
        migrations.AlterModelTable(name="involvementrecord", table=None),
    ]
