"""Features that offer involvement ask the log what it pays; payments answers once the apps are ready."""

import datetime
from decimal import Decimal

import pytest

from withus.involvement import payment_terms
from withus.payments import selectors as payments_selectors
from withus.payments.models.rates import Rate, RateUnit


def test_payments_answers_once_the_apps_are_ready():
    assert payment_terms._provider is payments_selectors


def test_without_payments_nothing_is_known():
    previous = payment_terms.provide(payment_terms.NoPaymentTerms())
    try:
        day = datetime.date(2026, 5, 1)
        assert payment_terms.rate_texts("org", ["INV-PANEL"], day) == {}
        assert payment_terms.expected_payments("org", "INV-PANEL", [(day, Decimal(2))]) == []
        assert payment_terms.limit_warnings("org", {"person": [(day, Decimal(40))]}) == {}
    finally:
        payment_terms.provide(previous)
    assert payment_terms._provider is previous


@pytest.mark.django_db
def test_the_rate_card_answers_through_the_log(trust):
    Rate.objects.create(
        organisation=trust.organisation,
        activity_code="INV-PANEL",
        name="Interview panel",
        unit=RateUnit.PER_HOUR,
        amount=Decimal("20.00"),
        effective_from=datetime.date(2020, 4, 1),
    )
    texts = payment_terms.rate_texts(trust.organisation.pk, ["INV-PANEL", "INV-NONE"], datetime.date(2026, 5, 1))
    assert texts == {"INV-PANEL": Rate.objects.get().text}
    paid = payment_terms.expected_payments(trust.organisation.pk, "INV-PANEL", [(datetime.date(2026, 5, 1), 2)])
    assert paid == [(datetime.date(2026, 5, 1), Decimal("40.00"))]
