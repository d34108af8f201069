"""Protections that once had no test: each test here fails when its protection is taken out (issue 12, item 9).

- Finance batches (page, CSV, XLSX, paid, remittance) are found only in the signed-in user's own trust.
- A receipt is served only through the claim it belongs to.
- Nobody approves (or rejects) their own claim: the service refuses with a message, not a database error.
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.payments.models.batches import PaymentBatch
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.preferences import PaymentMethod, PaymentPreference
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_add_expense, claim_create, claim_submit
from withus.payments.tests.conftest import paid_through_payroll
from withus.people.models import PersonUnit
from withus.people.tests.factories import PersonFactory

OWN_CLAIM = "You cannot approve your own claim. Another finance approver needs to do it."


def _png(colour: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (24, 24), colour).save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def other_trust_finance(signed_in):
    """A finance approver of another trust (their own organisation, their own sign-in)."""
    user = UserFactory(
        organisation__name="Estuary NHS Foundation Trust",
        email="finance@estuary.example.org",
        roles=[],
    )
    user.roles.create(organisation=user.organisation, role=Role.FINANCE_APPROVER)
    return SimpleNamespace(user=user, client=signed_in(user))


@pytest.fixture
def batch(amara, make_record, rate, finance):
    """An exported batch of the trust, with Amara's name and payroll number in it."""
    PaymentPreference.objects.create(
        organisation=amara.person.organisation,
        person=amara.person,
        method=PaymentMethod.PAYROLL,
        payroll_number="P104733",
        chosen_on=timezone.localdate(),
    )
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    claim_approve(claim=claim, actor=finance.user)
    return batch_create(organisation=amara.person.organisation, route="payroll", actor=finance.user)


def test_the_trusts_own_finance_downloads_the_batch(batch, finance):
    # The other half of the test below: the same requests work for the trust's own finance approver.
    csv_text = finance.client.get(reverse("payments:batch_csv", args=[batch.pk])).getvalue().decode("utf-8-sig")
    assert "Amara Bello" in csv_text
    assert "P104733" in csv_text
    assert finance.client.get(reverse("payments:batch_xlsx", args=[batch.pk])).status_code == 200
    assert finance.client.get(reverse("payments:batch", args=[batch.pk])).status_code == 200


@pytest.mark.parametrize("name", ["payments:batch", "payments:batch_csv", "payments:batch_xlsx"])
def test_another_trusts_finance_cannot_open_or_download_a_batch(batch, other_trust_finance, name):
    response = other_trust_finance.client.get(reverse(name, args=[batch.pk]))
    assert response.status_code == 404
    assert b"Amara" not in response.content
    assert b"P104733" not in response.content


def test_another_trusts_finance_cannot_mark_a_batch_paid_or_import_its_remittance(batch, other_trust_finance):
    today = timezone.localdate()
    paid = other_trust_finance.client.post(
        reverse("payments:batch_paid", args=[batch.pk]),
        {"paid_on_day": today.day, "paid_on_month": today.month, "paid_on_year": today.year, "reference": "BACS"},
    )
    assert paid.status_code == 404
    remittance = other_trust_finance.client.post(reverse("payments:batch_remittance", args=[batch.pk]), {})
    assert remittance.status_code == 404
    batch.refresh_from_db()
    assert batch.paid_on is None
    assert not Claim.objects.filter(batch=batch, status=ClaimStatus.PAID).exists()
    listing = other_trust_finance.client.get(reverse("payments:batches")).content.decode()
    assert batch.reference not in listing


def _claim_with_receipt(who, make_record, colour: str) -> tuple[Claim, object]:
    claim = claim_create(person=who.person, record_ids=[make_record(who.person).pk], actor=who.user)
    line = claim_add_expense(
        claim=claim,
        category="travel",
        date=timezone.localdate() - datetime.timedelta(days=3),
        description="Bus fare",
        amount="4.80",
        receipt_data=_png(colour),
        actor=who.user,
    )
    return claim, line.receipt


def test_a_receipt_is_served_only_through_its_own_claim(amara, ben, make_record, rate):
    amaras_claim, amaras_receipt = _claim_with_receipt(amara, make_record, "white")
    bens_claim, bens_receipt = _claim_with_receipt(ben, make_record, "black")
    own = amara.client.get(reverse("payments:receipt", args=[amaras_claim.pk, amaras_receipt.pk]))
    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    # Ben's receipt asked for through Amara's own claim: the claim is hers, the receipt is not on it.
    borrowed = amara.client.get(reverse("payments:receipt", args=[amaras_claim.pk, bens_receipt.pk]))
    assert borrowed.status_code == 404
    bens_own = ben.client.get(reverse("payments:receipt", args=[bens_claim.pk, bens_receipt.pk]))
    assert bens_own.status_code == 200
    assert borrowed.content != bens_own.content


def test_staff_who_see_both_claims_still_reach_a_receipt_only_through_its_claim(amara, ben, make_record, rate, finance):
    amaras_claim, _ = _claim_with_receipt(amara, make_record, "white")
    _, bens_receipt = _claim_with_receipt(ben, make_record, "black")
    response = finance.client.get(reverse("payments:receipt", args=[amaras_claim.pk, bens_receipt.pk]))
    assert response.status_code == 404


@pytest.fixture
def finance_in_register(trust, finance, lead, make_record, rate):
    """The finance approver is also a service user (Willow Ward); a lead sent a claim for her."""
    person = PersonFactory(organisation=trust.organisation, user=finance.user, full_name="Grace Mensah")
    PersonUnit.objects.create(person=person, unit=trust.willow)
    paid_through_payroll(person, "P2001")
    claim = claim_create(person=person, record_ids=[make_record(person).pk], actor=lead.user, person_agreed=True)
    return claim_submit(claim=claim, actor=lead.user, person_agreed=True)


def test_a_finance_approver_is_told_they_cannot_approve_their_own_claim(finance_in_register, finance):
    claim = finance_in_register
    assert claim.claimant_user_id == finance.user.pk
    assert claim.submitted_by_id != finance.user.pk  # so only the "own claim" check stands in the way
    # Without the service's check only the database constraint is left, and this POST is a 500.
    response = finance.client.post(reverse("payments:claim_approve", args=[claim.pk]), {})
    assert response.status_code == 302
    assert response.url == reverse("payments:claim", args=[claim.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == [OWN_CLAIM]
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by_id) == (ClaimStatus.SUBMITTED, None)
    page = finance.client.get(response.url).content.decode()
    assert OWN_CLAIM in page
    assert "Approve claim" not in page


def test_a_finance_approver_cannot_reject_their_own_claim_either(finance_in_register, finance):
    claim = finance_in_register
    response = finance.client.post(reverse("payments:claim_reject", args=[claim.pk]), {"reason": "Not mine to pay"})
    assert response.status_code == 200
    assert "You cannot decide on your own claim" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_another_finance_approver_approves_it(finance_in_register, finance2):
    claim = finance_in_register
    response = finance2.client.post(reverse("payments:claim_approve", args=[claim.pk]), {})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by_id) == (ClaimStatus.APPROVED, finance2.user.pk)
    assert PaymentBatch.objects.count() == 0
