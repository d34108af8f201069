"""Claims from involvement records to payment: pricing, segregation of duties, transitions, ledger, limits."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from withus.accounts.models import Role
from withus.core.models import ImmutableRecordError
from withus.payments.models.batches import LedgerEntry, PaymentBatch
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus, ClaimStatusChange
from withus.payments.models.preferences import EarningsLimit, LimitPeriod, PaymentMethod
from withus.payments.models.rates import Rate, RateUnit
from withus.payments.money import to_money
from withus.payments.selectors import claim_limit_warnings, earnings_summary, record_is_claimed, tax_year_start
from withus.payments.services.approvals import claim_approve, claim_reject, claim_void
from withus.payments.services.batches import batch_create, batch_mark_paid, remittance_import
from withus.payments.services.claims import claim_add_expense, claim_create, claim_line_lower, claim_submit
from withus.payments.services.ledger import ledger_problems
from withus.payments.services.preferences import limit_add, preference_set


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(output, format="PNG")
    return output.getvalue()


def _submitted(person, records, actor):
    claim = claim_create(person=person, record_ids=[r.pk for r in records], actor=actor)
    return claim_submit(claim=claim, actor=actor)


def test_a_claim_is_priced_by_the_rate_in_force_on_the_day(trust, amara, make_record, rate):
    Rate.objects.create(
        organisation=trust.organisation,
        activity_code="INV-PANEL",
        name="Interview panel",
        unit=RateUnit.PER_HOUR,
        amount=Decimal("25.00"),
        effective_from=timezone.localdate() - datetime.timedelta(days=5),
    )
    old = make_record(amara.person, days_ago=20, hours="2.5")
    new = make_record(amara.person, days_ago=2, hours=3, source_label="Another panel")
    claim = claim_create(person=amara.person, record_ids=[old.pk, new.pk], actor=amara.user)
    amounts = sorted(line.amount for line in claim.lines.all())
    assert amounts == [Decimal("50.00"), Decimal("75.00")]
    assert claim.fees_total == Decimal("125.00")
    assert claim.status == ClaimStatus.DRAFT


def test_no_rate_means_no_claim_and_nothing_saved(amara, make_record):
    record = make_record(amara.person)
    with pytest.raises(ValidationError, match="no rate"):
        claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    assert not Claim.objects.exists()


def test_future_records_cannot_be_claimed(amara, make_record, rate):
    record = make_record(amara.person, days_ago=-3)
    with pytest.raises(ValidationError, match="once it has happened"):
        claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)


def test_a_record_is_on_one_live_claim_only_until_the_claim_is_rejected(amara, make_record, rate, finance):
    record = make_record(amara.person)
    claim = _submitted(amara.person, [record], amara.user)
    assert record_is_claimed(record.pk)
    with pytest.raises(ValidationError, match="already on another claim"):
        claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    claim_reject(claim=claim, reason="Wrong date", actor=finance.user)
    assert not record_is_claimed(record.pk)
    again = claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    assert again.lines.get().record_id == record.pk


def test_the_database_refuses_a_record_on_two_live_lines(amara, make_record, rate):
    record = make_record(amara.person)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    line = claim.lines.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.create(
            organisation=line.organisation,
            claim=claim,
            kind="fee",
            date=line.date,
            description="again",
            record=record,
            offered_amount=line.offered_amount,
            amount=line.amount,
        )


def test_lead_submits_for_someone_and_finance_approves(amara, make_record, rate, lead, finance):
    record = make_record(amara.person)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=lead.user)
    claim = claim_submit(claim=claim, actor=lead.user)
    assert claim.submitted_by == lead.user
    claim = claim_approve(claim=claim, actor=finance.user)
    assert claim.status == ClaimStatus.APPROVED
    entry = LedgerEntry.objects.get(claim=claim)
    assert (entry.entry_type, entry.fees) == ("accrued", Decimal("40.00"))
    assert ledger_problems(claim.organisation_id) == []


def test_nobody_approves_their_own_claim_or_one_they_submitted(trust, amara, make_record, rate, finance, make_user):
    # A finance approver who is also a participant cannot approve their own claim.
    record = make_record(amara.person)
    claim = _submitted(amara.person, [record], amara.user)
    with pytest.raises(ValidationError, match="Only a finance approver"):
        claim_approve(claim=claim, actor=amara.user)
    # Finance submitting on someone's behalf (as an administrator would) cannot then approve it.
    admin_finance = make_user(Role.ADMINISTRATOR)
    admin_finance.roles.create(organisation=trust.organisation, role=Role.FINANCE_APPROVER)
    admin_finance = type(admin_finance).objects.get(pk=admin_finance.pk)
    other = make_record(amara.person, source_label="Other")
    claim2 = claim_create(person=amara.person, record_ids=[other.pk], actor=admin_finance)
    claim2 = claim_submit(claim=claim2, actor=admin_finance)
    with pytest.raises(ValidationError, match="another finance approver"):
        claim_approve(claim=claim2, actor=admin_finance)
    assert Claim.objects.get(pk=claim2.pk).status == ClaimStatus.SUBMITTED


def test_the_database_refuses_approval_by_the_submitter(amara, make_record, rate, finance):
    record = make_record(amara.person)
    claim = _submitted(amara.person, [record], amara.user)
    # With its history row, so that the status trigger (migration 0005) lets the change through and the check
    # constraint is what refuses it.
    ClaimStatusChange.objects.create(
        organisation=claim.organisation, claim=claim, from_status="submitted", to_status="approved"
    )
    with pytest.raises(IntegrityError, match=r"claim_approver_not_(submitter|claimant)"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(approved_by=amara.user, status=ClaimStatus.APPROVED)


def test_illegal_transitions_are_refused_by_service_and_database(amara, make_record, rate, finance):
    record = make_record(amara.person)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    with pytest.raises(ValidationError):
        claim_approve(claim=claim, actor=finance.user)  # a draft cannot be approved
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimStatusChange.objects.create(
            organisation=claim.organisation, claim=claim, from_status="draft", to_status="paid"
        )
    claim = claim_submit(claim=claim, actor=amara.user)
    claim_approve(claim=claim, actor=finance.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        # A second approval row for the same claim.
        ClaimStatusChange.objects.create(
            organisation=claim.organisation, claim=claim, from_status="submitted", to_status="approved"
        )


def test_history_and_ledger_are_append_only(amara, make_record, rate, finance):
    claim = _submitted(amara.person, [make_record(amara.person)], amara.user)
    claim_approve(claim=claim, actor=finance.user)
    change = ClaimStatusChange.objects.filter(claim=claim).first()
    with pytest.raises(ImmutableRecordError):
        change.save()
    with pytest.raises(ImmutableRecordError):
        LedgerEntry.objects.get(claim=claim).delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(claim=claim).update(fees=Decimal("1.00"))
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        ClaimStatusChange.objects.filter(claim=claim).delete()


def test_export_batch_pay_and_ledger_balance(trust, amara, ben, make_record, rate, finance, lead):
    preference_set(person=amara.person, method=PaymentMethod.PAYROLL, payroll_number="P12345", actor=finance.user)
    first = _submitted(amara.person, [make_record(amara.person)], amara.user)
    second = _submitted(ben.person, [make_record(ben.person, hours=3)], ben.user)
    for claim in (first, second):
        claim_approve(claim=claim, actor=finance.user)
    batch = batch_create(organisation=trust.organisation, actor=finance.user)
    assert batch.claim_count == 2
    assert batch.total == Decimal("100.00")
    assert batch.reference == "B-00001"
    text = bytes(batch.csv_content).decode("utf-8-sig")
    assert "P12345" in text
    assert "Batch total" in text
    with pytest.raises(ValidationError, match="no approved claims"):
        batch_create(organisation=trust.organisation, actor=finance.user)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        PaymentBatch.objects.filter(pk=batch.pk).update(csv_content=b"changed")
    batch_mark_paid(batch=batch, paid_on=timezone.localdate(), reference="BACS 42", actor=finance.user)
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.PAID}
    assert ledger_problems(trust.organisation.pk) == []
    with pytest.raises(ValidationError, match="already been marked"):
        batch_mark_paid(batch=batch, paid_on=timezone.localdate(), actor=finance.user)


def test_formula_cells_are_escaped(trust, amara, make_record, rate, finance):
    amara.person.full_name = '=HYPERLINK("http://evil")'
    amara.person.save()
    claim = _submitted(amara.person, [make_record(amara.person)], amara.user)
    claim_approve(claim=claim, actor=finance.user)
    batch = batch_create(organisation=trust.organisation, actor=finance.user)
    text = bytes(batch.csv_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(bytes(batch.xlsx_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil")' in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_remittance_import_marks_claims_paid(trust, amara, make_record, rate, finance):
    claim = _submitted(amara.person, [make_record(amara.person)], amara.user)
    claim_approve(claim=claim, actor=finance.user)
    batch = batch_create(organisation=trust.organisation, actor=finance.user)
    today = timezone.localdate().isoformat()
    bad = f"Claim reference,Paid on\nC-NOTHERE,{today}\n".encode()
    with pytest.raises(ValidationError, match="not in this batch"):
        remittance_import(batch=batch, content=bad, actor=finance.user)
    good = f"Claim reference,Paid on\n{claim.reference},{today}\n".encode()
    assert remittance_import(batch=batch, content=good, actor=finance.user) == 1
    batch.refresh_from_db()
    assert batch.paid_on is not None
    assert ledger_problems(trust.organisation.pk) == []


def test_void_after_approval_reverses_and_releases(trust, amara, make_record, rate, finance):
    record = make_record(amara.person)
    claim = _submitted(amara.person, [record], amara.user)
    claim_approve(claim=claim, actor=finance.user)
    with pytest.raises(ValidationError, match="ask finance"):
        claim_void(claim=claim, reason="Mistake", actor=amara.user)
    claim_void(claim=claim, reason="Paid by another route", actor=finance.user)
    assert LedgerEntry.objects.filter(claim=claim, entry_type="reversed").exists()
    assert not record_is_claimed(record.pk)
    assert ledger_problems(trust.organisation.pk) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "without a minus sign"),
        ("0", "more than £0"),
        ("abc", "like 12.50"),
        ("12.345", "pounds and pence"),
        ("100000", "or less"),
        ("NaN", "like 12.50"),
    ],
)
def test_bad_amounts_are_refused_kindly(value, message):
    with pytest.raises(ValidationError, match=message):
        to_money(value)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_money(12.5)


def test_expenses_need_receipts_checked_by_content(amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="needs one"):
        claim_add_expense(
            claim=claim, category="travel", date=today, description="Bus", amount="4.80", actor=amara.user
        )
    with pytest.raises(ValidationError, match="photo"):
        claim_add_expense(
            claim=claim,
            category="travel",
            date=today,
            description="Bus",
            amount="4.80",
            actor=amara.user,
            receipt_data=b"<html><script>alert(1)</script></html>",
        )
    with pytest.raises(ValidationError, match="in the past"):
        claim_add_expense(
            claim=claim,
            category="subsistence",
            date=today + datetime.timedelta(days=1),
            description="Lunch",
            amount="4.00",
            actor=amara.user,
        )
    line = claim_add_expense(
        claim=claim,
        category="travel",
        date=today,
        description="Bus",
        amount="4.80",
        actor=amara.user,
        receipt_data=_png(),
    )
    assert line.receipt.content_type == "image/png"
    assert line.receipt.file.name.startswith("receipts/")
    claim.refresh_from_db()
    assert claim.expenses_total == Decimal("4.80")


def test_limits_warn_before_approval_and_expenses_never_count(trust, amara, make_record, rate, finance):
    EarningsLimit.objects.create(
        organisation=trust.organisation,
        person=amara.person,
        benefit="ESA permitted earnings",
        period="week",
        amount=Decimal("30.00"),
    )
    record = make_record(amara.person, days_ago=0, hours=2)  # £40 this week
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=amara.user)
    claim_add_expense(
        claim=claim, category="subsistence", date=record.date, description="Tea", amount="3.00", actor=amara.user
    )
    warnings = claim_limit_warnings(claim)
    assert len(warnings) == 1
    assert "£40.00" in warnings[0]
    assert "£30.00" in warnings[0]
    line = claim.lines.get(kind="fee")
    claim_line_lower(claim=claim, line_id=line.pk, amount="30.00", actor=amara.user)
    claim = claim_submit(claim=claim, actor=amara.user)
    assert claim_limit_warnings(claim) == []
    summary = earnings_summary(amara.person, record.date)
    assert summary.week == Decimal("30.00")
    assert summary.limits[0].left == Decimal("0.00")
    # Once sent, the amounts are fixed (issue 16 item 4).
    with pytest.raises(ValidationError, match="This claim has been sent, so its amounts are fixed"):
        claim_line_lower(claim=claim, line_id=line.pk, amount="10.00", actor=amara.user)


def test_tax_year_starts_on_6_april():
    assert tax_year_start(datetime.date(2026, 4, 5)) == datetime.date(2025, 4, 6)
    assert tax_year_start(datetime.date(2026, 4, 6)) == datetime.date(2026, 4, 6)


def test_someone_else_cannot_claim_for_a_person(amara, ben, make_record, rate):
    with pytest.raises(ValidationError, match="only claim for yourself"):
        claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=ben.user)


def test_limit_and_preference_bad_input(amara, finance):
    with pytest.raises(ValidationError):
        limit_add(person=amara.person, benefit="", period=LimitPeriod.WEEK, amount="20", actor=amara.user)
    with pytest.raises(ValidationError):
        limit_add(person=amara.person, benefit="ESA", period="year", amount="20", actor=amara.user)
    limit = limit_add(person=amara.person, benefit="ESA", period=LimitPeriod.WEEK, amount="20", actor=amara.user)
    assert limit.amount == Decimal("20.00")
    # A participant choosing vouchers cannot type finance references.
    preference_set(person=amara.person, method="payroll", payroll_number="P1", actor=finance.user)
    pref = preference_set(person=amara.person, method="vouchers", payroll_number="HACK", actor=amara.user)
    assert (pref.method, pref.payroll_number) == ("vouchers", "P1")
