"""Issue 16 item 3: a batch for one route, files with data rows only, a summary with totals and hashes, real dates."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.preferences import PaymentMethod, PaymentPreference
from withus.payments.receipts import sha256
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_create, claim_submit


def _approved(person_user, make_record, finance):
    claim = claim_create(
        person=person_user.person, record_ids=[make_record(person_user.person).pk], actor=person_user.user
    )
    claim_submit(claim=claim, actor=person_user.user)
    return claim_approve(claim=claim, actor=finance.user)


@pytest.fixture
def by_voucher(make_participant, trust):
    participant = make_participant("Ben Hughes Voucher", units=[trust.nursing])
    PaymentPreference.objects.create(
        organisation_id=participant.person.organisation_id,
        person=participant.person,
        method=PaymentMethod.VOUCHERS,
        chosen_on=datetime.date(2020, 4, 1),
    )
    return participant


def test_a_payroll_batch_never_holds_a_voucher_claim(trust, amara, by_voucher, make_record, rate, finance):
    payroll_claim = _approved(amara, make_record, finance)
    voucher_claim = _approved(by_voucher, make_record, finance)
    batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    assert list(batch.claims.all()) == [payroll_claim]
    voucher_claim.refresh_from_db()
    assert (voucher_claim.status, voucher_claim.batch) == (ClaimStatus.APPROVED, None)  # waits for its own batch
    with pytest.raises(ValidationError, match="no approved claims waiting to be paid by payroll"):
        batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    with pytest.raises(ValidationError, match="Select payroll, accounts payable or vouchers"):
        batch_create(organisation=trust.organisation, route="cheque", actor=finance.user)
    vouchers = batch_create(organisation=trust.organisation, route="vouchers", actor=finance.user)
    assert (vouchers.route, list(vouchers.claims.all())) == ("vouchers", [voucher_claim])


def test_the_files_have_data_rows_real_dates_and_a_summary(trust, amara, ben, make_record, rate, finance):
    claims = [_approved(amara, make_record, finance), _approved(ben, make_record, finance)]
    batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    rows = list(csv.reader(io.StringIO(bytes(batch.csv_content).decode("utf-8-sig"))))
    assert rows[0][3] == "Payroll number"
    assert "Supplier number" not in rows[0]
    assert [row[1] for row in rows[1:]] == [claim.reference for claim in claims]  # one row a claim, no total
    assert rows[1][8] == claims[0].first_activity_on.isoformat()
    assert rows[1][5] == "40.00"
    workbook = load_workbook(io.BytesIO(bytes(batch.xlsx_content)))
    assert workbook.sheetnames == ["Payments", "Summary"]
    first_activity = workbook["Payments"].cell(row=2, column=9)
    assert isinstance(first_activity.value, datetime.datetime)
    assert first_activity.value.date() == claims[0].first_activity_on
    assert workbook["Payments"].max_row == 3
    summary = dict(csv.reader(io.StringIO(bytes(batch.summary_csv_content).decode("utf-8-sig"))))
    assert summary["Total"] == "80.00"
    assert summary["Claims"] == "2"
    assert summary["SHA-256 of the CSV payments file"] == sha256(bytes(batch.csv_content))
    assert summary["SHA-256 of the Excel payments file"] == sha256(bytes(batch.xlsx_content))
    lines = list(csv.reader(io.StringIO(bytes(batch.lines_csv_content).decode("utf-8-sig"))))
    assert len(lines) == 3
    assert {line[1] for line in lines[1:]} == {claim.reference for claim in claims}


def test_the_summary_and_lines_download(trust, amara, make_record, rate, finance, lead):
    _approved(amara, make_record, finance)
    batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    summary = finance.client.get(reverse("payments:batch_summary_csv", args=[batch.pk]))
    assert summary.status_code == 200
    assert summary.getvalue() == bytes(batch.summary_csv_content)
    assert summary["Content-Disposition"] == f'attachment; filename="withus-payments-{batch.reference}-summary.csv"'
    assert finance.client.get(reverse("payments:batch_lines_csv", args=[batch.pk])).status_code == 200
    assert lead.client.get(reverse("payments:batch_lines_csv", args=[batch.pk])).status_code == 404


def test_the_batch_page_asks_which_route(trust, amara, make_record, rate, finance):
    _approved(amara, make_record, finance)
    page = finance.client.get(reverse("payments:batches")).content.decode()
    assert "Payroll (1 waiting)" in page
    assert "Vouchers (0 waiting)" in page
    missing = finance.client.post(reverse("payments:batches"), {"submission_key": "not-a-key"})
    assert missing.status_code == 200
    assert Claim.objects.get().batch is None
