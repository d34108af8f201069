"""The data migration that gives every existing account its sign-in address in allauth's table."""

import importlib

from allauth.account.models import EmailAddress
from django.apps import apps
from django.utils import timezone

from withus.accounts.models import Role, User

migration = importlib.import_module("withus.accounts.migrations.0003_sign_in_addresses")


def test_existing_accounts_get_their_sign_in_address(trust, make_user):
    # Accounts made before this change had no row in allauth's table.
    used = User.objects.create(email="used@example.org", full_name="Used", last_login=timezone.now())
    never = User.objects.create(email="never@example.org", full_name="Never")
    half = User.objects.create(email="half@example.org", full_name="Half")
    EmailAddress.objects.create(user=half, email="half@example.org", primary=False, verified=False)
    already = make_user(Role.STAFF, email="already@example.org")

    migration.add_sign_in_addresses(apps, None)
    migration.add_sign_in_addresses(apps, None)  # running it again changes nothing

    rows = {row.email: (row.user_id, row.primary, row.verified) for row in EmailAddress.objects.all()}
    assert rows == {
        "used@example.org": (used.pk, True, True),  # signed in before: the address has been used
        "never@example.org": (never.pk, True, False),  # checked at the first sign-in
        "half@example.org": (half.pk, True, False),
        "already@example.org": (already.pk, True, True),
    }
