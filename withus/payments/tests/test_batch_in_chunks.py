"""Issue 25: a big batch is made a chunk of claims at a time and its files are downloaded a chunk of bytes at a
time, so memory stays flat (docs/benchmarks.md); the files are exactly what a batch made in one go holds."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from withus.core.models import AuditEntry
from withus.payments.exports import LINE_COLUMNS, CsvFile, columns_for, to_csv
from withus.payments.models.claims import ClaimStatus
from withus.payments.receipts import sha256
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_create, claim_submit


def _approved(participant, make_record, finance):
    claim = claim_create(
        person=participant.person, record_ids=[make_record(participant.person).pk], actor=participant.user
    )
    claim_submit(claim=claim, actor=participant.user)
    return claim_approve(claim=claim, actor=finance.user)


def test_a_csv_written_in_chunks_is_byte_for_byte_the_csv_written_at_once():
    rows = [["B-00001", "C-1", "=cmd|' /C calc'!A0", "P1"], ["B-00001", "C-2", "Zoë Ng, Jr", "P2"]]
    written = CsvFile(columns_for("payroll"))
    written.write(rows[:1])
    written.write(rows[1:])
    assert written.getvalue() == to_csv(columns_for("payroll"), rows)
    assert CsvFile(LINE_COLUMNS).getvalue() == to_csv(LINE_COLUMNS, [])


def test_a_batch_made_one_claim_at_a_time_holds_every_claim_in_order(
    trust, amara, ben, make_participant, make_record, rate, finance, monkeypatch
):
    from withus.payments.tests.conftest import paid_through_payroll

    cara = make_participant("=Cara Formula", units=[trust.willow])
    paid_through_payroll(cara.person, "P1003")
    claims = [_approved(person, make_record, finance) for person in (amara, ben, cara)]
    monkeypatch.setattr("withus.payments.services.batches.EXPORT_CHUNK", 1)

    batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)

    rows = list(csv.reader(io.StringIO(bytes(batch.csv_content).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == [claim.reference for claim in claims]
    assert rows[3][2] == "'=Cara Formula"  # still formula-safe
    sheet = load_workbook(io.BytesIO(bytes(batch.xlsx_content)))["Payments"]
    assert [sheet.cell(row=row, column=2).value for row in (2, 3, 4)] == [claim.reference for claim in claims]
    assert sheet.cell(row=4, column=3).data_type == "s"
    assert sheet.cell(row=2, column=6).number_format == "0.00"
    summary = dict(csv.reader(io.StringIO(bytes(batch.summary_csv_content).decode("utf-8-sig"))))
    assert summary["Claims"] == "3"
    assert summary["Total"] == f"{sum(claim.total for claim in claims):.2f}"
    assert summary["SHA-256 of the Excel payments file"] == sha256(bytes(batch.xlsx_content))
    assert batch.claim_count == 3
    assert {claim.status for claim in batch.claims.all()} == {ClaimStatus.EXPORTED}


def test_each_file_downloads_in_chunks_exactly_as_stored(trust, amara, ben, make_record, rate, finance, monkeypatch):
    for participant in (amara, ben):
        _approved(participant, make_record, finance)
    batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    monkeypatch.setattr("withus.payments.selectors.DOWNLOAD_CHUNK", 100)

    for name, field in (
        ("batch_csv", "csv_content"),
        ("batch_xlsx", "xlsx_content"),
        ("batch_summary_csv", "summary_csv_content"),
        ("batch_lines_csv", "lines_csv_content"),
    ):
        response = finance.client.get(reverse(f"payments:{name}", args=[batch.pk]))
        assert response.status_code == 200
        assert response.streaming
        parts = list(response.streaming_content)
        stored = bytes(getattr(batch, field))
        assert b"".join(parts) == stored, name
        assert len(parts) == -(-len(stored) // 100)
        assert max(len(part) for part in parts) <= 100
        assert response["Content-Length"] == str(len(stored))
        assert response["Cache-Control"].startswith("no-store")
    assert AuditEntry.objects.filter(action="export", object_id=str(batch.pk)).count() == 5  # made, 4 downloads


def test_another_trusts_batch_file_is_not_found(trust, amara, make_record, rate, finance, make_user, signed_in):
    from withus.accounts.models import Role
    from withus.organisations.tests.factories import OrganisationFactory

    _approved(amara, make_record, finance)
    batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
    elsewhere = make_user(Role.FINANCE_APPROVER, organisation=OrganisationFactory(), email="finance@elsewhere.org")
    response = signed_in(elsewhere).get(reverse("payments:batch_csv", args=[batch.pk]))
    assert response.status_code == 404
