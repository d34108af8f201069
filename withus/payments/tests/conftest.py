import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from withus.accounts.models import Role
from withus.involvement.models import InvolvementSource
from withus.involvement.tests.factories import InvolvementKindFactory, RecordFactory
from withus.payments.models.preferences import PaymentMethod, PaymentPreference
from withus.payments.models.rates import Rate, RateUnit


@pytest.fixture(autouse=True)
def _receipts_in_a_temporary_folder(settings, tmp_path):
    """Receipts written by tests go to a throwaway folder, not the developer's var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture
def kind(trust):
    return InvolvementKindFactory(
        organisation=trust.organisation,
        code="interview-panel",
        name="Interview panel",
        payment_activity_code="INV-PANEL",
    )


@pytest.fixture
def rate(trust):
    return Rate.objects.create(
        organisation=trust.organisation,
        activity_code="INV-PANEL",
        name="Interview panel",
        unit=RateUnit.PER_HOUR,
        amount=Decimal("20.00"),
        effective_from=datetime.date(2020, 4, 1),
    )


def paid_through_payroll(person, number: str = "P0001") -> PaymentPreference:
    """A way to pay the person: without one a claim cannot be approved (issue 16 item 2)."""
    return PaymentPreference.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        method=PaymentMethod.PAYROLL,
        payroll_number=number,
        chosen_on=datetime.date(2020, 4, 1),
    )


@pytest.fixture
def amara(make_participant, trust):
    participant = make_participant("Amara Bello", units=[trust.willow])
    paid_through_payroll(participant.person, "P1001")
    return participant


@pytest.fixture
def ben(make_participant, trust):
    participant = make_participant("Ben Hughes", units=[trust.nursing])
    paid_through_payroll(participant.person, "P1002")
    return participant


@pytest.fixture
def lead(make_user, signed_in, trust):
    user = make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health, email="lead@example.org")
    return SimpleNamespace(user=user, client=signed_in(user))


@pytest.fixture
def finance(make_user, signed_in):
    user = make_user(Role.FINANCE_APPROVER, email="finance@example.org", full_name="Grace Mensah")
    return SimpleNamespace(user=user, client=signed_in(user))


@pytest.fixture
def finance2(make_user, signed_in):
    user = make_user(Role.FINANCE_APPROVER, email="finance2@example.org", full_name="Second Approver")
    return SimpleNamespace(user=user, client=signed_in(user))


@pytest.fixture
def make_record(kind):
    def make(person, *, days_ago=10, hours=2, **extra):
        return RecordFactory(
            person=person,
            kind=kind,
            date=timezone.localdate() - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            source_type=InvolvementSource.OPPORTUNITY,
            source_label=extra.pop("source_label", "Interview panel: ward manager"),
            **extra,
        )

    return make
