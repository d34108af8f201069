"""CI's production smoke test only: sign-ins for an administrator, a lead, a finance approver and a participant.

Refuses unless WITHUS_SMOKE_TEST is on (production settings allow that only for a loopback-only site) and the
database is a fresh one holding nothing but the smoke test's own trust. The password and the authenticator
secret come from the environment (WITHUS_SMOKE_PASSWORD, WITHUS_SMOKE_TOTP_SECRET), never from arguments that
other users of the machine could read.
"""

import base64
import binascii
import os

from django.core.management.base import BaseCommand, CommandError

from withus.smoke.accounts import SmokeTestRefused, create_smoke_sign_ins


class Command(BaseCommand):
    help = "CI smoke test only: create sign-ins for four roles in an empty database (refused anywhere else)."

    def handle(self, *args, **options):
        password = os.environ.get("WITHUS_SMOKE_PASSWORD", "")
        secret = os.environ.get("WITHUS_SMOKE_TOTP_SECRET", "")
        if len(password) < 20:
            raise CommandError("Set WITHUS_SMOKE_PASSWORD to a random password of at least 20 characters.")
        try:
            base64.b32decode(secret, casefold=True)
        except (binascii.Error, ValueError) as error:
            raise CommandError("Set WITHUS_SMOKE_TOTP_SECRET to a base32 authenticator secret.") from error
        if not secret:
            raise CommandError("Set WITHUS_SMOKE_TOTP_SECRET to a base32 authenticator secret.")
        try:
            users = create_smoke_sign_ins(password=password, totp_secret=secret)
        except SmokeTestRefused as error:
            raise CommandError(str(error)) from error
        for user in users:
            self.stdout.write(f"{user.email} ({', '.join(sorted(user.role_names))})")
