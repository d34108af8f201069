"""Easy read has one record: the person's communication needs (ADR 41, issue 26). Everyone whose contact choices
said "Send me easy read versions" gets easy read among their communication needs, in the list's order; migration
0005 then removes the contact choices' own field.

Reversed, the contact choices say easy read again for everyone whose needs include it (the needs are left as they
are: easy read may have been recorded there before, so taking it off could lose what the person told us)."""

from django.db import migrations

EASY_READ = "easy_read"
# The order of withus.people.models.CommunicationNeed, frozen here as it was when this was written.
ORDER = ["easy_read", "large_print", "bsl", "spoken_language", "braille", "audio", "read_with", "phone"]


def add_easy_read(Person, person_ids) -> None:  # noqa: N803 - a model, as migrations name them
    """Easy read among these people's communication needs, in the list's order (the rest kept)."""
    for person in Person.objects.filter(pk__in=list(person_ids)).only("pk", "communication_needs"):
        needs = set(person.communication_needs or [])
        if EASY_READ not in needs:
            person.communication_needs = [code for code in ORDER if code in needs | {EASY_READ}]
            person.save(update_fields=["communication_needs"])


def who_needs_easy_read(Person, person_ids) -> set:  # noqa: N803
    """Which of these people have easy read among their communication needs."""
    people = Person.objects.filter(pk__in=list(person_ids)).values_list("pk", "communication_needs")
    return {pk for pk, needs in people if EASY_READ in (needs or [])}


def easy_read_to_the_person(apps, schema_editor):
    ContactPreference = apps.get_model("notifications", "ContactPreference")
    wanted = ContactPreference.objects.filter(easy_read=True).values_list("person_id", flat=True)
    add_easy_read(apps.get_model("people", "Person"), wanted)


def easy_read_back_to_contact_choices(apps, schema_editor):
    ContactPreference = apps.get_model("notifications", "ContactPreference")
    person_ids = ContactPreference.objects.values_list("person_id", flat=True)
    needing = who_needs_easy_read(apps.get_model("people", "Person"), person_ids)
    ContactPreference.objects.filter(person_id__in=needing).update(easy_read=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_message_read_at"),
        ("people", "0005_person_communication_needs"),
    ]

    operations = [migrations.RunPython(easy_read_to_the_person, easy_read_back_to_contact_choices)]
