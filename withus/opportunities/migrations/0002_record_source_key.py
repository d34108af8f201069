"""Involvement records name their occasion with `source_key` instead of a foreign key to an opportunity session.

This lets the involvement log move below opportunities (see 0003 and involvement 0001), and gives every source
(committee meetings, training sessions) the same one-record-per-occasion guarantee.
"""

from django.db import migrations, models


def keys_from_sessions(apps, schema_editor):
    InvolvementRecord = apps.get_model("opportunities", "InvolvementRecord")
    for record in InvolvementRecord.objects.filter(session__isnull=False).only("pk", "session_id").iterator():
        InvolvementRecord.objects.filter(pk=record.pk).update(source_key=f"opportunity-session:{record.session_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="involvementrecord",
            name="source_key",
            field=models.CharField(blank=True, default="", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(keys_from_sessions, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="involvementrecord", name="record_once_per_session"),
        migrations.RemoveField(model_name="involvementrecord", name="session"),
        migrations.AddConstraint(
            model_name="involvementrecord",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_key", ""), _negated=True),
                fields=("organisation", "person", "source_key"),
                name="record_once_per_occasion",
            ),
        ),
    ]
