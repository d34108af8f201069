"""A measure's chart: its analysis (`withus.improvement.analysis`) drawn as an SPC chart with `withus.core.charts`.

The page draws the specification in the browser (filling the page's width); chart.svg and chart.png render the
same one on the server at a fixed width, with the measure's name as the title.
"""

from withus.core import charts as core_charts
from withus.improvement.analysis import CATEGORY_LABELS, RULE_LABELS, MeasureAnalysis, period_noun
from withus.improvement.models import FREQUENCY_NOUNS, ChartType, Frequency

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


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def key_numbers(measure, analysis: MeasureAnalysis) -> list[str]:
    """The chart's key numbers in words, one sentence a phase and one for the latest point (the text alternative)."""
    single, many = FREQUENCY_NOUNS[Frequency(measure.frequency)]
    middle = "median" if measure.chart == ChartType.RUN else "average"
    sentences = []
    by_start = {point.period: point for point in analysis.points}
    for phase in analysis.phases:
        first = by_start.get(phase.start)
        text = f"{phase.name}, {phase.start:%-d %B %Y} to {phase.end:%-d %B %Y} ({phase.points} {many}): {middle}"
        text += f" {_number(phase.centre)}" if phase.centre is not None else " not worked out"
        if first is not None and first.lower is not None and first.upper is not None:
            text += f", process limits {_number(first.lower)} to {_number(first.upper)}"
        if phase.frozen_until:
            text += f", fixed on the {phase.frozen_points} {many} to {phase.frozen_until:%-d %B %Y}"
        sentences.append(text + ".")
    judged = [point for point in analysis.points if not point.ghost]
    if judged:
        last = judged[-1]
        sentences.append(f"Latest {single}, {last.period:%-d %B %Y}: {_number(last.value)} ({last.reading.lower()}).")
    return sentences


def measure_chart_spec(measure, analysis: MeasureAnalysis, *, title: str = "", download: bool = False) -> dict:
    """The measure's chart as a Vega-Lite specification. `download`: fixed width, titled with the measure's name
    (or `title`); on the page it fills the width and the page's heading names it."""
    labels = core_charts.SpcChartLabels(
        x=period_noun(measure.frequency).capitalize(),
        y="Per cent" if measure.chart == ChartType.P else (measure.unit_label or "Value"),
        categories=CATEGORIES,
    )
    phases = analysis.phases if len(analysis.phases) > 1 or any(p.frozen_until for p in analysis.phases) else []
    description = " ".join([f"{measure.name}: {analysis.reading}", *key_numbers(measure, analysis)])
    return core_charts.spc_chart_spec(
        rows=_rows(analysis),
        labels=labels,
        title=(title or measure.name) if download else "",
        description=description,
        limits=measure.chart != ChartType.RUN,
        zero=measure.chart != ChartType.XMR,
        target=None if measure.target is None else float(measure.target),
        notes=[(note["date"], note["text"]) for note in analysis.annotations],
        phases=[(phase.start, phase.name) for phase in phases],
        responsive=not download,
    )
