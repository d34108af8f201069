"""Spreadsheets: the one formula guard (OWASP ASVS v5.0.0-1.2.10), used by every CSV and XLSX file WithUs writes,
and the one way to read the CSV and XLSX files people upload within the limits in settings.

A spreadsheet runs a cell whose text starts with = + - or @ as a formula, and some also treat a leading tab,
carriage return, line feed or NUL that way (a line feed or tab can hide an = after it). Such text is written with a
single quote in front, so it stays text: "=HYPERLINK(...)" becomes "'=HYPERLINK(...)". Numbers (int, float,
Decimal), and text that is only a plain number such as "-3" or "-2.5e-3", are never changed, so a negative figure
stays a number; a phone number such as "+44 7700 900123" is text and gets the quote.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?")


def safe_cell(value):
    """`value` as a spreadsheet should store it: text that would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


_FIRST_CHARACTERS = frozenset(start[0] for start in FORMULA_STARTS)


def safe_row(values: Iterable) -> list:
    """`safe_cell` over a row (inlined: an export of 100,000 rows calls it for every cell)."""
    return [
        "'" + value
        if value.__class__ is str and value[:1] in _FIRST_CHARACTERS and not PLAIN_NUMBER.fullmatch(value)
        else safe_cell(value)
        if isinstance(value, str) and value.__class__ is not str
        else value
        for value in values
    ]


def csv_text(header: Sequence[str], rows: Iterable[Iterable]) -> str:
    """A CSV document (RFC 4180: commas, double quotes, CRLF line ends) with every cell through `safe_cell`."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    writer.writerows(map(safe_row, rows))
    return output.getvalue()


# --- Reading CSV and XLSX files people upload (issue 12 item 6) ----------------------------------------------

# An Excel row of a few cells takes about 100-150 bytes of XML; a workbook whose sheets and shared strings unpack
# to more than this per row allowed is refused before anything is parsed (a zip bomb unpacks to gigabytes).
XLSX_BYTES_PER_ROW = 250


class SpreadsheetRefused(Exception):
    """An uploaded or pasted table cannot be read within the limits; `message` says what to do, and `row` where
    (messages about a row start in lower case, to follow "Row 12: ")."""

    def __init__(self, message: str, *, row: int = 1):
        self.message = message
        self.row = row
        super().__init__(message)


@dataclass(frozen=True)
class ReadLimits:
    rows: int
    columns: int
    field: int


def read_limits() -> ReadLimits:
    """The limits in settings (WITHUS_MAX_SPREADSHEET_ROWS, _COLUMNS and WITHUS_MAX_FIELD_CHARACTERS)."""
    return ReadLimits(
        rows=settings.WITHUS_MAX_SPREADSHEET_ROWS,
        columns=settings.WITHUS_MAX_SPREADSHEET_COLUMNS,
        field=settings.WITHUS_MAX_FIELD_CHARACTERS,
    )


def _too_many_rows(limits: ReadLimits, row: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"the file has more than {limits.rows:,} rows, counting any empty ones. Split the data into smaller files, "
        "or delete the empty rows below the data",
        row=row,
    )


def _too_many_columns(limits: ReadLimits, row: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"this row has more than {limits.columns:,} columns. Keep only the columns the data need", row=row
    )


def _field_too_long(limits: ReadLimits, row: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"a cell has more than {limits.field:,} characters. Check that the file is the right one, and shorten "
        "that cell",
        row=row,
    )


def csv_rows(text: str, *, delimiter: str = ",", limits: ReadLimits | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) of CSV text, or raise SpreadsheetRefused at the first row over a limit: more rows
    than allowed (empty ones count), more columns, or a longer cell. A cell longer than the csv module's own limit
    (131,072 characters), or a file that is not CSV, is refused the same way instead of failing."""
    limits = limits or read_limits()
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > limits.rows:
                raise _too_many_rows(limits, number)
            if len(cells) > limits.columns:
                raise _too_many_columns(limits, number)
            if any(len(cell) > limits.field for cell in cells):
                raise _field_too_long(limits, number)
            yield number, cells
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _field_too_long(limits, number + 1) from error
        raise SpreadsheetRefused(
            "this row could not be read. Save the file as CSV (comma-separated values) and try again",
            row=number + 1,
        ) from error


def xlsx_check_size(upload, *, limits: ReadLimits | None = None) -> None:
    """Refuse a workbook whose sheets unpack to more XML than the row limit needs, before openpyxl reads it."""
    limits = limits or read_limits()
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(
                item.file_size
                for item in archive.infolist()
                if item.filename.startswith("xl/worksheets/") or item.filename == "xl/sharedStrings.xml"
            )
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetRefused(
            "The file could not be read as an Excel workbook. Save it as .xlsx or .csv and try again"
        ) from error
    finally:
        upload.seek(0)
    if unpacked > limits.rows * XLSX_BYTES_PER_ROW:
        raise SpreadsheetRefused(
            f"The workbook is larger than {limits.rows:,} rows of data need. Copy just the data into a new "
            "workbook, or save the sheet as CSV, and try again"
        )


def xlsx_rows(sheet, *, columns: int, limits: ReadLimits | None = None) -> Iterator[tuple[int, tuple]]:
    """Yield (row number, cells) of the first `columns` columns of an openpyxl read-only sheet, streaming, and stop
    at the row limit (a million empty rows cost no more than the limit's worth). Raises SpreadsheetRefused for a
    row past the limit, a value past the column limit, or a cell over the character limit."""
    limits = limits or read_limits()
    # The sheet's own dimensions may claim a million rows: read only the rows there are, up to the limit.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(max_row=limits.rows + 1, max_col=limits.columns + 1), start=1):
        if number > limits.rows:
            raise _too_many_rows(limits, number)
        if len(cells) > limits.columns and cells[limits.columns].value is not None:
            raise _too_many_columns(limits, number)
        if any(isinstance(cell.value, str) and len(cell.value) > limits.field for cell in cells):
            raise _field_too_long(limits, number)
        yield number, tuple(cells[:columns])
