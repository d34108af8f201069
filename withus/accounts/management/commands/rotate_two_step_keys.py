"""Re-encrypt every stored two-step secret with the first key in WITHUS_ENCRYPTION_KEYS (ADR 8).

To rotate: put a new key first in WITHUS_ENCRYPTION_KEYS (keep the old one after it), restart, run
`manage.py rotate_two_step_keys`, then remove the old key and restart again.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from withus.accounts import two_step_storage

BATCH = 200


class Command(BaseCommand):
    help = "Re-encrypt authenticator secrets and recovery-code seeds with the first key in WITHUS_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        rows = Authenticator.objects.filter(type__in=list(two_step_storage.SECRET_FIELDS)).order_by("pk")
        ids = list(rows.values_list("pk", flat=True))
        changed = 0
        try:
            for start in range(0, len(ids), BATCH):
                with transaction.atomic():
                    batch = rows.filter(pk__in=ids[start : start + BATCH]).select_for_update()
                    changed += two_step_storage.protect_all(batch, rotate=True)
        except two_step_storage.SecretNotReadable as error:
            raise CommandError(
                f"{error} Put the old key back after the new one in WITHUS_ENCRYPTION_KEYS and run this again; "
                f"{changed} were re-encrypted before this stopped."
            ) from error
        self.stdout.write(f"Re-encrypted the two-step secrets of {changed} authenticators with the first key.")
