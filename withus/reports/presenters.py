"""Display shaping for board packs, the annual report and equity pages. Presenters never query: they read the
frozen figures (a snapshot's JSON) or a selector's result."""

import base64
import datetime
from dataclasses import dataclass

from withus.core.formatting import date_long
from withus.improvement.analysis import ASSURANCE_LABELS, VARIATION_LABELS  # noqa: F401 - templates read them
from withus.improvement.presenters import assurance_icon, figure, variation_icon
from withus.reports.models import Direction, Preset


def month_label(iso: str) -> str:
    return f"{datetime.date.fromisoformat(iso):%b %Y}"


def long_date(iso: str | None) -> str:
    return date_long(datetime.date.fromisoformat(iso)) if iso else ""


def value_text(value, unit_label: str = "") -> str:
    if value is None:
        return "No data"
    text = figure(round(value, 1))
    return f"{text}%" if unit_label.lower().startswith("per cent") else text


@dataclass
class MetricView:
    metric: dict
    narrative: object | None

    @property
    def code(self) -> str:
        return self.metric["code"]

    @property
    def name(self) -> str:
        return self.metric["name"]

    @property
    def latest(self) -> str:
        return value_text(self.metric["latest"], self.metric["unit_label"])

    @property
    def target(self) -> str:
        if self.metric["target"] is None:
            return "None set"
        return value_text(self.metric["target"], self.metric["unit_label"])

    @property
    def variation(self) -> dict | None:
        spc = self.metric["spc"]
        return variation_icon(spc["variation"]) if spc and spc["variation"] else None

    @property
    def assurance(self) -> dict | None:
        spc = self.metric["spc"]
        return assurance_icon(spc["assurance"]) if spc and spc["assurance"] else None

    @property
    def direction(self) -> str:
        return Direction(self.metric["direction"]).label

    @property
    def preset(self) -> str:
        return dict(Preset.choices).get(self.metric["preset"], self.metric["preset"])

    @property
    def target_from(self) -> str:
        return long_date(self.metric["target_from"])

    @property
    def baseline_until(self) -> str:
        return long_date(self.metric["baseline_until"])

    @property
    def rebases(self) -> list[tuple[str, str]]:
        return [(long_date(rebase["date"]), rebase["reason"]) for rebase in self.metric["rebases"]]

    @property
    def chart_text(self) -> str:
        """The chart's text alternative: the key numbers in words."""
        return " ".join(self.metric["key_numbers"]) or "No chart: fewer than two months with data in these 24 months."

    def table(self, months: list[str], rows: dict) -> dict:
        """The last six months of a split (by directorate or by kind) as a table."""
        recent = months[-6:]
        return {
            "months": [month_label(month) for month in recent],
            "rows": [
                (name, [value_text(value, self.metric["unit_label"]) for value in values[-6:]])
                for name, values in rows.items()
            ],
        }


def metric_views(figures: dict, narratives: dict) -> list[MetricView]:
    return [MetricView(metric, narratives.get(metric["code"])) for metric in figures["metrics"]]


def percent(value) -> str:
    return "" if value is None else f"{value:.1f}%"


def ratio(cell) -> str:
    if cell.ratio is None:
        return "Not shown"
    return f"{cell.ratio:.2f} ({cell.ratio_low:.2f} to {cell.ratio_high:.2f})"


def count(value) -> str:
    return "Fewer than 5" if value is None else f"{value:,}"


def svg_data(svg: str) -> str:
    """A chart's SVG as a data: URL for an <img> (the page's content security policy allows data: images only)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
