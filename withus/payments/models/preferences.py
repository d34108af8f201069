"""How a person is paid, and benefit-aware earnings limits (with finance's benefit reference amounts)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet
from withus.payments.models.rates import money_field


class PaymentMethod(models.TextChoices):
    PAYROLL = "payroll", "Through payroll"
    SUPPLIER = "supplier", "As a supplier (accounts payable)"
    VOUCHERS = "vouchers", "In vouchers"
    NONE = "none", "No payment (expenses only)"


class PaymentPreferenceQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)


class PaymentPreference(BaseModel):
    """How a person is paid, from a date. A change is a new row, so the history stays. Never bank details."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    # Only the finance systems' own references.
    payroll_number = models.CharField(max_length=20, blank=True)
    supplier_number = models.CharField(max_length=20, blank=True)
    chosen_on = models.DateField()
    benefits_advice_offered_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PaymentPreferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "person", "-created_at"], name="preference_org_person")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.method}"

    @property
    def audit_label(self) -> str:
        return "Payment preference"


class LimitPeriod(models.TextChoices):
    WEEK = "week", "A week"
    MONTH = "month", "A month"


class BenefitReferenceQuerySet(OrganisationQuerySet):
    def effective_on(self, day):
        """Amounts that had taken effect by that day (the newest for each benefit is the one in force)."""
        return self.filter(effective_from__lte=day)


class BenefitReference(BaseModel):
    """A dated reference amount for a benefit's earnings rule, offered as a default. Configuration, not code."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    benefit = models.CharField(max_length=150)
    period = models.CharField(max_length=10, choices=LimitPeriod.choices)
    amount = money_field()
    effective_from = models.DateField()
    source = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = BenefitReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["benefit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "benefit", "effective_from"], name="benefit_ref_dated"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="benefit_ref_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "effective_from"], name="benefit_ref_org_from")]

    def __str__(self) -> str:
        return f"{self.benefit} from {self.effective_from}"

    @property
    def audit_label(self) -> str:
        return f"Benefit reference amount {self.benefit}"


class EarningsLimitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class EarningsLimit(BaseModel):
    """A limit a person chooses for their involvement payments, named after the benefit it protects."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    benefit = models.CharField(max_length=150)
    period = models.CharField(max_length=10, choices=LimitPeriod.choices)
    amount = money_field()
    # "Never pay me over this limit": then no claim that goes over it can be approved as it is.
    never_over = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = EarningsLimitQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="limit_positive")]
        indexes = [models.Index(fields=["organisation", "person", "removed_at"], name="limit_org_person")]

    def __str__(self) -> str:
        return f"{self.benefit}: {self.amount} a {self.period}"

    @property
    def audit_label(self) -> str:
        return f"Earnings limit ({self.benefit})"
