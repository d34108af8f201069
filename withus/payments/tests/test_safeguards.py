"""Issue 16 items 1 and 2: a way to pay the person before approval, and a recorded choice when a claim would take
them over a benefit limit they set."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from withus.payments.models.batches import EntryType, LedgerEntry
from withus.payments.models.claims import Claim, ClaimStatus, LimitChoice
from withus.payments.models.preferences import EarningsLimit, LimitPeriod, PaymentMethod, PaymentPreference
from withus.payments.selectors import claim_limit_warnings, earnings_summary
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_add_expense, claim_create, claim_submit
from withus.payments.services.safeguards import LimitDecision, claim_hold


def _sent(person_user, make_record, *, hours=2, days_ago=3):
    record = make_record(person_user.person, hours=hours, days_ago=days_ago)
    claim = claim_create(person=person_user.person, record_ids=[record.pk], actor=person_user.user)
    return claim_submit(claim=claim, actor=person_user.user)


def _prefer(person, method, **numbers):
    return PaymentPreference.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        method=method,
        chosen_on=timezone.localdate(),
        **numbers,
    )


def _limit(person, amount="30.00", *, never_over=False):
    return EarningsLimit.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        benefit="Carer's Allowance earnings limit",
        period=LimitPeriod.MONTH,
        amount=Decimal(amount),
        never_over=never_over,
    )


# --- a way to pay, before approval -------------------------------------------------------------------------


@pytest.fixture
def no_route(make_participant, trust):
    return make_participant("Oscar Lewis", units=[trust.willow])


def test_no_payment_method_is_refused_and_named(no_route, make_record, rate, finance):
    claim = _sent(no_route, make_record)
    with pytest.raises(ValidationError, match="Oscar Lewis has no payment method recorded"):
        claim_approve(claim=claim, actor=finance.user)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not LedgerEntry.objects.filter(claim=claim).exists()


@pytest.mark.parametrize(
    ("method", "numbers", "message"),
    [
        (PaymentMethod.PAYROLL, {}, "paid through payroll but has no payroll number"),
        (PaymentMethod.SUPPLIER, {}, "paid as a supplier but has no supplier number"),
        (PaymentMethod.NONE, {}, r"chose no payment \(expenses only\), but this claim has involvement payments"),
    ],
)
def test_a_method_without_what_finance_needs_is_refused(no_route, make_record, rate, finance, method, numbers, message):
    claim = _sent(no_route, make_record)
    _prefer(no_route.person, method, **numbers)  # (changed after the claim was sent, for "no payment")
    with pytest.raises(ValidationError, match=message):
        claim_approve(claim=claim, actor=finance.user)


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (30, 30), "white").save(output, format="PNG")
    return output.getvalue()


def test_expenses_only_with_no_payment_is_approved(no_route, make_record, rate, finance):
    _prefer(no_route.person, PaymentMethod.NONE)
    record = make_record(no_route.person)
    claim = claim_create(person=no_route.person, record_ids=[], actor=no_route.user)
    claim_add_expense(
        claim=claim,
        category="travel",
        date=record.date,
        description="Bus",
        amount="4.80",
        receipt_data=_png(),
        actor=no_route.user,
    )
    claim_submit(claim=claim, actor=no_route.user)
    assert claim_approve(claim=claim, actor=finance.user).status == ClaimStatus.APPROVED


def test_the_claim_page_says_what_is_missing_and_who_can_add_it(no_route, make_record, rate, finance):
    claim = _sent(no_route, make_record)
    page = finance.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "This claim cannot be approved yet" in page
    assert "A People Participation lead or finance can add it" in page
    assert "Approve claim" not in page
    assert reverse("payments:person_preference", args=[no_route.person.pk]) in page


# --- over a limit: a choice, not a click ----------------------------------------------------------------------


@pytest.fixture
def over(amara, make_record, rate, finance):
    """Amara's claim of £40 (2 hours at £20) against her £30 a month limit."""
    _limit(amara.person)
    claim = _sent(amara, make_record)
    assert claim_limit_warnings(claim)
    return claim


def test_approving_over_a_limit_needs_a_choice(over, finance):
    with pytest.raises(ValidationError, match="Select what to do about the limit"):
        claim_approve(claim=over, actor=finance.user)
    over.refresh_from_db()
    assert (over.status, over.limit_choice) == (ClaimStatus.SUBMITTED, "")


