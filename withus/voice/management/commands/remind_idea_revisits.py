from django.core.management.base import BaseCommand

from withus.voice.services_ideas import ideas_remind_revisits


class Command(BaseCommand):
    help = (
        'On a "not now" idea\'s revisit date, tell the lead, move it to "being looked at" and tell the person who '
        "raised it (daily; idempotent: safe to run twice)."
    )

    def handle(self, *args, **options):
        handled = ideas_remind_revisits()
        self.stdout.write(
            f"{handled} idea(s) due to be looked at again: the lead and the person who raised each are told."
        )
