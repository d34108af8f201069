"""The 35 "SPC Charts XmR Testing" cases for the MDC Single Chart Tool v5.0.

Values and expected colours come from the MDC test data (``Test Data.csv`` beside the
test specification): ``.`` grey (common cause), ``B`` blue (improvement), ``O`` orange
(concern), ``P`` purple (special cause, no direction). Case settings follow the
specification: direction from the case name (high is good otherwise), a recalculation
at point 16 for the recalculated and crossing cases, a 15-point baseline for
"Baselines - Recalculated".
"""

import numpy as np
import pytest

import withus_spc as spc

COLOURS = {"common": ".", "improvement": "B", "concern": "O", "neither": "P"}

SPECIAL = "8 27 32 26 20 21 23 21 23 22 26 23 20 20 29 28 22 23 25 26 28 29 26 24 36 29 35 22 30 18"
RECALC = "16 24 22 19 19 18 24 25 18 17 16 25 15 23 19 35 32 35 31 27 33 28 38 35 30 28 29 27 24 23"
CONFLICT = "43 41 37 36 31 23 15 13 15 18 23 27 31 36 27 19 17 27 15 22"
VARIATION = "16 20 22 18 21 18 26 28 24 26 19 18 25 32 43 28 22"
RECALC_AT_16 = {"recalc_at": [16]}

# (case, options, values, expected colours)
CASES = [
    ("Number of points - 12", {}, "30 31 25 35 34 15 21 23 30 26 26 22", "............"),
    ("Number of points - 13", {}, "30 31 25 35 34 15 21 23 30 26 26 22 25", "............."),
    ("Process limits - 15", {}, "20 24 20 26 22 16 18 16 31 28 34 26 30 19 18", "..............."),
    ("Process limits - 10", {}, "20 24 20 26 22 16 18 16 31 28", ".........."),
    ("Special cause - High is good", {}, SPECIAL, "O...OOOOOO......BBBBBB..B.B..."),
    ("Special cause - Low is good", {"direction": "down"}, SPECIAL, "B...BBBBBB......OOOOOO..O.O..."),
    ("Special cause - Neither", {"direction": "neither"}, SPECIAL, "P...PPPPPP......PPPPPP..P.P..."),
    (
        "Special cause - single point - ends",
        {},
        "45 29 20 22 25 20 27 24 22 23 20 26 20 15 5",
        "B.............O",
    ),
    (
        "Special cause - single point - middle",
        {},
        "29 32 35 45 43 23 18 20 16 7 28 26 22 19 20",
        "...BB....O.....",
    ),
    (
        "Special cause - shift - ends",
        {},
        "31 35 34 29 29 32 26 26 32 35 30 18 31 25 27 22 18 25 25 17",
        "BBBBBB.......OOOOOOO",
    ),
    (
        "Special cause - shift - middle",
        {},
        "31 22 19 21 18 18 22 22 29 25 23 26 31 26 28 29 32 24 31 22",
        ".OOOOOOO...BBBBBB...",
    ),
    (
        "Special cause - trend - no pauses",
        {},
        "11 14 18 20 22 23 18 21 17 23 26 20 16 25 23 22 19 16 15 12",
        "BBBBBB.......OOOOOOO",
    ),
    (
        "Special cause - trend - pauses",
        {},
        "23 30 28 25 25 20 18 24 16 13 14 18 18 24 26 29 19 20 28 16",
        "....................",
    ),
    (
        "Special cause - two-sigma - 1",
        {},
        "42 40 39 26 39 24 22 29 32 22 20 23 25 26 22 24 27 7 19 24 7 7 32",
        "BBB.B...............OO.",
    ),
    (
        "Special cause - two-sigma - 2",
        {},
        "42 40 39 26 39 24 22 29 32 22 20 23 25 26 22 24 27 7 19 24 7 2 32",
        "BBB.B................O.",
    ),
    (
        "Special cause - two-sigma - 3",
        {},
        "42 40 39 24 39 24 22 29 32 22 20 23 25 26 22 24 27 7 19 26 7 7 32",
        "BBB....................",
    ),
    ("Special cause conflict - Low is good", {"direction": "down"}, CONFLICT, "BBBBBBBBBBBOOO......"),
    ("Recalculations", {}, RECALC, "OOOOOOOOOOOOOOOBBBBBBBBBBBBB.."),
    ("Recalculations - Recalculated", RECALC_AT_16, RECALC, "........................OOOOOO"),
    ("Baselines", {}, RECALC, "OOOOOOOOOOOOOOOBBBBBBBBBBBBB.."),
    ("Baselines - Recalculated", {"baseline": 15}, RECALC, "...............BBBBBBBBBBBBBBB"),
    (
        "Special cause crossing recalculations - shift",
        RECALC_AT_16,
        "28 23 26 21 23 25 24 29 30 27 25 30 27 24 19 22 28 28 29 33 28 30 31 30 26 27 34 30 32 35",
        ".............OOOOOO...........",
    ),
    (
        "Special cause crossing recalculations - trend",
        RECALC_AT_16,
        "28 23 26 21 23 25 24 29 30 27 25 30 27 26 19 22 26 28 29 33 28 30 31 30 26 27 34 30 32 35",
        "..............BBBBBB..........",
    ),
    (
        "Special cause crossing recalculations - two-sigma",
        RECALC_AT_16,
        "28 23 26 21 23 25 24 29 30 27 25 30 27 24 19 22 32 28 29 33 28 30 31 30 26 27 34 30 32 35",
        "..............OO..............",
    ),
    ("Summary icons - assurance - high is good", {}, RECALC, "OOOOOOOOOOOOOOOBBBBBBBBBBBBB.."),
    (
        "Summary icons - assurance - low is good",
        {"direction": "down"},
        RECALC,
        "BBBBBBBBBBBBBBBOOOOOOOOOOOOO..",
    ),
    ("Summary icons - variation - High is good", {}, VARIATION + " 45", "OOOOOO........B..B"),
    (
        "Summary icons - variation - Low is good",
        {"direction": "down"},
        VARIATION + " 45",
        "BBBBBB........O..O",
    ),
    ("Summary icons - variation - High is good 2", {}, VARIATION + " 25", "OOOOOO........B..."),
    ("Summary icons - variation - High is good 3", {}, VARIATION + " 5", "OOOOOO........B..O"),
    (
        "Summary icons - variation - Low is good 3",
        {"direction": "down"},
        VARIATION + " 5",
        "BBBBBB........O..B",
    ),
    (
        "Summary icons - variation - Neither",
        {"direction": "neither"},
        VARIATION + " 45",
        "PPPPPP........P..P",
    ),
    ("Summary icons - variation - Too few points", {}, "16 20 22 18 21 18 26 28 24 26", ".........."),
    (
        "Summary icons - variation - Neither2",
        {"direction": "neither"},
        VARIATION + " 25",
        "PPPPPP........P...",
    ),
]

