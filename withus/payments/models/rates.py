"""The rate card and payments settings, and the money rules every amount keeps to.

Money is always `Decimal` in pounds with two decimal places.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext

from withus.core.models import BaseModel

PENNY = Decimal("0.01")
# The most one line or one claim may be: anything above is almost certainly a typing mistake.
MAX_LINE_AMOUNT = Decimal("1000.00")
MAX_CLAIM_AMOUNT = Decimal("5000.00")
MAX_RATE_AMOUNT = Decimal("500.00")


def money_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=10, decimal_places=2, **kwargs)


class RateUnit(models.TextChoices):
    PER_HOUR = "per_hour", "An hour"
    PER_SESSION = "per_session", "A session or meeting"
    FIXED = "fixed", "A fixed fee"


class RateQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def in_force(self, on):
        return self.filter(effective_from__lte=on)


class Rate(BaseModel):
    """One rate for one activity code, from a date. A change is a new row from a later date: history is kept."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    activity_code = models.CharField(max_length=20)
    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=20, choices=RateUnit.choices)
    amount = money_field()
    effective_from = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RateQuerySet.as_manager()

    class Meta:
        ordering = ["activity_code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity_code", "effective_from"], name="rate_one_per_code_and_date"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_RATE_AMOUNT), name="rate_amount_range"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "activity_code", "effective_from"], name="rate_org_code_from")]

    def __str__(self) -> str:
        return f"{self.activity_code} from {self.effective_from}"

    @property
    def audit_label(self) -> str:
        return f"Rate {self.activity_code} from {self.effective_from}"

    def price(self, hours: Decimal) -> Decimal:
        if self.unit == RateUnit.PER_HOUR:
            return (self.amount * hours).quantize(PENNY)
        return self.amount

    @property
    def text(self) -> str:
        amount = f"£{self.amount:,.2f}".replace(".00", "")
        if self.unit == RateUnit.PER_HOUR:
            return gettext("%(amount)s an hour") % {"amount": amount}
        if self.unit == RateUnit.PER_SESSION:
            return gettext("%(amount)s a session") % {"amount": amount}
        return gettext("%(amount)s fixed fee") % {"amount": amount}


class PaymentSettings(BaseModel):
    """One row per trust: settings that are the trust's choice, not code."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    lateness_target_days = models.PositiveSmallIntegerField(default=30)
    next_batch_number = models.PositiveIntegerField(default=1)
    # Which batch pays back expenses-only claims (people who chose no payment): accounts payable unless the trust
    # chooses another route. Values are PaymentRoute's.
    expenses_only_route = models.CharField(max_length=20, default="accounts_payable")

    class Meta:
        verbose_name_plural = "payment settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(lateness_target_days__gte=1) & Q(lateness_target_days__lte=365),
                name="payment_settings_target_range",
            )
        ]

    def __str__(self) -> str:
        return f"Payment settings for {self.organisation_id}"

    @property
    def audit_label(self) -> str:
        return "Payment settings"
