"""The Accessible Information Standard record on the person (issue 26 item 2, ADR 41): structured communication
needs, and the language for an interpreter. The register's free "needs" list had some of these as named needs
(Large print, Easy read, a BSL or spoken language interpreter ...): each person linked to one gets the structured
need instead, the link is removed, and the named need is deleted once nobody has it, so there is one record."""

from django.db import migrations, models

# A named need (its name, lower case, spaces squashed) and the structured need it becomes.
NAMED = {
    "large print": "large_print",
    "easy read": "easy_read",
    "british sign language interpreter": "bsl",
    "bsl interpreter": "bsl",
    "british sign language": "bsl",
    "spoken language interpreter": "spoken_language",
    "interpreter": "spoken_language",
    "braille": "braille",
    "audio": "audio",
}
ORDER = ["easy_read", "large_print", "bsl", "spoken_language", "braille", "audio", "read_with", "phone"]


def named_needs_to_structured(apps, schema_editor):
    Need = apps.get_model("people", "Need")
    Person = apps.get_model("people", "Person")
    links_of = Person.needs.through
    for need in Need.objects.all():
        code = NAMED.get(" ".join(need.name.lower().split()))
        if code is None:
            continue
        links = links_of.objects.filter(need_id=need.pk)
        for person in Person.objects.filter(pk__in=links.values("person_id")):
            needs = set(person.communication_needs or []) | {code}
            person.communication_needs = [item for item in ORDER if item in needs]
            person.save(update_fields=["communication_needs"])
        links.delete()
        need.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_data_decision_and_on_behalf"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="communication_language",
            field=models.CharField(blank=True, max_length=60, verbose_name="Language for the interpreter"),
        ),
        migrations.AddField(
            model_name="person",
            name="communication_needs",
            field=models.JSONField(blank=True, default=list, verbose_name="Communication needs"),
        ),
        # Not reversed: the structured needs stay (the named needs were duplicates of them).
        migrations.RunPython(named_needs_to_structured, migrations.RunPython.noop),
    ]
