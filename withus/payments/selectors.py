"""Reads other apps may call (opportunities sits above payments): rates in force, claimed records, earnings and
benefit-aware limit warnings. Each reads in a fixed number of queries, whatever the number of people."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from withus.core.dates import month_end, month_start
from withus.core.todo import ToDoSection, link, todo_item
from withus.payments.models.batches import PaymentBatch, PaymentRoute, claim_route
from withus.payments.models.claims import COUNTED_STATUSES, Claim, ClaimLine, ClaimStatus, LimitChoice, LineKind
from withus.payments.models.preferences import EarningsLimit, LimitPeriod, PaymentPreference
from withus.payments.models.rates import PENNY, PaymentSettings, Rate
from withus.people.models import Person

# --- Rates --------------------------------------------------------------------------------------------


def rates_by_code(organisation_id, codes: Iterable[str]) -> dict[str, list[Rate]]:
    """Every rate of these codes, newest first (one query)."""
    found: dict[str, list[Rate]] = defaultdict(list)
    for rate in Rate.objects.filter(organisation_id=organisation_id, activity_code__in=set(codes)).order_by(
        "activity_code", "-effective_from"
    ):
        found[rate.activity_code].append(rate)
    return found


def pick_rate(rates: list[Rate], on: datetime.date) -> Rate | None:
    return next((rate for rate in rates if rate.effective_from <= on), None)


def rate_in_force(organisation_id, activity_code: str, on: datetime.date) -> Rate | None:
    return (
        Rate.objects.filter(organisation_id=organisation_id, activity_code=activity_code, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def rate_texts(organisation_id, codes: Iterable[str], on: datetime.date) -> dict[str, str]:
    """'£20 an hour' for each code with a rate in force on that day (one query)."""
    texts = {}
    for code, rates in rates_by_code(organisation_id, codes).items():
        rate = pick_rate(rates, on)
        if rate is not None:
            texts[code] = rate.text
    return texts


def expected_payments(
    organisation_id, activity_code: str, sessions: Iterable[tuple[datetime.date, Decimal]]
) -> list[tuple[datetime.date, Decimal]]:
    """What taking part would pay, per session (date, amount), at the rates in force on those days."""
    rates = rates_by_code(organisation_id, [activity_code]).get(activity_code, [])
    payments = []
    for day, hours in sessions:
        rate = pick_rate(rates, day)
        if rate is not None:
            payments.append((day, rate.price(Decimal(hours))))
    return payments


# --- Claimed involvement records ----------------------------------------------------------------------


def records_on_live_claims(record_ids: Iterable) -> set:
    """The involvement records (ids) that are on a claim that is not rejected or void."""
    return set(ClaimLine.objects.filter(record_id__in=list(record_ids), live=True).values_list("record_id", flat=True))


def record_is_claimed(record_id) -> bool:
    """On a claim that is not rejected or void: the record is final and cannot change."""
    return ClaimLine.objects.filter(record_id=record_id, live=True).exists()


# --- Earnings and limits ------------------------------------------------------------------------------


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def tax_year_start(day: datetime.date) -> datetime.date:
    """UK tax years start on 6 April."""
    start = datetime.date(day.year, 4, 6)
    return start if day >= start else datetime.date(day.year - 1, 4, 6)


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if period == LimitPeriod.WEEK:
        start = week_start(day)
        return start, start + datetime.timedelta(days=6)
    return month_start(day), month_end(day)


def _earnings_by_day(person_ids: Iterable, start: datetime.date, end: datetime.date, *, exclude_claim=None):
    """{person_id: {date: amount}} of involvement payments on counted claims (one query). Expenses never count."""
    lines = ClaimLine.objects.filter(
        kind=LineKind.FEE,
        claim__person_id__in=list(person_ids),
        claim__status__in=COUNTED_STATUSES,
        date__gte=start,
        date__lte=end,
    ).exclude(claim__limit_choice=LimitChoice.CHARITY)  # paid to a charity the person chose: not their earnings
    if exclude_claim is not None:
        lines = lines.exclude(claim=exclude_claim)
    result: dict = defaultdict(lambda: defaultdict(Decimal))
    for person_id, day, amount in (
        lines.values("claim__person_id", "date")
        .annotate(total=Sum("amount"))
        .values_list("claim__person_id", "date", "total")
    ):
        result[person_id][day] += Decimal(amount).quantize(PENNY)
    return result


def _sum_between(by_day: dict, start: datetime.date, end: datetime.date) -> Decimal:
    return sum((amount for day, amount in by_day.items() if start <= day <= end), Decimal("0.00"))


@dataclass(frozen=True)
class LimitUse:
    limit: EarningsLimit
    start: datetime.date
    end: datetime.date
    earned: Decimal

    @property
    def left(self) -> Decimal:
        return max(Decimal("0.00"), self.limit.amount - self.earned)

    @property
    def over(self) -> bool:
        return self.earned > self.limit.amount

    @property
    def near(self) -> bool:
        return not self.over and self.earned >= (self.limit.amount * Decimal("0.8")).quantize(PENNY)


@dataclass(frozen=True)
class Earnings:
    week: Decimal
    month: Decimal
    tax_year: Decimal
    week_start: datetime.date
    month_start: datetime.date
    tax_year_start: datetime.date
    limits: list[LimitUse]


def earnings_summary(person, today: datetime.date) -> Earnings:
    """Earnings this week, month and tax year, and how much of each of the person's limits is used."""
    year_start = tax_year_start(today)
    start = min(year_start, week_start(today))
    by_day = _earnings_by_day([person.pk], start, today + datetime.timedelta(days=31)).get(person.pk, {})
    limits = list(EarningsLimit.objects.active().filter(organisation_id=person.organisation_id, person=person))
    uses = []
    for limit in limits:
        period_start, period_end = period_bounds(limit.period, today)
        uses.append(LimitUse(limit, period_start, period_end, _sum_between(by_day, period_start, period_end)))
    month_start = today.replace(day=1)
    return Earnings(
        week=_sum_between(by_day, week_start(today), week_start(today) + datetime.timedelta(days=6)),
        month=_sum_between(by_day, month_start, period_bounds(LimitPeriod.MONTH, today)[1]),
        tax_year=_sum_between(by_day, year_start, today + datetime.timedelta(days=31)),
        week_start=week_start(today),
        month_start=month_start,
        tax_year_start=year_start,
        limits=uses,
    )


