"""Result types: columnar numpy arrays per chart, with ``to_dict()`` for JSON."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, overload

import numpy as np

from withus_spc.inputs import Recalculation, format_label
from withus_spc.limits import MR_SCREENING_FACTOR, limit_line
from withus_spc.names import (
    ASSURANCE_ICONS,
    VARIATION_ICONS,
    AssuranceIcon,
    Chart,
    Direction,
    RuleName,
    VariationIcon,
)
from withus_spc.rules import CATEGORY_NAMES, RULE_NAMES

DIRECTION_NAMES: dict[int, Direction] = {1: "up", -1: "down", 0: "neither"}
NO_ICON = -1
_RULES_BY_MASK: tuple[tuple[RuleName, ...], ...] = tuple(
    tuple(name for bit, name in RULE_NAMES.items() if mask & bit) for mask in range(2 ** len(RULE_NAMES))
)


@dataclass(frozen=True)
class Summary:
    """The chart as a whole: MDC icons, runs analysis and warnings."""

    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    longest_run: int
    longest_run_max: int
    crossings: int
    crossings_min: int
    crossings_max: int | None
    runs_signal: bool
    warnings: tuple[str, ...] = ()
    recalculations: tuple[Recalculation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "variation": self.variation,
            "assurance": self.assurance,
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "crossings": self.crossings,
            "crossings_min": self.crossings_min,
            "crossings_max": self.crossings_max,
            "runs_signal": self.runs_signal,
            "warnings": list(self.warnings),
            "recalculations": [
                {"date": _json_label(item.label), "row": item.row, "reason": item.reason}
                for item in self.recalculations
            ],
        }


@dataclass(frozen=True)
class SpcResult:
    """One analysed chart. Arrays have one entry per input point, in input order.

    ``value`` is the plotted value (a proportion or rate for P and U charts, times
    ``multiply``); lines are NaN where they do not exist (a run chart has no limits).
    ``category`` is ``improvement``, ``concern``, ``neither`` or ``common`` for each
    assessed point and ``""`` for ghosts and missing values, which are not assessed.
    """

    chart: Chart
    preset: str
    settings: dict[str, Any]
    direction: Direction
    target: float | None
    multiply: float
    labels: np.ndarray | None
    value: np.ndarray
    centre: np.ndarray
    partition: np.ndarray
    ghost: np.ndarray
    rule_flags: np.ndarray
    category_code: np.ndarray
    summary: Summary
    moving_range: np.ndarray | None = None
    moving_range_centre: np.ndarray | None = None
    _basis: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    _sigma: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    def __len__(self) -> int:
        return self.value.size

    def _line(self, k: float) -> np.ndarray:
        return limit_line(self.chart, self._basis, self._sigma, k) * self.multiply

    @cached_property
    def upper(self) -> np.ndarray:
        return self._line(3)

    @cached_property
    def lower(self) -> np.ndarray:
        return self._line(-3)

    @cached_property
    def upper_2sigma(self) -> np.ndarray:
        return self._line(2)

    @cached_property
    def lower_2sigma(self) -> np.ndarray:
        return self._line(-2)

    @cached_property
    def upper_1sigma(self) -> np.ndarray:
        return self._line(1)

    @cached_property
    def lower_1sigma(self) -> np.ndarray:
        return self._line(-1)

    @cached_property
    def moving_range_upper(self) -> np.ndarray | None:
        """Upper limit of the moving-range chart (3.267 times the mean moving range)."""
        if self.moving_range_centre is None:
            return None
        return MR_SCREENING_FACTOR * self.moving_range_centre

    @cached_property
    def category(self) -> np.ndarray:
        """Each point's :data:`~withus_spc.names.Category` (``""`` where not assessed)."""
        names: np.ndarray = CATEGORY_NAMES[self.category_code]
        return names

    def rules(self, index: int) -> tuple[RuleName, ...]:
        """Names of the rules that fired at one point."""
        return _RULES_BY_MASK[int(self.rule_flags[index])]

    def point_labels(self) -> list[Any]:
        """Each point's date or label as JSON-ready text, or its 1-based row number."""
        if self.labels is None:
            return list(range(1, len(self) + 1))
        if self.labels.dtype.kind == "M":
            return [str(text) for text in np.datetime_as_string(self.labels)]
        return [_json_label(label) for label in self.labels]

    def to_dict(self) -> dict[str, Any]:
        columns = {
            "date": self.point_labels(),
            "value": _nullable(self.value),
            "centre": _nullable(self.centre),
            "lower": _nullable(self.lower),
            "upper": _nullable(self.upper),
            "lower_2sigma": _nullable(self.lower_2sigma),
            "upper_2sigma": _nullable(self.upper_2sigma),
            "lower_1sigma": _nullable(self.lower_1sigma),
            "upper_1sigma": _nullable(self.upper_1sigma),
            "category": [name or None for name in self.category.tolist()],
            "rules": [list(_RULES_BY_MASK[mask]) for mask in self.rule_flags.tolist()],
            "partition": self.partition.tolist(),
            "ghost": self.ghost.tolist(),
        }
        if self.moving_range is not None:
            columns["moving_range"] = _nullable(self.moving_range)
        names = list(columns)
        points = [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
        return {
            "chart": self.chart,
            "preset": self.preset,
            "settings": self.settings,
            "direction": self.direction,
            "target": self.target,
            "multiply": self.multiply,
            "points": points,
            "summary": self.summary.to_dict(),
        }


def _nullable(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(number) else number for number in values.tolist()]


def _json_label(label: Any) -> Any:
    if isinstance(label, np.datetime64):
        return format_label(label)
    if isinstance(label, np.generic):
        return label.item()
    if isinstance(label, str | int | float) or label is None:
        return label
    return str(label)


@dataclass(frozen=True)
class BatchSummaries:
    """Per-series summary arrays of a batch (one entry per series)."""

    variation: np.ndarray
    assurance: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    crossings: np.ndarray
    crossings_min: np.ndarray
    crossings_max: np.ndarray | None
    runs_signal: np.ndarray
    warnings: list[tuple[str, ...]]
    recalculations: list[tuple[Recalculation, ...]]

    def summary(self, index: int) -> Summary:
        variation = int(self.variation[index])
        assurance = int(self.assurance[index])
        return Summary(
            variation=None if variation == NO_ICON else VARIATION_ICONS[variation],
            assurance=None if assurance == NO_ICON else ASSURANCE_ICONS[assurance],
            longest_run=int(self.longest_run[index]),
            longest_run_max=int(self.longest_run_max[index]),
            crossings=int(self.crossings[index]),
            crossings_min=int(self.crossings_min[index]),
            crossings_max=None if self.crossings_max is None else int(self.crossings_max[index]),
            runs_signal=bool(self.runs_signal[index]),
            warnings=self.warnings[index],
            recalculations=self.recalculations[index],
        )


@dataclass(frozen=True)
class SpcBatch(Sequence[SpcResult]):
    """Many charts analysed together. Flat arrays hold every series end to end;
    ``offsets[i]:offsets[i + 1]`` is series ``i``. Indexing gives an :class:`SpcResult`
    (made on demand, sharing memory with the batch)."""

    chart: Chart
    preset: str
    settings: dict[str, Any]
    multiply: float
    offsets: np.ndarray
    labels: list[np.ndarray | None]
    direction: np.ndarray
    target: np.ndarray
    value: np.ndarray
    centre: np.ndarray
    basis: np.ndarray
    sigma: np.ndarray
    partition_starts: np.ndarray
    ghost: np.ndarray
    rule_flags: np.ndarray
    category_code: np.ndarray
    moving_range: np.ndarray | None
    moving_range_centre: np.ndarray | None  # per partition
    summaries: BatchSummaries

    def __len__(self) -> int:
        return self.offsets.size - 1

    @overload
    def __getitem__(self, index: int) -> SpcResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[SpcResult]: ...
    def __getitem__(self, index: int | slice) -> SpcResult | list[SpcResult]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(f"series {index} is out of range (there are {len(self)})")
        index %= len(self)
        return self._result(index)

    def __iter__(self) -> Iterator[SpcResult]:
        return (self._result(index) for index in range(len(self)))

    def _result(self, index: int) -> SpcResult:
        start, stop = int(self.offsets[index]), int(self.offsets[index + 1])
        window = slice(start, stop)
        # Partitions are stored as start positions; expand them for this series only.
        first, last = np.searchsorted(self.partition_starts, [start, stop])
        starts = np.append(self.partition_starts[first:last], stop) - start
        partition = np.repeat(np.arange(last - first), np.diff(starts))
        target = float(self.target[index])
        return SpcResult(
            chart=self.chart,
            preset=self.preset,
            settings=self.settings,
            direction=DIRECTION_NAMES[int(self.direction[index])],
            target=None if math.isnan(target) else target,
            multiply=self.multiply,
            labels=self.labels[index],
            value=self.value[window],
            centre=self.centre[window],
            partition=partition,
            ghost=self.ghost[window],
            rule_flags=self.rule_flags[window],
            category_code=self.category_code[window],
            summary=self.summaries.summary(index),
            moving_range=None if self.moving_range is None else self.moving_range[window],
            moving_range_centre=None
            if self.moving_range_centre is None
            else self.moving_range_centre[first:last][partition],
            _basis=self.basis[window],
            _sigma=self.sigma[window],
        )
