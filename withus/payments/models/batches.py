"""Finance batches and the ledger. Ledger entries are append-only rows, like the claims' status history."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from withus.core.models import AppendOnlyModel, BaseModel
from withus.core.querysets import OrganisationQuerySet
from withus.payments.models.claims import Claim
from withus.payments.models.preferences import PaymentMethod
from withus.payments.models.rates import money_field


class PaymentRoute(models.TextChoices):
    """How finance pays a batch: each batch is for one route, so each file goes to one system (issue 16)."""

    PAYROLL = "payroll", "Payroll"
    ACCOUNTS_PAYABLE = "accounts_payable", "Accounts payable"
    VOUCHERS = "vouchers", "Vouchers"


def claim_route(method: str, expenses_only_route: str) -> str:
    """The batch a claim goes in, from how the person is paid (an expenses-only claim: the trust's choice)."""
    return {
        PaymentMethod.PAYROLL: PaymentRoute.PAYROLL,
        PaymentMethod.SUPPLIER: PaymentRoute.ACCOUNTS_PAYABLE,
        PaymentMethod.VOUCHERS: PaymentRoute.VOUCHERS,
    }.get(method, expenses_only_route or PaymentRoute.ACCOUNTS_PAYABLE)


def methods_for_route(route: str, expenses_only_route: str) -> list[str]:
    return [method for method in (*PaymentMethod.values, "") if claim_route(method, expenses_only_route) == route]


# The batch's files, kept in its row: read a chunk at a time when downloaded, never loaded with the row for a page.
STORED_FILES = ("csv_content", "xlsx_content", "summary_csv_content", "lines_csv_content")


class PaymentBatch(BaseModel):
    """Approved claims sent to finance together. Created once with its files and their hashes; never changed,
    except to record that it was paid (the database refuses changes to the files, totals and number)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claim_count = models.PositiveIntegerField()
    fees_total = money_field()
    expenses_total = money_field()
    csv_content = models.BinaryField()
    csv_sha256 = models.CharField(max_length=64)
    xlsx_content = models.BinaryField()
    xlsx_sha256 = models.CharField(max_length=64)
    # One route a batch; blank only for batches made before routes (their files mix methods).
    route = models.CharField(max_length=20, choices=PaymentRoute.choices, blank=True)
    summary_csv_content = models.BinaryField(default=b"")
    summary_csv_sha256 = models.CharField(max_length=64, blank=True)
    lines_csv_content = models.BinaryField(default=b"")
    lines_csv_sha256 = models.CharField(max_length=64, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remittance_reference = models.CharField(max_length=100, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name_plural = "payment batches"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="batch_number_unique"),
            models.CheckConstraint(condition=Q(claim_count__gte=1), name="batch_not_empty"),
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="batch_org_created")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"B-{self.number:05d}"

    @property
    def audit_label(self) -> str:
        return f"Payment batch {self.reference}"

    @property
    def total(self) -> Decimal:
        return self.fees_total + self.expenses_total


class EntryType(models.TextChoices):
    ACCRUED = "accrued", "Approved: owed to the person"
    PAID = "paid", "Paid"
    REVERSED = "reversed", "Reversed (claim cancelled after approval)"


class LedgerEntry(AppendOnlyModel):
    """Append-only money movements. Each claim has at most one of each type: it can never be paid twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="ledger")
    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger")
    entry_type = models.CharField(max_length=20, choices=EntryType.choices)
    fees = money_field()
    expenses = money_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.UniqueConstraint(fields=["claim", "entry_type"], name="ledger_once_per_claim_and_type"),
            models.CheckConstraint(condition=Q(fees__gte=0) & Q(expenses__gte=0), name="ledger_amounts_positive"),
            models.CheckConstraint(
                condition=~Q(entry_type=EntryType.PAID) | Q(batch__isnull=False), name="ledger_paid_in_batch"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "entry_type"], name="ledger_org_type"),
            models.Index(fields=["batch", "entry_type"], name="ledger_batch_type"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_type} {self.fees + self.expenses}"
