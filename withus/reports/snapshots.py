"""Freezing the figures of a board pack (ADR 29): the series of every metric, its SPC result, the rule set and
engine version and the chart SVG, as one JSON document. The pack is drawn from this document alone, so the same
snapshot always shows the same numbers, and later changes to the data never alter it."""

import datetime
import hashlib
import json
import math

import withus_spc as spc
from withus.core import charts as core_charts
from withus.core.dates import add_months, month_end, month_start
from withus.improvement.analysis import CATEGORY_LABELS, RULE_LABELS
from withus.reports.models import ChartKind, MetricDefinition
from withus.reports.selectors import SELECTORS, counting_together, directorates

MONTHS_SHOWN = 24
"""Two years of months up to the period's end: enough for the 13 points Making Data Count needs for icons."""
CATEGORIES = tuple(CATEGORY_LABELS.items())


def months_up_to(period_end: datetime.date, count: int = MONTHS_SHOWN) -> list[datetime.date]:
    last = month_start(period_end)
    return [add_months(last, offset) for offset in range(-(count - 1), 1)]


def _number(value) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _analyse(definition: MetricDefinition, months, values, target) -> tuple[dict | None, list[str]]:
    """The SPC result as plain data, or None (a figure, or nothing to chart); and any warnings in words."""
    if definition.chart == ChartKind.FIGURE or sum(value is not None for value in values) < 2:
        return None, []
    dates = [month.isoformat() for month in months]
    recalc_at = {
        rebase.starts_on.replace(day=1).isoformat(): rebase.reason
        for rebase in definition.rebases.all()
        if months[1] <= rebase.starts_on.replace(day=1) <= months[-1]
    }
    options = {
        "chart": "run" if definition.chart == ChartKind.RUN else "xmr",
        "preset": definition.preset,
        "direction": definition.direction,
        "target": target,
    }
    warnings = []
    if definition.baseline_until and months[0] <= definition.baseline_until:
        baseline = sum(month <= definition.baseline_until for month in months)
        first_rebase = min(recalc_at, default=None)
        if baseline >= 2 and (first_rebase is None or dates[baseline - 1] < first_rebase):
            options["baseline"] = baseline
    try:
        result = spc.analyse(values, dates=dates, recalc_at=recalc_at or None, **options)
    except spc.SpcError as error:
        return None, [f"The chart could not be worked out: {error}"]
    data = result.to_dict()
    points = [
        {
            "date": point["date"],
            "value": point["value"],
            "centre": point["centre"],
            "lower": point["lower"],
            "upper": point["upper"],
            "category": point["category"],
            "rules": point["rules"],
            "partition": point["partition"],
        }
        for point in data["points"]
    ]
    summary = data["summary"]
    warnings.extend(summary["warnings"])
    return {
        "chart": data["chart"],
        "preset": data["preset"],
        "settings": data["settings"],
        "points": points,
        "variation": summary["variation"],
        "assurance": summary["assurance"],
        "recalculations": summary["recalculations"],
    }, warnings


