"""Large print and easy read were support plan adjustments; they are communication needs on the person's record
now (the Accessible Information Standard, ADR 41), so each plan's are moved there and taken off the plan."""

from django.db import migrations

MOVED = {"large_print", "easy_read"}
ORDER = ["easy_read", "large_print", "bsl", "spoken_language", "braille", "audio", "read_with", "phone"]


def adjustments_to_communication_needs(apps, schema_editor):
    SupportPlan = apps.get_model("support", "SupportPlan")
    Person = apps.get_model("people", "Person")
    for plan in SupportPlan.objects.all().iterator():
        moved = MOVED.intersection(plan.adjustments or [])
        if not moved:
            continue
        person = Person.objects.get(pk=plan.person_id)
        needs = set(person.communication_needs or []) | moved
        person.communication_needs = [code for code in ORDER if code in needs]
        person.save(update_fields=["communication_needs"])
        plan.adjustments = [code for code in plan.adjustments if code not in MOVED]
        plan.save(update_fields=["adjustments"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_person_communication_needs"),
        ("support", "0007_check_in_covering_index"),
    ]

    # Not reversed: the needs stay on the person, where the plan's page and organisers still see them.
    operations = [migrations.RunPython(adjustments_to_communication_needs, migrations.RunPython.noop)]
