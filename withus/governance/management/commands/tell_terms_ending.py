"""Tell people whose committee term ends in the next 60 days (issue 17).

Idempotent: one message per term, so running it twice (or every day) tells each person once. Cron, daily:
    0 9 * * *  cd /srv/withus && .venv/bin/python manage.py tell_terms_ending
"""

import datetime

from django.core.management.base import BaseCommand

from withus.governance.services.term_messages import DAYS_BEFORE, terms_ending_tell


class Command(BaseCommand):
    help = "Tell people whose committee term ends in the next 60 days (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Count from this day (YYYY-MM-DD).")
        parser.add_argument("--days", type=int, default=DAYS_BEFORE, help=f"Default {DAYS_BEFORE}.")

    def handle(self, *args, date: datetime.date | None, days: int, **options):
        told = terms_ending_tell(today=date, days=days)
        self.stdout.write(f"Committee terms ending within {days} days with a message: {told}.")
