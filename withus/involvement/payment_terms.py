"""What taking part pays, for the features that offer involvement (opportunities today; support and accreditation
later), without importing payments (ADR 18): they sit beside or above it, and meet it only through the log.

Payments provides the answers when it is ready (`PaymentsConfig.ready` calls `provide`). Without a provider
nothing is known: no rate (pages fall back to the written payment description), no expected payment, no warning.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol


class PaymentTerms(Protocol):
    def rate_texts(self, organisation_id, codes: Iterable[str], on: datetime.date) -> dict[str, str]:
        """'£20 an hour' for each activity code with a rate in force on that day."""

    def expected_payments(
        self, organisation_id, activity_code: str, sessions: Iterable[tuple[datetime.date, Decimal]]
    ) -> list[tuple[datetime.date, Decimal]]:
        """What taking part would pay, per session (date, amount)."""

    def limit_warnings(self, organisation_id, payments_by_person: dict) -> dict:
        """{person_id: [plain-English warning]} for people whose earnings limits these payments would pass."""


class NoPaymentTerms:
    """The answers when no payments feature is installed."""

    def rate_texts(self, organisation_id, codes, on) -> dict[str, str]:
        return {}

    def expected_payments(self, organisation_id, activity_code, sessions) -> list[tuple[datetime.date, Decimal]]:
        return []

    def limit_warnings(self, organisation_id, payments_by_person) -> dict:
        return {}


_provider: PaymentTerms = NoPaymentTerms()


def provide(terms: PaymentTerms) -> PaymentTerms:
    """Answer the questions below with `terms` from now on; returns the one it replaces (for tests)."""
    global _provider
    previous, _provider = _provider, terms
    return previous


def rate_texts(organisation_id, codes: Iterable[str], on: datetime.date) -> dict[str, str]:
    return _provider.rate_texts(organisation_id, codes, on)


def expected_payments(
    organisation_id, activity_code: str, sessions: Iterable[tuple[datetime.date, Decimal]]
) -> list[tuple[datetime.date, Decimal]]:
    return _provider.expected_payments(organisation_id, activity_code, sessions)


def limit_warnings(organisation_id, payments_by_person: dict) -> dict:
    return _provider.limit_warnings(organisation_id, payments_by_person)
