import datetime
from types import SimpleNamespace

from withus.improvement import charts
from withus.improvement.tests.conftest import INCIDENTS


def _measure(**changes):
    values = {
        "name": "Racist incidents each week",
        "chart": "c",
        "preset": "mdc",
        "direction": "down",
        "frequency": "weekly",
        "target": None,
        "unit_label": "incidents",
    }
    values.update(changes)
    return SimpleNamespace(**values)


def _points(values):
    start = datetime.date(2024, 1, 1)
    return [
        SimpleNamespace(period=start + datetime.timedelta(weeks=index), value=value, ghost=False, denominator=None)
        for index, value in enumerate(values)
    ]


def test_a_shift_is_read_in_plain_english():
    chart = charts.build_chart(_measure(), _points(INCIDENTS))
    assert chart.reading == "The last 8 weeks are all below the average — a shift: special-cause improvement."
    assert chart.variation == "improvement-low"


def test_a_point_beyond_the_limits_is_read_in_plain_english():
    chart = charts.build_chart(
        _measure(chart="xmr", direction="up"), _points([10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 12, 11, 30])
    )
    assert chart.reading == "The latest week (30) is above the upper process limit: special-cause improvement."


def test_too_few_points_say_so():
    chart = charts.build_chart(_measure(), _points([3, 4, 5]))
    assert chart.reading.startswith(
        "There are 3 weeks of data. Limits and special causes are shown once there are at least 13"
    )
    assert chart.variation == ""


def test_common_cause_and_assurance_readings():
    values = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 12, 11, 11]
    chart = charts.build_chart(_measure(chart="xmr", direction="up", target=5), _points(values))
    assert chart.reading == "The latest week shows only common-cause variation: no sign of change."
    assert chart.assurance == "pass"
    assert "consistently met" in chart.assurance_reading


def test_one_specification_with_the_data_pdsa_cycles_and_target():
    measure = _measure(target=2)
    cycle = SimpleNamespace(starts_on=datetime.date(2024, 4, 15), title="Ward agreement")
    note = SimpleNamespace(on=datetime.date(2024, 2, 5), text="New manager")
    chart = charts.build_chart(measure, _points(INCIDENTS), annotations=[note], pdsa_cycles=[cycle])
    spec = charts.vega_lite_spec(measure, chart)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert len(spec["datasets"]["points"]) == len(INCIDENTS)
    assert spec["datasets"]["points"][-1]["category"] == "Special cause: improvement"
    assert [item["text"] for item in spec["datasets"]["annotations"]] == ["New manager", "PDSA: Ward agreement"]
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in spec["layer"])
    svg = charts.render_svg(spec)
    assert svg.startswith("<svg")
    assert "Racist incidents each week" in svg


def test_recalculations_step_the_limits():
    measure = _measure(chart="xmr")
    points = _points(INCIDENTS)
    recalculation = SimpleNamespace(period=points[15].period, reason="New agreement")
    chart = charts.build_chart(measure, points, recalculations=[recalculation])
    assert chart.points[0].centre != chart.points[-1].centre
    assert chart.result.summary.recalculations[0].reason == "New agreement"
