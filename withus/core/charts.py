"""Charts: Vega-Lite specifications built with Altair, and their rendering to SVG and PNG.

One specification is drawn in the browser (vega-embed, `improvement/static/improvement/chart.mjs`) and rendered
on the server (vl-convert) for downloads, so there is one definition of what a chart looks like. Two kinds:

- `spc_chart_spec`: one series as a run chart or an SPC (control) chart: the values, the centre line, the process
  limits, each point coloured by its reading (Making Data Count colours), a target and numbered notes.
- `percent_run_chart_spec`: monthly percentages for several groups, each with its median as a dashed line.

Every word a reader sees (title, description, axis titles, tooltip and legend labels) is a parameter: the app that
owns the figures names them, and nobody rewrites another app's specification. The figures themselves are worked out
elsewhere (`withus_spc`, and each app's analysis); nothing here calculates. core imports no other WithUs app.
"""

import datetime
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final, TypedDict

import altair as alt

import withus_spc as spc

WIDTH: Final = 900
"""Width of a downloaded chart (SVG and PNG). On a page a chart fills its container ("container" width)."""
HEIGHT: Final = 320
FONT_SIZE: Final = 14
"""The smallest text on a chart, on screen and in downloads (axis labels, legend, notes)."""
TITLE_SIZE: Final = 18
LABEL_SPACING: Final = 90
"""About one axis label per this many pixels of width: a phone (360 px) gets two or three, a desktop ten."""

CATEGORY_GHOST: Final = "ghost"
"""A point shown on the chart but left out of the calculations (the engine's "ghost")."""
# Making Data Count colours, darkened where needed so marks keep 3:1 contrast on white.
CATEGORY_COLOURS: Final = {
    spc.CATEGORY_IMPROVEMENT: "#0072c6",
    spc.CATEGORY_CONCERN: "#c75000",
    spc.CATEGORY_NEITHER: "#6d2b9e",
    spc.CATEGORY_COMMON: "#6b7780",
    CATEGORY_GHOST: "#ffffff",
}


class SpcRow(TypedDict):
    """One point of an SPC chart's data (the "points" dataset)."""

    date: str  # ISO date
    value: float
    centre: float | None
    lower: float | None
    upper: float | None
    category: str  # the category's label, as in SpcChartLabels.categories
    rules: str  # the rules the point breaks, in words
    partition: int  # limits recalculated: each partition has its own centre and limits


class RunRow(TypedDict):
    """One group's figure for one month of a percentage run chart (the "series" dataset)."""

    month: str  # ISO date of the month's first day
    group: str
    percent: float | None  # None: nothing to count that month (a gap in the line)
    label: str  # the count behind the percentage, e.g. "3 of 4"


@dataclass(frozen=True)
class SpcChartLabels:
    """The words on an SPC chart. `categories` pairs each category (a `withus_spc` category, or
    `CATEGORY_GHOST`) with its label in the legend and tooltip, in legend order."""

    x: str  # the period, e.g. "Week": axis and tooltip
    y: str  # what is measured, e.g. "incidents"
    categories: tuple[tuple[str, str], ...]
    value: str = "Value"
    centre: str = "Centre"
    lower: str = "Lower limit"
    upper: str = "Upper limit"
    reading: str = "Reading"  # legend title, and tooltip label of the category
    rules: str = "Rules"
    target: str = "Target"
    note_date: str = "Date"
    note: str = "Note"


@dataclass(frozen=True)
class RunChartLabels:
    """The words on a percentage run chart."""

    y: str  # axis title, e.g. "Projects with Big I (%)"
    value: str  # tooltip label of the percentage
    count: str  # tooltip label of the count behind it, e.g. "Projects"
    x: str = "Month"
    group: str = "Directorate"  # legend title and tooltip label of the group


