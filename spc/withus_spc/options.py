"""``AnalysisOptions``: how to analyse a series, in one checked, reusable value.

The data (values, and with them dates and denominators) is passed to ``analyse`` and
``analyse_many`` directly; everything else is an option. ``analyse(values, chart="u")``
and ``analyse(values, AnalysisOptions(chart="u"))`` are the same call: keywords are the
fields below, and they change the options given (or the defaults).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final, TypeAlias

import numpy as np

from withus_spc.errors import InvalidOptionError
from withus_spc.names import CHARTS, DIRECTIONS, Chart, Direction
from withus_spc.presets import Preset, PresetName, get_preset

Values: TypeAlias = Sequence[float | None] | np.ndarray
"""A series' values in order (``None`` or NaN for a gap), or its denominators."""
Label: TypeAlias = str | dt.date | np.datetime64 | int
"""A point's date or period label; with no dates, its 1-based row number."""
Dates: TypeAlias = Sequence[Label] | np.ndarray
"""Each point's date (ISO text, ``datetime.date`` or ``numpy.datetime64``) or unique period label."""
Points: TypeAlias = Label | Sequence[Label] | np.ndarray
"""One point, or several, named by :data:`Label`."""
Recalculations: TypeAlias = Label | Sequence[Label | tuple[Label, str]] | Mapping[Label, str]
"""Where new limits start: points, ``(point, reason)`` pairs, or a mapping of point to reason."""


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    """Every setting of an analysis except the data. Checked when made.

    ``target``, ``recalc_at``, ``baseline``, ``ghosts`` and ``direction`` are shared by
    every series of ``analyse_many``; a series given as a mapping may override them.
    """

    chart: Chart = "xmr"
    """Chart type: ``run``, ``xmr``, ``c``, ``u``, ``p``, ``pp``, ``up``, ``g`` or ``t``."""
    preset: PresetName | Preset = "mdc"
    """Rule set: ``mdc``, ``mdc-sql``, ``ptd``, ``ihi``, ``anhoej``, or a :class:`Preset`."""
    direction: Direction = "up"
    """Which way is better: ``up``, ``down`` or ``neither``."""
    target: float | None = None
    """A target, for the assurance icon (not for run, G and T charts)."""
    recalc_at: Recalculations = ()
    """Points where new limits start, optionally with reasons."""
    baseline: int | None = None
    """Fix the limits on the first N points (ending before the first of any ``recalc_at``)."""
    ghosts: Points = ()
    """Points shown but left out of every calculation."""
    multiply: float = 1
    """Scale for plotted values and lines, e.g. 1000 for a rate per 1,000."""
    shift_length: int | None = None
    """Override the preset's shift length (6 to 9)."""
    trend_length: int | None = None
    """Override the preset's trend length (6 to 9)."""

    def __post_init__(self) -> None:
        check_chart(self.chart)
        check_direction(self.direction)
        check_multiply(self.multiply)
        check_target(self.target)
        _ = self.rule_set  # an unknown preset or an out-of-range length fails here

    @cached_property
    def rule_set(self) -> Preset:
        """The preset, with any shift or trend length override applied."""
        return get_preset(self.preset).with_lengths(self.shift_length, self.trend_length)

    def replace(self, **changes: Any) -> AnalysisOptions:
        """A copy with some options changed, checked like the original."""
        unknown = set(changes) - OPTION_NAMES
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidOptionError(name, f"unknown option; the options are {', '.join(sorted(OPTION_NAMES))}")
        return dataclasses.replace(self, **changes) if changes else self


OPTION_NAMES: Final = frozenset(field.name for field in dataclasses.fields(AnalysisOptions))


def resolve_options(options: object, changes: Mapping[str, Any]) -> AnalysisOptions:
    """The options of one call: those given (or the defaults), with keyword changes applied."""
    if options is None:
        options = DEFAULT_OPTIONS
    elif not isinstance(options, AnalysisOptions):
        kind = type(options).__name__
        raise TypeError(f"options must be an AnalysisOptions, not {kind}; pass other settings by keyword")
    return options.replace(**changes)


def check_chart(chart: object) -> Chart:
    if isinstance(chart, str) and chart in CHARTS:
        return chart
    raise InvalidOptionError("chart", f"unknown chart {chart!r}; choose one of {', '.join(CHARTS)}")


def check_direction(direction: object) -> Direction:
    if isinstance(direction, str) and direction in DIRECTIONS:
        return direction
    raise InvalidOptionError("direction", f"unknown direction {direction!r}; choose one of {', '.join(DIRECTIONS)}")


def check_multiply(multiply: object) -> float:
    if isinstance(multiply, bool) or not isinstance(multiply, int | float | numbers.Real):
        raise InvalidOptionError("multiply", f"must be a positive number, not {multiply!r}")
    number = float(multiply)
    if not math.isfinite(number) or number <= 0:
        raise InvalidOptionError("multiply", f"must be a positive number, not {multiply!r}")
    return number


def check_target(target: object) -> float:
    """The target as a float (NaN for none)."""
    if target is None:
        return math.nan
    if isinstance(target, bool) or not isinstance(target, int | float | numbers.Real):
        raise InvalidOptionError("target", f"must be a number, not {target!r}")
    number = float(target)
    if not math.isfinite(number):
        raise InvalidOptionError("target", f"must be a number, not {target!r}")
    return number


DEFAULT_OPTIONS: Final = AnalysisOptions()