CONFLICT_HIGH_FIXTURE = "BBBBOOOBBBBBBBB....."
# The fixture colours point 15 (value 27) blue, but the specification's own text says the
# rising trend is points 8-14, and no rule reaches point 15: it is above the mean (25.80)
# but well inside the 2-sigma line (35.23), with no 6-point shift. We follow the rules.
CONFLICT_HIGH_BY_THE_RULES = "BBBBOOOBBBBBBB......"


def colours(values: str, **options) -> str:
    result = spc.analyse([float(v) for v in values.split()], **options)
    return "".join(COLOURS[name] for name in result.category)


@pytest.mark.parametrize(("options", "values", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_mdc_case_colours(options, values, expected):
    assert colours(values, **options) == expected


def test_there_are_34_cases_plus_the_fixture_error():
    assert len(CASES) + 1 == 35


def test_conflict_high_is_good_matches_the_fixture_except_its_documented_error_at_point_15():
    ours = colours(CONFLICT)
    assert ours == CONFLICT_HIGH_BY_THE_RULES
    differences = [i + 1 for i, (a, b) in enumerate(zip(ours, CONFLICT_HIGH_FIXTURE, strict=True)) if a != b]
    assert differences == [15]


def test_the_point_the_fixture_marks_is_inside_every_line():
    result = spc.analyse([float(v) for v in CONFLICT.split()])
    assert result.centre[14] < result.value[14] < result.upper_2sigma[14]
    assert result.rules(14) == ()


# Mean, mean moving range, lower and upper limits derived in qi-spc.md section 3.1.
DERIVED_LIMITS = [
    ("30 31 25 35 34 15 21 23 30 26 26 22 25", {}, 26.3846, 12.4196, 40.3496),
    ("20 24 20 26 22 16 18 16 31 28 34 26 30 19 18", {}, 23.2000, 8.7600, 37.6400),
    (SPECIAL, {}, 24.7333, 11.8920, 37.5747),
    (CONFLICT, {}, 25.8000, 11.6600, 39.9400),
    (RECALC, {}, 25.1667, 13.3343, 36.9991),
    (VARIATION + " 45", {}, 25.0556, 8.0003, 42.1108),
    (VARIATION + " 25", {}, 23.9444, 10.0186, 37.8703),
    (VARIATION + " 5", {}, 22.8333, 6.7169, 38.9498),
]


@pytest.mark.parametrize(("values", "options", "mean", "lower", "upper"), DERIVED_LIMITS)
def test_derived_limits(values, options, mean, lower, upper):
    result = spc.analyse([float(v) for v in values.split()], **options)
    assert result.centre[0] == pytest.approx(mean, abs=5e-5)
    assert result.lower[0] == pytest.approx(lower, abs=5e-5)
    assert result.upper[0] == pytest.approx(upper, abs=5e-5)


def test_process_limits_15_worked_numbers():
    result = spc.analyse([20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18])
    assert round(result.centre[0], 2) == 23.20
    assert round(result.upper[0], 2) == 37.64
    assert round(result.lower[0], 2) == 8.76
    assert result.moving_range_centre is not None
    assert round(result.moving_range_centre[0], 2) == 5.43


def test_recalculated_partitions_have_their_own_limits():
    result = spc.analyse([float(v) for v in RECALC.split()], recalc_at=[16])
    assert result.partition.tolist() == [0] * 15 + [1] * 15
    assert (round(result.centre[0], 4), round(result.lower[0], 4), round(result.upper[0], 4)) == (
        20.0,
        8.41,
        31.59,
    )
    assert result.centre[29] == pytest.approx(30.3333, abs=5e-5)
    assert result.lower[29] == pytest.approx(20.4533, abs=5e-5)
    assert result.upper[29] == pytest.approx(40.2133, abs=5e-5)


@pytest.mark.parametrize(
    ("direction", "target", "icon"),
    [
        ("up", 40, "fail"),
        ("down", 40, "pass"),
        ("up", 30, "hit-or-miss"),
        ("down", 30, "hit-or-miss"),
        ("up", 10, "pass"),
        ("down", 10, "fail"),
        ("neither", 30, None),
        ("up", None, None),
    ],
)
def test_assurance_icons(direction, target, icon):
    result = spc.analyse([float(v) for v in RECALC.split()], direction=direction, target=target)
    assert result.summary.assurance == icon


def test_assurance_uses_the_latest_partition():
    values = [float(v) for v in RECALC.split()]
    assert spc.analyse(values, target=40, recalc_at=[16]).summary.assurance == "hit-or-miss"
    assert spc.analyse(values, target=41, recalc_at=[16]).summary.assurance == "fail"


@pytest.mark.parametrize(
    ("last", "direction", "icon"),
    [
        ("45", "up", "improvement-high"),
        ("45", "down", "concern-high"),
        ("45", "neither", "neither-high"),
        ("25", "up", "common-cause"),
        ("5", "up", "concern-low"),
        ("5", "down", "improvement-low"),
        ("5", "neither", "neither-low"),
    ],
)
def test_variation_icons(last, direction, icon):
    result = spc.analyse([float(v) for v in (VARIATION + " " + last).split()], direction=direction)
    assert result.summary.variation == icon


def test_too_few_points_have_no_limits_or_icons_and_say_why():
    result = spc.analyse([16, 20, 22, 18, 21, 18, 26, 28, 24, 26], target=20)
    assert result.summary.variation is None
    assert result.summary.assurance is None
    assert np.isnan(result.upper).all()  # no limits drawn
    assert any("too few points" in warning for warning in result.summary.warnings)
