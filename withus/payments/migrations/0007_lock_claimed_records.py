"""Records already on a live claim (draft to paid) become locked by that claim (ADR 18), as new claims lock them."""

from django.db import migrations
from django.utils import timezone


def lock_claimed(apps, schema_editor):
    ClaimLine = apps.get_model("payments", "ClaimLine")
    InvolvementRecord = apps.get_model("involvement", "InvolvementRecord")
    now = timezone.now()
    lines = ClaimLine.objects.filter(live=True, record__isnull=False).values_list("record_id", "claim_id")
    for record_id, claim_id in lines.iterator():
        InvolvementRecord.objects.filter(pk=record_id, locked_at__isnull=True).update(
            locked_by=f"payment-claim:{claim_id}", locked_at=now
        )


def release_all(apps, schema_editor):
    InvolvementRecord = apps.get_model("involvement", "InvolvementRecord")
    InvolvementRecord.objects.filter(locked_by__startswith="payment-claim:").update(locked_by="", locked_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0006_claim_returned_for_changes"),
        ("involvement", "0003_record_lock"),
    ]

    operations = [migrations.RunPython(lock_claimed, release_all)]
