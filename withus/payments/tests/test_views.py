"""The pages, as each role sees them: amara's payments, lead submits, finance approves and exports."""

import datetime
import io
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from PIL import Image

from withus.core.models import AuditEntry
from withus.payments.models.batches import PaymentBatch
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.preferences import EarningsLimit
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_create, claim_submit


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (30, 30), "white").save(output, format="PNG")
    return output.getvalue()


def _key(response) -> str:
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', response.content.decode())
    assert match, "no submission key on the page"
    return match.group(1)


def _upload(name: str, content: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_amara_sees_her_claims_earnings_and_limits(amara, make_record, rate, finance):
    EarningsLimit.objects.create(
        organisation=amara.person.organisation,
        person=amara.person,
        benefit="ESA permitted earnings",
        period="week",
        amount=Decimal("50.00"),
    )
    record = make_record(amara.person, days_ago=0)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    response = amara.client.get(reverse("payments:my_payments"))
    assert response.status_code == 200
    text = response.content.decode()
    assert claim.reference in text
    assert "Waiting for approval" in text
    assert "ESA permitted earnings: you have earned £40.00 of £50.00 this week" in text
    assert "Close to your limit" in text


def test_another_persons_claim_is_404(amara, ben, make_record, rate):
    claim = claim_create(person=ben.person, record_ids=[make_record(ben.person).pk], actor=ben.user)
    assert amara.client.get(reverse("payments:claim", args=[claim.pk])).status_code == 404
    assert amara.client.post(reverse("payments:claim_submit", args=[claim.pk])).status_code == 404
    assert ben.client.get(reverse("payments:claim", args=[claim.pk])).status_code == 200


def test_participants_cannot_reach_finance_pages(amara):
    for name in ("payments:batches", "payments:rate_add", "payments:lateness"):
        assert amara.client.get(reverse(name)).status_code == 404


def test_participant_claims_with_an_expense_and_receipt(amara, make_record, rate):
    record = make_record(amara.person)
    page = amara.client.get(reverse("payments:claim_new"))
    assert "£40" in page.content.decode()
    key = _key(page)
    response = amara.client.post(reverse("payments:claim_new"), {"submission_key": key, "records": [str(record.pk)]})
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("payments:claim", args=[claim.pk])
    # The same form sent again finds the same claim.
    again = amara.client.post(reverse("payments:claim_new"), {"submission_key": key, "records": [str(record.pk)]})
    assert again.url == response.url
    assert Claim.objects.count() == 1
    today = timezone.localdate()
    url = reverse("payments:claim_expense_add", args=[claim.pk])
    data = {
        "category": "travel",
        "date_day": today.day,
        "date_month": today.month,
        "date_year": today.year,
        "description": "Bus",
        "amount": "4.80",
    }
    # HTML renamed .png is refused with a clear message; nothing is saved.
    bad = amara.client.post(url, {**data, "receipt": _upload("receipt.png", b"<html><body>hi</body></html>")})
    assert "must be a photo" in bad.content.decode()
    assert claim.lines.count() == 1
    good = amara.client.post(url, {**data, "receipt": _upload("r.png", _png())})
    assert good.status_code == 302
    line = claim.lines.get(kind="expense")
    download = amara.client.get(reverse("payments:receipt", args=[claim.pk, line.receipt_id]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.content.startswith(b"\x89PNG")
    detail = amara.client.get(reverse("payments:claim", args=[claim.pk]))
    submit = amara.client.post(reverse("payments:claim_submit", args=[claim.pk]), {"submission_key": _key(detail)})
    assert submit.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.total == Decimal("44.80")


def test_tampered_amount_and_status_fields_are_ignored(amara, make_record, rate):
    record = make_record(amara.person)
    page = amara.client.get(reverse("payments:claim_new"))
    key = _key(page)
    amara.client.post(
        reverse("payments:claim_new"),
        {"submission_key": key, "records": [str(record.pk)], "amount": "9999", "status": "approved", "person": "x"},
    )
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.DRAFT
    assert claim.fees_total == Decimal("40.00")
    assert claim.person == amara.person


def test_finance_approves_a_lead_submitted_claim_and_exports(trust, amara, make_record, rate, lead, finance):
    record = make_record(amara.person)
    start = lead.client.get(reverse("payments:claim_new") + f"?person={amara.person.pk}")
    assert start.status_code == 200
    key = _key(start)
    lead.client.post(
        reverse("payments:claim_new"),
        {"submission_key": key, "records": [str(record.pk)], "person": str(amara.person.pk), "person_agreed": "on"},
    )
    claim = Claim.objects.get()
    assert claim.person == amara.person
    assert claim.created_by == lead.user
    lead_detail = lead.client.get(reverse("payments:claim", args=[claim.pk]))
    lead.client.post(
        reverse("payments:claim_submit", args=[claim.pk]),
        {"submission_key": _key(lead_detail), "person_agreed": "on"},
    )
    detail = finance.client.get(reverse("payments:claim", args=[claim.pk]))
    assert "Approve claim" in detail.content.decode()
    assert "Amara Bello" in detail.content.decode()
    approve_key = _key(detail)
    finance.client.post(reverse("payments:claim_approve", args=[claim.pk]), {"submission_key": approve_key})
    finance.client.post(reverse("payments:claim_approve", args=[claim.pk]), {"submission_key": approve_key})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    batches = finance.client.get(reverse("payments:batches"))
    assert f"1 approved claim, £{claim.total:,.2f} in total." in batches.content.decode()
    batch_key = _key(batches)
    created = finance.client.post(reverse("payments:batches"), {"submission_key": batch_key, "route": "payroll"})
    again = finance.client.post(reverse("payments:batches"), {"submission_key": batch_key, "route": "payroll"})
    assert PaymentBatch.objects.count() == 1
    batch = PaymentBatch.objects.get()
    assert created.url == again.url == reverse("payments:batch", args=[batch.pk])
    first = finance.client.get(reverse("payments:batch_csv", args=[batch.pk]))
    second = finance.client.get(reverse("payments:batch_csv", args=[batch.pk]))
    assert first.content == second.content
    assert first["Content-Disposition"] == f'attachment; filename="withus-payments-{batch.reference}.csv"'
    xlsx1 = finance.client.get(reverse("payments:batch_xlsx", args=[batch.pk]))
    xlsx2 = finance.client.get(reverse("payments:batch_xlsx", args=[batch.pk]))
    assert xlsx1.content == xlsx2.content
    assert AuditEntry.objects.filter(action="export", object_id=str(batch.pk)).count() == 5  # made, then 4 downloads
    today = timezone.localdate()
    paid = finance.client.post(
        reverse("payments:batch_paid", args=[batch.pk]),
        {"paid_on_day": today.day, "paid_on_month": today.month, "paid_on_year": today.year, "reference": "BACS 1"},
    )
    assert paid.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


def test_finance_cannot_approve_a_claim_they_keyed_in(amara, make_record, rate, finance, finance2):
    record = make_record(amara.person)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=finance.user, person_agreed=True)
    claim_submit(claim=claim, actor=finance.user, person_agreed=True)
    detail = finance.client.get(reverse("payments:claim", args=[claim.pk]))
    assert "another finance approver needs to approve it" in detail.content.decode()
    finance.client.post(reverse("payments:claim_approve", args=[claim.pk]), {})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    finance2.client.post(reverse("payments:claim_approve", args=[claim.pk]), {})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_reject_needs_a_reason(amara, make_record, rate, finance):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    response = finance.client.post(reverse("payments:claim_reject", args=[claim.pk]), {"reason": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("Enter reason") == 2  # in the error summary and at the field
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    finance.client.post(reverse("payments:claim_reject", args=[claim.pk]), {"reason": "Please add the receipt"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    mine = amara.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "Please add the receipt" in mine
    assert "Not approved" in mine


def test_rate_card_edit_and_bad_input(finance, kind):
    page = finance.client.get(reverse("payments:rate_add"))
    assert page.status_code == 200
    bad = finance.client.post(
        reverse("payments:rate_add"),
        {
            "activity_code": "INV-PANEL",
            "name": "Panel",
            "unit": "per_hour",
            "amount": "-3",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2026",
        },
    )
    assert "without a minus sign" in bad.content.decode()
    good = finance.client.post(
        reverse("payments:rate_add"),
        {
            "activity_code": "INV-PANEL",
            "name": "Panel",
            "unit": "per_hour",
            "amount": "20",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2026",
        },
    )
    assert good.status_code == 302
    listing = finance.client.get(reverse("payments:rates")).content.decode()
    assert "£20 an hour" in listing


def test_lists_have_bounded_queries(trust, amara, ben, make_record, rate, finance, django_assert_max_num_queries):
    for person in (amara.person, ben.person):
        for days in (5, 6, 7):
            claim = claim_create(person=person, record_ids=[make_record(person, days_ago=days).pk], actor=person.user)
            claim_submit(claim=claim, actor=person.user)
            claim_approve(claim=claim, actor=finance.user)
    batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    with django_assert_max_num_queries(14):
        assert finance.client.get(reverse("payments:claims")).status_code == 200
    with django_assert_max_num_queries(15):  # (+1: claims waiting, counted by route)
        assert finance.client.get(reverse("payments:batches")).status_code == 200
    with django_assert_max_num_queries(14):
        assert finance.client.get(reverse("payments:lateness")).status_code == 200
    # (+2 for the tax year: its payments, and the years that have any; +1 for the People Participation team's
    # contact details every participant page shows, read once per trust and then cached: issue 14 item 8;
    # +1 for the header's count of unread messages: issue 17.)
    with django_assert_max_num_queries(19):
        assert amara.client.get(reverse("payments:my_payments")).status_code == 200


def test_limit_add_page(amara, trust):
    from withus.payments.models.preferences import BenefitReference

    reference = BenefitReference.objects.create(
        organisation=trust.organisation,
        benefit="Carer's Allowance earnings limit",
        period="week",
        amount=Decimal("196.00"),
        effective_from=datetime.date(2025, 4, 7),
    )
    bad = amara.client.post(reverse("payments:my_limit_add"), {"reference": "own"})
    assert "Enter a name for your limit" in bad.content.decode()
    amara.client.post(reverse("payments:my_limit_add"), {"reference": str(reference.pk)})
    limit = EarningsLimit.objects.get()
    assert (limit.amount, limit.period) == (Decimal("196.00"), "week")
    # The same limit twice is refused kindly.
    twice = amara.client.post(reverse("payments:my_limit_add"), {"reference": str(reference.pk)}).content.decode()
    assert "There is already a limit for Carer&#39;s Allowance earnings limit. Remove it first" in twice
    assert EarningsLimit.objects.active().count() == 1
    amara.client.post(reverse("payments:my_limit_remove", args=[limit.pk]))
    assert not EarningsLimit.objects.active().exists()
    # A weekly reference with "a month" ticked is never saved as a week: the amount for a month is asked for.
    month = amara.client.post(
        reverse("payments:my_limit_add"), {"reference": str(reference.pk), "period": "month"}
    ).content.decode()
    assert "Carer&#39;s Allowance earnings limit is £196.00 a week. To set a limit for a month" in month
    assert not EarningsLimit.objects.active().exists()
    amara.client.post(
        reverse("payments:my_limit_add"), {"reference": str(reference.pk), "period": "month", "amount": "800"}
    )
    limit = EarningsLimit.objects.active().get()
    assert (limit.amount, limit.period) == (Decimal("800.00"), "month")


def test_a_lead_acting_for_someone_is_told_it_is_their_claim(lead, amara, make_record, rate):
    record = make_record(amara.person)
    url = reverse("payments:claim_new") + f"?person={amara.person.pk}"
    key = _key(lead.client.get(url))
    response = lead.client.post(
        url, {"submission_key": key, "records": [str(record.pk)], "person_agreed": "on"}, follow=True
    )
    html = response.content.decode()
    assert "Claim started for Amara Bello. Add any expenses, then send it for approval." in html
    assert "Your claim is started" not in html
    claim = Claim.objects.get(person=amara.person)
    sent = lead.client.post(
        reverse("payments:claim_submit", args=[claim.pk]),
        {"submission_key": _key(response), "person_agreed": "on"},
        follow=True,
    ).content.decode()
    assert "The claim for Amara Bello is sent for approval." in sent
    # Amara's own claim still speaks to her.
    own = amara.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "INV-" not in own


def test_a_claimant_is_told_why_they_cannot_cancel_an_approved_claim(amara, make_record, rate, finance):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    claim_approve(claim=claim, actor=finance.user)
    url = reverse("payments:claim_void", args=[claim.pk])
    page = amara.client.get(url).content.decode()
    assert "This claim is approved: ask finance to cancel it if it is wrong." in page
    assert 'name="reason"' not in page
    amara.client.post(url, {"reason": "Changed my mind"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    # Finance still gets the form.
    assert 'name="reason"' in finance.client.get(url).content.decode()
