"""Statistical process control for QI: run charts and control charts with NHS Making Data
Count, NHSRplotthedots, IHI and Anhøj (qicharts2) rule sets.

Plain Python and numpy only. Start with :func:`analyse` (one series) or
:func:`analyse_many` (thousands in one vectorised call); ``docs/spc.md`` has the detail.
"""

from withus_spc.engine import analyse, analyse_many
from withus_spc.errors import InvalidDataError, InvalidOptionError, SpcError
from withus_spc.inputs import CHARTS, Recalculation
from withus_spc.presets import PRESETS, Preset, get_preset
from withus_spc.result import ASSURANCE_ICONS, VARIATION_ICONS, SpcBatch, SpcResult, Summary

__all__ = [
    "ASSURANCE_ICONS",
    "CHARTS",
    "PRESETS",
    "VARIATION_ICONS",
    "InvalidDataError",
    "InvalidOptionError",
    "Preset",
    "Recalculation",
    "SpcBatch",
    "SpcError",
    "SpcResult",
    "Summary",
    "analyse",
    "analyse_many",
    "get_preset",
]
