"""Display for support pages: the experience survey's monthly figures as run charts with Making Data Count icons.
Presenters never query: the view passes in what selectors read."""

import datetime
import math

from django.utils.html import json_script

import withus_spc as spc
from withus.core.charts import SpcChartLabels, spc_chart_spec
from withus.improvement.analysis import CATEGORY_LABELS, RULE_LABELS
from withus.improvement.presenters import variation_icon
from withus.support.models import CUBE_QUESTIONS
from withus.support.selectors import SMALLEST_COUNT

QUESTION_TEXT = {name: (title, question) for name, title, question in CUBE_QUESTIONS}
LABELS = SpcChartLabels(
    x="Month", y="Average answer (1 to 5)", value="Average answer", categories=tuple(CATEGORY_LABELS.items())
)


def _analyse(values: list, dates: list[str]):
    """Making Data Count (XmR, higher is better) over the months shown; None when there are too few."""
    if sum(1 for value in values if value is not None) < 2:
        return None
    try:
        return spc.analyse(values, dates=dates, direction="up", preset="mdc")
    except spc.SpcError:
        return None


def _group_figures(key, name: str, rows: list[dict], question: str, *, draw: bool) -> dict:
    months = [row["month"] for row in rows]
    values = [round(row[question], 2) if row["answers"] >= SMALLEST_COUNT else None for row in rows]
    suppressed = sum(1 for row in rows if row["answers"] < SMALLEST_COUNT)
    dates = [month.isoformat() for month in months]
    result = _analyse(values, dates)
    chart_rows = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        if value is None:
            continue
        category = str(result.category[index]) if result is not None else spc.CATEGORY_COMMON
        rules = ", ".join(RULE_LABELS.get(rule, rule) for rule in result.rules(index)) if result is not None else ""
        centre = float(result.centre[index]) if result is not None else None
        chart_rows.append(
            {
                "date": month.isoformat(),
                "value": value,
                "centre": None if centre is None or math.isnan(centre) else round(centre, 2),
                "lower": None,
                "upper": None,
                "category": CATEGORY_LABELS.get(category, CATEGORY_LABELS[spc.CATEGORY_COMMON]),
                "rules": rules or "none",
                "partition": 0,
            }
        )
    title, text = QUESTION_TEXT[question]
    latest = next(((months[i], values[i]) for i in range(len(values) - 1, -1, -1) if values[i] is not None), None)
    variation = (result.summary.variation if result is not None else None) or ""
    description = f"{name}: average answer to '{text}' by month."
    if latest:
        description += f" Latest, {latest[0]:%B %Y}: {latest[1]:.2f} of 5."
    chart_id = f"chart-{key}"
    spec_script = ""
    if draw and chart_rows:
        spec = spc_chart_spec(
            rows=chart_rows, labels=LABELS, title="", description=description, limits=False, zero=False
        )
        spec_script = json_script(spec, f"{chart_id}-spec")
    return {
        "key": str(key),
        "name": name,
        "title": title,
        "latest": latest,
        "icon": variation_icon(variation),
        "points": len(chart_rows),
        "suppressed": suppressed,
        "answers": sum(row["answers"] for row in rows),
        "chart_id": chart_id,
        "spec_script": spec_script,
        "table": [(row["month"], row["answers"], value) for row, value in zip(rows, values, strict=True)],
    }


def experience_figures(facts: list[dict], *, names: dict, group_by: str, question: str, shown: str = "") -> dict:
    """A reading (MDC icon, latest figure, the figures) per directorate (or kind of involvement) for one question,
    and the run chart of one of them (`shown`, or the first): months answered by fewer than five people are left
    out (and counted), so no one's answers can be picked out."""
    column = "directorate_id" if group_by == "directorate" else "kind_id"
    grouped: dict = {}
    for row in facts:
        grouped.setdefault(row[column], []).append(row)
    ordered = sorted(grouped.items(), key=lambda item: names.get(item[0], ""))
    keys = [str(key) for key, _rows in ordered]
    drawn = shown if shown in keys else (keys[0] if keys else "")
    groups = [
        _group_figures(key, names.get(key, "Unknown"), rows, question, draw=str(key) == drawn) for key, rows in ordered
    ]
    return {"groups": groups, "smallest": SMALLEST_COUNT}


def month_label(day: datetime.date) -> str:
    return f"{day:%B %Y}"
