"""The finance export files: a batch's rows written as CSV and XLSX, formula-safe."""

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

from withus.core.spreadsheets import safe_cell
from withus.payments.models.claims import Claim
from withus.payments.models.preferences import PaymentMethod

EXPORT_COLUMNS = (
    "Batch",
    "Claim reference",
    "Payee name",
    "Payment method",
    "Payroll number",
    "Supplier number",
    "Activity codes",
    "Involvement payments",
    "Expenses",
    "Total",
    "First activity date",
    "Submitted on",
    "Approved on",
    "Approved by",
)


def _export_rows(batch_reference: str, claims: list[Claim], preferences: dict, amounts: dict) -> list[list]:
    """One row a claim. `amounts` maps each claim's id to its (fees, expenses) as accrued in the ledger when it was
    approved: finance pays what was approved, never a total that changed afterwards."""
    rows = []
    for claim in claims:
        preference = preferences.get(claim.person_id)
        fees, expenses = amounts[claim.pk]
        codes = sorted({line.activity_code for line in claim.lines.all() if line.activity_code})
        rows.append(
            [
                batch_reference,
                claim.reference,
                claim.person.full_name,
                PaymentMethod(claim.method).label if claim.method else "Not recorded",
                preference.payroll_number if preference else "",
                preference.supplier_number if preference else "",
                "; ".join(codes),
                fees,
                expenses,
                fees + expenses,
                claim.first_activity_on.isoformat() if claim.first_activity_on else "",
                timezone.localtime(claim.submitted_at).date().isoformat() if claim.submitted_at else "",
                timezone.localtime(claim.approved_at).date().isoformat() if claim.approved_at else "",
                claim.approved_by.full_name if claim.approved_by else "",
            ]
        )
    return rows


def _totals_row(batch_reference: str, claims: list[Claim], amounts: dict) -> list:
    fees = sum((amounts[claim.pk][0] for claim in claims), Decimal("0.00"))
    expenses = sum((amounts[claim.pk][1] for claim in claims), Decimal("0.00"))
    return [batch_reference, "Batch total", f"{len(claims)} claims", "", "", "", "", fees, expenses, fees + expenses]


def export_csv(rows: list[list]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([f"{value:.2f}" if isinstance(value, Decimal) else safe_cell(str(value)) for value in row])
    return output.getvalue().encode("utf-8-sig")


def export_xlsx(rows: list[list], *, created: datetime.datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Payments"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([value if isinstance(value, Decimal) else safe_cell(str(value)) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    naive = timezone.make_naive(created, datetime.UTC).replace(microsecond=0)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "WithUs"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
