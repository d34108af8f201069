"""Reading measure data typed, pasted or uploaded (CSV or XLSX), checked all-or-nothing.

Every problem names its row and column, so a person can find and fix it in their spreadsheet. Nothing here
writes to the database: `services.points_import` saves the rows only when there is no problem at all.
"""

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone

from withus.core.spreadsheets import SpreadsheetRefused, csv_rows, read_limits, xlsx_check_size, xlsx_rows
from withus.improvement.models import ChartType, Frequency

MAX_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 50
COLUMNS = ("date", "value", "denominator")
COLUMN_LETTERS = "ABC"
COUNT_CHARTS = frozenset({ChartType.C, ChartType.P, ChartType.U})
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The data were refused; nothing was saved. `problems` lists every row to fix."""

    def __init__(self, problems: list[Problem], *, notes: Iterable[str] = ()):
        self.problems = problems
        self.notes = list(notes)
        super().__init__(f"{len(problems)} problem(s)")

    def shown(self) -> list[Problem]:
        return self.problems[:MAX_PROBLEMS_SHOWN]

    @property
    def hidden_count(self) -> int:
        return max(0, len(self.problems) - MAX_PROBLEMS_SHOWN)


@dataclass(frozen=True)
class Row:
    number: int
    period: datetime.date
    value: Decimal
    denominator: Decimal | None


@dataclass
class Table:
    """Raw cells, one list per row, with the 1-based row number a spreadsheet shows."""

    rows: list[tuple[int, list[object]]]
    notes: list[str] = field(default_factory=list)


def _refuse(message: str, *, row: int = 1, column: str = "") -> ImportRefused:
    return ImportRefused([Problem(row, column, message)])


def _max_points() -> int:
    return settings.WITHUS_MAX_POINTS_PER_IMPORT


def _too_many_points(row: int) -> ImportRefused:
    return _refuse(
        f"there are more than {_max_points():,} rows of data. Add at most {_max_points():,} points at a time: "
        "split the data into smaller parts",
        row=row,
    )


def table_from_text(text: str) -> Table:
    """Two (or three) columns pasted from a spreadsheet: tab-separated, or commas or semicolons."""
    limits = read_limits()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows = []
    for number, line in enumerate(lines, start=1):
        if number > limits.rows:
            raise _refuse(f"there are more than {limits.rows:,} lines. Split the data into smaller parts", row=number)
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else (";" if ";" in line and "," not in line else ",")
        cells = line.split(separator)
        if len(cells) > limits.columns:
            raise _refuse(f"this line has more than {limits.columns:,} columns", row=number)
        if any(len(cell) > limits.field for cell in cells):
            raise _refuse(f"a value has more than {limits.field:,} characters", row=number)
        rows.append((number, [cell.strip() for cell in cells]))
        if len(rows) > _max_points() + 1:
            raise _too_many_points(number)
    return Table(rows)


def table_from_upload(upload) -> Table:
    """A CSV or XLSX file. Refused when over 5 MB, over the row, column, cell or point limits, or not readable."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > MAX_BYTES:
        raise _refuse("The file is larger than 5 MB. Split the data into smaller files")
    if name.endswith(".xlsx"):
        return _table_from_xlsx(upload)
    if name.endswith((".csv", ".txt", ".tsv")):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        return _table_from_csv(text)
    raise _refuse("The file must be a CSV (.csv) or Excel workbook (.xlsx)")


def _table_from_csv(text: str) -> Table:
    sample = text[:4096]
    delimiter = "\t" if "\t" in sample else (";" if sample.count(";") > sample.count(",") else ",")
    rows = []
    try:
        for number, cells in csv_rows(text, delimiter=delimiter):
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((number, [cell.strip() for cell in cells]))
            if len(rows) > _max_points() + 1:
                raise _too_many_points(number)
    except SpreadsheetRefused as error:
        raise _refuse(error.message, row=error.row) from error
    return Table(rows)


def _table_from_xlsx(upload) -> Table:
    from openpyxl import load_workbook

    try:
        xlsx_check_size(upload)
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except SpreadsheetRefused as error:
        raise _refuse(error.message) from error
    except Exception as error:
        raise _refuse(
            "The file could not be read as an Excel workbook. Save it as .xlsx or .csv and try again"
        ) from error
    notes = []
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise _refuse("The workbook has no sheets")
        sheet = sheets[0]
        if len(sheets) > 1:
            notes.append(f"The workbook has {len(sheets)} sheets: only the first, “{sheet.title}”, was read.")
        rows = []
        problems = []
        for number, cells in xlsx_rows(sheet, columns=len(COLUMNS)):
            values = []
            for index, cell in enumerate(cells):
                value = cell.value
                if getattr(cell, "data_type", "") == "f" or (isinstance(value, str) and value.startswith("=")):
                    problems.append(
                        Problem(
                            number, COLUMN_LETTERS[index], "this cell has a formula: copy and paste its value instead"
                        )
                    )
                values.append(value)
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            rows.append((number, values))
            if len(rows) > _max_points() + 1:
                raise _too_many_points(number)
        if problems:
            raise ImportRefused(problems, notes=notes)
        return Table(rows, notes)
    except SpreadsheetRefused as error:
        raise _refuse(error.message, row=error.row) from error
    finally:
        workbook.close()


