"""Claims, their lines and receipts, and their status history.

Status changes are append-only rows (database triggers in migration 0002 refuse UPDATE and DELETE), and the
allowed status changes are a database check as well as a service rule.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from withus.accounts.models import Role
from withus.core.models import AppendOnlyModel, BaseModel
from withus.payments.models.preferences import PaymentMethod
from withus.payments.models.rates import MAX_CLAIM_AMOUNT, MAX_LINE_AMOUNT, Rate, money_field
from withus.people.models import Person

MAX_RECEIPT_BYTES = 5 * 1024 * 1024


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    EXPORTED = "exported", "Exported to finance"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


# Every allowed change of status, as (from, to). "" is the claim being created.
TRANSITIONS = (
    ("", ClaimStatus.DRAFT),
    (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED),
    (ClaimStatus.DRAFT, ClaimStatus.VOID),
    (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED),
    (ClaimStatus.SUBMITTED, ClaimStatus.REJECTED),
    (ClaimStatus.SUBMITTED, ClaimStatus.VOID),
    (ClaimStatus.APPROVED, ClaimStatus.EXPORTED),
    (ClaimStatus.APPROVED, ClaimStatus.VOID),
    (ClaimStatus.EXPORTED, ClaimStatus.PAID),
)
# Claims whose lines hold their involvement records (a rejected or void claim lets them go).
LIVE_STATUSES = (
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
    ClaimStatus.EXPORTED,
    ClaimStatus.PAID,
)
# Claims whose fees count as the person's earnings.
COUNTED_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.EXPORTED, ClaimStatus.PAID)
APPROVED_STATUSES = (ClaimStatus.APPROVED, ClaimStatus.EXPORTED, ClaimStatus.PAID)
IN_BATCH_STATUSES = (ClaimStatus.EXPORTED, ClaimStatus.PAID)


class LimitChoice(models.TextChoices):
    """What finance chose for a claim that would take the person over a benefit limit they set (issue 16)."""

    PAY_ANYWAY = "pay_anyway", "Pay it anyway: the person agreed"
    LOWER = "lower", "Pay a lower amount the person agreed to"
    CHARITY = "charity", "Pay it to a charity the person chose"
    HOLD = "hold", "Hold it and ask their lead to talk to them"


class ClaimQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def visible_to(self, user):
        """Finance and administrators: the trust's claims. Leads: claims of the people they may see."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        claims = self.filter(organisation_id=user.organisation_id)
        if user.has_role(Role.ADMINISTRATOR, Role.FINANCE_APPROVER):
            return claims
        if user.has_role(Role.PARTICIPATION_LEAD):
            return claims.filter(Person.objects.visible_through(user, "person_id"))
        return self.none()

    def of_user(self, user):
        return self.filter(organisation_id=user.organisation_id, person__user=user)

    def held_for_a_talk(self):
        """Submitted claims finance held because of a benefit limit: the person's lead talks to them first."""
        return self.filter(status=ClaimStatus.SUBMITTED, limit_choice=LimitChoice.HOLD)

    def visible_or_own(self, user):
        """Claims a member of staff who handles claims may see, and their own. Written as one filter on the claim's
        own columns (not an OR of two id subqueries), so PostgreSQL can walk the organisation's index in order."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        if user.has_role(Role.ADMINISTRATOR, Role.FINANCE_APPROVER):
            return self.visible_to(user)  # the whole trust's claims, their own among them
        own = Q(person__user=user)
        if user.has_role(Role.PARTICIPATION_LEAD):
            own |= Q(person__in=Person.objects.visible_to(user).values("pk"))
        return self.filter(own, organisation_id=user.organisation_id)


class Claim(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The claimant's sign-in when the claim was made, so the database can refuse them approving it.
    claimant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(max_length=1000, blank=True)
    batch = models.ForeignKey("PaymentBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    fees_total = money_field(default=Decimal("0.00"))
    expenses_total = money_field(default=Decimal("0.00"))
    first_activity_on = models.DateField(null=True, blank=True)
    # Finance's choice when approving would take the person over a limit they set; kept with the approval and
    # shown in the batch. A held claim stays submitted until someone decides again.
    # Returned by finance or a lead so the person can change it (issue 16 item 4): the claim is cancelled with the
    # reason, and its involvement can be claimed again as a new claim. Sent claims are never edited in place.
    returned_for_changes = models.BooleanField(default=False)
    limit_choice = models.CharField(max_length=20, choices=LimitChoice.choices, blank=True)
    limit_note = models.TextField(max_length=1000, blank=True)
    limit_charity = models.CharField(max_length=200, blank=True)
    limit_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    limit_decided_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(approved_by=F("submitted_by")),
                name="claim_approver_not_submitter",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(claimant_user__isnull=True)
                | ~Q(approved_by=F("claimant_user")),
                name="claim_approver_not_claimant",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=IN_BATCH_STATUSES) & Q(batch__isnull=False))
                | (~Q(status__in=IN_BATCH_STATUSES) & Q(batch__isnull=True)),
                name="claim_in_batch_when_exported",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=APPROVED_STATUSES) | Q(approved_by__isnull=False),
                name="claim_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(fees_total__gte=0)
                & Q(expenses_total__gte=0)
                & Q(fees_total__lte=MAX_CLAIM_AMOUNT)
                & Q(expenses_total__lte=MAX_CLAIM_AMOUNT),
                name="claim_totals_range",
            ),
        ]
        indexes = [
            # The claims list, newest first (issue 25: 100,000 claims in a trust).
            models.Index(fields=["organisation", "-created_at"], name="claim_org_newest"),
            models.Index(fields=["organisation", "status", "-created_at"], name="claim_org_status"),
            models.Index(fields=["organisation", "person", "-created_at"], name="claim_org_person"),
            models.Index(fields=["organisation", "batch"], name="claim_org_batch"),
            models.Index(fields=["organisation", "first_activity_on"], name="claim_org_first"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C-{str(self.pk)[:8].upper()}"

    @property
    def audit_label(self) -> str:
        return f"Claim {self.reference}"

    @property
    def total(self) -> Decimal:
        return self.fees_total + self.expenses_total


class LineKind(models.TextChoices):
    FEE = "fee", "Involvement payment"
    EXPENSE = "expense", "Expense"


class ExpenseCategory(models.TextChoices):
    TRAVEL = "travel", "Travel"
    CARE = "care", "Childcare or carer costs"
    SUBSISTENCE = "subsistence", "Food and drink (subsistence)"
    OTHER = "other", "Other"


def receipt_path(instance, filename: str) -> str:
    """Server-chosen paths only: the uploaded name is never used for storage."""
    extension = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}[instance.content_type]
    return f"receipts/{instance.organisation_id}/{uuid.uuid4()}.{extension}"


class ReceiptQuerySet(models.QuerySet):
    def on_claim(self, claim):
        """The receipts attached to the lines of one claim."""
        return self.filter(pk__in=ClaimLine.objects.filter(claim=claim).values("receipt_id"))


class Receipt(BaseModel):
    """A checked receipt: an image re-encoded by the server, or a PDF that parses. Kept outside the web root."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=receipt_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ReceiptQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Receipt {self.pk}"

    @property
    def audit_label(self) -> str:
        return "Receipt"

    @property
    def download_name(self) -> str:
        extension = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}.get(self.content_type, "bin")
        return f"receipt-{str(self.pk)[:8]}.{extension}"