def test_paying_anyway_needs_what_the_person_agreed(over, finance):
    with pytest.raises(ValidationError, match="Enter what the person agreed"):
        claim_approve(claim=over, actor=finance.user, limit_decision=LimitDecision(choice=LimitChoice.PAY_ANYWAY))
    claim = claim_approve(
        claim=over,
        actor=finance.user,
        limit_decision=LimitDecision(choice=LimitChoice.PAY_ANYWAY, note="Amara agreed by phone on 3 December"),
    )
    claim.refresh_from_db()
    assert (claim.status, claim.limit_choice, claim.limit_decided_by) == (
        ClaimStatus.APPROVED,
        LimitChoice.PAY_ANYWAY,
        finance.user,
    )
    assert claim.limit_note == "Amara agreed by phone on 3 December"


def test_a_lower_agreed_amount_is_what_is_approved_and_accrued(over, finance):
    with pytest.raises(ValidationError, match=r"Enter less than the £40\.00 claimed"):
        claim_approve(
            claim=over, actor=finance.user, limit_decision=LimitDecision(choice="lower", agreed_amount="40.00")
        )
    claim = claim_approve(
        claim=over, actor=finance.user, limit_decision=LimitDecision(choice=LimitChoice.LOWER, agreed_amount="30")
    )
    claim.refresh_from_db()
    assert claim.fees_total == Decimal("30.00")
    assert claim.limit_note == "The person agreed to £30.00."
    accrued = LedgerEntry.objects.get(claim=claim, entry_type=EntryType.ACCRUED)
    assert accrued.fees == Decimal("30.00")


def test_a_charity_payment_is_not_the_persons_earnings(over, amara, finance):
    with pytest.raises(ValidationError, match="Enter the name of the charity"):
        claim_approve(claim=over, actor=finance.user, limit_decision=LimitDecision(choice=LimitChoice.CHARITY))
    claim_approve(
        claim=over,
        actor=finance.user,
        limit_decision=LimitDecision(choice=LimitChoice.CHARITY, charity="Mind in Riverside"),
    )
    assert earnings_summary(amara.person, over.first_activity_on).month == Decimal("0.00")


def test_holding_keeps_it_submitted_and_tells_the_person(over, amara, finance, lead):
    with pytest.raises(ValidationError, match="Enter what the lead should talk to the person about"):
        claim_hold(claim=over, note="  ", actor=finance.user)
    claim_hold(claim=over, note="Check Amara's adviser agreed the amount", actor=finance.user)
    over.refresh_from_db()
    assert (over.status, over.limit_choice) == (ClaimStatus.SUBMITTED, LimitChoice.HOLD)
    assert list(Claim.objects.held_for_a_talk()) == [over]
    mine = amara.client.get(reverse("payments:claim", args=[over.pk])).content.decode()
    assert "This claim is on hold and not paid yet, because it would take you over a limit you set" in mine
    assert "On hold: to talk about a limit" in amara.client.get(reverse("payments:my_payments")).content.decode()
    listed = lead.client.get(reverse("payments:claims"), {"status": "held"}).content.decode()
    assert over.reference in listed
    # A held claim is decided later with a real choice.
    claim_approve(
        claim=over,
        actor=finance.user,
        limit_decision=LimitDecision(choice=LimitChoice.PAY_ANYWAY, note="Talked with her lead: she agreed"),
    )
    over.refresh_from_db()
    assert (over.status, over.limit_choice) == (ClaimStatus.APPROVED, LimitChoice.PAY_ANYWAY)


def test_never_over_my_limit_refuses_paying_anyway_and_a_lower_amount_still_over(amara, make_record, rate, finance):
    _limit(amara.person, never_over=True)
    claim = _sent(amara, make_record)
    with pytest.raises(ValidationError, match="asked never to be paid over this limit"):
        claim_approve(
            claim=claim, actor=finance.user, limit_decision=LimitDecision(choice=LimitChoice.PAY_ANYWAY, note="ok")
        )
    with pytest.raises(ValidationError, match="still goes over a limit"):
        claim_approve(
            claim=claim, actor=finance.user, limit_decision=LimitDecision(choice=LimitChoice.LOWER, agreed_amount="35")
        )
    claim.refresh_from_db()
    assert (claim.status, claim.fees_total) == (ClaimStatus.SUBMITTED, Decimal("40.00"))  # nothing half-saved
    approved = claim_approve(
        claim=claim, actor=finance.user, limit_decision=LimitDecision(choice=LimitChoice.LOWER, agreed_amount="30")
    )
    assert approved.status == ClaimStatus.APPROVED