def spc_chart_spec(
    *,
    rows: Sequence[SpcRow],
    labels: SpcChartLabels,
    title: str,
    description: str,
    limits: bool = True,
    zero: bool = True,
    target: float | None = None,
    notes: Sequence[tuple[datetime.date, str]] = (),
    phases: Sequence[tuple[datetime.date, str]] = (),
    responsive: bool = True,
) -> dict:
    """An SPC chart as a Vega-Lite specification, its data in named datasets.

    `limits` draws the process limits (not on a run chart); `zero` starts the value axis at zero; `notes` are
    (date, text) pairs, oldest first, drawn as numbered vertical lines (the page lists them as a key);
    `phases` are (start, name) pairs, oldest first: each after the first starts at a solid vertical line, and
    each is named at its start. `responsive` fills the width of the page; otherwise the chart is `WIDTH` wide
    (downloads). An empty `title` draws none (the page has a heading).

    Altair checks every encoding against the Vega-Lite schema, which costs far more than the data, so the
    structure is built once per kind of chart and the title, description, value axis title and data are filled in
    each time (a board pack's charts differ mostly in what they count).
    """
    kind = {
        "limits": limits,
        "zero": zero,
        "has_target": target is not None,
        "has_notes": bool(notes),
        "has_phases": bool(phases),
    }
    structure = _spc_structure(labels=replace(labels, y=_Y_PLACEHOLDER), **kind)
    if structure.count(json.dumps(_Y_PLACEHOLDER)) == 1:
        spec = json.loads(structure.replace(json.dumps(_Y_PLACEHOLDER), json.dumps(labels.y)))
    else:  # the caller's words use the placeholder itself: build this chart's structure whole
        spec = json.loads(_spc_structure(labels=labels, **kind))
    if title:
        spec["title"] = title
    else:
        spec.pop("title", None)
    spec["description"] = description
    _size(spec, responsive)
    spec["datasets"] = {"points": list(rows)}
    if target is not None:
        spec["datasets"]["target"] = [{"target": float(target), "label": labels.target}]
    if notes:
        # Numbers stagger over three rows so that markers close together stay readable on a phone.
        spec["datasets"]["annotations"] = [
            {"date": day.isoformat(), "text": text, "label": str(number), "row": 2 + (number - 1) % 3 * (FONT_SIZE + 2)}
            for number, (day, text) in enumerate(notes, start=1)
        ]
    if phases:
        spec["datasets"]["phases"] = [
            {"date": day.isoformat(), "name": name, "first": number == 1, "last": number == len(phases)}
            for number, (day, name) in enumerate(phases, start=1)
        ]
    return spec


def _size(spec: dict, responsive: bool) -> None:
    """Fill the page's width (the axis shows fewer labels when narrow), or a fixed width for downloads."""
    if responsive:
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding", "resize": True}
    else:
        spec["width"] = WIDTH
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}


def _time_axis(date_format: str) -> alt.Axis:
    return alt.Axis(
        format=date_format,
        labelAngle=0,
        labelOverlap="greedy",
        labelSeparation=8,
        labelFlush=True,
        tickCount=alt.ExprRef(f"max(2, floor(width / {LABEL_SPACING}))"),
    )


_Y_PLACEHOLDER: Final = "__withus_value_axis_title__"


