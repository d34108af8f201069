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


def quarter_label(start: datetime.date) -> str:
    """ "January to March 2026" for the quarter starting on 1 January 2026."""
    end_month = datetime.date(start.year, start.month + 2, 1)
    return f"{start:%B} to {end_month:%B %Y}"


def quarter_cell(share) -> str:
    """One group's share in one quarter, with the count behind it; "Not shown" when suppressed."""
    if share.count is None:
        return "Not shown" if share.known else "None known"
    return f"{share.share:.0f}% ({share.count} of {share.known})"


def over_time_chart(cohort) -> dict:
    """A run chart of each census group's share of the cohort, quarter by quarter; a hidden figure is a gap."""
    from withus.core.charts import RunChartLabels, percent_run_chart_spec
    from withus.people.ethnicity import CENSUS_GROUPS, GROUP_LABELS

    rows = []
    for group in CENSUS_GROUPS:
        for (start, _end), share in zip(cohort.quarters, cohort.shares[group], strict=True):
            rows.append(
                {
                    "month": start.isoformat(),
                    "group": GROUP_LABELS[group],
                    "percent": None if share.share is None else round(share.share, 1),
                    "label": quarter_cell(share),
                }
            )
    latest = [
        f"{GROUP_LABELS[group]} {cohort.shares[group][-1].share:.0f}%"
        for group in CENSUS_GROUPS
        if cohort.shares[group][-1].share is not None
    ]
    last = quarter_label(cohort.quarters[-1][0])
    description = f"{cohort.label}: each census group's share of the people whose group is known, by quarter. " + (
        f"{last}: {', '.join(latest)}." if latest else f"{last}: not shown (fewer than 5 people)."
    )
    return percent_run_chart_spec(
        rows=rows,
        labels=RunChartLabels(
            y="Share of people whose group is known (%)",
            value="Share (%)",
            count="People",
            x="Quarter starting",
            group="Ethnic group (census)",
        ),
        title=cohort.label,
        description=description,
    )


def group_label(group: str) -> str:
    from withus.people.ethnicity import GROUP_LABELS

    return GROUP_LABELS[group]
