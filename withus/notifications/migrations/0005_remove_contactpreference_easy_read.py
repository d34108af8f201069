"""The contact choices' own "easy read" field goes: migration 0004 moved it to the person's communication needs."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_easy_read_to_communication_needs"),
    ]

    operations = [migrations.RemoveField(model_name="contactpreference", name="easy_read")]
