"""The finance export files of a batch, one route each (issue 16 item 3): the payments file (CSV and XLSX) with only
data rows, a summary with the totals and hashes (the XLSX's second sheet and summary.csv), and a per-line detail file
(lines.csv) for audit. Dates are dates (ISO in CSV, date cells in XLSX); amounts are numbers with two decimals; every
text cell is formula-safe. Columns per route: docs/payments.md."""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from withus.core.spreadsheets import safe_cell
from withus.payments.models.batches import PaymentRoute
from withus.payments.models.claims import Claim, LimitChoice

START = ("Batch", "Claim reference", "Payee name")
NUMBER_COLUMN = {PaymentRoute.PAYROLL: ("Payroll number",), PaymentRoute.ACCOUNTS_PAYABLE: ("Supplier number",)}
END = (
    "Activity codes",
    "Involvement payments",
    "Expenses",
    "Total",
    "First activity date",
    "Submitted on",
    "Approved on",
    "Approved by",
    "Over a benefit limit",
)
LINE_COLUMNS = (
    "Batch",
    "Claim reference",
    "Payee name",
    "Kind",
    "Date",
    "Description",
    "Activity code",
    "Hours",
    "Expense category",
    "Amount",
)


def columns_for(route: str) -> tuple[str, ...]:
    return START + NUMBER_COLUMN.get(route, ()) + END


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def _limit_text(claim: Claim) -> str:
    if not claim.limit_choice:
        return ""
    text = LimitChoice(claim.limit_choice).label
    return f"{text} ({claim.limit_charity})" if claim.limit_charity else text


def payment_rows(route: str, reference: str, claims: list[Claim], preferences: dict, amounts: dict) -> list[list]:
    """One data row a claim and nothing else. `amounts` maps each claim's id to its (fees, expenses) as accrued in
    the ledger when it was approved: finance pays what was approved, never a total that changed afterwards."""
    rows = []
    for claim in claims:
        preference = preferences.get(claim.person_id)
        fees, expenses = amounts[claim.pk]
        number = ()
        if route == PaymentRoute.PAYROLL:
            number = (preference.payroll_number if preference else "",)
        elif route == PaymentRoute.ACCOUNTS_PAYABLE:
            number = (preference.supplier_number if preference else "",)
        codes = sorted({line.activity_code for line in claim.lines.all() if line.activity_code})
        rows.append(
            [
                reference,
                claim.reference,
                claim.person.full_name,
                *number,
                "; ".join(codes),
                fees,
                expenses,
                fees + expenses,
                claim.first_activity_on,
                _local_date(claim.submitted_at),
                _local_date(claim.approved_at),
                claim.approved_by.full_name if claim.approved_by else "",
                _limit_text(claim),
            ]
        )
    return rows


def line_rows(reference: str, claims: list[Claim]) -> list[list]:
    """Every involvement record and expense line behind each payment (live lines only), for audit."""
    rows = []
    for claim in claims:
        for line in sorted((line for line in claim.lines.all() if line.live), key=lambda item: (item.date, item.kind)):
            rows.append(
                [
                    reference,
                    claim.reference,
                    claim.person.full_name,
                    line.get_kind_display(),
                    line.date,
                    line.description,
                    line.activity_code,
                    line.hours if line.hours is not None else "",
                    line.get_category_display() if line.category else "",
                    line.amount,
                ]
            )
    return rows


@dataclass(frozen=True)
class Totals:
    claims: int
    fees: Decimal
    expenses: Decimal

    @property
    def total(self) -> Decimal:
        return self.fees + self.expenses


def totals(claims: list[Claim], amounts: dict) -> Totals:
    return Totals(
        claims=len(claims),
        fees=sum((amounts[claim.pk][0] for claim in claims), Decimal("0.00")),
        expenses=sum((amounts[claim.pk][1] for claim in claims), Decimal("0.00")),
    )


def summary_rows(reference: str, route: str, sums: Totals, hashes: dict[str, str]) -> list[list]:
    rows = [
        ["Batch", reference],
        ["Route", PaymentRoute(route).label],
        ["Claims", sums.claims],
        ["Involvement payments", sums.fees],
        ["Expenses", sums.expenses],
        ["Total", sums.total],
    ]
    return rows + [[f"SHA-256 of {name}", digest] for name, digest in hashes.items()]


def _csv_cell(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_cell(str(value))


def to_csv(header: tuple[str, ...] | None, rows: list[list]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return output.getvalue().encode("utf-8-sig")


class CsvFile:
    """A CSV file written a chunk of rows at a time, byte for byte what `to_csv` makes of all the rows at once
    (UTF-8 with a byte-order mark, CRLF), so a big batch never holds every row's objects at once."""

    def __init__(self, header: tuple[str, ...]) -> None:
        self._output = io.BytesIO()
        self._text = io.TextIOWrapper(self._output, encoding="utf-8-sig", newline="", write_through=True)
        self._writer = csv.writer(self._text, lineterminator="\r\n")
        self._writer.writerow(header)

    def write(self, rows: list[list]) -> None:
        for row in rows:
            self._writer.writerow([_csv_cell(value) for value in row])

    def getvalue(self) -> bytes:
        return self._output.getvalue()


def _cells(sheet, row: list) -> list[WriteOnlyCell]:
    cells = []
    for value in row:
        cell = WriteOnlyCell(
            sheet, value=value if isinstance(value, (Decimal, datetime.date, int)) else safe_cell(str(value))
        )
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever it starts with
        elif isinstance(cell.value, Decimal):
            cell.number_format = "0.00"
        elif isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells


class XlsxFile:
    """The payments workbook written a chunk of rows at a time (openpyxl's write-only mode keeps no cell objects
    once a row is written), with its summary sheet added at the end."""

    def __init__(self, route: str) -> None:
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet("Payments")
        self._sheet.append(list(columns_for(route)))

    def write(self, rows: list[list]) -> None:
        for row in rows:
            self._sheet.append(_cells(self._sheet, row))

    def finish(self, summary: list[list], *, created: datetime.datetime) -> bytes:
        totals_sheet = self._workbook.create_sheet("Summary")
        for row in summary:
            totals_sheet.append(_cells(totals_sheet, row))
        naive = timezone.make_naive(created, datetime.UTC).replace(microsecond=0)
        self._workbook.properties.created = naive
        self._workbook.properties.modified = naive
        self._workbook.properties.creator = "WithUs"
        output = io.BytesIO()
        self._workbook.save(output)
        return output.getvalue()


def to_xlsx(route: str, rows: list[list], summary: list[list], *, created: datetime.datetime) -> bytes:
    workbook = XlsxFile(route)
    workbook.write(rows)
    return workbook.finish(summary, created=created)