@functools.lru_cache(maxsize=256)
def _spc_structure(
    *, labels: SpcChartLabels, limits: bool, zero: bool, has_target: bool, has_notes: bool, has_phases: bool
) -> str:
    """The layers, encodings and scales of one kind of SPC chart, as JSON (checked by Altair once)."""
    points = alt.Data(name="points")
    x = alt.X("date:T", title=labels.x, axis=_time_axis("%b %Y"))
    y = alt.Y("value:Q", title=labels.y, scale=alt.Scale(zero=zero))
    base = alt.Chart(points)
    tooltip = [
        alt.Tooltip("date:T", title=labels.x, format="%d %B %Y"),
        alt.Tooltip("value:Q", title=labels.value, format=",.4~f"),
        alt.Tooltip("centre:Q", title=labels.centre, format=",.2f"),
        alt.Tooltip("lower:Q", title=labels.lower, format=",.2f"),
        alt.Tooltip("upper:Q", title=labels.upper, format=",.2f"),
        alt.Tooltip("category:N", title=labels.reading),
        alt.Tooltip("rules:N", title=labels.rules),
    ]
    line = base.mark_line(color="#425563", strokeWidth=1.5).encode(x=x, y=y)
    centre = base.mark_line(color="#212b32", strokeWidth=1.5, interpolate="step-after").encode(
        x="date:T", y="centre:Q", detail="partition:N"
    )
    layers = [line, centre]
    if limits:
        for limit in ("upper", "lower"):
            layers.append(
                base.mark_line(color="#4c6272", strokeDash=[6, 4], strokeWidth=1.2, interpolate="step-after").encode(
                    x="date:T", y=f"{limit}:Q", detail="partition:N"
                )
            )
    dots = base.mark_point(filled=True, size=55, strokeWidth=1.5).encode(
        x="date:T",
        y="value:Q",
        fill=alt.Fill(
            "category:N",
            scale=alt.Scale(
                domain=[label for _, label in labels.categories],
                range=[CATEGORY_COLOURS[key] for key, _ in labels.categories],
            ),
            legend=alt.Legend(title=labels.reading, orient="bottom", direction="vertical", labelLimit=300),
        ),
        stroke=alt.value("#425563"),
        tooltip=tooltip,
    )
    layers.append(dots)
    if has_target:
        layers.append(
            alt.Chart(alt.Data(name="target"))
            .mark_rule(color="#007f3b", strokeDash=[2, 2], strokeWidth=2)
            .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title=labels.target)])
        )
    if has_notes:
        notes = alt.Chart(alt.Data(name="annotations"))
        layers.append(
            notes.mark_rule(color="#768692", strokeDash=[1, 3]).encode(
                x="date:T",
                tooltip=[
                    alt.Tooltip("date:T", title=labels.note_date, format="%d %B %Y"),
                    alt.Tooltip("text:N", title=labels.note),
                ],
            )
        )
        layers.append(
            notes.mark_text(
                align="left", baseline="top", dx=3, angle=0, fontSize=FONT_SIZE, fontWeight="bold", color="#212b32"
            ).encode(x="date:T", y=alt.Y("row:Q", scale=None), text="label:N")
        )
    if has_phases:
        phases = alt.Chart(alt.Data(name="phases"))
        layers.append(
            phases.transform_filter("!datum.first")
            .mark_rule(color="#212b32", strokeWidth=2)
            .encode(x="date:T", tooltip=[alt.Tooltip("name:N", title="Phase")])
        )
        # Names above the plot, on two lines so that they fit a phone: the current (last) phase's at the
        # right-hand end on the lower line, the others at their start on the line above.
        name_style = {"baseline": "bottom", "fontSize": FONT_SIZE, "fontWeight": "bold", "color": "#212b32"}
        layers.append(
            phases.transform_filter("!datum.last || datum.first")
            .mark_text(align="left", dy=-4 - (FONT_SIZE + 4), limit=alt.ExprRef("width"), **name_style)
            .encode(x="date:T", y=alt.value(0), text="name:N")
        )
        layers.append(
            phases.transform_filter("datum.last && !datum.first")
            .mark_text(align="right", dy=-4, limit=alt.ExprRef("width"), **name_style)
            .encode(x=alt.value("width"), y=alt.value(0), text="name:N")
        )
    structure = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT, title="title", description="description")
    spec = structure.to_dict()
    spec["config"] = _config()
    return json.dumps(spec)


def percent_run_chart_spec(
    *, rows: Sequence[RunRow], labels: RunChartLabels, title: str, description: str, responsive: bool = True
) -> dict:
    """A run chart of monthly percentages (0 to 100) by group, each group's median a dashed line. A row whose
    `percent` is None (a month with nothing to count) leaves a gap in its group's line. The structure is checked by
    Altair once per kind (labels and months) and the title, description and data filled in each time."""
    spec = json.loads(_run_structure(labels=labels, months=tuple(sorted({row["month"] for row in rows}))))
    spec["title"] = title
    spec["description"] = description
    spec["datasets"] = {"series": list(rows)}
    spec["config"] = _config()
    _size(spec, responsive)
    if responsive:  # the page's heading names the chart; a long title would not fit a phone
        spec.pop("title", None)
    return spec


@functools.lru_cache(maxsize=64)
def _run_structure(*, labels: RunChartLabels, months: tuple[str, ...]) -> str:
    data = alt.Data(name="series")
    base = alt.Chart(data)
    x = alt.X("month:T", title=labels.x, axis=_month_axis(months))
    y = alt.Y("percent:Q", title=labels.y, scale=alt.Scale(domain=[0, 100]))
    colour = alt.Color("group:N", title=labels.group, legend=alt.Legend(orient="bottom", columns=1))
    # A month with nothing to count breaks the line (a gap) and is not drawn as a point at zero.
    lines = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=40), invalid="break-paths-filter-domains").encode(
        x=x,
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("month:T", title=labels.x, format="%B %Y"),
            alt.Tooltip("group:N", title=labels.group),
            alt.Tooltip("percent:Q", title=labels.value, format=".0f"),
            alt.Tooltip("label:N", title=labels.count),
        ],
    )
    median = base.mark_rule(strokeDash=[4, 3]).encode(y="median(percent):Q", color=colour)
    layered = alt.layer(lines, median).properties(width=WIDTH, height=HEIGHT, title="title", description="description")
    return json.dumps(layered.to_dict())


