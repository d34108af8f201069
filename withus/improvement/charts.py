"""A measure's chart: the SPC analysis, its table, its plain-English reading and one Vega-Lite specification.

The same specification is drawn in the browser (vega-embed) and rendered on the server (vl-convert) for
chart.svg and chart.png, so there is only one definition of what the chart looks like.
"""

import datetime
import functools
import json
import logging
import math
from dataclasses import dataclass, field

import altair as alt
import numpy as np

import withus_spc as spc
from withus.improvement.models import FREQUENCY_NOUNS, ChartType, Frequency

logger = logging.getLogger(__name__)

# Making Data Count colours, darkened where needed so marks keep 3:1 contrast on white.
COLOURS = {
    "improvement": "#0072c6",
    "concern": "#c75000",
    "neither": "#6d2b9e",
    "common": "#6b7780",
    "ghost": "#ffffff",
}
CATEGORY_LABELS = {
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither": "Special cause: neither better nor worse",
    "common": "Common cause",
    "ghost": "Left out of the calculations",
}
VARIATION_LABELS = {
    "common-cause": "Common-cause variation",
    "improvement-high": "Special-cause improvement (higher)",
    "improvement-low": "Special-cause improvement (lower)",
    "concern-high": "Special-cause concern (higher)",
    "concern-low": "Special-cause concern (lower)",
    "neither-high": "Special cause, neither better nor worse (higher)",
    "neither-low": "Special cause, neither better nor worse (lower)",
}
ASSURANCE_LABELS = {
    "pass": "Consistently meets the target",
    "fail": "Will not meet the target without change",
    "hit-or-miss": "Sometimes meets the target, sometimes not",
}
RULE_LABELS = {
    spc.RULE_BEYOND_LIMITS: "beyond a process limit",
    spc.RULE_SHIFT: "shift",
    spc.RULE_TREND: "trend",
    spc.RULE_TWO_OF_THREE: "two of three close to a limit",
}
PRESET_FOR_RUN = {"mdc": "mdc", "anhoej": "anhoej", "ihi": "ihi"}
WIDTH = 680
HEIGHT = 300


@dataclass
class ChartPoint:
    period: datetime.date
    value: float
    centre: float | None
    lower: float | None
    upper: float | None
    category: str
    rules: tuple[str, ...]
    ghost: bool
    point_id: object = None
    note: str = ""

    @property
    def reading(self) -> str:
        text = CATEGORY_LABELS[self.category]
        if self.rules:
            text += f" ({', '.join(RULE_LABELS[rule] for rule in self.rules)})"
        return text


@dataclass
class MeasureChart:
    """Everything a measure's page, exports and summaries show."""

    points: list[ChartPoint]
    result: spc.SpcResult | None
    reading: str
    assurance_reading: str
    warnings: list[str] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)

    @property
    def variation(self) -> str:
        return (self.result.summary.variation if self.result else None) or ""

    @property
    def assurance(self) -> str:
        return (self.result.summary.assurance if self.result else None) or ""


@dataclass(frozen=True)
class PointRow:
    """A data point as the chart needs it: lighter than a model instance when there are thousands."""

    pk: object
    period: datetime.date
    value: float
    denominator: float | None
    ghost: bool
    note: str


def load_points(measure) -> list[PointRow]:
    """A measure's points, oldest first, in one query."""
    rows = measure.points.order_by("period").values_list("pk", "period", "value", "denominator", "ghost", "note")
    return [PointRow(*row) for row in rows]


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def analyse_points(measure, points, recalculations=()) -> spc.SpcResult | None:
    """Run withus_spc on a measure's points (oldest first). None when there are none."""
    if not points:
        return None
    values = [float(point.value) for point in points]
    dates = [point.period for point in points]
    options = {
        "chart": measure.chart,
        "preset": PRESET_FOR_RUN.get(measure.preset, "mdc"),
        "direction": measure.direction,
        "dates": dates,
        "ghosts": [point.period for point in points if point.ghost],
    }
    if measure.chart in (ChartType.P, ChartType.U):
        options["denominators"] = [float(point.denominator or 0) for point in points]
        if measure.chart == ChartType.P:
            options["multiply"] = 100
    if measure.target is not None and measure.chart != ChartType.RUN and measure.direction != "neither":
        options["target"] = float(measure.target)
    # New limits start at a point, and never at the first one (there would be nothing before them).
    known = set(dates[1:])
    recalc = {item.period: item.reason for item in recalculations if item.period in known}
    if recalc:
        options["recalc_at"] = recalc
    try:
        return spc.analyse(values, **options)
    except spc.SpcError:
        # Data saved before a rule changed (e.g. a chart type switched) must not break the page: no chart.
        logger.warning("SPC analysis refused measure %s", getattr(measure, "pk", ""), exc_info=True)
        return None


