"""Files and money stay consistent (issue 12 item 7, ADR 16). Each test fails when its protection is taken out.

- A refused expense leaves no receipt file on disk.
- Removing a claim line removes its receipt row now and its file once the transaction commits.
- A receipt whose file is missing gets a page that says so (not a 500), and an error in the log.
- Batches export (and payments record) the amount the ledger accrued on approval, not the claim's total now.
- The database refuses changing a claim's totals after approval, or its status without a status-history row.
- `manage.py check_ledger` exits non-zero and logs an error for any difference.
"""

import io
import logging
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from withus.payments.models.batches import EntryType, LedgerEntry
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus, Receipt
from withus.payments.services.approvals import claim_approve, claim_void
from withus.payments.services.batches import batch_create, batch_mark_paid
from withus.payments.services.claims import claim_add_expense, claim_create, claim_remove_line, claim_submit
from withus.payments.services.ledger import ledger_problems


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(output, format="PNG")
    return output.getvalue()


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _expense(claim, actor, amount="12.50", **extra):
    return claim_add_expense(
        claim=claim,
        category="travel",
        date=timezone.localdate(),
        description="Bus to Willow Ward and back",
        amount=Decimal(amount),
        actor=actor,
        receipt_data=_png(),
        **extra,
    )


def _approved(amara, make_record, finance) -> Claim:
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim = claim_submit(claim=claim, actor=amara.user)
    return claim_approve(claim=claim, actor=finance.user)