def _month_axis(months: Sequence[str]) -> alt.Axis:
    """Each month once (a tick on the first of each month that has a row; labels that would overlap are left out)."""
    axis = _time_axis("%b %Y")
    axis.values = [alt.DateTime(year=int(month[:4]), month=int(month[5:7]), date=1) for month in sorted(set(months))]
    return axis


def _config() -> dict:
    return {
        "font": "Arial, sans-serif",
        "view": {"stroke": None},
        "axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": "#212b32"},
        "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "symbolSize": 120},
        "title": {"fontSize": TITLE_SIZE, "anchor": "start", "limit": 0},
        "text": {"fontSize": FONT_SIZE},
    }


def _for_server(spec: dict) -> dict:
    """A page's specification fills its container; on the server there is none, so it is `WIDTH` wide."""
    if spec.get("width") != "container":
        return spec
    spec = {**spec, "width": WIDTH}
    _size(spec, responsive=False)
    return spec


_FILL: Final = "__withus_fill_{}__"


@functools.lru_cache(maxsize=64)
def _vega_template(structure: str, fills: int) -> str | None:
    """The Vega specification Vega-Lite compiles a chart's structure to (its datasets empty, its words replaced by
    `fills` placeholders), as JSON; None when a placeholder does not come through."""
    import vl_convert

    vega = json.dumps(vl_convert.vegalite_to_vega(json.loads(structure)), sort_keys=True)
    if any(_FILL.format(number) not in vega for number in range(fills)):
        return None
    return vega


def _words(spec: dict) -> list[tuple[dict, str]]:
    """Where the caller's words sit in a chart that can be filled in after compiling: its title and description,
    as (the dict holding it, its key). Axis titles cannot: Vega-Lite builds the marks' text alternatives from them
    (checked: filling them in afterwards changed the SVG)."""
    return [(spec, key) for key in ("title", "description") if isinstance(spec.get(key), str)]


def _to_vega(spec: dict) -> dict | None:
    """The chart as a Vega specification, from the compiled structure of its kind of chart with its words (title,
    description, axis titles) and data put in: Vega-Lite's compiler runs once per kind of chart, not once per chart
    (a board pack draws twenty). None when the chart cannot be drawn this way (it is then compiled whole)."""
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict) or not isinstance(spec.get("description"), str):
        return None
    if "title" in spec and not isinstance(spec["title"], str):
        return None
    structure = json.loads(json.dumps({**spec, "datasets": {name: [] for name in datasets}}))
    words = []
    for number, (holder, key) in enumerate(_words(structure)):
        words.append((_FILL.format(number), holder[key]))
        holder[key] = _FILL.format(number)
    template = _vega_template(json.dumps(structure, sort_keys=True), len(words))
    if template is None:
        return None
    # Longest placeholder first, so "__withus_fill_1__" never eats into "__withus_fill_12__".
    for placeholder, text in sorted(words, key=lambda item: -len(item[0])):
        template = template.replace(placeholder, json.dumps(text)[1:-1])
    vega = json.loads(template)
    filled = set()
    for entry in vega.get("data", []):
        if entry.get("name") in datasets and "values" in entry:
            entry["values"] = datasets[entry["name"]]
            filled.add(entry["name"])
    return vega if filled == set(datasets) else None


def render_svg(spec: dict) -> str:
    """The chart as an SVG document (vl-convert, on the server)."""
    import vl_convert

    spec = _for_server(spec)
    vega = _to_vega(spec)
    if vega is None:
        return vl_convert.vegalite_to_svg(spec)
    return vl_convert.vega_to_svg(vega)


def render_png(spec: dict, *, scale: float = 2) -> bytes:
    """The chart as a PNG image, at `scale` times its size in pixels (2: sharp on high-density screens)."""
    import vl_convert

    return vl_convert.vegalite_to_png(_for_server(spec), scale=scale)
