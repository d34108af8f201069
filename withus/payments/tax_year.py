"""A person's involvement payments by UK tax year (6 April to 5 April), and what the dated thresholds in settings
mean for them, so nobody is surprised by a tax letter (issue 16 item 6). Reads only; the PDF is a year-end summary
for the person's records or a benefits assessment."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from withus.core.pdf import render_pdf
from withus.payments.models.claims import APPROVED_STATUSES, ClaimLine, LimitChoice, LineKind
from withus.payments.models.preferences import PaymentMethod
from withus.payments.money import pounds
from withus.payments.selectors import tax_year_start

TAX_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class TaxYear:
    start: datetime.date

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start.year + 1, 4, 5)

    @property
    def label(self) -> str:
        """As in URLs and file names: 2026-27."""
        return f"{self.start.year}-{str(self.start.year + 1)[-2:]}"

    @property
    def name(self) -> str:
        """In words: 6 April 2026 to 5 April 2027."""
        return f"6 April {self.start.year} to 5 April {self.start.year + 1}"

    @classmethod
    def containing(cls, day: datetime.date) -> "TaxYear":
        return cls(tax_year_start(day))

    @classmethod
    def from_label(cls, label: str) -> "TaxYear | None":
        match = TAX_YEAR_LABEL.match(label)
        if not match:
            return None
        first = int(match.group(1))
        if int(match.group(2)) != (first + 1) % 100 or not 2000 <= first <= 2100:
            return None
        return cls(datetime.date(first, 4, 6))


@dataclass(frozen=True)
class Threshold:
    name: str
    amount: Decimal
    meaning: str


def thresholds_on(day: datetime.date) -> list[Threshold]:
    """The thresholds in force on a day: the newest entry of each name in settings.WITHUS_TAX_THRESHOLDS."""
    newest: dict[str, dict] = {}
    for entry in sorted(settings.WITHUS_TAX_THRESHOLDS, key=lambda item: item["from"]):
        if datetime.date.fromisoformat(entry["from"]) <= day:
            newest[entry["name"]] = entry
    return [Threshold(entry["name"], Decimal(entry["amount"]), entry["meaning"]) for entry in newest.values()]


@dataclass(frozen=True)
class Reaching:
    threshold: Threshold
    reached: bool


@dataclass(frozen=True)
class YearPayments:
    year: TaxYear
    lines: list
    fees: Decimal
    expenses: Decimal
    to_charity: Decimal
    thresholds: list[Reaching]
    reported_through_payroll: bool


def _approved_lines(person, year: TaxYear):
    return ClaimLine.objects.filter(
        claim__organisation_id=person.organisation_id,
        claim__person=person,
        claim__status__in=APPROVED_STATUSES,
        date__gte=year.start,
        date__lte=year.end,
    )


def year_payments(person, year: TaxYear, *, method: str = "") -> YearPayments:
    """Every approved payment dated in the tax year (three queries), totals, and which thresholds are reached.
    Payments to a charity the person chose are listed but are not their earnings."""
    lines = list(_approved_lines(person, year).select_related("claim").order_by("date", "created_at"))
    fees = sum(
        (line.amount for line in lines if line.kind == LineKind.FEE and line.claim.limit_choice != LimitChoice.CHARITY),
        Decimal("0.00"),
    )
    to_charity = sum(
        (line.amount for line in lines if line.kind == LineKind.FEE and line.claim.limit_choice == LimitChoice.CHARITY),
        Decimal("0.00"),
    )
    expenses = sum((line.amount for line in lines if line.kind == LineKind.EXPENSE), Decimal("0.00"))
    thresholds = [Reaching(threshold, fees >= threshold.amount) for threshold in thresholds_on(year.end)]
    return YearPayments(
        year=year,
        lines=lines,
        fees=fees,
        expenses=expenses,
        to_charity=to_charity,
        thresholds=thresholds,
        reported_through_payroll=method == PaymentMethod.PAYROLL,
    )


def years_with_payments(person) -> list[TaxYear]:
    """The tax years in which the person has approved payments, newest first (one query)."""
    days: Iterable[datetime.date] = (
        ClaimLine.objects.filter(
            claim__organisation_id=person.organisation_id, claim__person=person, claim__status__in=APPROVED_STATUSES
        )
        .values_list("date", flat=True)
        .distinct()
    )
    return sorted({TaxYear.containing(day) for day in days}, key=lambda year: year.start, reverse=True)


def fees_this_year(person, today: datetime.date) -> Decimal:
    year = TaxYear.containing(today)
    total = (
        _approved_lines(person, year)
        .filter(kind=LineKind.FEE)
        .exclude(claim__limit_choice=LimitChoice.CHARITY)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal("0.00")


def summary_pdf(person, year: TaxYear, *, trust_name: str, method: str, today: datetime.date) -> bytes:
    title = f"Involvement payments, tax year {year.name}: {person.full_name}"
    return render_pdf(
        "payments/tax_year_summary.html.jinja",
        {
            "person": person,
            "payments": year_payments(person, year, method=method),
            "trust_name": trust_name,
            "title": title,
            "today": today,
            "pounds": pounds,
        },
        title=title,
    )


def summary_filename(year: TaxYear) -> str:
    return f"involvement-payments-{year.label}.pdf"
