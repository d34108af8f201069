"""Erase the information of people who withdrew their agreement to WithUs keeping it, once it is due (ADR 0021).

Due means: their lead recorded that they agreed erasure, and the trust's retention period
(Organisation.data_retention_years, 6 by default) has passed since their last involvement. Payment records and
the audit log are kept. Each erasure is audited. Run it daily (for example from cron); `--dry-run` only lists.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from withus.people import privacy
from withus.people.models import DataDecision


class Command(BaseCommand):
    help = "Erase, after the retention period, the information of people who withdrew their agreement to keep it."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who is due without erasing anything.")
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), for checking.")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError("--today must be a date like 2031-04-30") from error
        erased = 0
        agreed = DataDecision.objects.due_for_erasure(day).select_related("person__organisation")
        for decision in agreed.order_by("erase_after", "pk"):
            due = privacy.erase_after(decision.person, decision)
            if due > day:
                continue
            if dry_run:
                self.stdout.write(f"Due: person {decision.person_id} (erase from {due.isoformat()})")
                erased += 1
                continue
            if privacy.person_erase(decision=decision, today=day):
                erased += 1
        verb = "due for erasure" if dry_run else "erased"
        self.stdout.write(f"{erased} {'person' if erased == 1 else 'people'} {verb}.")