def _over_limit_text(limit: EarningsLimit, start: datetime.date, total: Decimal) -> str:
    """The warning, in the reader's language (the person sees it on their own claim)."""
    values = {
        "week": f"{start.day} {start:%B %Y}",
        "month": f"{start:%B %Y}",
        "total": f"£{total:,.2f}",
        "limit": f"£{limit.amount:,.2f}",
        "benefit": limit.benefit,
    }
    if limit.period == LimitPeriod.WEEK:
        text = gettext(
            "This would take the week starting %(week)s to %(total)s, over the %(limit)s limit set for %(benefit)s."
        )
    else:
        text = gettext("This would take %(month)s to %(total)s, over the %(limit)s limit set for %(benefit)s.")
    return text % values


def limit_warnings(
    organisation_id,
    payments_by_person: dict,
    *,
    exclude_claim=None,
    already_counted: bool = False,
) -> dict:
    """{person_id: [plain-English warning]} for people whose limits these payments would take them over.

    `payments_by_person` is {person_id: [(date, amount), ...]}. Three queries, however many people.
    With `already_counted`, the payments are already in the person's earnings (a submitted claim).
    """
    breaches = limit_breaches(
        organisation_id, payments_by_person, exclude_claim=exclude_claim, already_counted=already_counted
    )
    return {person_id: [text for _, text in found] for person_id, found in breaches.items()}


def limit_breaches(
    organisation_id,
    payments_by_person: dict,
    *,
    exclude_claim=None,
    already_counted: bool = False,
) -> dict:
    """{person_id: [(limit, plain-English warning)]}: as limit_warnings, with the limit each warning is about."""
    person_ids = [person_id for person_id, payments in payments_by_person.items() if payments]
    if not person_ids:
        return {}
    limits = defaultdict(list)
    for limit in EarningsLimit.objects.active().filter(organisation_id=organisation_id, person_id__in=person_ids):
        limits[limit.person_id].append(limit)
    if not limits:
        return {}
    days = [day for person_id in limits for day, _ in payments_by_person[person_id]]
    start = min(period_bounds(LimitPeriod.MONTH, day)[0] for day in days) - datetime.timedelta(days=7)
    end = max(period_bounds(LimitPeriod.MONTH, day)[1] for day in days) + datetime.timedelta(days=7)
    earned = _earnings_by_day(list(limits), start, end, exclude_claim=exclude_claim)
    warnings: dict = defaultdict(list)
    for person_id, person_limits in limits.items():
        payments = payments_by_person[person_id]
        for limit in person_limits:
            periods = sorted({period_bounds(limit.period, day) for day, _ in payments})
            for period_start, period_end in periods:
                adding = sum((amount for day, amount in payments if period_start <= day <= period_end), Decimal(0))
                before = _sum_between(earned.get(person_id, {}), period_start, period_end)
                if already_counted and exclude_claim is None:
                    before -= adding
                if before + adding > limit.amount:
                    warnings[person_id].append((limit, _over_limit_text(limit, period_start, before + adding)))
    return dict(warnings)


