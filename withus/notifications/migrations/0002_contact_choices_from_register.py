"""Copy the register's single "prefers" field into each person's contact choices (issue 17)."""

import uuid

from django.db import migrations

FROM_REGISTER = {"email": "email", "text": "sms", "letter": "letter", "phone": "lead_call"}


def copy_choices(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    ContactPreference = apps.get_model("notifications", "ContactPreference")
    have = set(ContactPreference.objects.values_list("person_id", flat=True))
    batch = []
    for person_id, organisation_id, preferred in Person.objects.values_list(
        "pk", "organisation_id", "preferred_contact"
    ).iterator(chunk_size=2000):
        if person_id in have:
            continue
        batch.append(
            ContactPreference(
                id=uuid.uuid4(),
                person_id=person_id,
                organisation_id=organisation_id,
                first_choice=FROM_REGISTER.get(preferred, "email"),
            )
        )
        if len(batch) >= 2000:
            ContactPreference.objects.bulk_create(batch)
            batch = []
    ContactPreference.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox_and_contact_choices"),
    ]

    operations = [migrations.RunPython(copy_choices, migrations.RunPython.noop)]