def _round(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(value, 4)


def _key_numbers(metric: dict) -> list[str]:
    """The chart's key numbers in words: its text alternative."""
    result = metric["spc"]
    judged = [point for point in result["points"] if point["value"] is not None]
    if not judged:
        return []
    last = judged[-1]
    middle = "Median" if result["chart"] == "run" else "Average"
    sentences = []
    if last["centre"] is not None:
        sentence = f"{middle} {_number(last['centre'])}"
        if last["lower"] is not None and last["upper"] is not None:
            sentence += f", process limits {_number(last['lower'])} to {_number(last['upper'])}"
        sentences.append(sentence + ".")
    month = datetime.date.fromisoformat(last["date"])
    reading = CATEGORY_LABELS.get(last["category"] or "", "not judged").lower()
    sentences.append(f"Latest month, {month:%B %Y}: {_number(last['value'])} ({reading}).")
    if metric["target"] is not None:
        sentences.append(f"Target {_number(metric['target'])}.")
    return sentences


def _chart_svg(metric: dict) -> str:
    result = metric["spc"]
    rows: list[core_charts.SpcRow] = [
        {
            "date": point["date"],
            "value": _round(point["value"]),
            "centre": _round(point["centre"]),
            "lower": _round(point["lower"]),
            "upper": _round(point["upper"]),
            "category": CATEGORY_LABELS[point["category"]],
            "rules": ", ".join(RULE_LABELS[rule] for rule in point["rules"]) or "none",
            "partition": point["partition"],
        }
        for point in result["points"]
        if point["value"] is not None and point["category"]
    ]
    labels = core_charts.SpcChartLabels(x="Month", y=metric["unit_label"] or "Value", categories=CATEGORIES)
    spec = core_charts.spc_chart_spec(
        rows=rows,
        labels=labels,
        title=metric["name"],
        description=" ".join([metric["name"] + ".", *metric["key_numbers"]]),
        limits=result["chart"] != "run",
        zero=True,
        target=metric["target"],
        phases=[(datetime.date.fromisoformat(item["date"]), item["reason"]) for item in result["recalculations"]],
        responsive=False,
    )
    return core_charts.render_svg(spec)


def metric_figures(definition: MetricDefinition, organisation_id, months, *, draw: bool = True) -> dict:
    """One metric's frozen figures for these months (the live metric page shows the same, unfrozen)."""
    selector = SELECTORS.get(definition.code)
    period_end = month_end(months[-1])
    target = None
    if definition.target is not None and (definition.target_from is None or definition.target_from <= period_end):
        target = float(definition.target)
    metric = {
        "code": definition.code,
        "name": definition.name,
        "meaning": definition.meaning,
        "owner": definition.owner,
        "unit_label": definition.unit_label,
        "direction": definition.direction,
        "chart": definition.chart,
        "preset": definition.preset,
        "target": target,
        "target_from": definition.target_from.isoformat() if definition.target_from else None,
        "baseline_until": definition.baseline_until.isoformat() if definition.baseline_until else None,
        "baseline_reason": definition.baseline_reason,
        "rebases": [
            {"date": rebase.starts_on.isoformat(), "reason": rebase.reason} for rebase in definition.rebases.all()
        ],
        "available": selector is not None,
        "values": [],
        "by_directorate": {},
        "by_kind": {},
        "note": "",
        "spc": None,
        "warnings": [],
        "key_numbers": [],
        "latest": None,
        "svg": "",
    }
    if selector is None:
        metric["note"] = "This part of WithUs is not in use yet, so there is nothing to count."
        return metric
    series = selector(organisation_id, months)
    metric.update(
        values=series.values,
        by_directorate=series.by_directorate,
        by_kind=series.by_kind,
        note=series.note,
        latest=series.values[-1],
    )
    metric["spc"], metric["warnings"] = _analyse(definition, months, series.values, target)
    if metric["spc"] is not None:
        metric["key_numbers"] = _key_numbers(metric)
        if draw:
            metric["svg"] = _chart_svg(metric)
    return metric


def freeze(*, organisation_id, period_start: datetime.date, period_end: datetime.date) -> dict:
    """Every figure of a board pack for the period, as JSON-ready data."""
    months = months_up_to(period_end)
    definitions = MetricDefinition.objects.for_organisation(organisation_id).active().prefetch_related("rebases")
    with counting_together():
        return {
            "period": {"start": period_start.isoformat(), "end": period_end.isoformat()},
            "months": [month.isoformat() for month in months],
            "engine": {"name": "withus-spc", "version": spc.__version__},
            "directorates": sorted(directorates(organisation_id).values()),
            "metrics": [metric_figures(definition, organisation_id, months) for definition in definitions],
        }


def checksum(figures: dict) -> str:
    canonical = json.dumps(figures, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
