"""Check and flatten the caller's series into one batch of numpy arrays.

Every later step works on the flat batch at once, so a thousand short series cost
about as much as one long one. All checks that can fail happen here, before any
arithmetic, so a bad row never yields a half-made chart.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from withus_spc.errors import InvalidDataError, InvalidOptionError
from withus_spc.names import Chart
from withus_spc.options import AnalysisOptions, check_direction, check_target

RATIO_CHARTS: frozenset[Chart] = frozenset({"u", "p", "pp", "up"})
PROPORTION_CHARTS: frozenset[Chart] = frozenset({"p", "pp"})
COUNT_CHARTS: frozenset[Chart] = frozenset({"c", "u", "p", "pp", "up", "g", "t"})
DIRECTION_SIGNS = {"up": 1, "down": -1, "neither": 0}
SERIES_KEYS = frozenset({"values", "dates", "denominators", "target", "recalc_at", "baseline", "ghosts", "direction"})


@dataclass(frozen=True)
class Recalculation:
    """Where a new partition starts (1-based row), its date or label, and why."""

    row: int
    label: Any
    reason: str


@dataclass
class Batch:
    """Every series of a call, flattened; ``offsets[i]:offsets[i + 1]`` is series ``i``."""

    values: np.ndarray
    denominators: np.ndarray | None
    offsets: np.ndarray
    labels: list[np.ndarray | None]
    ghost: np.ndarray
    partition_starts: np.ndarray
    limits_region: np.ndarray | None
    direction: np.ndarray
    target: np.ndarray
    recalculations: list[tuple[Recalculation, ...]]

    @property
    def n_series(self) -> int:
        return self.offsets.size - 1


def prepare_batch(series_list: Any, options: AnalysisOptions, *, dates: Any = None) -> Batch:
    """Validate every series and flatten them into one :class:`Batch`.

    ``dates`` are shared by every series that does not carry its own.
    """
    items = _items(series_list)
    any_mapping = any(isinstance(item, Mapping) for item in items)
    per_series = [_series_options(item, index, options) for index, item in enumerate(items)]
    values_arrays = [
        _as_float_array(spec["values"], "value", _series_number(index, items)) for index, spec in enumerate(per_series)
    ]
    lengths = np.fromiter((array.size for array in values_arrays), dtype=np.int64, count=len(items))
    empty = np.flatnonzero(lengths == 0)
    if empty.size:
        raise InvalidDataError("there are no values", series=_series_number(int(empty[0]), items))
    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    values = np.concatenate(values_arrays) if len(values_arrays) > 1 else values_arrays[0]
    denominators = _denominators(per_series, lengths, options.chart, items)
    _check_values(values, denominators, offsets, options.chart, items)

    batch = Batch(
        values=values,
        denominators=denominators,
        offsets=offsets,
        labels=[None] * len(items),
        ghost=np.zeros(values.size, dtype=bool),
        partition_starts=offsets[:-1].copy(),
        limits_region=None,
        direction=_per_series(per_series, "direction", _direction, np.int8, any_mapping),
        target=_per_series(per_series, "target", _target, np.float64, any_mapping),
        recalculations=[()] * len(items),
    )
    needs_labels = (
        any_mapping
        or dates is not None
        or options.baseline is not None
        or _given(options.recalc_at)
        or _given(options.ghosts)
    )
    if needs_labels:
        _add_labels_and_partitions(batch, per_series, dates, items)
    return batch


def _given(option: Any) -> bool:
    """Whether a list-like option names any point (``None`` and empty containers do not)."""
    if option is None:
        return False
    return not (isinstance(option, tuple | list | dict) and not option)


def _items(series_list: Any) -> list[Any]:
    if isinstance(series_list, np.ndarray) and series_list.ndim == 2:
        items = list(series_list) if series_list.shape[1] else []
    elif isinstance(series_list, Mapping | str | bytes) or not isinstance(series_list, Iterable):
        raise InvalidOptionError("series", "pass a list of series (each a list of values or a mapping)")
    else:
        items = list(series_list)
    if not items:
        raise InvalidOptionError("series", "there are no series to analyse")
    return items


def _per_series(per_series: list[dict[str, Any]], key: str, convert: Any, dtype: type, any_mapping: bool) -> np.ndarray:
    if not any_mapping:
        return np.full(len(per_series), convert(per_series[0][key]), dtype=dtype)
    return np.array([convert(spec[key]) for spec in per_series], dtype=dtype)


def _add_labels_and_partitions(
    batch: Batch, per_series: list[dict[str, Any]], dates: Any, items: Sequence[Any]
) -> None:
    """Fill in dates, ghosts, recalculations and baselines, which need each series' labels."""
    shared_labels = parse_labels(dates) if dates is not None else None
    starts: list[np.ndarray] = [batch.offsets[:-1]]
    for index, spec in enumerate(per_series):
        length = int(batch.offsets[index + 1] - batch.offsets[index])
        start = int(batch.offsets[index])
        try:
            labels = _series_labels(spec, shared_labels, length)
            ghost_rows = _rows_of(spec["ghosts"], labels, length, "ghosts")
            recalcs = _recalculations(spec["recalc_at"], labels, length)
            baseline = _baseline(spec["baseline"], length, recalcs[0].row if recalcs else None)
        except InvalidDataError as error:
            raise (error.in_series(index) if len(items) > 1 else error) from None
        batch.labels[index] = labels
        batch.ghost[[start + row - 1 for row in ghost_rows]] = True
        batch.recalculations[index] = recalcs
        if recalcs:
            starts.append(np.array([start + recalc.row - 1 for recalc in recalcs], dtype=np.int64))
        if baseline is not None:
            if batch.limits_region is None:
                batch.limits_region = np.ones(batch.values.size, dtype=bool)
            # The baseline fixes the first phase's limits; later phases (recalculations) use all their points.
            first_phase_end = recalcs[0].row - 1 if recalcs else length
            batch.limits_region[start + baseline : start + first_phase_end] = False
    if len(starts) > 1:
        batch.partition_starts = np.unique(np.concatenate(starts))


