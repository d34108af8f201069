"""Work out again the summary each measure keeps (latest value, icons, "before and now"). Run once after
upgrading to phases (ADR 19), so that measures that already had recalculations show their result in words."""

from django.core.management.base import BaseCommand

from withus.improvement.services.measures import measures_refresh_all


class Command(BaseCommand):
    help = "Refresh every measure's stored summary: latest value, MDC icons and before-and-now sentence."

    def handle(self, *args, **options):
        count = measures_refresh_all()
        self.stdout.write(f"{count} measure{'s' if count != 1 else ''} refreshed.")
