import datetime
from types import SimpleNamespace

import pytest

import withus_spc as spc
from withus.improvement import analysis
from withus.improvement.models import ChartType, DataPoint
from withus.improvement.tests.conftest import INCIDENTS
from withus.improvement.tests.factories import MeasureFactory, add_points, measure_stub, point_stubs


def test_a_shift_is_read_in_plain_english():
    result = analysis.analyse_measure(measure_stub(), point_stubs(INCIDENTS))
    assert result.reading == "The last 8 weeks are all below the average — a shift: special-cause improvement."
    assert result.variation == "improvement-low"
    assert spc.RULE_SHIFT in result.points[-1].rules
    assert result.points[-1].reading == "Special cause: improvement (shift)"


def test_a_point_beyond_the_limits_is_read_in_plain_english():
    result = analysis.analyse_measure(
        measure_stub(chart="xmr", direction="up"), point_stubs([10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 12, 11, 30])
    )
    assert result.reading == "The latest week (30) is above the upper process limit: special-cause improvement."


def test_too_few_points_say_so():
    result = analysis.analyse_measure(measure_stub(), point_stubs([3, 4, 5]))
    assert result.reading.startswith(
        "There are 3 weeks of data. Limits and special causes are shown once there are at least 13"
    )
    assert result.variation == ""


def test_common_cause_and_assurance_readings():
    values = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 12, 11, 11]
    result = analysis.analyse_measure(measure_stub(chart="xmr", direction="up", target=5), point_stubs(values))
    assert result.reading == "The latest week shows only common-cause variation: no sign of change."
    assert result.assurance == "pass"
    assert "consistently met" in result.assurance_reading


def test_notes_and_pdsa_cycles_are_listed_by_date():
    cycle = SimpleNamespace(starts_on=datetime.date(2024, 4, 15), title="Ward agreement")
    note = SimpleNamespace(on=datetime.date(2024, 2, 5), text="New manager")
    result = analysis.analyse_measure(measure_stub(), point_stubs(INCIDENTS), annotations=[note], pdsa_cycles=[cycle])
    assert [item["text"] for item in result.annotations] == ["New manager", "PDSA: Ward agreement"]


def test_recalculations_step_the_limits():
    measure = measure_stub(chart="xmr")
    points = point_stubs(INCIDENTS)
    recalculation = SimpleNamespace(period=points[15].period, reason="New agreement")
    result = analysis.analyse_measure(measure, points, recalculations=[recalculation])
    assert result.points[0].centre != result.points[-1].centre
    assert result.result.summary.recalculations[0].reason == "New agreement"


def test_a_recalculation_at_the_first_point_is_ignored():
    points = point_stubs(INCIDENTS)
    first = SimpleNamespace(period=points[0].period, reason="Too early")
    result = analysis.analyse_measure(measure_stub(chart="xmr"), points, recalculations=[first])
    assert result.result is not None
    assert result.result.summary.recalculations == ()
    assert len(set(result.result.partition.tolist())) == 1


def test_a_p_chart_is_in_per_cent_and_needs_its_denominators():
    result = analysis.analyse_points(
        measure_stub(chart=ChartType.P, direction="up"), point_stubs([5, 6, 4], [10, 10, 8])
    )
    assert result.value.tolist() == [50.0, 60.0, 50.0]


def test_data_the_engine_refuses_give_no_chart_and_say_why(caplog):
    # A P chart whose points have no denominators, as after a chart type was switched on old data.
    result = analysis.analyse_measure(measure_stub(chart=ChartType.P, direction="up"), point_stubs([5, 6, 4]))
    assert result.result is None
    assert result.points == []
    assert result.reading.startswith("The chart could not be worked out from these data")
    assert "SPC analysis refused measure" in caplog.text


@pytest.mark.django_db
def test_the_summary_is_the_latest_point_not_left_out_and_the_icons(project):
    measure = MeasureFactory(project=project, chart=ChartType.C, direction="down")
    points = add_points(measure, [*INCIDENTS, 9])
    DataPoint.objects.filter(pk=points[-1].pk).update(ghost=True)
    summary = analysis.measure_summary(measure)
    assert summary.latest_period == points[-2].period
    assert summary.latest_value == float(INCIDENTS[-1])
    assert summary.variation == "improvement-low"
    assert summary.assurance == ""


@pytest.mark.django_db
def test_a_measure_with_no_points_has_an_empty_summary(project):
    measure = MeasureFactory(project=project)
    assert analysis.measure_summary(measure) == analysis.MeasureSummary(None, None, "", "")