def build_chart(measure, points, recalculations=(), annotations=(), pdsa_cycles=()) -> MeasureChart:
    result = analyse_points(measure, points, recalculations)
    chart_points = []
    if result is not None:
        values = result.value.tolist()
        centre = result.centre.tolist()
        lower = result.lower.tolist()
        upper = result.upper.tolist()
        categories = result.category.tolist()
        for index, point in enumerate(points):
            chart_points.append(
                ChartPoint(
                    period=point.period,
                    value=values[index],
                    centre=_number(centre[index]),
                    lower=_number(lower[index]),
                    upper=_number(upper[index]),
                    category="ghost" if point.ghost else (categories[index] or "common"),
                    rules=result.rules(index),
                    ghost=point.ghost,
                    point_id=getattr(point, "pk", None),
                    note=getattr(point, "note", ""),
                )
            )
    notes = [{"date": item.on, "text": item.text, "kind": "note"} for item in annotations]
    notes += [{"date": cycle.starts_on, "text": f"PDSA: {cycle.title}", "kind": "pdsa"} for cycle in pdsa_cycles]
    notes.sort(key=lambda note: note["date"])
    sentence = reading(measure, chart_points, result)
    if result is None and points:
        sentence = "The chart could not be worked out from these data: check that every point has what the chart needs."
    return MeasureChart(
        points=chart_points,
        result=result,
        reading=sentence,
        assurance_reading=assurance_reading(measure, result),
        warnings=list(result.summary.warnings) if result else [],
        annotations=notes,
    )


def _nouns(frequency: str) -> tuple[str, str]:
    return FREQUENCY_NOUNS[Frequency(frequency)]


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _trailing(points: list[ChartPoint], keep) -> int:
    count = 0
    previous = None
    for point in reversed(points):
        if point.ghost:
            continue
        if not keep(point, previous):
            break
        count += 1
        previous = point
    return count


def reading(measure, points: list[ChartPoint], result) -> str:
    """One plain-English sentence about the latest point, e.g. "The last 7 weeks are all below the average — ..."."""
    single, many = _nouns(measure.frequency)
    judged = [point for point in points if not point.ghost]
    if not judged:
        return "There are no data yet."
    if result is None or result.summary.variation is None:
        return (
            f"There are {len(judged)} {many if len(judged) != 1 else single} of data. Limits and special causes are "
            "shown once there are at least 13."
        )
    last = judged[-1]
    kind = {
        "improvement": "special-cause improvement",
        "concern": "special-cause concern",
        "neither": "special-cause variation, neither better nor worse",
    }.get(last.category)
    if kind is None:
        sentence = f"The latest {single} shows only common-cause variation: no sign of change."
        summary = result.summary
        if summary.runs_signal and measure.preset in ("anhoej", "ihi"):
            sentence += (
                f" But the runs analysis finds a signal (longest run {summary.longest_run}, more than "
                f"{summary.longest_run_max} expected; {summary.crossings} crossings of the median): the process has "
                "probably changed."
            )
        return sentence
    return _special_reading(measure, judged, last, kind)


