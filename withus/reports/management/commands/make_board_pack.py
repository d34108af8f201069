"""Make the board pack for a finished quarter from a command (a scheduled job or a background worker): the same
service as the page, so the pack and its frozen snapshot are the same whichever made them."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from withus.accounts.models import User
from withus.core.dates import add_months, month_end
from withus.reports.services import pack_create


class Command(BaseCommand):
    help = "Make the board pack for the quarter starting on --quarter (YYYY-MM-DD), as --author (an e-mail)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="the quarter's first day, e.g. 2026-07-01")
        parser.add_argument("--author", required=True, help="e-mail address of the pack's author (a lead)")

    def handle(self, *args, quarter: str, author: str, **options):
        try:
            start = datetime.date.fromisoformat(quarter)
        except ValueError as error:
            raise CommandError("Give the quarter's first day as YYYY-MM-DD, like 2026-07-01.") from error
        if start.day != 1 or start.month not in (1, 4, 7, 10):
            raise CommandError("A quarter starts on 1 January, 1 April, 1 July or 1 October.")
        user = User.objects.filter(email__iexact=author.strip(), is_active=True).first()
        if user is None or user.organisation_id is None or not user.has_perm("reports.make_board_pack"):
            raise CommandError("The author must be an active People Participation lead or administrator.")
        try:
            pack, created = pack_create(
                organisation=user.organisation,
                period_start=start,
                period_end=month_end(add_months(start, 2)),
                actor=user,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{'Made' if created else 'Already made'}: {pack.title} ({pack.pk})")
