from django.core.management.base import BaseCommand

from withus.voice.services_ideas import ideas_tell_project_moves


class Command(BaseCommand):
    help = "Tell each person who raised an idea when the QI project it became moves on (daily; idempotent)."

    def handle(self, *args, **options):
        told = ideas_tell_project_moves()
        self.stdout.write(f"{told} project step(s) told.")
