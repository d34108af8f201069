"""Special-cause rules, vectorised over every assessed point of every series at once.

Points arrive compressed: missing values and ghosts are already removed, so a run or a
trend passes over them as if they were not there. ``breaks`` marks where a new
segment starts (a new series, or a new partition for rules that do not cross
recalculations); no run, trend or window spans a break.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from withus_spc.limits import limit_line
from withus_spc.names import (
    CATEGORIES,
    RULE_BEYOND_LIMITS,
    RULE_SHIFT,
    RULE_TREND,
    RULE_TWO_OF_THREE,
    Chart,
    RuleName,
)
from withus_spc.presets import Preset

BEYOND_LIMITS = 1
SHIFT = 2
TREND = 4
TWO_OF_THREE = 8
RULE_NAMES: dict[int, RuleName] = {
    BEYOND_LIMITS: RULE_BEYOND_LIMITS,
    SHIFT: RULE_SHIFT,
    TREND: RULE_TREND,
    TWO_OF_THREE: RULE_TWO_OF_THREE,
}

COMMON = 0
IMPROVEMENT = 1
CONCERN = 2
NEITHER = 3
NOT_ASSESSED = 4
# Indexed by the codes above; "" for points that are not assessed.
CATEGORY_NAMES = np.array([*CATEGORIES, ""])

# Values within this relative distance of the centre count as on it, so that a mean
# computed with rounding error still equals the data value it mathematically is.
ON_CENTRE_TOLERANCE = 1e-12


@dataclass
class Assessed:
    """The compressed points the rules look at."""

    value: np.ndarray
    centre: np.ndarray
    basis: np.ndarray
    sigma: np.ndarray
    direction: np.ndarray
    series_breaks: np.ndarray
    partition_breaks: np.ndarray


@dataclass
class RuleResult:
    flags: np.ndarray  # uint8 bitmask per assessed point
    category: np.ndarray  # uint8 category code per assessed point
    high: np.ndarray  # a rule fired on the high side
    low: np.ndarray
    side: np.ndarray  # -1 / 0 / +1 against the centre line


def side_of_centre(value: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """-1, 0 or +1 for below, on or above the centre line (in place, to spare memory)."""
    difference = value - centre
    tolerance = np.abs(centre)
    tolerance += 1.0
    tolerance *= ON_CENTRE_TOLERANCE
    above = difference > tolerance
    np.negative(tolerance, out=tolerance)
    below = difference < tolerance
    side: np.ndarray = above.view(np.int8) - below.view(np.int8)
    return side


def apply_rules(points: Assessed, chart: Chart, preset: Preset) -> RuleResult:
    side = side_of_centre(points.value, points.centre)
    flags = np.zeros(points.value.size, dtype=np.uint8)
    high = np.zeros(points.value.size, dtype=bool)
    low = np.zeros(points.value.size, dtype=bool)

    def record(rule: int, rule_high: np.ndarray, rule_low: np.ndarray) -> None:
        np.bitwise_or(flags, rule, out=flags, where=rule_high | rule_low)
        high[:] |= rule_high
        low[:] |= rule_low

    has_limits = chart != "run"
    if has_limits:
        upper = limit_line(chart, points.basis, points.sigma, 3)
        lower = limit_line(chart, points.basis, points.sigma, -3)
        beyond_high = points.value > upper
        beyond_low = points.value < lower
        del upper, lower  # a long series needs the memory back before the next rule
        record(BEYOND_LIMITS, beyond_high, beyond_low)
    if preset.shift_length is not None:
        breaks = _breaks_for(RULE_SHIFT, points, preset)
        in_shift = _long_runs(side, breaks, preset.shift_length, preset.shift_ignores_points_on_centre)
        record(SHIFT, in_shift & (side > 0), in_shift & (side < 0))
    if preset.trend_length is not None:
        rising, falling = _trends(points.value, _breaks_for(RULE_TREND, points, preset), preset.trend_length, preset)
        record(TREND, rising, falling)
    if has_limits and preset.two_of_three is not None:
        two_high, two_low = _two_of_three(
            points,
            chart,
            side=side,
            beyond_high=beyond_high,
            beyond_low=beyond_low,
            breaks=_breaks_for(RULE_TWO_OF_THREE, points, preset),
            preset=preset,
        )
        record(TWO_OF_THREE, two_high, two_low)

    category = _categorise(points.direction, high, low, side, preset)
    return RuleResult(flags=flags, category=category, high=high, low=low, side=side)


def _breaks_for(rule: RuleName, points: Assessed, preset: Preset) -> np.ndarray:
    if rule in preset.rules_crossing_recalculations:
        return points.series_breaks
    return points.partition_breaks


def _forward_fill_nonzero(key: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Carry the last non-zero key over zeros, but never across a break."""
    source = np.where((key != 0) | breaks, np.arange(key.size), 0)
    np.maximum.accumulate(source, out=source)
    return key[source]