def _special_reading(measure, judged: list[ChartPoint], last: ChartPoint, kind: str) -> str:
    single, many = _nouns(measure.frequency)
    middle = "median" if measure.chart == ChartType.RUN else "average"
    above = last.centre is not None and last.value > last.centre
    side = "above" if above else "below"
    if spc.RULE_SHIFT in last.rules:
        count = _trailing(judged, lambda point, _: point.centre is not None and (point.value > point.centre) == above)
        return f"The last {count} {many} are all {side} the {middle} — a shift: {kind}."
    if spc.RULE_BEYOND_LIMITS in last.rules:
        limit = "upper" if above else "lower"
        return f"The latest {single} ({_format(last.value)}) is {side} the {limit} process limit: {kind}."
    if spc.RULE_TREND in last.rules:
        rising = len(judged) > 1 and last.value > judged[-2].value
        count = _trailing(
            judged,
            lambda point, later: later is None or (later.value > point.value if rising else later.value < point.value),
        )
        direction = "higher" if rising else "lower"
        return f"The last {count} {many} have each been {direction} than the one before — a trend: {kind}."
    if spc.RULE_TWO_OF_THREE in last.rules:
        limit = "upper" if above else "lower"
        return f"Two of the last three {many} are close to the {limit} process limit: {kind}."
    return f"The latest {single} is {kind}."


def assurance_reading(measure, result) -> str:
    if result is None or not result.summary.assurance or measure.target is None:
        return ""
    _, many = _nouns(measure.frequency)
    target = _format(float(measure.target))
    return {
        "pass": f"The target of {target} lies outside the process limits on the better side: it is consistently met.",
        "fail": f"The target of {target} lies outside the process limits on the worse side: "
        "it will not be met without change.",
        "hit-or-miss": f"The target of {target} lies between the process limits: "
        f"it will be met in some {many} and missed in others.",
    }[result.summary.assurance]


def _point_rows(measure_chart: MeasureChart, measure) -> list[dict]:
    rows = []
    for point in measure_chart.points:
        rows.append(
            {
                "date": point.period.isoformat(),
                "value": round(point.value, 4),
                "centre": None if point.centre is None else round(point.centre, 4),
                "lower": None if point.lower is None else round(point.lower, 4),
                "upper": None if point.upper is None else round(point.upper, 4),
                "category": CATEGORY_LABELS[point.category],
                "rules": ", ".join(RULE_LABELS[rule] for rule in point.rules) or "none",
                "partition": 0,
            }
        )
    if measure_chart.result is not None:
        for row, partition in zip(rows, measure_chart.result.partition.tolist(), strict=True):
            row["partition"] = partition
    return rows


def vega_lite_spec(measure, measure_chart: MeasureChart, *, title: str = "") -> dict:
    """The chart as a Vega-Lite specification, built with Altair; the data go in named datasets.

    Altair validates every encoding against the Vega-Lite schema, which costs far more than the data, so the
    structure is built once per kind of chart and the title, description and data are filled in each time.
    """
    y_title = "Per cent" if measure.chart == ChartType.P else (measure.unit_label or "Value")
    spec = json.loads(
        _spec_structure(
            chart=measure.chart,
            frequency=measure.frequency,
            y_title=y_title,
            has_target=measure.target is not None,
            has_notes=bool(measure_chart.annotations),
        )
    )
    spec["title"] = title or measure.name
    spec["description"] = f"{measure.name}: {measure_chart.reading}"
    spec["datasets"] = {"points": _point_rows(measure_chart, measure)}
    if measure.target is not None:
        spec["datasets"]["target"] = [{"target": float(measure.target), "label": "Target"}]
    if measure_chart.annotations:
        spec["datasets"]["annotations"] = [
            {"date": note["date"].isoformat(), "text": note["text"], "label": str(number)}
            for number, note in enumerate(measure_chart.annotations, start=1)
        ]
    return spec


