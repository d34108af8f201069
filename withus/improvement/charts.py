"""A measure's chart: its analysis (`withus.improvement.analysis`) drawn as an SPC chart with `withus.core.charts`.

The page draws the specification in the browser; chart.svg and chart.png render the same one on the server.
"""

from withus.core import charts as core_charts
from withus.improvement.analysis import CATEGORY_LABELS, RULE_LABELS, MeasureAnalysis, period_noun
from withus.improvement.models import ChartType

CATEGORIES = tuple(CATEGORY_LABELS.items())


def _rows(analysis: MeasureAnalysis) -> list[core_charts.SpcRow]:
    return [
        {
            "date": point.period.isoformat(),
            "value": round(point.value, 4),
            "centre": None if point.centre is None else round(point.centre, 4),
            "lower": None if point.lower is None else round(point.lower, 4),
            "upper": None if point.upper is None else round(point.upper, 4),
            "category": CATEGORY_LABELS[point.category],
            "rules": ", ".join(RULE_LABELS[rule] for rule in point.rules) or "none",
            "partition": point.partition,
        }
        for point in analysis.points
    ]


def measure_chart_spec(measure, analysis: MeasureAnalysis, *, title: str = "") -> dict:
    """The measure's chart as a Vega-Lite specification (title: the measure's name unless given)."""
    labels = core_charts.SpcChartLabels(
        x=period_noun(measure.frequency).capitalize(),
        y="Per cent" if measure.chart == ChartType.P else (measure.unit_label or "Value"),
        categories=CATEGORIES,
    )
    return core_charts.spc_chart_spec(
        rows=_rows(analysis),
        labels=labels,
        title=title or measure.name,
        description=f"{measure.name}: {analysis.reading}",
        limits=measure.chart != ChartType.RUN,
        zero=measure.chart != ChartType.XMR,
        target=None if measure.target is None else float(measure.target),
        notes=[(note["date"], note["text"]) for note in analysis.annotations],
    )