def _without_claim_triggers():
    """Take the claim triggers away inside this test's transaction (rolled back with it), to act as a bug would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
            cursor.execute("ALTER TABLE payments_claim DISABLE TRIGGER payments_claim_guard")
        else:
            cursor.execute("DROP TRIGGER payments_claim_totals_fixed")
            cursor.execute("DROP TRIGGER payments_claim_status_with_history")


def test_a_refused_expense_leaves_no_file_on_disk(amara, make_record, rate, tmp_path):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    for _ in range(5):
        _expense(claim, amara.user, amount="1000.00")
    assert len(_files(tmp_path)) == 5
    with pytest.raises(ValidationError, match="One claim can be up to"):
        _expense(claim, amara.user, amount="1.00")  # over £5,000 of expenses: refused after the file was written
    assert len(_files(tmp_path)) == 5
    assert Receipt.objects.count() == 5
    assert Claim.objects.get(pk=claim.pk).expenses_total == Decimal("5000.00")


def test_removing_a_line_removes_its_receipt_row_and_then_its_file(
    amara, make_record, rate, tmp_path, django_capture_on_commit_callbacks
):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    line = _expense(claim, amara.user)
    stored = tmp_path / line.receipt.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claim_remove_line(claim=claim, line_id=line.pk, actor=amara.user)
    assert not Receipt.objects.exists()
    assert not ClaimLine.objects.filter(pk=line.pk).exists()
    assert stored.exists(), "the file must wait for the commit: a rollback would bring the row back"
    for callback in callbacks:
        callback()
    assert not stored.exists()
    assert _files(tmp_path) == []


def test_a_missing_receipt_file_gets_a_page_that_says_so(amara, make_record, rate, tmp_path, caplog):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    receipt = _expense(claim, amara.user).receipt
    (tmp_path / receipt.file.name).unlink()
    with caplog.at_level(logging.ERROR):
        response = amara.client.get(reverse("payments:receipt", args=[claim.pk, receipt.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "The receipt file is missing" in page
    assert claim.reference in page
    assert any("is missing" in record.getMessage() for record in caplog.records if record.levelno == logging.ERROR)


def test_batches_export_and_pay_the_approved_ledger_amount_not_the_claim_total(
    trust, amara, make_record, rate, finance
):
    claim = _approved(amara, make_record, finance)
    accrued = LedgerEntry.objects.get(claim=claim, entry_type=EntryType.ACCRUED)
    assert accrued.fees == Decimal("40.00")
    _without_claim_triggers()
    Claim.objects.filter(pk=claim.pk).update(fees_total=Decimal("99.00"))  # a total changed after approval
    batch = batch_create(organisation=trust.organisation, actor=finance.user)
    text = bytes(batch.csv_content).decode("utf-8-sig")
    assert "40.00" in text
    assert "99.00" not in text
    assert batch.fees_total == Decimal("40.00")
    batch_mark_paid(batch=batch, paid_on=timezone.localdate(), actor=finance.user)
    assert LedgerEntry.objects.get(claim=claim, entry_type=EntryType.PAID).fees == Decimal("40.00")
    assert ledger_problems(trust.organisation.pk) == [
        f"{claim.reference}: its totals do not match its lines",
        f"{claim.reference}: accrued amount differs from the claim",
    ]


def test_a_cancelled_claim_reverses_the_approved_amount(trust, amara, make_record, rate, finance):
    claim = _approved(amara, make_record, finance)
    _without_claim_triggers()
    Claim.objects.filter(pk=claim.pk).update(fees_total=Decimal("99.00"))
    claim_void(claim=claim, reason="Paid by mistake elsewhere", actor=finance.user)
    assert LedgerEntry.objects.get(claim=claim, entry_type=EntryType.REVERSED).fees == Decimal("40.00")


def test_the_database_fixes_totals_once_a_claim_is_approved(amara, make_record, rate, finance):
    claim = _approved(amara, make_record, finance)
    with pytest.raises(DatabaseError, match="totals of a claim"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(fees_total=Decimal("99.00"))
    with pytest.raises(DatabaseError, match="totals of a claim"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(expenses_total=Decimal("5.00"))
    assert Claim.objects.get(pk=claim.pk).fees_total == Decimal("40.00")


def test_totals_still_change_while_a_claim_is_a_draft_or_submitted(amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    Claim.objects.filter(pk=claim.pk).update(expenses_total=Decimal("5.00"))
    claim = claim_submit(claim=Claim.objects.get(pk=claim.pk), actor=amara.user)
    Claim.objects.filter(pk=claim.pk).update(fees_total=Decimal("20.00"))  # taking a lower amount before approval
    assert Claim.objects.get(pk=claim.pk).fees_total == Decimal("20.00")


def test_the_database_refuses_a_status_change_without_its_history_row(amara, make_record, rate, finance):
    claim = _approved(amara, make_record, finance)
    for status in (ClaimStatus.PAID, ClaimStatus.SUBMITTED, ClaimStatus.DRAFT):
        with pytest.raises(DatabaseError, match="status of a claim"), transaction.atomic():
            Claim.objects.filter(pk=claim.pk).update(status=status)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED


def test_check_ledger_passes_when_everything_agrees(trust, amara, make_record, rate, finance):
    _approved(amara, make_record, finance)
    out = io.StringIO()
    call_command("check_ledger", stdout=out)
    assert "The ledger agrees" in out.getvalue()


def test_check_ledger_exits_non_zero_and_logs_each_difference(trust, amara, make_record, rate, finance, caplog):
    claim = _approved(amara, make_record, finance)
    _without_claim_triggers()
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)  # back a step, with no history row
    draft = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    LedgerEntry.objects.create(  # accrued though never approved
        organisation=trust.organisation, claim=draft, entry_type=EntryType.ACCRUED, fees=Decimal("40.00"), expenses=0
    )
    with caplog.at_level(logging.ERROR, logger="withus.payments.ledger"), pytest.raises(CommandError, match="found 2"):
        call_command("check_ledger", stdout=io.StringIO(), stderr=io.StringIO())
    logged = [record.getMessage() for record in caplog.records if record.name == "withus.payments.ledger"]
    assert sorted(logged) == sorted(
        [
            f"Ledger check, {trust.organisation.name}: {claim.reference}: its status is not where its status history "
            "ends",
            f"Ledger check, {trust.organisation.name}: {draft.reference}: approved and accrued disagree",
        ]
    )


def test_the_readme_schedules_the_ledger_check_daily():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    daily = re.compile(r"^\d+ \d+ \* \* \* .*manage\.py check_ledger$", re.MULTILINE)
    assert daily.search(readme)
