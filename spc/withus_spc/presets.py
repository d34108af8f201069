"""Named rule sets.

Each preset pins one published tool's behaviour so that a chart can always say
which rules produced it. ``docs/spc.md`` explains every setting in plain English.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from withus_spc.errors import InvalidOptionError
from withus_spc.names import RULE_SHIFT, RULE_TREND, RULE_TWO_OF_THREE, RuleName

PresetName = Literal["mdc", "mdc-sql", "ptd", "ihi", "anhoej"]
PRESET_NAMES: Final[tuple[PresetName, ...]] = get_args(PresetName)

TwoOfThree = Literal["exclude-beyond-3-sigma", "include-beyond-3-sigma"]
CategoryBasis = Literal["rule-direction", "side-of-centre"]
GCentre = Literal["median", "theoretical-median"]
RunsTest = Literal["anhoej", "swed-eisenhart"]

SHIFT_TREND_OVERRIDE_RANGE = range(6, 10)

# Sigma from the mean moving range: NHS tools use the rounded 2.66 for three sigma,
# qicharts2 divides by d2 = 1.128 exactly as written in its source.
MDC_SIGMA_PER_MEAN_MR = 2.66 / 3
D2_SIGMA_PER_MEAN_MR = 1 / 1.128


@dataclass(frozen=True)
class Preset:
    """One rule set. Use :func:`get_preset` and :meth:`replace` rather than building one by hand."""

    name: str
    title: str
    sigma_per_mean_moving_range: float
    min_points: int
    trial_limits_below: int | None
    shift_length: int | None
    shift_ignores_points_on_centre: bool
    trend_length: int | None
    trend_ignores_ties: bool
    two_of_three: TwoOfThree | None
    rules_crossing_recalculations: frozenset[RuleName]
    category_basis: CategoryBasis
    conflict: Literal["improvement", "concern"]
    screen_moving_ranges: bool
    screening_keeps_equal: bool
    screening_drops_points_from_mean: bool
    gap_breaks_moving_range: bool
    g_centre: GCentre
    runs_test: RunsTest
    assurance_on_limit_is_decisive: bool

    def replace(self, **changes: Any) -> Preset:
        """A copy with some settings changed (for example ``shift_length=7``)."""
        unknown = set(changes) - {field.name for field in dataclasses.fields(self)}
        if unknown:
            raise InvalidOptionError("preset", f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    def with_lengths(self, shift_length: int | None, trend_length: int | None) -> Preset:
        """Override the shift and trend lengths, which the NHS tools let users set to 6-9."""
        changes: dict[str, int] = {}
        for option, length, current in (
            ("shift_length", shift_length, self.shift_length),
            ("trend_length", trend_length, self.trend_length),
        ):
            if length is None:
                continue
            if isinstance(length, bool) or not isinstance(length, int):
                raise InvalidOptionError(option, f"must be a whole number from 6 to 9, not {length!r}")
            if length not in SHIFT_TREND_OVERRIDE_RANGE:
                raise InvalidOptionError(option, f"must be from 6 to 9, not {length}")
            if current is None:
                raise InvalidOptionError(option, f"preset '{self.name}' has no such rule to lengthen")
            changes[option] = length
        return self.replace(**changes) if changes else self

    def settings(self) -> dict[str, Any]:
        """Every setting, JSON-ready, so a stored chart records exactly how it was made."""
        values = dataclasses.asdict(self)
        values["rules_crossing_recalculations"] = sorted(self.rules_crossing_recalculations)
        return values


_MULTI_POINT_RULES: frozenset[RuleName] = frozenset({RULE_SHIFT, RULE_TREND, RULE_TWO_OF_THREE})

MDC = Preset(
    name="mdc",
    title="NHS England Making Data Count, Single Chart Tool v5",
    sigma_per_mean_moving_range=MDC_SIGMA_PER_MEAN_MR,
    min_points=13,
    trial_limits_below=12,
    shift_length=6,
    shift_ignores_points_on_centre=False,
    trend_length=6,
    trend_ignores_ties=False,
    two_of_three="exclude-beyond-3-sigma",
    rules_crossing_recalculations=_MULTI_POINT_RULES,
    category_basis="rule-direction",
    conflict="improvement",
    screen_moving_ranges=False,
    screening_keeps_equal=True,
    screening_drops_points_from_mean=False,
    gap_breaks_moving_range=False,
    g_centre="theoretical-median",
    runs_test="anhoej",
    assurance_on_limit_is_decisive=True,
)

MDC_SQL = MDC.replace(
    name="mdc-sql",
    title="NHS England Making Data Count SQL v2.6",
    two_of_three="include-beyond-3-sigma",
    rules_crossing_recalculations=frozenset({RULE_TREND}),
    screening_drops_points_from_mean=True,
)

PTD = MDC.replace(
    name="ptd",
    title="NHSRplotthedots 0.2",
    min_points=0,
    trial_limits_below=13,
    shift_length=7,
    trend_length=7,
    rules_crossing_recalculations=frozenset(),
    category_basis="side-of-centre",
    screen_moving_ranges=True,
    screening_keeps_equal=False,
    gap_breaks_moving_range=True,
    assurance_on_limit_is_decisive=False,
)

IHI = MDC.replace(
    name="ihi",
    title="IHI run-chart rules (Perla, Provost and Murray 2011)",
    min_points=0,
    shift_ignores_points_on_centre=True,
    trend_length=5,
    trend_ignores_ties=True,
    two_of_three=None,
    rules_crossing_recalculations=frozenset(),
    trial_limits_below=None,
    runs_test="swed-eisenhart",
)

ANHOEJ = MDC.replace(
    name="anhoej",
    title="Anhøj rules, exactly as qicharts2 0.8.1 attached with library()",
    sigma_per_mean_moving_range=D2_SIGMA_PER_MEAN_MR,
    min_points=0,
    trial_limits_below=None,
    shift_length=None,
    trend_length=None,
    two_of_three=None,
    rules_crossing_recalculations=frozenset(),
    screen_moving_ranges=True,
    screening_keeps_equal=False,
    gap_breaks_moving_range=True,
    g_centre="median",
)

PRESETS: dict[str, Preset] = {preset.name: preset for preset in (MDC, MDC_SQL, PTD, IHI, ANHOEJ)}


def get_preset(preset: PresetName | Preset) -> Preset:
    """The preset with this name (or the preset itself, when one is passed)."""
    if isinstance(preset, Preset):
        return preset
    try:
        return PRESETS[preset]
    except (KeyError, TypeError):
        raise InvalidOptionError("preset", f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}") from None