def _series_number(index: int, items: Sequence[Any]) -> int | None:
    return index if len(items) > 1 else None


def _series_options(item: Any, index: int, options: AnalysisOptions) -> dict[str, Any]:
    spec = {
        "values": item,
        "dates": None,
        "denominators": None,
        "target": options.target,
        "recalc_at": options.recalc_at,
        "baseline": options.baseline,
        "ghosts": options.ghosts,
        "direction": options.direction,
    }
    if isinstance(item, Mapping):
        unknown = set(item) - SERIES_KEYS
        if unknown:
            raise InvalidOptionError(f"series {index}", f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        if "values" not in item:
            raise InvalidOptionError(f"series {index}", "a series mapping needs 'values'")
        spec.update(item)
    return spec


def _as_float_array(values: Any, column: str, series: int | None) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and values.ndim == 1:
        return values
    if isinstance(values, str | bytes | Mapping) or values is None:
        raise InvalidDataError("expected a list of numbers", column=column, series=series)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise _first_non_number(values, column, series) from None
    if array.ndim != 1:
        raise InvalidDataError("expected a flat list of numbers", column=column, series=series)
    return array


def _first_non_number(values: Iterable[Any], column: str, series: int | None) -> InvalidDataError:
    for row, value in enumerate(values, start=1):
        if value is None or (not isinstance(value, bool) and isinstance(value, numbers.Real)):
            continue
        try:
            float(value)
        except (TypeError, ValueError):
            return InvalidDataError(f"{value!r} is not a number", row=row, column=column, series=series)
    return InvalidDataError("expected a list of numbers", column=column, series=series)


def _locate(flat_index: int, offsets: np.ndarray, items: Sequence[Any]) -> tuple[int | None, int]:
    series = int(np.searchsorted(offsets, flat_index, side="right") - 1)
    return _series_number(series, items), flat_index - int(offsets[series]) + 1


def _fail_at(mask: np.ndarray, reason: str, column: str, offsets: np.ndarray, items: Sequence[Any]) -> None:
    bad = np.flatnonzero(mask)
    if bad.size:
        series, row = _locate(int(bad[0]), offsets, items)
        raise InvalidDataError(reason, row=row, column=column, series=series)


def _check_values(
    values: np.ndarray,
    denominators: np.ndarray | None,
    offsets: np.ndarray,
    chart: Chart,
    items: Sequence[Any],
) -> None:
    _fail_at(np.isinf(values), "must be a finite number", "value", offsets, items)
    if chart == "t":
        _fail_at(values <= 0, "time between events must be greater than zero", "value", offsets, items)
    elif chart in COUNT_CHARTS:
        _fail_at(values < 0, f"a {chart.upper()} chart needs counts of zero or more", "value", offsets, items)
    if denominators is None:
        return
    present = ~np.isnan(values)
    bad_denominator = present & ~(denominators > 0)
    _fail_at(bad_denominator, "the denominator must be a number greater than zero", "denominator", offsets, items)
    _fail_at(np.isinf(denominators), "must be a finite number", "denominator", offsets, items)
    if chart in PROPORTION_CHARTS:
        _fail_at(
            present & (values > denominators),
            "the numerator is larger than its denominator",
            "value",
            offsets,
            items,
        )


def _denominators(
    per_series: list[dict[str, Any]], lengths: np.ndarray, chart: Chart, items: Sequence[Any]
) -> np.ndarray | None:
    given = [spec["denominators"] is not None for spec in per_series]
    if chart not in RATIO_CHARTS:
        if any(given):
            raise InvalidOptionError("denominators", f"only U, P, P' and U' charts use denominators, not {chart}")
        return None
    if not all(given):
        missing = given.index(False)
        raise InvalidOptionError(
            "denominators",
            f"a {chart} chart needs denominators" + (f" (series {missing} has none)" if len(items) > 1 else ""),
        )
    arrays = [
        _as_float_array(spec["denominators"], "denominator", _series_number(index, items))
        for index, spec in enumerate(per_series)
    ]
    for index, (array, length) in enumerate(zip(arrays, lengths, strict=True)):
        if array.size != length:
            raise InvalidDataError(
                f"{array.size} denominators for {length} values",
                column="denominator",
                series=_series_number(index, items),
            )
    return np.concatenate(arrays) if len(arrays) > 1 else arrays[0]


def _series_labels(spec: dict[str, Any], shared: np.ndarray | None, length: int) -> np.ndarray | None:
    labels = parse_labels(spec["dates"]) if spec["dates"] is not None else shared
    if labels is not None and labels.size != length:
        raise InvalidDataError(f"{labels.size} dates for {length} values", column="date")
    return labels


def parse_labels(dates: Any) -> np.ndarray:
    """Dates (any ISO form numpy understands) or unique period labels, checked for order."""
    if isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        labels = dates
    else:
        items = list(dates)
        if not items:
            raise InvalidDataError("there are no dates", column="date")
        labels = _as_dates(items) if _looks_like_dates(items) else _as_labels(items)
    if labels.dtype.kind == "M":
        _check_date_order(labels)
    return labels


def _looks_like_dates(items: list[Any]) -> bool:
    first = items[0]
    return isinstance(first, dt.date | np.datetime64) or (isinstance(first, str) and _parses_as_date(first))


def _parses_as_date(text: str) -> bool:
    try:
        np.datetime64(text)
    except ValueError:
        return False
    return True


def _as_dates(items: list[Any]) -> np.ndarray:
    for row, item in enumerate(items, start=1):
        if item is None or (isinstance(item, str) and not _parses_as_date(item)):
            raise InvalidDataError(f"{item!r} is not an ISO date (YYYY-MM-DD)", row=row, column="date")
        if not isinstance(item, str | dt.date | np.datetime64):
            raise InvalidDataError(f"{item!r} is not a date", row=row, column="date")
    labels = np.array([np.datetime64(item) for item in items])
    not_a_time = np.isnat(labels)
    if not_a_time.any():
        row = int(np.flatnonzero(not_a_time)[0]) + 1
        raise InvalidDataError("the date is missing", row=row, column="date")
    return labels


def _as_labels(items: list[Any]) -> np.ndarray:
    seen: dict[Any, int] = {}
    for row, item in enumerate(items, start=1):
        if item is None or (isinstance(item, float) and math.isnan(item)) or item == "":
            raise InvalidDataError("the date or period label is missing", row=row, column="date")
        try:
            earlier = seen.setdefault(item, row)
        except TypeError:
            raise InvalidDataError(f"{item!r} cannot be used as a label", row=row, column="date") from None
        if earlier != row:
            raise InvalidDataError(f"duplicate label {item!r} (also row {earlier})", row=row, column="date")
    labels = np.empty(len(items), dtype=object)
    labels[:] = items
    return labels


def _check_date_order(labels: np.ndarray) -> None:
    steps = np.diff(labels)
    bad = np.flatnonzero(steps <= np.timedelta64(0))
    if bad.size:
        row = int(bad[0]) + 2
        here, before = labels[row - 1], labels[row - 2]
        if here == before:
            raise InvalidDataError(f"duplicate date {here} (also row {row - 1})", row=row, column="date")
        raise InvalidDataError(f"dates must be in order: {here} comes after {before}", row=row, column="date")


def format_label(label: Any) -> str:
    if isinstance(label, np.datetime64):
        return str(np.datetime_as_string(label))
    return str(label)


def _rows_of(wanted: Any, labels: np.ndarray | None, length: int, option: str) -> list[int]:
    """1-based rows of the points named by dates or labels (or by row numbers, with no dates)."""
    if wanted is None:
        return []
    single = isinstance(wanted, str | dt.date | np.datetime64 | numbers.Integral)
    names = [wanted] if single else list(wanted)
    return [_row_of(name, labels, length, option) for name in names]


def _row_of(name: Any, labels: np.ndarray | None, length: int, option: str) -> int:
    if labels is None:
        row = _whole_number(name)
        if row is not None and 1 <= row <= length:
            return row
        raise InvalidOptionError(option, f"{name!r} is not a row number from 1 to {length} (no dates were given)")
    if labels.dtype.kind == "M":
        try:
            key = np.datetime64(name)
        except (TypeError, ValueError):
            raise InvalidOptionError(option, f"{name!r} is not a date") from None
        matches = np.flatnonzero(labels == key)
    else:
        matches = np.flatnonzero(labels == name)
    if not matches.size:
        raise InvalidOptionError(option, f"{format_label(name)} is not one of the dates in the data")
    return int(matches[0]) + 1


def _recalculations(recalc_at: Any, labels: np.ndarray | None, length: int) -> tuple[Recalculation, ...]:
    if recalc_at is None:
        return ()
    if isinstance(recalc_at, Mapping):
        entries = [(name, str(reason)) for name, reason in recalc_at.items()]
    elif isinstance(recalc_at, str | dt.date | np.datetime64 | numbers.Integral):
        entries = [(recalc_at, "")]
    else:
        entries = [
            (entry[0], str(entry[1])) if isinstance(entry, tuple) and len(entry) == 2 else (entry, "")
            for entry in recalc_at
        ]
    found: dict[int, Recalculation] = {}
    for name, reason in entries:
        row = _row_of(name, labels, length, "recalc_at")
        if row == 1:
            raise InvalidOptionError("recalc_at", "a recalculation must start after the first point")
        if row in found:
            raise InvalidOptionError("recalc_at", f"{format_label(name)} is given twice")
        label = labels[row - 1] if labels is not None else row
        found[row] = Recalculation(row=row, label=label, reason=reason)
    return tuple(found[row] for row in sorted(found))


def _baseline(baseline: Any, length: int, first_recalculation: int | None) -> int | None:
    if baseline is None:
        return None
    points = _whole_number(baseline)
    if points is None:
        raise InvalidOptionError("baseline", f"must be a number of points, not {baseline!r}")
    if first_recalculation is not None and points >= first_recalculation:
        raise InvalidOptionError(
            "baseline",
            f"the baseline ({points} points) must end before the first recalculation (point {first_recalculation})",
        )
    if not 2 <= points <= length:
        raise InvalidOptionError("baseline", f"must be from 2 to the number of points ({length}), not {points}")
    return points


def _whole_number(value: object) -> int | None:
    """``value`` as an int when it is a whole number (an int or numpy integer, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return None
    return int(value)


def _direction(direction: Any) -> int:
    return DIRECTION_SIGNS[check_direction(direction)]


def _target(target: Any) -> float:
    return check_target(target)
