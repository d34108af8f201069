"""Daily (cron): tell each teller and their lead a month before a story's consent for a use ends.

Expired consents need no action here: every page, export and use checks consent live on the day, so an expired
use stops by itself. Idempotent: each consent is warned once."""

from django.core.management.base import BaseCommand

from withus.voice.services_stories import consents_warn_expiring


class Command(BaseCommand):
    help = "Tell tellers and leads about story consents that end within a month."

    def handle(self, *args, **options):
        warned = consents_warn_expiring()
        self.stdout.write(f"{warned} story consent(s) ending within a month: teller and lead told (messages queued).")
