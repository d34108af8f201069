"""The engine's vocabulary: chart types, directions, rule names and point categories.

Each is a ``Literal`` type (so a type checker catches ``chart="xbar"``) with a tuple of
its values for code that lists them. Callers compare rule names and categories with the
constants here (``RULE_SHIFT in result.rules(i)``) rather than typing the strings.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Chart = Literal["run", "xmr", "c", "u", "p", "pp", "up", "g", "t"]
CHARTS: Final[tuple[Chart, ...]] = get_args(Chart)

Direction = Literal["up", "down", "neither"]
DIRECTIONS: Final[tuple[Direction, ...]] = get_args(Direction)

RuleName = Literal["beyond_limits", "shift", "trend", "two_of_three"]
RULE_BEYOND_LIMITS: Final = "beyond_limits"
"""One point above the upper or below the lower process limit."""
RULE_SHIFT: Final = "shift"
"""A run of points on one side of the centre line."""
RULE_TREND: Final = "trend"
"""A run of points that keep rising or keep falling."""
RULE_TWO_OF_THREE: Final = "two_of_three"
"""Two of three points in a row beyond two sigma, on one side."""
RULES: Final[tuple[RuleName, ...]] = (RULE_BEYOND_LIMITS, RULE_SHIFT, RULE_TREND, RULE_TWO_OF_THREE)

Category = Literal["improvement", "concern", "neither", "common"]
CATEGORY_IMPROVEMENT: Final = "improvement"
CATEGORY_CONCERN: Final = "concern"
CATEGORY_NEITHER: Final = "neither"
CATEGORY_COMMON: Final = "common"
CATEGORIES: Final[tuple[Category, ...]] = (CATEGORY_COMMON, CATEGORY_IMPROVEMENT, CATEGORY_CONCERN, CATEGORY_NEITHER)

VariationIcon = Literal[
    "common-cause",
    "improvement-high",
    "improvement-low",
    "concern-high",
    "concern-low",
    "neither-high",
    "neither-low",
]
VARIATION_ICONS: Final[tuple[VariationIcon, ...]] = get_args(VariationIcon)

AssuranceIcon = Literal["pass", "fail", "hit-or-miss"]
ASSURANCE_ICONS: Final[tuple[AssuranceIcon, ...]] = get_args(AssuranceIcon)
