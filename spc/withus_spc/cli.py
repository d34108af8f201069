"""``withus-spc``: analyse a CSV of ``date,value[,denominator]`` from the command line.

Writes JSON (default) or CSV to standard output. Any problem with the input is one
plain message on standard error, naming the line and column, and exit status 1
(2 for a mistake in the command itself); never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from withus_spc.engine import analyse
from withus_spc.errors import InvalidDataError, SpcError
from withus_spc.names import CHARTS, DIRECTIONS
from withus_spc.options import AnalysisOptions
from withus_spc.presets import PRESET_NAMES
from withus_spc.result import SpcResult

PROGRAM = "withus-spc"
REQUIRED_COLUMNS = ("date", "value")
OPTIONAL_COLUMNS = ("denominator",)
CSV_OUTPUT_COLUMNS = ("date", "value", "centre", "lower", "upper", "category", "rules")
EXIT_BAD_INPUT = 1


class InputFileError(Exception):
    """A problem reading the CSV file itself, already phrased for the user."""


@dataclass
class Table:
    dates: list[dt.date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    denominators: list[float] | None = None
    line_numbers: list[int] = field(default_factory=list)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Run chart and SPC chart analysis (NHS Making Data Count and other rule sets).",
        epilog="Input: a CSV file with a header row and columns date,value[,denominator]; ISO dates.",
    )
    parser.add_argument("input", help="CSV file to read ('-' for standard input)")
    parser.add_argument("--chart", choices=CHARTS, default="xmr", help="chart type (default: xmr)")
    parser.add_argument("--preset", choices=PRESET_NAMES, default="mdc", help="rule set (default: mdc)")
    parser.add_argument("--direction", choices=DIRECTIONS, default="up", help="which way is better")
    parser.add_argument("--target", type=float, help="target value, for the assurance icon")
    parser.add_argument(
        "--recalc-at",
        action="append",
        default=[],
        metavar="DATE[=REASON]",
        help="start new limits at this date (repeatable), optionally with a reason",
    )
    parser.add_argument("--baseline", type=int, metavar="N", help="fix the limits on the first N points")
    parser.add_argument("--ghost", action="append", default=[], metavar="DATE", help="show but leave out of sums")
    parser.add_argument("--multiply", type=float, default=1.0, metavar="K", help="scale rates, e.g. 1000")
    parser.add_argument("--shift", type=int, metavar="N", help="override the shift length (6-9)")
    parser.add_argument("--trend", type=int, metavar="N", help="override the trend length (6-9)")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default: json)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has already printed the usage and the problem
        return int(stop.code or 0)
    try:
        options = options_from(args)
        table = read_table(args.input)
        result = analyse(table.values, options, dates=table.dates, denominators=table.denominators)
    except InputFileError as error:
        return _fail(str(error))
    except InvalidDataError as error:
        return _fail(_locate(error, table, args.input))
    except SpcError as error:
        return _fail(str(error))
    write_result(result, args.format, sys.stdout)
    return 0


def options_from(args: argparse.Namespace) -> AnalysisOptions:
    """The analysis options the command line asks for (argparse has checked the choices)."""
    return AnalysisOptions(
        chart=args.chart,
        preset=args.preset,
        direction=args.direction,
        target=args.target,
        recalc_at=[_split_reason(entry) for entry in args.recalc_at],
        baseline=args.baseline,
        ghosts=args.ghost,
        multiply=args.multiply,
        shift_length=args.shift,
        trend_length=args.trend,
    )


def _fail(message: str) -> int:
    sys.stderr.write(f"{PROGRAM}: error: {message}\n")
    return EXIT_BAD_INPUT


def _split_reason(entry: str) -> tuple[str, str]:
    date, _, reason = entry.partition("=")
    return date.strip(), reason.strip()


def _locate(error: InvalidDataError, table: Table, source: str) -> str:
    if error.row is None:
        return f"{source}, column '{error.column}': {error.reason}"
    line = table.line_numbers[error.row - 1]
    return f"{source}, line {line}, column '{error.column}': {error.reason}"


def read_table(source: str) -> Table:
    try:
        if source == "-":
            return parse_table(sys.stdin, "standard input")
        with Path(source).open(encoding="utf-8-sig", newline="") as handle:
            return parse_table(handle, source)
    except FileNotFoundError:
        raise InputFileError(f"cannot find the file {source}") from None
    except UnicodeDecodeError:
        raise InputFileError(f"{source} is not a UTF-8 text file") from None
    except OSError as error:
        raise InputFileError(f"cannot read {source}: {error.strerror or error}") from None
    except csv.Error as error:
        raise InputFileError(f"{source} is not valid CSV: {error}") from None


def parse_table(handle: TextIO, source: str) -> Table:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise InputFileError(f"{source} is empty; it needs a header row: date,value[,denominator]")
    columns = [name.strip().lower() for name in header]
    _check_header(columns, source)
    position = {name: columns.index(name) for name in columns}
    table = Table(denominators=[] if "denominator" in position else None)
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) != len(columns):
            raise InputFileError(f"{source}, line {line}: expected {len(columns)} columns, found {len(row)}")
        table.line_numbers.append(line)
        table.dates.append(_parse_date(row[position["date"]], source, line))
        table.values.append(_parse_number(row[position["value"]], "value", source, line))
        if table.denominators is not None:
            table.denominators.append(_parse_number(row[position["denominator"]], "denominator", source, line))
    if not table.values:
        raise InputFileError(f"{source} has a header but no data rows")
    return table


def _check_header(columns: list[str], source: str) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    unknown = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    repeated = {name for name in columns if columns.count(name) > 1}
    if missing or unknown or repeated:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unexpected column(s) {', '.join(repr(name) for name in unknown)}")
        if repeated:
            problems.append(f"repeated column(s) {', '.join(sorted(repeated))}")
        raise InputFileError(f"{source}, line 1: {'; '.join(problems)}; the header must be date,value[,denominator]")


def _parse_date(text: str, source: str, line: int) -> dt.date:
    text = text.strip()
    if not text:
        raise InputFileError(f"{source}, line {line}, column 'date': the date is missing")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputFileError(
            f"{source}, line {line}, column 'date': {text!r} is not an ISO date (YYYY-MM-DD)"
        ) from None


def _parse_number(text: str, column: str, source: str, line: int) -> float:
    text = text.strip()
    if not text:
        return math.nan  # an empty cell is a gap in the series
    try:
        number = float(text)
    except ValueError:
        raise InputFileError(f"{source}, line {line}, column '{column}': {text!r} is not a number") from None
    if not math.isfinite(number):
        raise InputFileError(f"{source}, line {line}, column '{column}': {text!r} is not a finite number")
    return number


def write_result(result: SpcResult, output_format: str, out: TextIO) -> None:
    data = result.to_dict()
    if output_format == "json":
        out.write(json.dumps(data, indent=2, allow_nan=False, ensure_ascii=False))
        out.write("\n")
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_OUTPUT_COLUMNS)
    for point in data["points"]:
        writer.writerow([_csv_cell(point[name]) for name in CSV_OUTPUT_COLUMNS])
    out.write(buffer.getvalue())


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
