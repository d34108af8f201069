"""Every account gets its sign-in address in allauth's address table, as its primary address.

Until now WithUs kept the sign-in address only on the account, so allauth could not send re-authentication
codes or tell anyone their address had changed. An address someone has already signed in with counts as
verified (people without a password can only have signed in with a code sent to it); an account nobody has
signed in to yet is verified by its first sign-in with a code. Register records (Person) keep their e-mail
as the contact e-mail, unchanged.
"""

from django.db import migrations


def add_sign_in_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    with_primary = EmailAddress.objects.filter(primary=True).values("user_id")
    verified_elsewhere = set(EmailAddress.objects.filter(verified=True).values_list("email", flat=True))
    new_rows = []
    for user in User.objects.exclude(pk__in=with_primary).only("pk", "email", "last_login").iterator(chunk_size=1000):
        email = user.email.lower()
        existing = EmailAddress.objects.filter(user_id=user.pk, email=email).first()
        if existing is not None:
            existing.primary = True
            existing.save(update_fields=["primary"])
            continue
        verified = user.last_login is not None and email not in verified_elsewhere
        new_rows.append(EmailAddress(user_id=user.pk, email=email, primary=True, verified=verified))
    EmailAddress.objects.bulk_create(new_rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_encrypt_two_step_secrets"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(add_sign_in_addresses, migrations.RunPython.noop)]
