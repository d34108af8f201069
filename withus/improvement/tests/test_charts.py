import datetime
from types import SimpleNamespace

from withus.core.charts import render_svg
from withus.improvement import analysis
from withus.improvement.charts import measure_chart_spec
from withus.improvement.tests.conftest import INCIDENTS
from withus.improvement.tests.factories import measure_stub, point_stubs


def _tooltips(spec: dict) -> dict[str, str]:
    return {tip["field"]: tip["title"] for layer in spec["layer"] for tip in layer["encoding"].get("tooltip", [])}


def test_one_specification_with_the_data_pdsa_cycles_and_target():
    measure = measure_stub(target=2)
    cycle = SimpleNamespace(starts_on=datetime.date(2024, 4, 15), title="Ward agreement")
    note = SimpleNamespace(on=datetime.date(2024, 2, 5), text="New manager")
    result = analysis.analyse_measure(measure, point_stubs(INCIDENTS), annotations=[note], pdsa_cycles=[cycle])
    spec = measure_chart_spec(measure, result, download=True)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert spec["title"] == "Racist incidents each week"
    assert spec["description"].startswith(f"Racist incidents each week: {result.reading} Baseline, ")
    assert len(spec["datasets"]["points"]) == len(INCIDENTS)
    assert spec["datasets"]["points"][-1]["category"] == "Special cause: improvement"
    assert spec["datasets"]["points"][-1]["rules"] == "shift"
    assert spec["datasets"]["target"] == [{"target": 2.0, "label": "Target"}]
    assert [item["text"] for item in spec["datasets"]["annotations"]] == ["New manager", "PDSA: Ward agreement"]
    assert [item["label"] for item in spec["datasets"]["annotations"]] == ["1", "2"]
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in spec["layer"])
    svg = render_svg(spec)
    assert svg.startswith("<svg")
    assert "Racist incidents each week" in svg


def test_the_period_and_unit_name_the_axes_and_tooltips():
    measure = measure_stub(frequency="monthly", unit_label="incidents")
    spec = measure_chart_spec(measure, analysis.analyse_measure(measure, point_stubs(INCIDENTS)))
    assert _tooltips(spec)["date"] == "Month"
    assert spec["layer"][0]["encoding"]["y"]["title"] == "incidents"
    p_chart = measure_stub(chart="p", direction="up")
    spec = measure_chart_spec(p_chart, analysis.analyse_measure(p_chart, point_stubs([5, 6], [10, 10])))
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Per cent"


def test_a_run_chart_has_no_limits_and_an_xmr_chart_does_not_start_at_zero():
    run = measure_stub(chart="run")
    run_spec = measure_chart_spec(run, analysis.analyse_measure(run, point_stubs(INCIDENTS)))
    xmr = measure_stub(chart="xmr")
    xmr_spec = measure_chart_spec(xmr, analysis.analyse_measure(xmr, point_stubs(INCIDENTS)))
    limit_lines = [layer for layer in xmr_spec["layer"] if layer["encoding"].get("y", {}).get("field") == "upper"]
    assert limit_lines
    assert not [layer for layer in run_spec["layer"] if layer["encoding"].get("y", {}).get("field") == "upper"]
    assert xmr_spec["layer"][0]["encoding"]["y"]["scale"] == {"zero": False}
    assert run_spec["layer"][0]["encoding"]["y"]["scale"] == {"zero": True}


def test_recalculated_limits_are_drawn_in_partitions():
    measure = measure_stub(chart="xmr")
    points = point_stubs(INCIDENTS)
    recalculation = SimpleNamespace(period=points[15].period, reason="New agreement")
    spec = measure_chart_spec(measure, analysis.analyse_measure(measure, points, recalculations=[recalculation]))
    assert [row["partition"] for row in spec["datasets"]["points"]] == [0] * 15 + [1] * (len(INCIDENTS) - 15)


def test_a_measure_whose_data_the_engine_refuses_still_has_a_specification():
    measure = measure_stub(chart="p", direction="up")
    spec = measure_chart_spec(measure, analysis.analyse_measure(measure, point_stubs([5, 6, 4])))
    assert spec["datasets"]["points"] == []
    assert "could not be worked out" in spec["description"]


def test_on_the_page_the_chart_fills_the_width_untitled_and_downloads_are_fixed_and_titled():
    measure = measure_stub()
    result = analysis.analyse_measure(measure, point_stubs(INCIDENTS))
    page = measure_chart_spec(measure, result)
    download = measure_chart_spec(measure, result, download=True)
    assert page["width"] == "container"
    assert "title" not in page
    assert download["width"] == 900
    assert download["title"] == "Racist incidents each week"
    axis = page["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickCount"] == {"expr": "max(2, floor(width / 90))"}  # fewer labels on a phone
    config = page["config"]
    assert min(config["axis"]["labelFontSize"], config["legend"]["labelFontSize"], config["text"]["fontSize"]) >= 14


def _phased(**changes):
    measure = measure_stub(
        baseline_name="Before the changes",
        baseline_until=datetime.date(2024, 1, 1) + datetime.timedelta(weeks=11),
        **changes,
    )
    values = [6, 7, 5, 8, 6, 7, 6, 5, 7, 6, 8, 7, 6, 5, 7, 2, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0]
    points = point_stubs(values)
    new = SimpleNamespace(period=points[20].period, name="After the changes", reason="It lasted")
    return measure, points, new


def test_phases_are_drawn_named_and_in_the_svg_and_png_downloads():
    from withus.core.charts import render_png

    measure, points, new = _phased()
    result = analysis.analyse_measure(measure, points, recalculations=[new])
    spec = measure_chart_spec(measure, result, download=True)
    assert spec["datasets"]["phases"] == [
        {"date": points[0].period.isoformat(), "name": "Before the changes", "first": True, "last": False},
        {"date": new.period.isoformat(), "name": "After the changes", "first": False, "last": True},
    ]
    svg = render_svg(spec)
    assert "Before the changes" in svg
    assert "After the changes" in svg
    assert 'font-size="14px"' in svg or "font-size: 14px" in svg or 'font-size="14"' in svg
    assert 'font-size="10' not in svg
    assert 'font-size="9' not in svg
    png = render_png(spec)
    assert png.startswith(b"\x89PNG")
    assert "fixed on the 12 weeks to" in spec["description"]
