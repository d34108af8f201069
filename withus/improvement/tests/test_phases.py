"""Phases: a frozen baseline and recalculations, the checks a new phase must pass, "before and now" in words, and
the suggestion to recalculate once a shift has lasted."""

import datetime
from types import SimpleNamespace

from withus.improvement import analysis
from withus.improvement.phases import MIN_PHASE_POINTS, phase_problems
from withus.improvement.tests.factories import measure_stub, point_stubs

START = datetime.date(2024, 1, 1)
BEFORE = [6, 7, 5, 8, 6, 7, 6, 5, 7, 6, 8, 7, 6, 5, 7, 6, 7, 8, 6, 7]  # 20 weeks, mean 6.5
AFTER = [1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1]  # 14 weeks, mean 0.5


def week(number: int) -> datetime.date:
    return START + datetime.timedelta(weeks=number)


def recalculation(number: int, name="After the changes", reason="It lasted"):
    return SimpleNamespace(period=week(number), name=name, reason=reason)


def test_a_frozen_baseline_fixes_the_first_phase_and_a_recalculation_starts_the_next():
    measure = measure_stub(baseline_name="Before the changes", baseline_until=week(11))
    points = point_stubs(BEFORE + AFTER)
    chart = analysis.analyse_measure(measure, points, recalculations=[recalculation(20)])
    first, second = chart.phases
    assert (first.name, first.start, first.end, first.points, first.frozen_points) == (
        "Before the changes",
        week(0),
        week(19),
        20,
        12,
    )
    assert first.centre == sum(BEFORE[:12]) / 12  # the frozen baseline, extended forward
    assert (second.name, second.start, second.points) == ("After the changes", week(20), 14)
    assert second.centre == sum(AFTER) / len(AFTER)


def test_before_and_now_in_words_with_dates_and_a_percentage():
    measure = measure_stub(name="Racist incidents each week")
    points = point_stubs(BEFORE + AFTER)
    chart = analysis.analyse_measure(measure, points, recalculations=[recalculation(20)])
    assert chart.change.sentence == (
        "Racist incidents fell from 6.5 a week (20 weeks to 13 May 2024) to 0.5 a week (the last 14 weeks): 92 % fewer."
    )
    assert chart.change.percent == 92
    assert chart.change.improved is True


def test_a_run_chart_compares_medians_and_higher_can_be_better():
    measure = measure_stub(name="Meetings led by service users", chart="run", direction="up")
    points = point_stubs([1] * 13 + [3] * 13)
    chart = analysis.analyse_measure(measure, points, recalculations=[recalculation(13)])
    assert chart.change.sentence.startswith("Meetings led by service users rose from 1.0 a week")
    assert chart.change.sentence.endswith("200 % higher.")
    assert chart.change.improved is True


def test_no_percentage_when_a_phase_has_too_few_points_and_the_page_says_why():
    measure = measure_stub()
    points = point_stubs(BEFORE + AFTER[:5])
    chart = analysis.analyse_measure(measure, points, recalculations=[recalculation(20)])
    assert chart.change.percent is None
    assert chart.change.why_no_percent == (
        f"no percentage yet: “After the changes” has 5 weeks of data, and a comparison needs at least "
        f"{MIN_PHASE_POINTS}"
    )
    assert "%" not in chart.change.sentence.split(";")[0]


def test_one_phase_has_no_before_and_now():
    measure = measure_stub()
    assert analysis.analyse_measure(measure, point_stubs(BEFORE)).change is None


def test_a_recalculation_with_too_few_points_after_it_is_refused_with_the_number_needed():
    measure = measure_stub()
    points = point_stubs(BEFORE + AFTER)
    problems = phase_problems(measure, points, [recalculation(30)])
    assert problems == {
        "period": "New limits need at least 12 points from the date they start; there are 4 from 29 July 2024. "
        "Wait until there are 12 weeks of data after the change"
    }
    assert phase_problems(measure, points, [recalculation(20)]) == {}


def test_a_phase_that_leaves_too_few_points_before_it_is_refused():
    problems = phase_problems(measure_stub(), point_stubs(BEFORE + AFTER), [recalculation(5)])
    assert problems["period"].startswith("The phase before 5 February 2024 would have only 5 weeks of data")


def test_a_frozen_baseline_too_short_or_overlapping_a_phase_is_refused():
    measure = measure_stub()
    points = point_stubs(BEFORE + AFTER)
    short = phase_problems(measure, points, [], baseline_until=week(4))
    assert short["baseline_until"].startswith("A frozen baseline needs at least 12 points; there are 5 up to that")
    overlapping = phase_problems(measure, points, [recalculation(14)], baseline_until=week(15))
    assert overlapping["baseline_until"].startswith("The frozen baseline overlaps the phase that starts on 8 April")


def test_a_lasting_shift_suggests_a_recalculation_and_a_declined_one_is_not_suggested_again():
    measure = measure_stub(baseline_until=week(11))
    points = point_stubs(BEFORE + AFTER)
    chart = analysis.analyse_measure(measure, points)
    assert chart.suggestion is not None
    assert (chart.suggestion.period, chart.suggestion.side, chart.suggestion.after) == (week(20), "below", 14)
    declined = [SimpleNamespace(period=week(20))]
    assert analysis.analyse_measure(measure, points, declined=declined).suggestion is None
    # Once accepted (a recalculation from that date), nothing more is suggested.
    assert analysis.analyse_measure(measure, points, recalculations=[recalculation(20)]).suggestion is None


def test_a_short_shift_suggests_nothing_yet():
    measure = measure_stub(baseline_until=week(11))
    points = point_stubs(BEFORE + AFTER[:8])
    assert analysis.analyse_measure(measure, points).suggestion is None
