"""Statistical process control for QI: run charts and control charts with NHS Making Data
Count, NHSRplotthedots, IHI and Anhøj (qicharts2) rule sets.

Plain Python and numpy only. Start with :func:`analyse` (one series) or
:func:`analyse_many` (thousands in one vectorised call); the README has the detail.
"""

from importlib.metadata import PackageNotFoundError, version

from withus_spc.engine import analyse, analyse_many
from withus_spc.errors import InvalidDataError, InvalidOptionError, SpcError
from withus_spc.inputs import Recalculation
from withus_spc.names import (
    ASSURANCE_ICONS,
    CATEGORIES,
    CATEGORY_COMMON,
    CATEGORY_CONCERN,
    CATEGORY_IMPROVEMENT,
    CATEGORY_NEITHER,
    CHARTS,
    DIRECTIONS,
    RULE_BEYOND_LIMITS,
    RULE_SHIFT,
    RULE_TREND,
    RULE_TWO_OF_THREE,
    RULES,
    VARIATION_ICONS,
    AssuranceIcon,
    Category,
    Chart,
    Direction,
    RuleName,
    VariationIcon,
)
from withus_spc.options import AnalysisOptions
from withus_spc.presets import PRESET_NAMES, PRESETS, Preset, PresetName, get_preset
from withus_spc.result import SpcBatch, SpcResult, Summary

try:
    __version__ = version("withus-spc")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"

__all__ = [
    "ASSURANCE_ICONS",
    "CATEGORIES",
    "CATEGORY_COMMON",
    "CATEGORY_CONCERN",
    "CATEGORY_IMPROVEMENT",
    "CATEGORY_NEITHER",
    "CHARTS",
    "DIRECTIONS",
    "PRESETS",
    "PRESET_NAMES",
    "RULES",
    "RULE_BEYOND_LIMITS",
    "RULE_SHIFT",
    "RULE_TREND",
    "RULE_TWO_OF_THREE",
    "VARIATION_ICONS",
    "AnalysisOptions",
    "AssuranceIcon",
    "Category",
    "Chart",
    "Direction",
    "InvalidDataError",
    "InvalidOptionError",
    "Preset",
    "PresetName",
    "Recalculation",
    "RuleName",
    "SpcBatch",
    "SpcError",
    "SpcResult",
    "Summary",
    "VariationIcon",
    "__version__",
    "analyse",
    "analyse_many",
    "get_preset",
]
