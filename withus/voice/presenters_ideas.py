"""Display of ideas: tag colours for states and words for dates and months. Presenters never query."""

import datetime
import math

from django.utils.html import json_script
from django.utils.translation import gettext_lazy as _l

import withus_spc as spc
from withus.core.charts import SpcChartLabels, spc_chart_spec
from withus.improvement.analysis import CATEGORY_LABELS, RULE_LABELS
from withus.improvement.presenters import variation_icon
from withus.voice.models.ideas import StateKind

STATE_TAG = {
    StateKind.RECEIVED: "grey",
    StateKind.LOOKING: "blue",
    StateKind.FORUM: "purple",
    StateKind.PROJECT: "green",
    StateKind.QUICK_CHANGE: "green",
    StateKind.NOT_NOW: "orange",
    StateKind.PASSED: "aqua-green",
}


def measure_icon(code: str) -> dict | None:
    """The Making Data Count variation icon of a linked QI project's measure (drawn by improvement's macro)."""
    return variation_icon(code)


def state_tag(kind: str, name: str) -> dict:
    """The NHS.UK tag for a state; an unknown kind (from an edited list) still reads, in grey."""
    return {"text": name, "classes": f"nhsuk-tag--{STATE_TAG.get(kind, 'grey')}"}


def month_words(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def month_slug(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def parse_month(text: str) -> datetime.date | None:
    """'2026-11' as the first day of that month, or None when it is not a real month."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1) if len(text) == 7 and 2000 <= year <= 2100 else None
    except ValueError:
        return None


def due_words(due: datetime.date, today: datetime.date, answered: bool) -> str:
    if answered:
        return "Answered"
    days = (due - today).days
    if days < 0:
        return f"First answer overdue by {-days} day{'s' if days != -1 else ''}"
    return f"First answer due by {due:%-d %B %Y}"


EVENT_TITLES = {
    "state": _l("Moved"),
    "forum": _l("QI forum"),
    "outcome": _l("We did"),
    "milestone": _l("Progress"),
    "project": _l("Project"),
}


# --- Run charts for leads and the board (issue 20, item 7) ---------------------------------------------------------

CHART_MEASURES = {
    "answer": {
        "title": "Days to a first answer",
        "y": "Average days to a first answer",
        "value": "Average days",
        "what": "the average number of days from raising an idea to its first answer, by the month it was answered",
        "direction": "down",
    },
    "change": {
        "title": "Days to a change",
        "y": "Average days to a change",
        "value": "Average days",
        "what": "the average number of days from raising an idea to the first change made because of it, by the "
        "month of the change",
        "direction": "down",
    },
    "projects": {
        "title": "QI projects that began as a service user's idea",
        "y": "Projects from a service user's idea (%)",
        "value": "Percentage",
        "what": "the percentage of QI projects started in each month that began as an idea of a service user or carer",
        "direction": "up",
    },
}


def _chart_labels(measure: str):
    spec = CHART_MEASURES[measure]
    return SpcChartLabels(x="Month", y=spec["y"], value=spec["value"], categories=tuple(CATEGORY_LABELS.items()))


def _monthly(facts, key) -> list[tuple[datetime.date, int, float]]:
    """(month, how many, average) for the facts in the group, oldest first; empty months left out."""
    sums: dict[datetime.date, list] = {}
    for fact in facts:
        if key == "all" or key in fact.directorates:
            total = sums.setdefault(fact.month, [0, 0.0])
            total[0] += 1
            total[1] += fact.value
    return [(month, count, total / count) for month, (count, total) in sorted(sums.items())]


def _analyse(measure: str, rows: list):
    """The Making Data Count reading of the months (XmR on average days; a P chart for the percentage)."""
    if len(rows) < 2:
        return None
    dates = [month.isoformat() for month, _count, _value in rows]
    direction = CHART_MEASURES[measure]["direction"]
    try:
        if measure == "projects":
            return spc.analyse(
                [round(value * count) for _m, count, value in rows],
                dates=dates,
                denominators=[count for _m, count, _v in rows],
                chart="p",
                multiply=100,
                direction=direction,
                preset="mdc",
            )
        return spc.analyse([value for _m, _c, value in rows], dates=dates, direction=direction, preset="mdc")
    except spc.SpcError:
        return None


def _chart_group(measure: str, key: str, name: str, facts, *, draw: bool) -> dict:
    rows = _monthly(facts, key)
    percent = measure == "projects"
    shown = [(month, count, value * 100 if percent else value) for month, count, value in rows]
    result = _analyse(measure, rows)
    chart_rows = []
    for index, (month, _count, value) in enumerate(shown):
        category = (str(result.category[index]) or spc.CATEGORY_COMMON) if result is not None else spc.CATEGORY_COMMON
        centre = float(result.centre[index]) if result is not None else math.nan
        chart_rows.append(
            {
                "date": month.isoformat(),
                "value": round(value, 1),
                "centre": None if math.isnan(centre) else round(centre, 1),
                "lower": None,
                "upper": None,
                "category": CATEGORY_LABELS.get(category, CATEGORY_LABELS[spc.CATEGORY_COMMON]),
                "rules": ", ".join(RULE_LABELS.get(rule, rule) for rule in result.rules(index))
                if result is not None
                else "none",
                "partition": 0,
            }
        )
    spec = CHART_MEASURES[measure]
    latest = shown[-1] if shown else None
    unit = "%" if percent else " days"
    description = f"{name}: {spec['what']}."
    if latest:
        description += f" Latest, {latest[0]:%B %Y}: {latest[2]:.0f}{unit} ({latest[1]} counted)."
    chart_id = f"chart-{measure}-{key}"
    spec_script = ""
    if draw and len(chart_rows) >= 2:
        chart = spc_chart_spec(
            rows=chart_rows, labels=_chart_labels(measure), title="", description=description, limits=False
        )
        spec_script = json_script(chart, f"{chart_id}-spec")
    variation = (result.summary.variation if result is not None else None) or ""
    return {
        "key": key,
        "name": name,
        "icon": variation_icon(variation),
        "latest": latest,
        "unit": unit,
        "points": len(shown),
        "chart_id": chart_id,
        "spec_script": spec_script,
        "table": shown,
    }


def idea_charts(facts: dict, *, shown: str = "") -> dict:
    """Per measure, a reading (MDC icon, latest month, the figures) for the whole of what the user sees and for each
    directorate, and the run chart of one group (`shown`, or everything): the table below each says the same."""
    names = facts["names"]
    groups = [("all", "All directorates"), *sorted(((str(k), v) for k, v in names.items()), key=lambda g: g[1])]
    drawn = shown if shown in {key for key, _name in groups} else "all"
    measures = []
    for measure, source in (("answer", "answers"), ("change", "changes"), ("projects", "projects")):
        facts_of = [
            fact.__class__(frozenset(str(d) for d in fact.directorates), fact.month, fact.value)
            for fact in facts[source]
        ]
        measures.append(
            {
                "key": measure,
                **CHART_MEASURES[measure],
                "groups": [_chart_group(measure, key, name, facts_of, draw=key == drawn) for key, name in groups],
            }
        )
    return {"measures": measures, "shown": drawn, "groups": groups}
