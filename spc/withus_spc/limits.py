"""Centre lines, sigma and limits for every chart type, for all partitions at once.

Each chart reduces to three per-point arrays: the centre line, the ``basis`` the limits
are placed around and one ``sigma`` on the calculation scale. The lines at k sigma
are then ``limit_line(chart, basis, sigma, k)``; for most charts basis and centre are
the same, but a G chart centres on a median with limits around the mean, and a T chart
computes on a transformed scale. Formulas: qicharts2 and MDC (see docs/spc.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from withus_spc.names import Chart
from withus_spc.presets import Preset

MR_SCREENING_FACTOR = 3.267  # D4 for n = 2: the upper limit of the moving-range chart
T_CHART_POWER = 3.6  # Nelson (1994): y ** (1 / 3.6) makes exponential times near-normal
G_THEORETICAL_MEDIAN = 0.693  # ln 2: median of a geometric distribution, in units of its mean


@dataclass
class Limits:
    plotted: np.ndarray
    centre: np.ndarray
    basis: np.ndarray
    sigma: np.ndarray
    moving_range: np.ndarray | None
    mr_centre: np.ndarray | None  # per partition: the moving-range chart's centre
    limit_points: np.ndarray


@dataclass
class Layout:
    """Where each point sits: its partition and which points feed the limits."""

    partition: np.ndarray
    n_partitions: int
    usable: np.ndarray
    ghost: np.ndarray
    limit_region: np.ndarray | None

    @property
    def partition_starts_in_points(self) -> np.ndarray:
        return np.flatnonzero(np.diff(self.partition, prepend=-1))

    @property
    def feeds_limits(self) -> np.ndarray:
        return self.usable if self.limit_region is None else self.usable & self.limit_region

    @property
    def moving_range_candidates(self) -> np.ndarray:
        not_ghost = ~self.ghost
        return not_ghost if self.limit_region is None else not_ghost & self.limit_region


def limit_line(chart: Chart, basis: np.ndarray, sigma: np.ndarray, k: float) -> np.ndarray:
    """The line k sigma from the basis, on the plotted scale (NaN where there are no limits)."""
    line = basis + k * sigma
    if chart in ("xmr", "run"):
        return line
    if chart == "t":
        return np.maximum(line, 0) ** T_CHART_POWER
    if chart in ("p", "pp"):
        return np.clip(line, 0, 1)
    return np.maximum(line, 0)


def compute_limits(
    chart: Chart, values: np.ndarray, denominators: np.ndarray | None, layout: Layout, preset: Preset
) -> Limits:
    plotted = values if denominators is None else values / denominators
    if chart == "run":
        centre = _partition_median(plotted, layout)
        limits = Limits(plotted, centre, centre, np.full(plotted.size, np.nan), None, None, _counts(layout))
    elif chart in ("xmr", "t"):
        limits = _individuals(chart, plotted, layout, preset)
    elif chart == "g":
        limits = _g_chart(plotted, layout, preset)
    else:
        limits = _attribute(chart, values, denominators, plotted=plotted, layout=layout, preset=preset)
    return limits


def _counts(layout: Layout) -> np.ndarray:
    return np.bincount(layout.partition[layout.feeds_limits], minlength=layout.n_partitions)


def _partition_mean(values: np.ndarray, mask: np.ndarray, partition: np.ndarray, n_partitions: int) -> np.ndarray:
    if n_partitions == 1:  # one long series: a plain masked mean is several times faster
        count = np.count_nonzero(mask)
        return np.array([values.sum(where=mask) / count if count else np.nan])
    chosen = partition[mask]
    totals = np.bincount(chosen, weights=values[mask], minlength=n_partitions)
    counts = np.bincount(chosen, minlength=n_partitions)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


def _partition_median(values: np.ndarray, layout: Layout) -> np.ndarray:
    mask = layout.feeds_limits
    chosen_values = values[mask]
    chosen_partition = layout.partition[mask]
    order = np.lexsort((chosen_values, chosen_partition))
    ordered = chosen_values[order]
    counts = np.bincount(chosen_partition, minlength=layout.n_partitions)
    first = np.cumsum(counts) - counts
    medians = np.full(layout.n_partitions, np.nan)
    has = counts > 0
    lower_middle = first[has] + (counts[has] - 1) // 2
    upper_middle = first[has] + counts[has] // 2
    medians[has] = (ordered[lower_middle] + ordered[upper_middle]) / 2
    per_point: np.ndarray = medians[layout.partition]
    return per_point


@dataclass
class MovingRanges:
    mean: np.ndarray  # per partition, as first computed (the MR chart's centre)
    screened_mean: np.ndarray  # per partition, after screening (if the preset screens)
    dropped_from_mean: np.ndarray | None  # points whose moving range was an outlier (MDC SQL)
    by_point: np.ndarray | None  # each point's range from the one before, when no point was left out


def _moving_ranges(values: np.ndarray, layout: Layout, preset: Preset) -> MovingRanges:
    candidates = layout.moving_range_candidates
    if not preset.gap_breaks_moving_range:
        # Bridge gaps: the range is taken between the points either side of a missing value.
        candidates = candidates & layout.usable
    positions = None if candidates.all() else np.flatnonzero(candidates)
    partition = layout.partition if positions is None else layout.partition[positions]
    by_point = None
    if positions is None:
        # Every point is in: compute the ranges once, in place, and keep them for the MR chart.
        by_point = np.empty(values.size)
        by_point[:1] = np.nan
        ranges = by_point[1:]
        np.subtract(values[1:], values[:-1], out=ranges)
        np.abs(ranges, out=ranges)
    else:
        ranges = np.abs(np.diff(values[positions]))
    range_partition = partition[1:]
    valid = (range_partition == partition[:-1]) & ~np.isnan(ranges)
    mean = _partition_mean(ranges, valid, range_partition, layout.n_partitions)
    if not preset.screen_moving_ranges:
        return MovingRanges(mean, mean, None, by_point)
    screening_limit = MR_SCREENING_FACTOR * mean[range_partition]
    kept = valid & (ranges <= screening_limit if preset.screening_keeps_equal else ranges < screening_limit)
    screened = _partition_mean(ranges, kept, range_partition, layout.n_partitions)
    dropped = None
    if preset.screening_drops_points_from_mean:
        # MDC SQL drops the point that ends an outlying range from the mean as well.
        later_points = np.flatnonzero(valid & ~kept) + 1
        dropped = later_points if positions is None else positions[later_points]
    return MovingRanges(mean, screened, dropped, by_point)


def _display_moving_range(
    values: np.ndarray, layout: Layout, preset: Preset, computed: np.ndarray | None
) -> np.ndarray:
    """The moving range drawn on the MR chart: NaN at partition starts, ghosts and broken gaps."""
    candidates = ~layout.ghost if preset.gap_breaks_moving_range else layout.usable
    if candidates.all():
        shown = computed if computed is not None else np.concatenate(([np.nan], np.abs(np.diff(values))))
        if layout.n_partitions > 1:
            shown[layout.partition_starts_in_points] = np.nan
        return shown
    shown = np.full(values.size, np.nan)
    positions = np.flatnonzero(candidates)
    ranges = np.abs(np.diff(values[positions]))
    same_partition = layout.partition[positions[1:]] == layout.partition[positions[:-1]]
    shown[positions[1:]] = np.where(same_partition, ranges, np.nan)
    return shown


def _individuals(chart: Chart, plotted: np.ndarray, layout: Layout, preset: Preset) -> Limits:
    scale = plotted ** (1 / T_CHART_POWER) if chart == "t" else plotted
    ranges = _moving_ranges(scale, layout, preset)
    feeds = layout.feeds_limits
    if ranges.dropped_from_mean is not None and ranges.dropped_from_mean.size:
        feeds = feeds.copy()
        feeds[ranges.dropped_from_mean] = False
    mean = _partition_mean(scale, feeds, layout.partition, layout.n_partitions)
    sigma = (preset.sigma_per_mean_moving_range * ranges.screened_mean)[layout.partition]
    basis = mean[layout.partition]
    centre = basis**T_CHART_POWER if chart == "t" else basis
    return Limits(
        plotted=plotted,
        centre=centre,
        basis=basis,
        sigma=sigma,
        moving_range=_display_moving_range(plotted, layout, preset, ranges.by_point if chart == "xmr" else None),
        mr_centre=ranges.mean,
        limit_points=np.bincount(layout.partition[feeds], minlength=layout.n_partitions),
    )


def _g_chart(plotted: np.ndarray, layout: Layout, preset: Preset) -> Limits:
    mean = _partition_mean(plotted, layout.feeds_limits, layout.partition, layout.n_partitions)
    basis = mean[layout.partition]
    sigma = np.sqrt(basis * (basis + 1))
    centre = _partition_median(plotted, layout) if preset.g_centre == "median" else G_THEORETICAL_MEDIAN * basis
    return Limits(plotted, centre, basis, sigma, None, None, _counts(layout))


def _attribute(
    chart: Chart,
    values: np.ndarray,
    denominators: np.ndarray | None,
    *,
    plotted: np.ndarray,
    layout: Layout,
    preset: Preset,
) -> Limits:
    feeds = layout.feeds_limits
    if denominators is None:  # C chart
        centre = _partition_mean(values, feeds, layout.partition, layout.n_partitions)[layout.partition]
        sigma = np.sqrt(centre)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = _partition_sum(values, feeds, layout) / _partition_sum(denominators, feeds, layout)
        centre = ratio[layout.partition]
        spread = centre * (1 - centre) if chart in ("p", "pp") else centre
        sigma = np.sqrt(spread / denominators)
        if chart in ("pp", "up"):
            sigma = sigma * _laney_sigma_z(plotted, centre, sigma, layout, preset)
    return Limits(plotted, centre, centre, sigma, None, None, _counts(layout))


def _partition_sum(values: np.ndarray, mask: np.ndarray, layout: Layout) -> np.ndarray:
    return np.bincount(layout.partition[mask], weights=values[mask], minlength=layout.n_partitions)


def _laney_sigma_z(
    plotted: np.ndarray, centre: np.ndarray, sigma: np.ndarray, layout: Layout, preset: Preset
) -> np.ndarray:
    """Laney's between-subgroup factor: the moving-range sigma of the z-scores."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z_scores = (plotted - centre) / sigma
    ranges = _moving_ranges(z_scores, layout, preset)
    factor: np.ndarray = (preset.sigma_per_mean_moving_range * ranges.screened_mean)[layout.partition]
    return factor