@functools.lru_cache(maxsize=256)
def _spec_structure(*, chart: str, frequency: str, y_title: str, has_target: bool, has_notes: bool) -> str:
    """The layers, encodings and scales of one kind of chart, as JSON (validated by Altair once)."""
    single, _ = _nouns(frequency)
    points = alt.Data(name="points")
    x = alt.X("date:T", title=single.capitalize(), axis=alt.Axis(format="%d %b %Y", labelAngle=-40, labelOverlap=True))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=chart != ChartType.XMR))
    base = alt.Chart(points)
    tooltip = [
        alt.Tooltip("date:T", title=single.capitalize(), format="%d %B %Y"),
        alt.Tooltip("value:Q", title="Value", format=",.4~f"),
        alt.Tooltip("centre:Q", title="Centre", format=",.2f"),
        alt.Tooltip("lower:Q", title="Lower limit", format=",.2f"),
        alt.Tooltip("upper:Q", title="Upper limit", format=",.2f"),
        alt.Tooltip("category:N", title="Reading"),
        alt.Tooltip("rules:N", title="Rules"),
    ]
    line = base.mark_line(color="#425563", strokeWidth=1.5).encode(x=x, y=y)
    centre = base.mark_line(color="#212b32", strokeWidth=1.5, interpolate="step-after").encode(
        x="date:T", y="centre:Q", detail="partition:N"
    )
    layers = [line, centre]
    if chart != ChartType.RUN:
        for limit in ("upper", "lower"):
            layers.append(
                base.mark_line(color="#4c6272", strokeDash=[6, 4], strokeWidth=1.2, interpolate="step-after").encode(
                    x="date:T", y=f"{limit}:Q", detail="partition:N"
                )
            )
    domain = list(CATEGORY_LABELS.values())
    dots = base.mark_point(filled=True, size=55, strokeWidth=1.5).encode(
        x="date:T",
        y="value:Q",
        fill=alt.Fill(
            "category:N",
            scale=alt.Scale(domain=domain, range=[COLOURS[key] for key in CATEGORY_LABELS]),
            legend=alt.Legend(title="Reading", orient="bottom", columns=2, labelLimit=320),
        ),
        stroke=alt.value("#425563"),
        tooltip=tooltip,
    )
    layers.append(dots)
    if has_target:
        layers.append(
            alt.Chart(alt.Data(name="target"))
            .mark_rule(color="#007f3b", strokeDash=[2, 2], strokeWidth=2)
            .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title="Target")])
        )
    if has_notes:
        notes = alt.Chart(alt.Data(name="annotations"))
        layers.append(
            notes.mark_rule(color="#768692", strokeDash=[1, 3]).encode(
                x="date:T",
                tooltip=[alt.Tooltip("date:T", title="Date", format="%d %B %Y"), alt.Tooltip("text:N", title="Note")],
            )
        )
        layers.append(
            notes.mark_text(align="left", baseline="top", dx=3, angle=0, fontSize=10, color="#212b32").encode(
                x="date:T", y=alt.value(2), text="label:N"
            )
        )
    structure = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT, title="title", description="description")
    spec = structure.to_dict()
    spec["config"] = {"font": "Arial, sans-serif", "view": {"stroke": None}}
    return json.dumps(spec)


def render_svg(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def render_png(spec: dict) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=2)


def run_chart_spec(*, title: str, rows: list[dict], y_title: str, description: str) -> dict:
    """A simple run chart (median line) of monthly percentages by group, for the involvement headline."""
    data = alt.Data(name="series")
    base = alt.Chart(data)
    x = alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y", labelAngle=-40))
    y = alt.Y("percent:Q", title=y_title, scale=alt.Scale(domain=[0, 100]))
    colour = alt.Color("group:N", title="Directorate", legend=alt.Legend(orient="bottom", columns=1))
    lines = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=40)).encode(
        x=x,
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("month:T", title="Month", format="%B %Y"),
            alt.Tooltip("group:N", title="Directorate"),
            alt.Tooltip("percent:Q", title="Big I (%)", format=".0f"),
            alt.Tooltip("label:N", title="Projects"),
        ],
    )
    median = base.mark_rule(strokeDash=[4, 3]).encode(y="median(percent):Q", color=colour)
    spec = (
        alt.layer(lines, median).properties(width=WIDTH, height=HEIGHT, title=title, description=description).to_dict()
    )
    spec["datasets"] = {"series": rows}
    spec["config"] = {"font": "Arial, sans-serif", "view": {"stroke": None}}
    return spec


def median(values: list[float]) -> float | None:
    return float(np.median(values)) if values else None
