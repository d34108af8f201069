"""core.charts: every word on a chart is the caller's, and the specification renders on the server."""

import datetime

import pytest

import withus_spc as spc
from withus.core import charts

CATEGORIES = (
    (spc.CATEGORY_IMPROVEMENT, "Better"),
    (spc.CATEGORY_CONCERN, "Worse"),
    (spc.CATEGORY_COMMON, "As usual"),
    (charts.CATEGORY_GHOST, "Left out"),
)


def _rows(count: int = 5) -> list[charts.SpcRow]:
    start = datetime.date(2025, 1, 6)
    return [
        {
            "date": (start + datetime.timedelta(weeks=index)).isoformat(),
            "value": float(index),
            "centre": 2.0,
            "lower": 0.0,
            "upper": 4.0,
            "category": "As usual",
            "rules": "none",
            "partition": 0,
        }
        for index in range(count)
    ]


def _tooltips(spec: dict) -> dict[str, str]:
    return {tip["field"]: tip["title"] for layer in spec["layer"] for tip in layer["encoding"].get("tooltip", [])}


def test_an_spc_chart_uses_the_callers_words_everywhere():
    labels = charts.SpcChartLabels(
        x="Fortnight",
        y="Calls answered",
        categories=CATEGORIES,
        value="Calls",
        centre="Mean",
        lower="Lowest expected",
        upper="Highest expected",
        reading="What it shows",
        rules="Signals",
        target="Goal",
        note_date="On",
        note="What happened",
    )
    spec = charts.spc_chart_spec(
        rows=_rows(),
        labels=labels,
        title="Calls answered",
        description="Calls answered each fortnight",
        target=3,
        notes=[(datetime.date(2025, 1, 13), "New rota")],
    )
    assert spec["title"] == "Calls answered"
    assert spec["description"] == "Calls answered each fortnight"
    assert _tooltips(spec) == {
        "date": "On",  # the notes' date tooltip comes last
        "value": "Calls",
        "centre": "Mean",
        "lower": "Lowest expected",
        "upper": "Highest expected",
        "category": "What it shows",
        "rules": "Signals",
        "target": "Goal",
        "text": "What happened",
    }
    first = spec["layer"][0]["encoding"]
    assert first["x"]["title"] == "Fortnight"
    assert first["y"]["title"] == "Calls answered"
    dots = next(layer for layer in spec["layer"] if layer["encoding"].get("fill"))
    fill = dots["encoding"]["fill"]
    assert fill["legend"]["title"] == "What it shows"
    assert fill["scale"]["domain"] == ["Better", "Worse", "As usual", "Left out"]
    assert fill["scale"]["range"] == [
        charts.CATEGORY_COLOURS[spc.CATEGORY_IMPROVEMENT],
        charts.CATEGORY_COLOURS[spc.CATEGORY_CONCERN],
        charts.CATEGORY_COLOURS[spc.CATEGORY_COMMON],
        charts.CATEGORY_COLOURS[charts.CATEGORY_GHOST],
    ]
    assert spec["datasets"]["target"] == [{"target": 3.0, "label": "Goal"}]
    assert spec["datasets"]["annotations"] == [{"date": "2025-01-13", "text": "New rota", "label": "1", "row": 2}]


def test_the_same_kind_of_chart_keeps_each_callers_title_and_data():
    labels = charts.SpcChartLabels(x="Week", y="Falls", categories=CATEGORIES)
    first = charts.spc_chart_spec(rows=_rows(3), labels=labels, title="Ward A", description="Falls on ward A")
    second = charts.spc_chart_spec(rows=_rows(4), labels=labels, title="Ward B", description="Falls on ward B")
    assert (first["title"], len(first["datasets"]["points"])) == ("Ward A", 3)
    assert (second["title"], len(second["datasets"]["points"])) == ("Ward B", 4)
    first["config"]["font"] = "changed"
    assert second["config"]["font"] == "Arial, sans-serif"


