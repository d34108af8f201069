"""Tell finance approvers about claims waiting for approval for more than N days (issue 17).

Idempotent: one message per approver per day, so running it twice the same day sends nothing more. Cron, every
weekday morning:
    0 8 * * 1-5  cd /srv/withus && .venv/bin/python manage.py tell_finance_claims_waiting --days 7
"""

from django.core.management.base import BaseCommand

from withus.payments.services.waiting import DEFAULT_DAYS, claims_waiting_tell_finance


class Command(BaseCommand):
    help = "E-mail finance the claims waiting for approval for more than N days (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"Default {DEFAULT_DAYS}.")

    def handle(self, *args, days: int, **options):
        told = claims_waiting_tell_finance(days=days)
        self.stdout.write(f"Finance approvers told of claims waiting more than {days} days: {told}.")
