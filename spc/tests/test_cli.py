"""The withus-spc command: called in-process via main() and as a real subprocess."""

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from withus_spc.cli import main

VALUES = [8, 27, 32, 26, 20, 21, 23, 21, 23, 22, 26, 23, 20, 20, 29, 28, 22, 23, 25, 26]
START = dt.date(2024, 1, 1)


def write_csv(path: Path, rows, header="date,value") -> Path:
    path.write_text(header + "\n" + "\n".join(",".join(map(str, row)) for row in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def weekly_csv(tmp_path):
    rows = [((START + dt.timedelta(weeks=i)).isoformat(), value) for i, value in enumerate(VALUES)]
    return write_csv(tmp_path / "weekly.csv", rows)


def run_main(capsys, *args):
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_output(capsys, weekly_csv):
    code, out, err = run_main(capsys, weekly_csv, "--target", "30")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["chart"] == "xmr"
    assert data["preset"] == "mdc"
    first = data["points"][0]
    assert first["date"] == "2024-01-01"
    assert first["value"] == 8
    assert first["category"] == "concern"
    assert first["rules"] == ["beyond_limits"]
    assert {"variation", "assurance", "longest_run", "longest_run_max", "crossings", "crossings_min"} <= set(
        data["summary"]
    )
    assert data["summary"]["assurance"] == "hit-or-miss"


def test_csv_output(capsys, weekly_csv):
    code, out, _ = run_main(capsys, weekly_csv, "--format", "csv", "--chart", "run", "--preset", "ihi")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["date", "value", "centre", "lower", "upper", "category", "rules"]
    assert rows[0]["lower"] == ""  # a run chart has no limits
    assert len(rows) == len(VALUES)


def test_options_reach_the_engine(capsys, weekly_csv):
    code, out, _ = run_main(
        capsys,
        weekly_csv,
        "--recalc-at",
        "2024-03-11=new rota",
        "--ghost",
        "2024-01-01",
        "--direction",
        "down",
        "--shift",
        "7",
    )
    assert code == 0
    data = json.loads(out)
    assert data["points"][0]["category"] is None
    assert data["points"][10]["partition"] == 1
    assert data["summary"]["recalculations"] == [{"date": "2024-03-11", "row": 11, "reason": "new rota"}]
    assert data["settings"]["shift_length"] == 7


def test_rates_with_denominators(capsys, tmp_path):
    rows = [((START + dt.timedelta(weeks=i)).isoformat(), v % 7, 100 + i) for i, v in enumerate(VALUES)]
    path = write_csv(tmp_path / "rates.csv", rows, header="date,value,denominator")
    code, out, _ = run_main(capsys, path, "--chart", "u", "--multiply", "1000")
    assert code == 0
    assert json.loads(out)["points"][0]["value"] == pytest.approx(1 / 100 * 1000)


@pytest.mark.parametrize(
    ("rows", "header", "args", "message"),
    [
        (
            [("2024-01-01", 5), ("2024-01-08", "abc")],
            "date,value",
            [],
            "line 3, column 'value': 'abc' is not a number",
        ),
        (
            [("2024-01-01", 5), ("01/02/2024", 4)],
            "date,value",
            [],
            "line 3, column 'date': '01/02/2024' is not an ISO",
        ),
        ([("2024-01-01", 5), ("2024-01-01", 4)], "date,value", [], "line 3, column 'date': duplicate date"),
        (
            [("2024-01-08", 5), ("2024-01-01", 4)],
            "date,value",
            [],
            "line 3, column 'date': dates must be in order",
        ),
        ([("2024-01-01", 5), ("2024-01-08", -4)], "date,value", ["--chart", "c"], "line 3, column 'value'"),
        ([("2024-01-01", 5, 10), ("2024-01-08", 4, 0)], "date,value,denominator", ["--chart", "u"], "line 3"),
        (
            [("2024-01-01", 5, 10), ("2024-01-08", 4, "")],
            "date,value,denominator",
            ["--chart", "p"],
            "line 3",
        ),
        (
            [("2024-01-01", 5, 10), ("2024-01-08", 14, 10)],
            "date,value,denominator",
            ["--chart", "p"],
            "larger",
        ),
        (
            [("2024-01-01", 5), ("2024-01-08", 4)],
            "date,value",
            ["--recalc-at", "2024-02-01"],
            "not one of the dates",
        ),
        ([("2024-01-01", 5), ("2024-01-08", 4)], "date,values", [], "missing column(s) value"),
        ([("2024-01-01", 5)], "date,value,notes", [], "unexpected column(s) 'notes'"),
        ([("2024-01-01", 5), ("2024-01-08",)], "date,value", [], "expected 2 columns, found 1"),
        ([], "date,value", [], "no data rows"),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_1(capsys, tmp_path, rows, header, args, message):
    path = write_csv(tmp_path / "bad.csv", rows, header=header)
    code, out, err = run_main(capsys, path, *args)
    assert code == 1
    assert out == ""
    assert err.startswith("withus-spc: error: ")
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_missing_file(capsys, tmp_path):
    code, _, err = run_main(capsys, tmp_path / "nope.csv")
    assert code == 1
    assert "cannot find the file" in err


def test_unknown_option_is_a_usage_error(capsys, weekly_csv):
    code, _, err = run_main(capsys, weekly_csv, "--chart", "xbar")
    assert code == 2
    assert "invalid choice: 'xbar'" in err
    code, _, err = run_main(capsys, weekly_csv, "--colour", "blue")
    assert code == 2
    assert "unrecognized arguments: --colour blue" in err


def test_out_of_range_option_from_the_engine(capsys, weekly_csv):
    code, _, err = run_main(capsys, weekly_csv, "--shift", "4")
    assert code == 1
    assert "option 'shift_length': must be from 6 to 9" in err


def run_subprocess(*args, stdin=None):
    return subprocess.run(  # noqa: S603 - a fixed interpreter and module, arguments from the test
        [sys.executable, "-m", "withus_spc", *map(str, args)],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def test_subprocess_success(weekly_csv):
    completed = run_subprocess(weekly_csv, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    assert len(json.loads(completed.stdout)["points"]) == len(VALUES)


def test_subprocess_reads_standard_input(weekly_csv):
    completed = run_subprocess("-", "--format", "csv", stdin=weekly_csv.read_text(encoding="utf-8"))
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("date,value,centre,lower,upper,category,rules\n")


def test_subprocess_bad_input_has_no_traceback(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [("2024-01-01", 5), ("2024-01-08", "n/a")])
    completed = run_subprocess(path)
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    assert "line 3, column 'value': 'n/a' is not a number" in completed.stderr
