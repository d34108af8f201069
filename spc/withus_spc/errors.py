"""Typed exceptions: every bad input says what to fix, and where."""

from __future__ import annotations


class SpcError(ValueError):
    """Base class for every error the SPC engine raises on purpose."""


class InvalidOptionError(SpcError):
    """An option (chart, preset, direction, baseline, ...) is unknown or out of range."""

    def __init__(self, option: str, reason: str) -> None:
        self.option = option
        self.reason = reason
        super().__init__(f"option '{option}': {reason}")


class InvalidDataError(SpcError):
    """A data value is unusable.

    ``row`` is the 1-based position of the point in its series (``None`` when the
    problem is the series as a whole), ``column`` names the input that is wrong
    (``value``, ``date``, ``denominator``) and ``series`` is the 0-based index of the
    series within ``analyse_many`` (``None`` for ``analyse``).
    """

    def __init__(
        self, reason: str, *, row: int | None = None, column: str = "value", series: int | None = None
    ) -> None:
        self.reason = reason
        self.row = row
        self.column = column
        self.series = series
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = []
        if self.series is not None:
            where.append(f"series {self.series}")
        if self.row is not None:
            where.append(f"row {self.row}")
        where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"

    def in_series(self, series: int) -> InvalidDataError:
        """The same error, located within a batch of series."""
        return InvalidDataError(self.reason, row=self.row, column=self.column, series=series)
