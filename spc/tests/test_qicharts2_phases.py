"""qicharts2's ``freeze`` and ``part``, reproduced with ``baseline`` and ``recalc_at``.

``data/qicharts2_phase_cases.json`` holds 20 qicharts2 results (I, C, U, P and run
charts, each once with ``freeze`` and once with ``part`` at the same point): per point the
plotted ``y``, ``cl``, ``lcl``, ``ucl``, ``phase``, ``sigma_signal`` and the runs analysis
of the point's phase. qicharts2's ``freeze = N`` fixes the limits on the first N points,
which is ``baseline=N``; ``part = N`` ends the first phase at point N, so new limits start
at row N + 1, which is ``recalc_at=[N + 1]``. Both use the ``anhoej`` preset, which is
qicharts2's own rule set (3 sigma and the Anhøj runs analysis, no shift or trend rule).
"""

import json
from pathlib import Path

import numpy as np
import pytest

import withus_spc as spc

CASES_FILE = Path(__file__).parent / "data" / "qicharts2_phase_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CHART = {"i": "xmr", "c": "c", "u": "u", "p": "p", "run": "run"}
RUNS_FIELDS = ("longest_run", "longest_run_max", "crossings", "crossings_min", "runs_signal")
# The file prints 15 significant figures.
RELATIVE = 1e-9


def case_id(case):
    how = f"freeze{case['freeze']}" if case["freeze"] is not None else f"part{case['part']}"
    return f"{CASES.index(case) + 1:02d}-{case['chart']}-{how}"


def options_for(case):
    options = {"chart": CHART[case["chart"]], "preset": "anhoej"}
    if case["denominators"] is not None:
        options["denominators"] = case["denominators"]
    if case["freeze"] is not None:
        options["baseline"] = case["freeze"]
    if case["part"] is not None:
        options["recalc_at"] = [case["part"] + 1]
    return options


def line(values):
    return np.array([np.nan if value is None else value for value in values], dtype=float)


def runs_of(summary):
    return tuple(getattr(summary, name) for name in RUNS_FIELDS)


def runs_at(case, index):
    return tuple(case[name][index] for name in RUNS_FIELDS)


def test_the_file_holds_twenty_cases_each_with_freeze_or_part():
    assert len(CASES) == 20
    assert all((case["freeze"] is None) != (case["part"] is None) for case in CASES)
    assert {case["chart"] for case in CASES} == set(CHART)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_limits_signals_and_phases_match_qicharts2(case):
    result = spc.analyse(case["values"], **options_for(case))
    np.testing.assert_allclose(result.value, line(case["y"]), rtol=RELATIVE)
    np.testing.assert_allclose(result.centre, line(case["cl"]), rtol=RELATIVE)
    np.testing.assert_allclose(result.lower, line(case["lcl"]), rtol=RELATIVE, atol=1e-15)
    np.testing.assert_allclose(result.upper, line(case["ucl"]), rtol=RELATIVE)
    beyond = [spc.RULE_BEYOND_LIMITS in result.rules(index) for index in range(len(result))]
    assert beyond == case["sigma_signal"]
    assert (result.partition + 1).tolist() == case["phase"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_runs_analysis_of_the_latest_phase_matches_qicharts2(case):
    result = spc.analyse(case["values"], **options_for(case))
    assert runs_of(result.summary) == runs_at(case, -1)


@pytest.mark.parametrize("case", [case for case in CASES if case["part"] is not None], ids=case_id)
def test_runs_analysis_of_the_first_phase_matches_qicharts2(case):
    # qicharts2 analyses each part on its own: the first part is the first `part` points alone.
    first = case["part"]
    options = options_for(case)
    del options["recalc_at"]
    if "denominators" in options:
        options["denominators"] = options["denominators"][:first]
    result = spc.analyse(case["values"][:first], **options)
    assert runs_of(result.summary) == runs_at(case, 0)
