"""Delete interview score sheets six months after the panel's decision. Run daily from cron (docs/governance.md)."""

from django.core.management.base import BaseCommand

from withus.governance.services.retention import SCORE_SHEET_RETENTION_MONTHS, score_sheets_delete_expired


class Command(BaseCommand):
    help = (
        f"Delete score sheets kept {SCORE_SHEET_RETENTION_MONTHS} months after the panel's decision. "
        "Each deletion is audited; the decision, its reasons and the combined scores are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would be deleted.")

    def handle(self, *args, dry_run: bool = False, **options):
        count = score_sheets_delete_expired(dry_run=dry_run)
        sheets = "score sheet" if count == 1 else "score sheets"
        if dry_run:
            self.stdout.write(f"{count} {sheets} would be deleted (dry run: nothing was changed).")
        else:
            self.stdout.write(f"{count} {sheets} deleted.")
