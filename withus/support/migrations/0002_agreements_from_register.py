"""Each register entry with an "Involvement agreement signed" date becomes version 1 of an agreement, agreed by
both on that date on paper (the register kept no more than the date). Reversing removes only those rows."""

from django.db import migrations

MIGRATED_ROLE = "Involvement (agreed before WithUs kept the details)"


def copy_dates(apps, schema_editor):
    person_model = apps.get_model("people", "Person")
    agreement_model = apps.get_model("support", "InvolvementAgreement")
    signed = person_model.objects.filter(agreement_signed_on__isnull=False).values_list(
        "pk", "organisation_id", "agreement_signed_on"
    )
    agreement_model.objects.bulk_create(
        [
            agreement_model(
                organisation_id=organisation_id,
                person_id=person_id,
                role=MIGRATED_ROLE,
                version=1,
                lead_agreed_on=signed_on,
                person_agreed_on=signed_on,
                person_agreed_how="paper",
            )
            for person_id, organisation_id, signed_on in signed.iterator()
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


def remove_copies(apps, schema_editor):
    apps.get_model("support", "InvolvementAgreement").objects.filter(role=MIGRATED_ROLE, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial"), ("people", "0004_data_decision_and_on_behalf")]

    operations = [migrations.RunPython(copy_dates, remove_copies)]
