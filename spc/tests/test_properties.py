"""Property-based tests: invariants that must hold for any data."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import withus_spc as spc

XMR_PRESETS = ["mdc", "mdc-sql", "ptd", "ihi", "anhoej"]
SWAPPED = {"improvement": "concern", "concern": "improvement", "neither": "neither", "common": "common"}

# Whole numbers keep the arithmetic exact, so equalities below are exact, not approximate.
values_strategy = st.lists(st.integers(-60, 60).map(float), min_size=15, max_size=60)


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


@settings(max_examples=60, deadline=None)
@given(values=values_strategy, preset=st.sampled_from(XMR_PRESETS))
def test_xmr_limits_are_symmetric_about_the_centre(values, preset):
    result = spc.analyse(values, preset=preset)
    assert np.allclose(result.upper - result.centre, result.centre - result.lower, equal_nan=True)
    assert np.allclose(result.upper_2sigma - result.centre, result.centre - result.lower_2sigma, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(
    values=values_strategy,
    preset=st.sampled_from(XMR_PRESETS),
    power=st.integers(-3, 3),
)
def test_scaling_the_values_scales_the_limits_and_keeps_the_colours(values, preset, power):
    factor = 2.0**power  # a power of two scales every floating-point step exactly
    base = spc.analyse(values, preset=preset)
    scaled = spc.analyse([value * factor for value in values], preset=preset)
    assert same(scaled.centre, base.centre * factor)
    assert same(scaled.lower, base.lower * factor)
    assert same(scaled.upper, base.upper * factor)
    assert same(scaled.category, base.category)


@settings(max_examples=60, deadline=None)
@given(values=values_strategy, preset=st.sampled_from(XMR_PRESETS))
def test_flipping_the_direction_swaps_improvement_and_concern(values, preset):
    up = spc.analyse(values, preset=preset, direction="up")
    down = spc.analyse(values, preset=preset, direction="down")
    for index, (going_up, going_down) in enumerate(zip(up.category, down.category, strict=True)):
        if going_up == going_down == "improvement":
            # A conflict (a trend through the mean against another rule) is improvement either way.
            assert preset in {"mdc", "mdc-sql", "ihi"}
            assert "trend" in up.rules(index)
        else:
            assert going_down == SWAPPED[going_up]
    assert same(up.rule_flags, down.rule_flags)


@settings(max_examples=40, deadline=None)
@given(
    series=st.lists(st.lists(st.integers(0, 40).map(float), min_size=1, max_size=40), min_size=1, max_size=12),
    preset=st.sampled_from(XMR_PRESETS),
    chart=st.sampled_from(["xmr", "run", "c", "g"]),
    direction=st.sampled_from(["up", "down", "neither"]),
)
def test_analyse_many_equals_analyse_series_by_series(series, preset, chart, direction):
    batch = spc.analyse_many(series, preset=preset, chart=chart, direction=direction, target=20)
    assert len(batch) == len(series)
    for values, together in zip(series, batch, strict=True):
        alone = spc.analyse(values, preset=preset, chart=chart, direction=direction, target=20)
        for name in (
            "value",
            "centre",
            "lower",
            "upper",
            "lower_2sigma",
            "upper_1sigma",
            "category",
            "rule_flags",
        ):
            assert same(getattr(together, name), getattr(alone, name)), name
        assert together.summary == alone.summary


@settings(max_examples=60, deadline=None)
@given(data=st.data(), values=values_strategy, preset=st.sampled_from(XMR_PRESETS))
def test_a_ghost_is_as_if_the_point_were_not_there(data, values, preset):
    ghost = data.draw(st.integers(2, len(values)), label="ghost row")
    with_ghost = spc.analyse(values, preset=preset, ghosts=[ghost])
    without = spc.analyse(values[: ghost - 1] + values[ghost:], preset=preset)
    keep = np.arange(len(values)) != ghost - 1
    for name in ("centre", "lower", "upper", "category", "rule_flags", "moving_range"):
        assert same(getattr(with_ghost, name)[keep], getattr(without, name)), name
    assert with_ghost.category[ghost - 1] == ""
    assert with_ghost.value[ghost - 1] == values[ghost - 1]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), values=values_strategy, preset=st.sampled_from(["mdc", "mdc-sql", "ihi"]))
def test_a_gap_is_bridged_by_presets_that_bridge(data, values, preset):
    gap = data.draw(st.integers(2, len(values) - 1), label="gap row")
    gapped = values.copy()
    gapped[gap - 1] = float("nan")
    with_gap = spc.analyse(gapped, preset=preset)
    without = spc.analyse(values[: gap - 1] + values[gap:], preset=preset)
    keep = np.arange(len(values)) != gap - 1
    for name in ("centre", "lower", "upper", "category", "moving_range"):
        assert same(getattr(with_gap, name)[keep], getattr(without, name)), name


@settings(max_examples=60, deadline=None)
@given(data=st.data(), values=values_strategy, preset=st.sampled_from(["ptd", "anhoej"]))
def test_a_gap_breaks_only_its_own_moving_ranges_in_presets_that_break(data, values, preset):
    gap = data.draw(st.integers(2, len(values) - 1), label="gap row")
    gapped = values.copy()
    gapped[gap - 1] = float("nan")
    full = spc.analyse(values, preset=preset)
    with_gap = spc.analyse(gapped, preset=preset)
    untouched = np.ones(len(values), dtype=bool)
    untouched[[gap - 1, gap]] = False  # the range into the gap and the range out of it
    assert same(with_gap.moving_range[untouched], full.moving_range[untouched])
    assert np.isnan(with_gap.moving_range[gap])
    assert with_gap.category[gap - 1] == ""


@pytest.mark.parametrize("preset", XMR_PRESETS)
def test_the_preset_is_recorded_in_every_result(preset):
    result = spc.analyse(list(range(20)), preset=preset, shift_length=None)
    assert result.preset == preset
    assert result.to_dict()["settings"]["name"] == preset
