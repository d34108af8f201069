"""Offer a debrief to everyone who took part in an activity of a kind flagged "may be difficult" in the last few
days (daily, by cron). Idempotent: each person and occasion is offered once."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from withus.organisations.models import Organisation
from withus.support.services import debriefs_offer_after_difficult


class Command(BaseCommand):
    help = "Offer debriefs after activities that may be difficult."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Look back this many days (default 7).")

    def handle(self, *args, days: int, **options):
        since = timezone.localdate() - datetime.timedelta(days=days)
        offered = 0
        for organisation in Organisation.objects.all():
            offered += len(debriefs_offer_after_difficult(organisation_id=organisation.pk, since=since))
        self.stdout.write(f"Debriefs offered or already offered: {offered}")