def claim_limit_warnings(claim) -> list[str]:
    """Warnings for one claim: would approving it take the person over a limit they set?"""
    return [text for _, text in claim_limit_breaches(claim)]


def claim_limit_breaches(claim) -> list[tuple[EarningsLimit, str]]:
    """The limits approving this claim as it stands would take the person over, each with its warning."""
    payments = [(line.date, line.amount) for line in claim.lines.all() if line.kind == LineKind.FEE and line.amount > 0]
    return limit_breaches(claim.organisation_id, {claim.person_id: payments}, exclude_claim=claim).get(
        claim.person_id, []
    )


def current_preference(person) -> PaymentPreference | None:
    return (
        PaymentPreference.objects.filter(organisation_id=person.organisation_id, person=person)
        .order_by("-chosen_on", "-created_at")
        .first()
    )


def waiting_by_route(organisation_id) -> dict[str, int]:
    """Approved claims not yet in a batch, counted by the route that pays them (one query, and the settings row)."""
    expenses_only = (
        PaymentSettings.objects.filter(organisation_id=organisation_id)
        .values_list("expenses_only_route", flat=True)
        .first()
        or PaymentRoute.ACCOUNTS_PAYABLE
    )
    counts: dict[str, int] = defaultdict(int)
    for method, count in (
        Claim.objects.filter(organisation_id=organisation_id, status=ClaimStatus.APPROVED, batch__isnull=True)
        .values("method")
        .annotate(count=Count("pk"))
        .values_list("method", "count")
    ):
        counts[claim_route(method, expenses_only)] += count
    return dict(counts)


# --- To do ------------------------------------------------------------------------------------------------

NOT_LATE_ANY_MORE = (ClaimStatus.PAID, ClaimStatus.VOID, ClaimStatus.REJECTED)
DEFAULT_LATENESS_DAYS = 30


def overdue_claims(user, today: datetime.date):
    """Claims not yet paid whose first activity was longer ago than the trust's target (one query to find it)."""
    target = (
        PaymentSettings.objects.filter(organisation_id=user.organisation_id)
        .values_list("lateness_target_days", flat=True)
        .first()
    )
    cutoff = today - datetime.timedelta(days=target or DEFAULT_LATENESS_DAYS)
    return Claim.objects.visible_to(user).exclude(status__in=NOT_LATE_ANY_MORE).filter(first_activity_on__lt=cutoff)


def _claim_link(pk) -> str:
    return link("payments:claim", pk)


def count_and_total(claims) -> tuple[int, Decimal]:
    """How many claims and what they come to, in one query (the batch page, thousands approved; issue 25)."""
    found = claims.order_by().aggregate(
        count=Count("pk"), total=Coalesce(Sum(F("fees_total") + F("expenses_total")), Value(Decimal("0")))
    )
    return found["count"], Decimal(found["total"]).quantize(PENNY)


def _own_records(user):
    """The signed-in person's own register record(s), as a subquery: cheaper to exclude than a join (issue 25)."""
    return Person.objects.filter(organisation_id=user.organisation_id, user=user).values("pk")


def todo(user) -> ToDoSection | None:
    """Leads: claims started for people and not yet submitted. Finance: claims to approve, batches to mark paid
    and claims paid late. At most eight queries."""
    if not user.has_perm("payments.view_claims"):
        return None
    claims = Claim.objects.visible_to(user)
    items = [
        todo_item(
            "Claims started for people and not yet submitted",
            claims.filter(status=ClaimStatus.DRAFT).exclude(person__in=_own_records(user)),
            many=link("payments:claims", query="status=draft"),
            one=_claim_link,
        ),
        todo_item(
            "Claims on hold: talk to the person about a benefit limit",
            claims.held_for_a_talk(),
            many=link("payments:claims", query="status=held"),
            one=_claim_link,
        ),
    ]
    if user.has_perm("payments.approve_claim"):
        items.append(
            todo_item(
                "Claims to approve",
                claims.filter(status=ClaimStatus.SUBMITTED).exclude(person__in=_own_records(user)),
                many=link("payments:claims", query="status=submitted"),
                one=_claim_link,
            )
        )
    if user.has_perm("payments.view_batches"):
        items.append(
            todo_item(
                "Batches sent to finance and not yet marked paid",
                PaymentBatch.objects.for_organisation(user.organisation_id).filter(paid_on__isnull=True),
                many=link("payments:batches"),
                one=lambda pk: link("payments:batch", pk),
            )
        )
    items.append(
        todo_item(
            "Claims not paid within the target time",
            overdue_claims(user, timezone.localdate()),
            many=link("payments:lateness"),
        )
    )
    return ToDoSection(heading="Claims and payments", items=items, order=30)
