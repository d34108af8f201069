"""Reminders the day before: learning sessions and opportunity sessions, through the outbox (issue 17).

Idempotent: each reminder's key is the session and the person, so running it twice (or a retry after a failure)
never sends a second reminder. Cron, once a day in the afternoon:
    0 15 * * *  cd /srv/withus && .venv/bin/python manage.py send_reminders
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from withus.learning.services.reminders import learning_reminders_send
from withus.opportunities.services.reminders import opportunity_reminders_send


class Command(BaseCommand):
    help = "Remind everyone with a place of tomorrow's sessions (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="The day of the sessions (YYYY-MM-DD).")

    def handle(self, *args, date: datetime.date | None, **options):
        on = date or timezone.localdate() + datetime.timedelta(days=1)
        learning = learning_reminders_send(on=on)
        opportunities = opportunity_reminders_send(on=on)
        self.stdout.write(f"Reminders for {on:%d %B %Y}: {learning} for learning, {opportunities} for opportunities.")
