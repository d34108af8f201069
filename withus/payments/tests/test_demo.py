"""The demo trust's payments, as every demo role sees them after `make run`."""

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from withus.accounts.models import User
from withus.opportunities.models import Opportunity
from withus.payments.models.batches import PaymentBatch
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.preferences import BenefitReference, EarningsLimit, PaymentMethod, PaymentPreference
from withus.payments.models.rates import Rate
from withus.payments.services.ledger import ledger_problems


def _client(local_part: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local_part}@demo.withus.local"))
    return client


def test_demo_payments_world(demo):
    claims = Claim.objects.filter(organisation=demo)
    assert set(claims.values_list("status", flat=True)) == set(ClaimStatus.values)
    batches = PaymentBatch.objects.filter(organisation=demo)
    assert batches.count() == 2
    assert batches.filter(paid_on__isnull=False).count() == 1
    assert set(PaymentPreference.objects.filter(organisation=demo).values_list("method", flat=True)) == set(
        PaymentMethod.values
    )
    assert Rate.objects.filter(organisation=demo).count() >= 16
    assert BenefitReference.objects.filter(organisation=demo).exists()
    lead = User.objects.get(email="lead@demo.withus.local")
    assert claims.filter(person__full_name="Ben Hughes", submitted_by=lead, status=ClaimStatus.SUBMITTED).exists()
    finance = User.objects.get(email="finance@demo.withus.local")
    assert claims.filter(submitted_by=finance, status=ClaimStatus.SUBMITTED).exists()
    assert EarningsLimit.objects.filter(person__full_name="Amara Bello").exists()
    assert ledger_problems(demo.pk) == []


def test_running_it_again_changes_nothing(demo):
    counts = [model.objects.count() for model in (Claim, PaymentBatch, Rate, BenefitReference, PaymentPreference)]
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert counts == [
        model.objects.count() for model in (Claim, PaymentBatch, Rate, BenefitReference, PaymentPreference)
    ]


def test_demo_pages_for_every_role(demo):
    amara = _client("amara")
    page = amara.get(reverse("payments:my_payments")).content.decode()
    assert "Close to your limit" in page
    assert "This tax year" in page
    ben_claim = Claim.objects.filter(person__full_name="Ben Hughes").first()
    assert amara.get(reverse("payments:claim", args=[ben_claim.pk])).status_code == 404

    finance = _client("finance")
    # Ben's claim takes him over his Carer's Allowance limit: finance@ must record a choice, not click past it.
    lead_claim = Claim.objects.get(person__full_name="Ben Hughes", status=ClaimStatus.SUBMITTED)
    ben_page = finance.get(reverse("payments:claim", args=[lead_claim.pk])).content.decode()
    assert "over the £196.00 limit set for Carer&#39;s Allowance earnings limit" in ben_page
    assert "What have you agreed with them?" in ben_page
    assert "Return train ticket to Marsh Halt, £23.40 (bought by the trust" in ben_page
    assert "Approve claim" not in ben_page
    refused = finance.post(reverse("payments:claim_approve", args=[lead_claim.pk]), {})
    assert "Select what to do about the limit before you approve" in refused.content.decode()
    lead_claim.refresh_from_db()
    assert lead_claim.status == ClaimStatus.SUBMITTED
    # The claim lead@ sent for someone with no way to be paid says what is missing and who can add it.
    no_route = Claim.objects.get(status=ClaimStatus.SUBMITTED, submitted_by__email="lead@demo.withus.local", method="")
    no_route_page = finance.get(reverse("payments:claim", args=[no_route.pk])).content.decode()
    assert "has no payment method recorded, so this claim cannot be approved yet" in no_route_page
    assert "Approve claim" not in no_route_page
    keyed = Claim.objects.get(submitted_by__email="finance@demo.withus.local", status=ClaimStatus.SUBMITTED)
    assert "another finance approver" in finance.get(reverse("payments:claim", args=[keyed.pk])).content.decode()
    for name in ("payments:claims", "payments:batches", "payments:rates", "payments:lateness"):
        assert finance.get(reverse(name)).status_code == 200, name
    batch = PaymentBatch.objects.filter(organisation=demo).first()
    assert finance.get(reverse("payments:batch", args=[batch.pk])).status_code == 200
    # Finance still has no register access.
    assert finance.get(reverse("people:register")).status_code == 403

    lead = _client("lead")
    # Amara's limit shows on the selection page of the accreditation visit she is interested in.
    visit = Opportunity.objects.get(title__startswith="Accreditation visit", title__contains="choosing people")
    selection = lead.get(reverse("opportunities:selection", args=[visit.pk])).content.decode()
    assert "Would go over a payment limit" in selection
    claims_page = lead.get(reverse("payments:claims")).content.decode()
    assert "Ben Hughes" in claims_page
    assert lead.get(reverse("payments:batches")).status_code == 404
    assert lead.get(reverse("payments:lateness")).status_code == 200
    # Staff-side roles have a home page; participants are sent on to /me/.
    for local_part in ("admin", "qi", "staff"):
        assert _client(local_part).get(reverse("home")).status_code == 200, local_part
    for local_part in ("ben", "chen"):
        home = _client(local_part).get(reverse("home"))
        assert (home.status_code, home.url) == (302, reverse("people:me")), local_part
    assert _client("ben").get(reverse("payments:my_payments")).status_code == 200