def test_the_choice_form_on_the_claim_page(over, amara, finance):
    url = reverse("payments:claim", args=[over.pk])
    page = finance.client.get(url).content.decode()
    assert "What have you agreed with them?" in page
    assert "Approve claim" not in page
    refused = finance.client.post(reverse("payments:claim_approve", args=[over.pk]), {"limit_choice": "pay_anyway"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "There is a problem" in text
    assert text.count("Enter what the person agreed, and when, to pay it anyway") == 2  # summary and field
    done = finance.client.post(
        reverse("payments:claim_approve", args=[over.pk]),
        {"limit_choice": "charity", "limit_charity": "Mind in Riverside"},
    )
    assert done.status_code == 302
    over.refresh_from_db()
    assert (over.status, over.limit_choice, over.limit_charity) == (
        ClaimStatus.APPROVED,
        LimitChoice.CHARITY,
        "Mind in Riverside",
    )
    mine = amara.client.get(url).content.decode()
    assert "the involvement payment is to go to Mind in Riverside, the charity you chose" in mine
    batch = batch_create(organisation=over.organisation, actor=finance.user)
    batch_page = finance.client.get(reverse("payments:batch", args=[batch.pk])).content.decode()
    assert "Pay it to a charity the person chose (Mind in Riverside)" in batch_page


def test_the_second_of_two_finance_approvers_is_told(over, finance, finance2):
    first = finance.client.post(
        reverse("payments:claim_approve", args=[over.pk]), {"limit_choice": "pay_anyway", "limit_note": "Agreed"}
    )
    assert first.status_code == 302
    second = finance2.client.post(
        reverse("payments:claim_approve", args=[over.pk]), {"limit_choice": "charity", "limit_charity": "Mind"}
    )
    assert second.status_code == 302
    over.refresh_from_db()
    assert (over.limit_choice, over.approved_by) == (LimitChoice.PAY_ANYWAY, finance.user)
    followed = finance2.client.get(second.url).content.decode()
    assert "only a submitted claim can be approved" in followed


def test_a_person_can_ask_never_to_be_paid_over_a_limit(amara):
    response = amara.client.post(
        reverse("payments:my_limit_add"),
        {"reference": "own", "benefit": "My ESA limit", "period": "week", "amount": "20", "never_over": "on"},
    )
    assert response.status_code == 302
    assert EarningsLimit.objects.get(person=amara.person).never_over is True


def test_no_limit_no_choice_needed(amara, make_record, rate, finance):
    claim = _sent(amara, make_record, days_ago=40)
    assert claim_approve(claim=claim, actor=finance.user).limit_choice == ""
    assert claim.first_activity_on <= timezone.localdate() - datetime.timedelta(days=40)


# --- amounts fixed once sent (issue 16 item 4) ------------------------------------------------------------------


def test_a_sent_claim_cannot_be_lowered_by_the_claimant(amara, make_record, rate):
    from withus.payments.services.claims import claim_line_lower

    claim = _sent(amara, make_record)
    line = claim.lines.get(kind="fee")
    with pytest.raises(ValidationError, match="This claim has been sent, so its amounts are fixed"):
        claim_line_lower(claim=claim, line_id=line.pk, amount="10.00", actor=amara.user)
    page = amara.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "Take a lower amount" not in page
    line.refresh_from_db()
    assert line.amount == Decimal("40.00")


def test_finance_returns_a_claim_with_a_reason_the_person_sees(amara, make_record, rate, finance):
    from withus.payments.services.approvals import claim_return
    from withus.payments.services.claims import unclaimed_records

    claim = _sent(amara, make_record)
    url = reverse("payments:claim_return", args=[claim.pk])
    assert (
        "Return it to Amara Bello to change"
        in finance.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    )
    empty = finance.client.post(url, {"reason": " "})
    assert "Enter reason" in empty.content.decode() or "There is a problem" in empty.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    response = finance.client.post(url, {"reason": "The panel was 2 hours, not 3: please claim 2"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.returned_for_changes) == (ClaimStatus.VOID, True)
    mine = amara.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "Returned to change" in mine
    assert "The panel was 2 hours, not 3: please claim 2" in mine
    assert "make a new claim" in mine
    assert unclaimed_records(amara.person).count() == 1  # free to claim again
    with pytest.raises(ValidationError, match="only a claim waiting for approval can be returned"):
        claim_return(claim=claim, reason="again", actor=finance.user)


def test_nobody_returns_their_own_claim(amara, make_record, rate, lead):
    from withus.payments.services.approvals import claim_return

    claim = _sent(amara, make_record)
    with pytest.raises(ValidationError, match="Only finance or the person's People Participation lead"):
        claim_return(claim=claim, reason="I want to change it", actor=amara.user)
    assert claim_return(claim=claim, reason="Wrong date", actor=lead.user).status == ClaimStatus.VOID
