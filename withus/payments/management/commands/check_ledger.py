"""Check that the ledger, the claims and the batches agree, for every trust. Run daily from cron (README).

Each difference is logged as an ERROR (logger `withus.payments.ledger`, so the service's log alerting picks it
up) and printed; the command then exits with status 1, so cron's mail or the job runner's alert fires too.
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from withus.organisations.models import Organisation
from withus.payments.services.ledger import ledger_problems

logger = logging.getLogger("withus.payments.ledger")


class Command(BaseCommand):
    help = (
        "Check every trust's ledger against its claims and batches (totals, approvals, payments, reversals, status "
        "history, batch files). Exits 1 and logs an error for each difference."
    )

    def handle(self, *args, **options):
        found = 0
        organisations = Organisation.objects.order_by("name")
        for organisation in organisations:
            for problem in ledger_problems(organisation.pk):
                found += 1
                logger.error("Ledger check, %s: %s", organisation.name, problem)
                self.stderr.write(f"{organisation.name}: {problem}")
        if found:
            raise CommandError(
                f"The ledger check found {found} {'difference' if found == 1 else 'differences'}: see above."
            )
        self.stdout.write(f"The ledger agrees with every claim and batch ({organisations.count()} trusts checked).")
