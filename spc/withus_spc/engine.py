"""``analyse`` and ``analyse_many``: one code path, vectorised over the whole batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from withus_spc import runs
from withus_spc.errors import InvalidOptionError
from withus_spc.inputs import Batch, format_label, prepare_batch
from withus_spc.limits import Layout, Limits, compute_limits, limit_line
from withus_spc.names import Chart
from withus_spc.options import AnalysisOptions, Dates, Values, check_multiply, resolve_options
from withus_spc.presets import Preset
from withus_spc.result import NO_ICON, BatchSummaries, SpcBatch, SpcResult
from withus_spc.rules import (
    COMMON,
    CONCERN,
    IMPROVEMENT,
    NEITHER,
    NOT_ASSESSED,
    Assessed,
    RuleResult,
    apply_rules,
)

NO_ASSURANCE_CHARTS: frozenset[Chart] = frozenset({"run", "g", "t"})


def analyse(
    values: Values,
    options: AnalysisOptions | None = None,
    /,
    *,
    dates: Dates | None = None,
    denominators: Values | None = None,
    **changes: Any,
) -> SpcResult:
    """Analyse one series.

    ``values`` are the points in order (``None`` or NaN for a gap), ``dates`` their dates
    or period labels, ``denominators`` one per value for U, P, P′ and U′ charts. The
    options are ``options`` (an :class:`~withus_spc.options.AnalysisOptions`) and any
    keyword naming one of its fields, which changes it: ``analyse(values, chart="c")``.

    Raises :class:`~withus_spc.errors.InvalidDataError` for a bad value, date or
    denominator (naming its row) and :class:`~withus_spc.errors.InvalidOptionError`
    for an unknown or out-of-range option.
    """
    return analyse_many(
        [values],
        resolve_options(options, changes),
        dates=dates,
        denominators=[denominators] if denominators is not None else None,
    )[0]


def analyse_many(
    series_list: Any,
    options: AnalysisOptions | None = None,
    /,
    *,
    dates: Dates | None = None,
    denominators: Sequence[Values] | None = None,
    **changes: Any,
) -> SpcBatch:
    """Analyse many series in one vectorised pass.

    Each series is a sequence of values, or a mapping with ``values`` and any of
    ``dates``, ``denominators``, ``target``, ``recalc_at``, ``baseline``, ``ghosts``
    and ``direction`` overriding the shared ones. ``dates`` given here are shared by
    every series; ``denominators`` given here is a list with one sequence per series.
    A 2-D numpy array is a batch of equal-length series. Options as for :func:`analyse`.
    """
    options = resolve_options(options, changes)
    series_list = _attach_denominators(series_list, denominators)
    batch = prepare_batch(series_list, options, dates=dates)
    return _analyse_batch(batch, options.chart, options.rule_set, check_multiply(options.multiply))


def _attach_denominators(series_list: Any, denominators: Any) -> Any:
    """Pair a list of per-series denominators with the series they belong to."""
    if denominators is None:
        return series_list
    if isinstance(series_list, np.ndarray) and series_list.ndim == 2:
        series_list = list(series_list)
    series_list = list(series_list)
    denominators = list(denominators)
    if len(denominators) != len(series_list):
        raise InvalidOptionError(
            "denominators",
            f"give one list of denominators per series ({len(series_list)}), not {len(denominators)}",
        )
    paired = []
    for series, series_denominators in zip(series_list, denominators, strict=True):
        if isinstance(series, dict):
            paired.append({"denominators": series_denominators, **series})
        else:
            paired.append({"values": series, "denominators": series_denominators})
    return paired


def _analyse_batch(batch: Batch, chart: Chart, preset: Preset, multiply: float) -> SpcBatch:
    size = batch.values.size
    series_start = np.zeros(size, dtype=bool)
    series_start[batch.offsets[:-1]] = True
    partition_start = np.zeros(size, dtype=bool)
    partition_start[batch.partition_starts] = True
    n_partitions = batch.partition_starts.size
    # One partition (the usual long series) needs no cumulative sum: zeros are free.
    partition = np.zeros(size, dtype=np.intp) if n_partitions == 1 else np.cumsum(partition_start) - 1

    usable = ~np.isnan(batch.values) & ~batch.ghost
    layout = Layout(partition, n_partitions, usable, batch.ghost, batch.limits_region)
    limits = compute_limits(chart, batch.values, batch.denominators, layout, preset)

    usable_per_series = np.add.reduceat(usable, batch.offsets[:-1], dtype=np.int64)
    too_few = usable_per_series < preset.min_points
    assessed = usable
    if too_few.any():
        hidden = np.repeat(too_few, np.diff(batch.offsets))
        limits.sigma = np.where(hidden, np.nan, limits.sigma)
        assessed = usable & ~hidden

    positions = None if assessed.all() else np.flatnonzero(assessed)
    points = _assessed_points(
        limits,
        batch,
        assessed=assessed,
        positions=positions,
        series_start=series_start,
        partition_start=partition_start,
    )
    rule_result = apply_rules(points, chart, preset)

    rule_flags = _expand(rule_result.flags, positions, size, 0, np.uint8)
    category = _expand(rule_result.category, positions, size, NOT_ASSESSED, np.uint8)
    if too_few.any():
        # Too few points for rules: MDC still shows the points, as common cause.
        category[usable & ~assessed] = COMMON
    assessed_partition = partition if positions is None else partition[positions]
    summaries = _summaries(
        batch,
        chart=chart,
        preset=preset,
        limits=limits,
        layout=layout,
        rule_result=rule_result,
        assessed_partition=assessed_partition,
        positions=positions,
        too_few=too_few,
    )
    scaled_moving_range = None if limits.moving_range is None else limits.moving_range * multiply
    return SpcBatch(
        chart=chart,
        preset=preset.name,
        settings=preset.settings(),
        multiply=multiply,
        offsets=batch.offsets,
        labels=batch.labels,
        direction=batch.direction,
        target=batch.target,
        value=limits.plotted * multiply if multiply != 1 else limits.plotted,
        centre=limits.centre * multiply if multiply != 1 else limits.centre,
        basis=limits.basis,
        sigma=limits.sigma,
        partition_starts=batch.partition_starts,
        ghost=batch.ghost,
        rule_flags=rule_flags,
        category_code=category,
        moving_range=scaled_moving_range,
        moving_range_centre=None if limits.mr_centre is None else limits.mr_centre * multiply,
        summaries=summaries,
    )


def _assessed_points(
    limits: Limits,
    batch: Batch,
    *,
    assessed: np.ndarray,
    positions: np.ndarray | None,
    series_start: np.ndarray,
    partition_start: np.ndarray,
) -> Assessed:
    def pick(array: np.ndarray) -> np.ndarray:
        return array if positions is None else array[positions]

    one_direction = bool((batch.direction == batch.direction[0]).all())
    needs_series = positions is not None or not one_direction
    series_of_point = np.cumsum(series_start) - 1 if needs_series else np.zeros(0, dtype=np.intp)
    if positions is None:
        series_breaks, partition_breaks = series_start, partition_start
    else:
        # A compressed point starts a segment when a start lies between it and the one before.
        series_breaks = _compressed_breaks(series_of_point[positions])
        partition_breaks = _compressed_breaks(np.cumsum(partition_start)[positions])
    # One direction for every point is a one-element array that broadcasts.
    direction = batch.direction[:1] if one_direction else batch.direction[pick(series_of_point)]
    return Assessed(
        value=pick(limits.plotted),
        centre=pick(limits.centre),
        basis=pick(limits.basis),
        sigma=pick(limits.sigma),
        direction=direction,
        series_breaks=series_breaks,
        partition_breaks=partition_breaks,
    )


def _compressed_breaks(segment_index: np.ndarray) -> np.ndarray:
    breaks = np.ones(segment_index.size, dtype=bool)
    np.not_equal(segment_index[1:], segment_index[:-1], out=breaks[1:])
    return breaks


def _expand(values: np.ndarray, positions: np.ndarray | None, size: int, fill: int, dtype: type) -> np.ndarray:
    if positions is None:
        return values.astype(dtype, copy=False)
    full: np.ndarray = np.full(size, fill, dtype=dtype)
    full[positions] = values
    return full


def _summaries(
    batch: Batch,
    *,
    chart: Chart,
    preset: Preset,
    limits: Limits,
    layout: Layout,
    rule_result: RuleResult,
    assessed_partition: np.ndarray,
    positions: np.ndarray | None,
    too_few: np.ndarray,
) -> BatchSummaries:
    n_partitions = layout.n_partitions
    by_partition = runs.analyse_runs(rule_result.side, assessed_partition, n_partitions)
    last_partition = np.searchsorted(batch.partition_starts, batch.offsets[1:], side="left") - 1
    n_useful = by_partition.n_useful[last_partition]
    longest = by_partition.longest_run[last_partition]
    crossings = by_partition.crossings[last_partition]
    crossings_max = None
    if preset.runs_test == "swed-eisenhart":
        n_above = by_partition.n_above[last_partition]
        crossings_min, crossings_max = runs.swed_eisenhart_crossing_bounds(n_above, n_useful - n_above)
        runs_signal = (n_useful > 0) & ((crossings < crossings_min) | (crossings > crossings_max))
        longest_max = runs.longest_run_max(n_useful)
    else:
        longest_max = runs.longest_run_max(n_useful)
        crossings_min = runs.crossings_min(n_useful)
        runs_signal = (n_useful > 0) & ((longest > longest_max) | (crossings < crossings_min))

    variation = _variation_icons(batch, rule_result, positions, too_few)
    assurance = _assurance_icons(batch, chart, preset, limits, too_few)
    warnings = _warnings(batch, preset, limits, layout, too_few)
    return BatchSummaries(
        variation=variation,
        assurance=assurance,
        longest_run=longest,
        longest_run_max=longest_max,
        crossings=crossings,
        crossings_min=crossings_min,
        crossings_max=crossings_max,
        runs_signal=runs_signal,
        warnings=warnings,
        recalculations=batch.recalculations,
    )


def _last_assessed(batch: Batch, positions: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """For each series, the index (into the assessed points) of its last one, and whether it has one."""
    ends = batch.offsets[1:]
    if positions is None:
        return ends - 1, np.ones(ends.size, dtype=bool)
    count_before_end = np.searchsorted(positions, ends, side="left")
    count_before_start = np.searchsorted(positions, batch.offsets[:-1], side="left")
    return count_before_end - 1, count_before_end > count_before_start


def _variation_icons(
    batch: Batch, rule_result: RuleResult, positions: np.ndarray | None, too_few: np.ndarray
) -> np.ndarray:
    icons = np.full(batch.n_series, NO_ICON, dtype=np.int8)
    if rule_result.category.size == 0:
        return icons
    last, has_point = _last_assessed(batch, positions)
    last = np.where(has_point, last, 0)
    category = rule_result.category[last]
    high, low = rule_result.high[last], rule_result.low[last]
    # A "neither" point flagged both ways (a trend through the mean) takes its side of the centre.
    high_side = np.where(high != low, high, rule_result.side[last] >= 0)
    direction = batch.direction
    improvement_high = direction > 0
    icons[:] = 0  # common-cause
    icons[category == IMPROVEMENT] = np.where(improvement_high, 1, 2)[category == IMPROVEMENT]
    icons[category == CONCERN] = np.where(improvement_high, 4, 3)[category == CONCERN]
    icons[category == NEITHER] = np.where(high_side, 5, 6)[category == NEITHER]
    icons[~has_point | too_few] = NO_ICON
    return icons


def _assurance_icons(batch: Batch, chart: Chart, preset: Preset, limits: Limits, too_few: np.ndarray) -> np.ndarray:
    icons = np.full(batch.n_series, NO_ICON, dtype=np.int8)
    if chart in NO_ASSURANCE_CHARTS:
        return icons
    last = batch.offsets[1:] - 1
    upper = limit_line(chart, limits.basis[last], limits.sigma[last], 3)
    lower = limit_line(chart, limits.basis[last], limits.sigma[last], -3)
    # Compare in "good direction" terms: for down-is-good, flip everything.
    direction = batch.direction.astype(np.float64)
    target = batch.target * direction
    good_limit = np.where(direction > 0, lower, -upper)
    bad_limit = np.where(direction > 0, upper, -lower)
    if preset.assurance_on_limit_is_decisive:
        passes, fails = target <= good_limit, target >= bad_limit
    else:
        passes, fails = target < good_limit, target > bad_limit
    decided = ~np.isnan(target) & (direction != 0) & ~np.isnan(upper) & ~too_few
    icons[decided] = 2  # hit-or-miss
    icons[decided & passes] = 0
    icons[decided & fails] = 1
    return icons


def _warnings(
    batch: Batch, preset: Preset, limits: Limits, layout: Layout, too_few: np.ndarray
) -> list[tuple[str, ...]]:
    warnings: list[list[str]] = [[] for _ in range(batch.n_series)]
    for series in np.flatnonzero(too_few):
        usable = int(np.count_nonzero(layout.usable[batch.offsets[series] : batch.offsets[series + 1]]))
        warnings[series].append(
            f"too few points for limits: {preset.name} needs at least {preset.min_points} and "
            f"this chart has {usable}, so no limits, rules or icons are shown"
        )
    if preset.trial_limits_below is not None:
        short = np.flatnonzero(limits.limit_points < preset.trial_limits_below)
        if short.size:
            series_of_partition = np.searchsorted(batch.offsets, batch.partition_starts[short], side="right") - 1
            for partition, series in zip(short.tolist(), series_of_partition.tolist(), strict=True):
                if too_few[series]:
                    continue
                row = int(batch.partition_starts[partition] - batch.offsets[series]) + 1
                labels = batch.labels[series]
                where = format_label(labels[row - 1]) if labels is not None else f"row {row}"
                count = int(limits.limit_points[partition])
                warnings[series].append(
                    f"trial limits: the limits from {where} come from only {count} points "
                    f"(fewer than {preset.trial_limits_below}) and will change as data are added"
                )
    return [tuple(items) for items in warnings]
