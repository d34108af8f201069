"""Bad input and tampering on the payment pages: each refused with a clear message, nothing half-saved."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from withus.payments.models.claims import MAX_RECEIPT_BYTES, Claim, ClaimLine
from withus.payments.models.rates import PaymentSettings
from withus.payments.receipts import checked_receipt
from withus.payments.selectors import current_preference
from withus.payments.services.approvals import claim_approve, claim_reject
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_create, claim_submit


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_receipts_by_content():
    content, content_type = checked_receipt(_pdf())
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF-")
    with pytest.raises(ValidationError, match="smaller than 5 MB"):
        checked_receipt(b"\x89PNG" + b"0" * MAX_RECEIPT_BYTES)
    with pytest.raises(ValidationError, match="could not be read"):
        checked_receipt(b"%PDF-1.7\nnot really a pdf")
    with pytest.raises(ValidationError, match="empty"):
        checked_receipt(b"")


def test_someone_elses_record_cannot_be_slipped_into_a_claim(amara, ben, make_record, rate):
    mine, theirs = make_record(amara.person), make_record(ben.person)
    page = amara.client.get(reverse("payments:claim_new")).content.decode()
    assert str(theirs.pk) not in page
    response = amara.client.post(
        reverse("payments:claim_new"),
        {"submission_key": "6d3f0e53-5d9e-4d39-9b7c-2f0b8d9e1a12", "records": [str(mine.pk), str(theirs.pk)]},
    )
    assert "Choose only involvement from the list" in response.content.decode()
    assert not Claim.objects.exists()
    with pytest.raises(ValidationError, match="Choose only involvement"):
        claim_create(person=amara.person, record_ids=[theirs.pk], actor=amara.user)


def test_a_participant_cannot_claim_for_someone_else_by_url(amara, ben, make_record, rate):
    make_record(ben.person, source_label="Ben's committee")
    page = amara.client.get(reverse("payments:claim_new") + f"?person={ben.person.pk}").content.decode()
    assert "Ben's committee" not in page  # the person field is ignored: this is Amara's own claim form


def test_oversized_upload_is_refused_by_the_form(amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    today = timezone.localdate()
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * MAX_RECEIPT_BYTES, content_type="image/jpeg")
    response = amara.client.post(
        reverse("payments:claim_expense_add", args=[claim.pk]),
        {
            "category": "care",
            "date_day": today.day,
            "date_month": today.month,
            "date_year": today.year,
            "description": "Childminder",
            "amount": "20",
            "receipt": big,
        },
    )
    assert "smaller than 5 MB" in response.content.decode()
    assert ClaimLine.objects.filter(kind="expense").count() == 0


def test_expense_amount_and_future_date_messages(amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = amara.client.post(
        reverse("payments:claim_expense_add", args=[claim.pk]),
        {
            "category": "subsistence",
            "date_day": future.day,
            "date_month": future.month,
            "date_year": future.year,
            "description": "Lunch",
            "amount": "5000",
        },
    )
    text = response.content.decode()
    assert "There is a problem" in text
    assert "£1,000.00 or less" in text
    claim.refresh_from_db()
    assert claim.expenses_total == Decimal("0.00")


def test_remittance_upload_and_mark_paid_errors(trust, amara, make_record, rate, finance):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    claim_approve(claim=claim, actor=finance.user)
    batch = batch_create(organisation=trust.organisation, actor=finance.user)
    url = reverse("payments:batch_remittance", args=[batch.pk])
    wrong = SimpleUploadedFile("r.csv", b"Name,Amount\nX,1\n", content_type="text/csv")
    assert "columns Claim reference and Paid on" in finance.client.post(url, {"remittance": wrong}).content.decode()
    today = timezone.localdate().isoformat()
    good = SimpleUploadedFile("r.csv", f"Claim reference,Paid on\n{claim.reference},{today}\n".encode())
    assert finance.client.post(url, {"remittance": good}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "paid"
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = finance.client.post(
        reverse("payments:batch_paid", args=[batch.pk]),
        {"paid_on_day": future.day, "paid_on_month": future.month, "paid_on_year": future.year},
    )
    assert "There is a problem" in response.content.decode()


def test_lateness_target_is_a_setting(finance, lead, trust):
    bad = finance.client.post(reverse("payments:lateness"), {"lateness_target_days": "0"})
    assert "between 1 and 365" in bad.content.decode()
    finance.client.post(reverse("payments:lateness"), {"lateness_target_days": "21"})
    assert PaymentSettings.objects.get(organisation=trust.organisation).lateness_target_days == 21
    assert "within 21 days" in lead.client.get(reverse("payments:lateness")).content.decode()
    assert lead.client.post(reverse("payments:lateness"), {"lateness_target_days": "5"}).status_code == 404


def test_staff_record_preference_without_bank_details(finance, amara):
    url = reverse("payments:person_preference", args=[amara.person.pk])
    assert finance.client.get(url).status_code == 200
    today = timezone.localdate()
    response = finance.client.post(
        url,
        {
            "method": "supplier",
            "supplier_number": "S-1234",
            "payroll_number": "",
            "chosen_on_day": today.day,
            "chosen_on_month": today.month,
            "chosen_on_year": today.year,
        },
    )
    assert response.status_code == 302
    preference = current_preference(amara.person)
    assert (preference.method, preference.supplier_number) == ("supplier", "S-1234")
    bad = finance.client.post(
        url,
        {
            "method": "payroll",
            "payroll_number": "12 34; DROP",
            "chosen_on_day": today.day,
            "chosen_on_month": today.month,
            "chosen_on_year": today.year,
        },
    )
    assert "letters and numbers only" in bad.content.decode()
    assert amara.client.get(url).status_code == 404


def test_text_people_type_is_escaped_on_the_pages(trust, amara, make_record, rate, finance):
    from withus.payments.models.preferences import EarningsLimit

    EarningsLimit.objects.create(
        organisation=trust.organisation, person=amara.person, benefit="<b>ESA</b>", period="week", amount=Decimal(99)
    )
    page = amara.client.get(reverse("payments:my_payments")).content.decode()
    assert "<b>ESA</b>" not in page
    assert "&lt;b&gt;ESA&lt;/b&gt;" in page
    assert '<span class="nhsuk-u-visually-hidden">' in page  # the button's own markup is kept
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    claim_reject(claim=claim, reason="<script>alert(1)</script>", actor=finance.user)
    detail = amara.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "<script>alert(1)</script>" not in detail
    assert "<strong>Reason:</strong> &lt;script&gt;" in detail
    assert "<strong>£40.00</strong>" in detail