def test_limits_target_notes_and_zero_are_drawn_only_when_asked():
    labels = charts.SpcChartLabels(x="Week", y="Falls", categories=CATEGORIES)
    plain = charts.spc_chart_spec(
        rows=_rows(), labels=labels, title="Falls", description="Falls", limits=False, zero=False
    )
    fields = [layer["encoding"].get("y", {}).get("field") for layer in plain["layer"]]
    assert "upper" not in fields
    assert "lower" not in fields
    assert set(plain["datasets"]) == {"points"}
    assert plain["layer"][0]["encoding"]["y"]["scale"] == {"zero": False}
    full = charts.spc_chart_spec(rows=_rows(), labels=labels, title="Falls", description="Falls", target=1)
    fields = [layer["encoding"].get("y", {}).get("field") for layer in full["layer"]]
    assert {"upper", "lower", "target"} <= set(fields)


def test_a_category_without_a_colour_is_refused():
    labels = charts.SpcChartLabels(x="Week", y="Falls", categories=(("excellent", "Excellent"),))
    with pytest.raises(KeyError):
        charts.spc_chart_spec(rows=_rows(), labels=labels, title="Falls", description="Falls")


def test_a_percent_run_chart_uses_the_callers_words():
    rows: list[charts.RunRow] = [
        {"month": "2025-01-01", "group": "North", "percent": 50.0, "label": "1 of 2"},
        {"month": "2025-02-01", "group": "North", "percent": 100.0, "label": "2 of 2"},
    ]
    labels = charts.RunChartLabels(y="Clinics with a peer (%)", value="With a peer (%)", count="Clinics", group="Area")
    spec = charts.percent_run_chart_spec(
        rows=rows, labels=labels, title="Peer clinics", description="By month", responsive=False
    )
    assert spec["title"] == "Peer clinics"
    # On a page the heading names the chart and it fills the width.
    page = charts.percent_run_chart_spec(rows=rows, labels=labels, title="Peer clinics", description="By month")
    assert "title" not in page
    assert page["width"] == "container"
    assert spec["description"] == "By month"
    assert spec["datasets"]["series"] == rows
    assert _tooltips(spec) == {"month": "Month", "group": "Area", "percent": "With a peer (%)", "label": "Clinics"}
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Clinics with a peer (%)"
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Area"


def test_charts_render_to_svg_and_png():
    labels = charts.SpcChartLabels(x="Week", y="Falls", categories=CATEGORIES)
    spec = charts.spc_chart_spec(rows=_rows(), labels=labels, title="Falls on Willow Ward", description="Falls")
    svg = charts.render_svg(spec)
    assert svg.startswith("<svg")
    assert "Falls on Willow Ward" in svg
    png = charts.render_png(spec)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width > charts.WIDTH  # drawn at twice the size


@pytest.mark.parametrize("title", ["Falls on Willow Ward", 'Falls "quoted" & <marked>', ""])
def test_a_chart_drawn_from_its_compiled_kind_is_the_same_svg_as_compiled_whole(title):
    """render_svg compiles each kind of chart to Vega once and fills in the title, description and data (ADR 39):
    the SVG must be byte for byte what compiling the whole chart gives."""
    from unittest import mock

    def whole(spec: dict) -> str:
        with mock.patch.object(charts, "_to_vega", return_value=None):
            return charts.render_svg(spec)

    labels = charts.SpcChartLabels(x="Month", y="Hours", categories=CATEGORIES)
    for rows, target, phases in (
        (_rows(9), None, ()),
        (_rows(14), 6.5, [(datetime.date(2025, 1, 6), "Before"), (datetime.date(2025, 2, 17), "After the change")]),
    ):
        spec = charts.spc_chart_spec(
            rows=rows, labels=labels, title=title, description=f"{title}: key numbers.", target=target,
            phases=phases, responsive=False,
        )  # fmt: skip
        assert charts._to_vega(spec) is not None
        assert charts.render_svg(spec) == whole(spec)
    run = charts.percent_run_chart_spec(
        rows=[
            {"month": "2025-01-01", "group": "Asian", "percent": 20.0, "label": "5 of 25"},
            {"month": "2025-04-01", "group": "Asian", "percent": None, "label": "Not shown"},
            {"month": "2025-01-01", "group": "Black", "percent": 30.0, "label": "6 of 20"},
        ],
        labels=charts.RunChartLabels(y="Share (%)", value="Share (%)", count="People"),
        title=title or "Panels",
        description="Panels by group",
    )
    assert charts.render_svg(run) == whole(run)
