"""Tell people whose training lapses in the next 30 days that a refresher is due (issue 17).

Idempotent: one message per completion, so running it twice (or every day) tells each person once. Cron, daily:
    30 9 * * *  cd /srv/withus && .venv/bin/python manage.py tell_refreshers_due
"""

import datetime

from django.core.management.base import BaseCommand

from withus.learning.services.refreshers import DAYS_BEFORE, refreshers_due_tell


class Command(BaseCommand):
    help = "Tell people whose training lapses in the next 30 days that a refresher is due (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Count from this day (YYYY-MM-DD).")
        parser.add_argument("--days", type=int, default=DAYS_BEFORE, help=f"Default {DAYS_BEFORE}.")

    def handle(self, *args, date: datetime.date | None, days: int, **options):
        told = refreshers_due_tell(today=date, days=days)
        self.stdout.write(f"Refreshers due within {days} days with a message: {told}.")
