"""Remove someone's authenticator app and recovery codes, e.g. after a lost phone. Audited. (Administrators do this
in the app too, on the account's page under /accounts/users/; both use accounts.services.user_reset_two_step.)

manage.py reset_two_step someone@trust.nhs.uk --by admin@trust.nhs.uk --reason "Lost phone, ID checked"
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from withus.accounts.models import User
from withus.accounts.services import user_reset_two_step


class Command(BaseCommand):
    help = "Remove a person's two-step verification so they can set it up again on a new phone (audited)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address of the person whose two-step verification to reset")
        parser.add_argument("--by", required=True, help="The e-mail address of the administrator doing this")
        parser.add_argument("--reason", required=True, help="Why, e.g. how their identity was checked")

    @transaction.atomic
    def handle(self, *args, email, by, reason, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"There is no account with the e-mail address {email}.")
        administrator = User.objects.filter(email__iexact=by.strip(), organisation_id=user.organisation_id).first()
        if administrator is None or not administrator.has_perm("accounts.reset_two_step"):
            raise CommandError(f"{by} is not an administrator of {user.email}'s trust.")
        try:
            user_reset_two_step(user=user, reason=reason, actor=administrator)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Two-step verification reset for {user.email}. They set it up again when they next sign in.")