class ClaimLine(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(max_length=10, choices=LineKind.choices)
    date = models.DateField()
    description = models.CharField(max_length=200)
    # Fees: the involvement record, the rate used and the offer; the amount is what the person accepts.
    record = models.ForeignKey(
        "involvement.InvolvementRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    activity_code = models.CharField(max_length=20, blank=True)
    hours = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    offered_amount = money_field(default=Decimal("0.00"))
    amount = money_field()
    # Expenses
    category = models.CharField(max_length=20, choices=ExpenseCategory.choices, blank=True)
    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # True while the claim is draft, submitted, approved, exported or paid; a rejected or void claim
    # releases its records by clearing it, so they can be claimed again.
    live = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(live=True) & Q(record__isnull=False), name="record_on_one_live_claim"
            ),
            models.CheckConstraint(
                condition=(Q(kind=LineKind.FEE) & Q(record__isnull=False) & Q(amount__gte=0))
                & Q(amount__lte=F("offered_amount"))
                | (Q(kind=LineKind.EXPENSE) & Q(record__isnull=True) & Q(amount__gt=0) & ~Q(category="")),
                name="claim_line_kind_fields",
            ),
            models.CheckConstraint(condition=Q(amount__lte=MAX_LINE_AMOUNT), name="claim_line_max"),
        ]
        indexes = [
            models.Index(fields=["organisation", "kind", "date"], name="line_org_kind_date"),
            models.Index(fields=["claim", "kind"], name="line_claim_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"

    @property
    def declined(self) -> bool:
        return self.kind == LineKind.FEE and self.amount == 0

    @property
    def reduced(self) -> bool:
        return self.kind == LineKind.FEE and self.amount < self.offered_amount


def _transition_condition() -> Q:
    condition = Q()
    for before, after in TRANSITIONS:
        condition |= Q(from_status=before, to_status=after)
    return condition


class ClaimStatusChange(AppendOnlyModel):
    """One change of a claim's status. Each status is reached at most once and left at most once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    reason = models.TextField(max_length=1000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]
        constraints = [
            models.CheckConstraint(condition=_transition_condition(), name="claim_change_allowed"),
            models.UniqueConstraint(fields=["claim", "to_status"], name="claim_change_once_into"),
            models.UniqueConstraint(fields=["claim", "from_status"], name="claim_change_once_out_of"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"