def _long_runs(key: np.ndarray, breaks: np.ndarray, min_length: int, ignore_zeros: bool) -> np.ndarray:
    """Points in runs of at least ``min_length`` equal non-zero keys within a segment.

    With ``ignore_zeros`` a zero neither breaks a run nor counts towards its length,
    and is not itself flagged.
    """
    if key.size == 0:
        return np.zeros(0, dtype=bool)
    run_key = _forward_fill_nonzero(key, breaks) if ignore_zeros else key
    in_long_run = _in_long_run(run_key, breaks, min_length, counted=key != 0 if ignore_zeros else None)
    flagged: np.ndarray = in_long_run & (key != 0)
    return flagged


def _in_long_run(
    run_key: np.ndarray, breaks: np.ndarray, min_length: int, counted: np.ndarray | None = None
) -> np.ndarray:
    """Whether each point is in a run of at least ``min_length`` equal non-zero keys
    (counting only ``counted`` points, when given)."""
    starts = breaks.copy()
    starts[0] = True
    starts[1:] |= run_key[1:] != run_key[:-1]
    start_positions = np.flatnonzero(starts)
    points_per_run = np.diff(start_positions, append=run_key.size)
    if counted is None:
        lengths = points_per_run
    else:
        cumulative = np.concatenate(([0], np.cumsum(counted)))
        lengths = np.diff(cumulative[np.append(start_positions, run_key.size)])
    long_enough = (lengths >= min_length) & (run_key[start_positions] != 0)
    return np.repeat(long_enough, points_per_run)


def _trends(value: np.ndarray, breaks: np.ndarray, trend_length: int, preset: Preset) -> tuple[np.ndarray, np.ndarray]:
    """Points in a run of ``trend_length`` strictly rising (or falling) values."""
    count = value.size
    rising = np.zeros(count, dtype=bool)
    falling = np.zeros(count, dtype=bool)
    if count < 2:
        return rising, falling
    step = np.sign(np.diff(value)).astype(np.int8)
    # A step that spans a break belongs to no segment: zero it and start afresh after it.
    spans_break = breaks[1:]
    step[spans_break] = 0
    step_breaks = spans_break.copy()
    step_breaks[1:] |= spans_break[:-1]
    in_trend = _long_step_runs(step, step_breaks, trend_length - 1, preset.trend_ignores_ties)
    up = in_trend & (_forward_fill_nonzero(step, step_breaks) > 0 if preset.trend_ignores_ties else step > 0)
    down = in_trend & ~up
    rising[:-1] |= up
    rising[1:] |= up
    falling[:-1] |= down
    falling[1:] |= down
    return rising, falling


def _long_step_runs(step: np.ndarray, breaks: np.ndarray, min_steps: int, ignore_ties: bool) -> np.ndarray:
    if not ignore_ties:
        return _long_runs(step, breaks, min_steps, ignore_zeros=False)
    # Ties inside a qualifying trend are part of it (the equal values count once).
    filled = _forward_fill_nonzero(step, breaks)
    return _in_long_run(filled, breaks, min_steps, counted=step != 0)


def _two_of_three(
    points: Assessed,
    chart: Chart,
    *,
    side: np.ndarray,
    beyond_high: np.ndarray,
    beyond_low: np.ndarray,
    breaks: np.ndarray,
    preset: Preset,
) -> tuple[np.ndarray, np.ndarray]:
    """Two or three of three consecutive points, all on one side, beyond two sigma."""
    count = points.value.size
    flagged_high = np.zeros(count, dtype=bool)
    flagged_low = np.zeros(count, dtype=bool)
    if count < 3:
        return flagged_high, flagged_low
    near_high = points.value > limit_line(chart, points.basis, points.sigma, 2)
    near_low = points.value < limit_line(chart, points.basis, points.sigma, -2)
    if preset.two_of_three == "exclude-beyond-3-sigma":
        near_high &= ~beyond_high
        near_low &= ~beyond_low
    window_whole = ~(breaks[1:-1] | breaks[2:])
    for near, flagged, wanted_side in ((near_high, flagged_high, 1), (near_low, flagged_low, -1)):
        same_side = (side[:-2] == wanted_side) & (side[1:-1] == wanted_side) & (side[2:] == wanted_side)
        near_count = near[:-2].astype(np.int8) + near[1:-1] + near[2:]
        window = window_whole & same_side & (near_count >= 2)
        for offset in range(3):
            flagged[offset : count - 2 + offset] |= window & near[offset : count - 2 + offset]
    return flagged_high, flagged_low


def _categorise(
    direction: np.ndarray, high: np.ndarray, low: np.ndarray, side: np.ndarray, preset: Preset
) -> np.ndarray:
    flagged = high | low
    category = np.where(flagged, NEITHER, COMMON).astype(np.uint8)
    directed = flagged & (direction != 0)
    if preset.category_basis == "side-of-centre":
        # NHSRplotthedots: the point's side of the mean decides, whichever rule fired.
        good = side == direction
    else:
        shows_improvement = (direction > 0) & high | (direction < 0) & low
        shows_concern = (direction > 0) & low | (direction < 0) & high
        conflict = shows_improvement & shows_concern
        good = shows_improvement & ~conflict | conflict & (preset.conflict == "improvement")
    category[directed & good] = IMPROVEMENT
    category[directed & ~good] = CONCERN
    return category