def _is_header(cells: list[object]) -> bool:
    first = cells[0] if cells else None
    if isinstance(first, datetime.date):
        return False
    text = str(first or "").strip().lower()
    return bool(text) and not text[0].isdigit()


def _parse_date(cell: object, frequency: str) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = str(cell or "").strip()
    if not text:
        raise ValueError("the date is empty. Enter a date, like 2025-03-31 or 31/03/2025")
    if match := UK_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    if frequency == Frequency.MONTHLY and (match := ISO_MONTH.match(text)):
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"“{text[:40]}” is not a date. Enter a date, like 2025-03-31 or 31/03/2025") from None


def _parse_number(cell: object, name: str) -> Decimal:
    if isinstance(cell, bool):
        raise ValueError(f"the {name} must be a number")
    if isinstance(cell, int | float):
        if isinstance(cell, float) and not math.isfinite(cell):
            raise ValueError(f"the {name} must be a number")
        return Decimal(str(cell))
    text = str(cell if cell is not None else "").strip()
    if not text:
        raise ValueError(f"the {name} is empty. Enter a number, or leave the whole row out")
    if not NUMBER.match(text):
        raise ValueError(f"“{text[:40]}” is not a number. Enter the {name} in figures, like 12 or 3.5")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{text[:40]}” is not a number") from None


def frequency_problem(period: datetime.date, frequency: str, anchor: datetime.date | None) -> str:
    """Why this date does not fit the measure's frequency, or "" when it fits."""
    if frequency == Frequency.MONTHLY and period.day != 1:
        return (
            f"{period:%d/%m/%Y} is not the first day of a month. Monthly data use the first day of each month, "
            f"like {period.replace(day=1):%d/%m/%Y}"
        )
    if frequency == Frequency.WEEKLY and anchor is not None and period.weekday() != anchor.weekday():
        return (
            f"{period:%d/%m/%Y} is a {period:%A}, but the weeks of this measure start on a {anchor:%A}. "
            f"Use the date each week starts"
        )
    return ""


def check_rows(
    table: Table,
    *,
    frequency: str,
    chart: str,
    needs_denominator: bool,
    existing_periods: Iterable[datetime.date] = (),
    anchor: datetime.date | None = None,
) -> list[Row]:
    """Turn raw cells into rows, or raise ImportRefused listing every problem (nothing is half-read)."""
    raw = list(table.rows)
    if raw and _is_header(raw[0][1]):
        raw = raw[1:]
    if not raw:
        raise ImportRefused([Problem(1, "", "there are no rows of data. Enter a date and a value on each row")])
    if len(raw) > _max_points():
        raise _too_many_points(raw[_max_points()][0])
    existing = set(existing_periods)
    seen: dict[datetime.date, int] = {}
    problems: list[Problem] = []
    rows: list[Row] = []
    for number, raw_cells in raw:
        cells = [*raw_cells, None, None, None]
        found = len(problems)
        period = _check_period(number, cells[0], frequency, anchor, seen, existing, problems)
        anchor = anchor or period
        value, denominator = _check_numbers(number, cells, chart, needs_denominator, problems)
        if len(problems) == found and period is not None and value is not None:
            rows.append(Row(number, period, value, denominator))
    if problems:
        raise ImportRefused(problems, notes=table.notes)
    return rows


def _check_period(number, cell, frequency, anchor, seen, existing, problems) -> datetime.date | None:
    column = "A (date)"
    try:
        period = _parse_date(cell, frequency)
    except ValueError as error:
        problems.append(Problem(number, column, str(error)))
        return None
    if message := frequency_problem(period, frequency, anchor or period):
        problems.append(Problem(number, column, message))
    elif period > timezone.localdate():
        problems.append(
            Problem(
                number,
                column,
                f"{period:%d/%m/%Y} is in the future. Check the year, or add this point once the period has started",
            )
        )
    elif period in seen:
        problems.append(
            Problem(number, column, f"{period:%d/%m/%Y} is already on row {seen[period]}. Keep one row per period")
        )
    elif period in existing:
        problems.append(
            Problem(
                number,
                column,
                f"there is already a value for {period:%d/%m/%Y}. Change that point instead, or leave this row out",
            )
        )
    seen.setdefault(period, number)
    return period


def _check_numbers(number, cells, chart, needs_denominator, problems) -> tuple[Decimal | None, Decimal | None]:
    value = denominator = None
    try:
        value = _parse_number(cells[1], "value")
    except ValueError as error:
        problems.append(Problem(number, "B (value)", str(error)))
    if needs_denominator:
        try:
            denominator = _parse_number(cells[2], "denominator")
        except ValueError as error:
            problems.append(Problem(number, "C (denominator)", str(error)))
        else:
            if denominator <= 0:
                problems.append(
                    Problem(number, "C (denominator)", "the denominator is 0 or less. It must be more than 0")
                )
            elif chart == ChartType.P and value is not None and value > denominator:
                problems.append(
                    Problem(number, "B (value)", "the value is larger than its denominator: a proportion cannot be")
                )
    if value is not None and chart in COUNT_CHARTS and value < 0:
        problems.append(Problem(number, "B (value)", "counts cannot be negative"))
    return value, denominator
