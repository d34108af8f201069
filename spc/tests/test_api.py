"""The public API: every chart type, options, batches, JSON, and clear errors for bad input."""

import datetime as dt
import json
import math

import numpy as np
import pytest

import withus_spc as spc

WEEKLY = [8, 27, 32, 26, 20, 21, 23, 21, 23, 22, 26, 23, 20, 20, 29, 28, 22, 23, 25, 26]
DATES = [dt.date(2024, 1, 1) + dt.timedelta(weeks=week) for week in range(len(WEEKLY))]


class TestCharts:
    def test_u_chart_rate_per_thousand_with_stepped_limits(self):
        counts = [12, 9, 15, 11, 8, 14, 10, 13, 9, 12, 11, 10, 16, 9]
        bed_days = [900, 850, 1000, 950, 700, 1100, 900, 980, 870, 920, 990, 860, 1050, 800]
        result = spc.analyse(counts, chart="u", denominators=bed_days, multiply=1000)
        rate = sum(counts) / sum(bed_days)
        assert result.centre[0] == pytest.approx(rate * 1000)
        assert result.value[0] == pytest.approx(12 / 900 * 1000)
        assert result.upper[0] == pytest.approx((rate + 3 * math.sqrt(rate / 900)) * 1000)
        assert result.upper[5] < result.upper[4]  # more exposure, narrower limits

    def test_p_chart_limits_stay_within_zero_and_one(self):
        result = spc.analyse([0, 1, 0, 2, 1, 0, 1, 0, 0, 1, 2, 1, 0], chart="p", denominators=[3] * 13)
        assert (result.lower >= 0).all()
        assert (result.upper <= 1).all()

    def test_laney_p_prime_widens_limits_for_over_dispersed_big_samples(self):
        rng = np.random.default_rng(7)
        denominators = rng.integers(250_000, 300_000, 20)
        proportions = 0.95 + rng.normal(0, 0.004, 20)
        numerators = np.round(denominators * proportions)
        plain = spc.analyse(numerators, chart="p", denominators=denominators, preset="anhoej")
        laney = spc.analyse(numerators, chart="pp", denominators=denominators, preset="anhoej")
        assert (plain.category != "common").sum() > 5
        assert (laney.category == "common").all()
        assert laney.centre[0] == plain.centre[0]
        assert laney.upper[0] - laney.centre[0] > 5 * (plain.upper[0] - plain.centre[0])

    def test_u_prime_scales_the_u_chart_sigma_by_the_z_score_spread(self):
        counts = [120, 150, 90, 200, 130, 170, 110, 160, 140, 100, 180, 125, 135]
        exposure = [10_000] * 13
        u_chart = spc.analyse(counts, chart="u", denominators=exposure, preset="anhoej")
        u_prime = spc.analyse(counts, chart="up", denominators=exposure, preset="anhoej")
        z_scores = (u_chart.value - u_chart.centre) / ((u_chart.upper - u_chart.centre) / 3)
        sigma_z = np.abs(np.diff(z_scores)).mean() / 1.128
        assert u_prime.upper[0] - u_prime.centre[0] == pytest.approx((u_chart.upper[0] - u_chart.centre[0]) * sigma_z)

    def test_g_chart_centres_on_the_theoretical_median_for_mdc_and_the_median_for_anhoej(self):
        between = [12, 30, 5, 44, 18, 9, 25, 60, 14, 7, 33, 21, 16]
        mean = np.mean(between)
        mdc = spc.analyse(between, chart="g")
        anhoej = spc.analyse(between, chart="g", preset="anhoej")
        assert mdc.centre[0] == pytest.approx(0.693 * mean)
        assert anhoej.centre[0] == np.median(between)
        assert mdc.upper[0] == pytest.approx(mean + 3 * math.sqrt(mean * (mean + 1)))
        assert mdc.lower[0] == 0

    def test_run_chart_has_a_median_and_no_limits(self):
        result = spc.analyse(WEEKLY, chart="run", preset="ihi")
        assert result.centre[0] == np.median(WEEKLY)
        assert np.isnan(result.upper).all()
        assert result.summary.crossings_max is not None

    def test_ihi_points_on_the_median_neither_break_nor_count_towards_a_shift(self):
        values = [9, 1, 9, 1, 9, 5, 6, 5, 6, 5, 6, 5, 5, 9, 9, 9, 9]
        result = spc.analyse(values, chart="run", preset="ihi")
        assert result.centre[0] == 6
        # Five 5s below the median with 6s on it between them: five points, no shift.
        assert set(result.category) == {"common"}
        values[1], values[13] = values[13], values[1]  # same median; now six points below
        shifted = spc.analyse(values, chart="run", preset="ihi")
        assert shifted.centre[0] == 6
        assert shifted.rules(5) == ("shift",)
        assert shifted.rules(13) == ("shift",)
        assert shifted.category[6] == "common"  # on the median: not part of the signal

    def test_ihi_trend_of_five_with_a_tie(self):
        values = [10, 20, 10, 20, 1, 2, 2, 3, 4, 5, 20, 10, 20, 10]
        result = spc.analyse(values, chart="run", preset="ihi")
        assert all("trend" in result.rules(i) for i in range(4, 10))
        strict = spc.analyse(values, chart="run", preset="mdc", trend_length=6)
        assert not any("trend" in strict.rules(i) for i in range(len(values)))

    def test_shift_and_trend_lengths_can_be_overridden(self):
        values = [5, 5, 5, 5, 5, 5, 9, 1, 9, 1, 9, 1, 9, 1, 9]
        assert spc.analyse(values).rules(0) == ("shift",)
        assert spc.analyse(values, shift_length=7).rules(0) == ()
        assert spc.analyse(values, shift_length=7).settings["shift_length"] == 7

    def test_mdc_sql_counts_points_beyond_three_sigma_in_two_of_three(self):
        values = [42, 40, 39, 26, 39, 24, 22, 29, 32, 22, 20, 23, 25, 26, 22, 24, 27, 7, 19, 24, 7, 2, 32]
        excel = spc.analyse(values, preset="mdc")
        sql = spc.analyse(values, preset="mdc-sql")
        assert excel.category[20] == "common"
        assert sql.category[20] == "concern"

    def test_mdc_sql_shift_does_not_cross_a_recalculation(self):
        values = [28, 23, 26, 21, 23, 25, 24, 29, 30, 27, 25, 30, 27, 24, 19, 22, 28, 28, 29, 33, 28]
        values += [30, 31, 30, 26, 27, 34, 30, 32, 35]
        assert spc.analyse(values, recalc_at=[16]).category[13] == "concern"
        assert spc.analyse(values, recalc_at=[16], preset="mdc-sql").category[13] == "common"


class TestOptions:
    def test_dates_recalculations_with_reasons_and_ghosts(self):
        result = spc.analyse(
            WEEKLY, dates=DATES, recalc_at={DATES[12]: "new rota"}, ghosts=[DATES[0].isoformat()], target=25
        )
        assert result.partition.tolist() == [0] * 12 + [1] * 8
        assert result.ghost[0]
        assert result.category[0] == ""
        assert result.summary.recalculations[0].reason == "new rota"
        assert result.summary.recalculations[0].row == 13
        point = result.to_dict()["points"][0]
        assert point["date"] == "2024-01-01"
        assert point["category"] is None

    def test_period_labels(self):
        labels = [f"W{week:02d}" for week in range(1, 21)]
        result = spc.analyse(WEEKLY, dates=labels, recalc_at=[("W10", "new ward")])
        assert result.partition[9] == 1
        assert result.to_dict()["points"][0]["date"] == "W01"

    def test_rows_identify_points_when_there_are_no_dates(self):
        result = spc.analyse(WEEKLY, recalc_at=[10], ghosts=[3])
        assert result.partition[9] == 1
        assert result.ghost[2]
        assert result.to_dict()["points"][2]["date"] == 3

    def test_baseline_freezes_and_extends_the_limits(self):
        result = spc.analyse(WEEKLY, baseline=13)
        assert result.centre[-1] == pytest.approx(np.mean(WEEKLY[:13]))
        assert len(set(result.upper.tolist())) == 1

    def test_missing_values_are_gaps(self):
        values = [float(v) for v in WEEKLY]
        values[5] = math.nan
        result = spc.analyse(values)
        assert math.isnan(result.value[5])
        assert result.category[5] == ""
        assert result.to_dict()["points"][5]["value"] is None

    def test_to_dict_is_json(self):
        result = spc.analyse(WEEKLY, dates=DATES, target=30)
        text = json.dumps(result.to_dict(), allow_nan=False)
        data = json.loads(text)
        assert data["chart"] == "xmr"
        assert data["preset"] == "mdc"
        assert set(data["summary"]) >= {"variation", "assurance", "longest_run", "crossings", "runs_signal"}
        assert data["points"][0]["rules"] == ["beyond_limits"]


class TestBatches:
    def test_a_2d_array_is_a_batch_of_equal_series(self):
        rng = np.random.default_rng(1)
        values = rng.normal(50, 5, (30, 24))
        batch = spc.analyse_many(values)
        assert len(batch) == 30
        assert batch[3].value.tolist() == values[3].tolist()
        assert batch[-1].summary == spc.analyse(values[-1]).summary

    def test_series_can_carry_their_own_dates_denominators_targets_and_directions(self):
        batch = spc.analyse_many(
            [
                {
                    "values": [3, 4, 5, 4, 3, 4, 5, 6, 4, 3, 5, 4, 4],
                    "denominators": [40] * 13,
                    "direction": "down",
                },
                {"values": [30, 31, 29, 30], "denominators": [100] * 4, "target": 0.5, "dates": DATES[:4]},
            ],
            chart="p",
        )
        assert batch[0].direction == "down"
        assert batch[1].target == 0.5
        assert batch[1].to_dict()["points"][0]["date"] == "2024-01-01"

    def test_shared_denominators_list_one_per_series(self):
        batch = spc.analyse_many([[1, 2], [3, 4]], chart="u", denominators=[[10, 10], [20, 20]], preset="anhoej")
        assert batch[1].centre[0] == pytest.approx(7 / 40)

    def test_slices_and_iteration(self):
        batch = spc.analyse_many([WEEKLY, WEEKLY[:15], WEEKLY[:14]])
        assert [len(result) for result in batch] == [20, 15, 14]
        assert [len(result) for result in batch[1:]] == [15, 14]
        with pytest.raises(IndexError):
            batch[3]


class TestBadInput:
    def test_non_numeric_value_names_its_row(self):
        with pytest.raises(spc.InvalidDataError) as raised:
            spc.analyse([1, 2, "three", 4])
        assert (raised.value.row, raised.value.column) == (3, "value")
        assert "'three' is not a number" in str(raised.value)

    def test_infinite_value(self):
        with pytest.raises(spc.InvalidDataError, match="row 2, column 'value'"):
            spc.analyse([1, math.inf, 3])

    @pytest.mark.parametrize("chart", ["c", "u", "g", "t", "p"])
    def test_negative_counts(self, chart):
        denominators = [5, 5, 5] if chart in {"u", "p"} else None
        with pytest.raises(spc.InvalidDataError) as raised:
            spc.analyse([1, -2, 3], chart=chart, denominators=denominators)
        assert raised.value.row == 2

    def test_zero_time_between_events(self):
        with pytest.raises(spc.InvalidDataError, match="greater than zero"):
            spc.analyse([5, 0, 3], chart="t")

    @pytest.mark.parametrize("denominator", [0, None, -4, math.nan])
    def test_zero_or_missing_denominator(self, denominator):
        with pytest.raises(spc.InvalidDataError) as raised:
            spc.analyse([1, 2, 3], chart="u", denominators=[5, denominator, 5])
        assert (raised.value.row, raised.value.column) == (2, "denominator")

    def test_numerator_above_denominator_on_a_p_chart(self):
        with pytest.raises(spc.InvalidDataError, match="larger than its denominator") as raised:
            spc.analyse([1, 7, 3], chart="p", denominators=[5, 5, 5])
        assert raised.value.row == 2

    def test_denominators_are_required_and_only_for_ratio_charts(self):
        with pytest.raises(spc.InvalidOptionError, match="needs denominators"):
            spc.analyse([1, 2, 3], chart="p")
        with pytest.raises(spc.InvalidOptionError, match="only U, P"):
            spc.analyse([1, 2, 3], chart="xmr", denominators=[1, 2, 3])
        with pytest.raises(spc.InvalidDataError, match="2 denominators for 3 values"):
            spc.analyse([1, 2, 3], chart="u", denominators=[5, 5])

    def test_duplicate_dates(self):
        with pytest.raises(spc.InvalidDataError, match="duplicate date 2024-01-08") as raised:
            spc.analyse([1, 2, 3], dates=["2024-01-01", "2024-01-08", "2024-01-08"])
        assert (raised.value.row, raised.value.column) == (3, "date")

    def test_unordered_dates(self):
        with pytest.raises(spc.InvalidDataError, match="in order") as raised:
            spc.analyse([1, 2, 3], dates=["2024-01-01", "2024-01-15", "2024-01-08"])
        assert raised.value.row == 3

    def test_a_bad_date_among_good_ones(self):
        with pytest.raises(spc.InvalidDataError, match="not an ISO date") as raised:
            spc.analyse([1, 2, 3], dates=["2024-01-01", "2024-02-30", "2024-03-01"])
        assert raised.value.row == 2

    def test_wrong_number_of_dates(self):
        with pytest.raises(spc.InvalidDataError, match="2 dates for 3 values"):
            spc.analyse([1, 2, 3], dates=["2024-01-01", "2024-01-08"])

    def test_duplicate_labels(self):
        with pytest.raises(spc.InvalidDataError, match="duplicate label 'Q1'"):
            spc.analyse([1, 2, 3], dates=["Q1", "Q2", "Q1"])

    def test_recalculation_date_not_in_the_data(self):
        with pytest.raises(spc.InvalidOptionError, match="2024-05-07 is not one of the dates") as raised:
            spc.analyse(WEEKLY, dates=DATES, recalc_at=["2024-05-07"])
        assert raised.value.option == "recalc_at"

    def test_ghost_not_in_the_data(self):
        with pytest.raises(spc.InvalidOptionError, match="not one of the dates"):
            spc.analyse(WEEKLY, dates=DATES, ghosts=["2023-01-01"])

    def test_recalculation_at_the_first_point(self):
        with pytest.raises(spc.InvalidOptionError, match="after the first point"):
            spc.analyse(WEEKLY, recalc_at=[1])

    @pytest.mark.parametrize(
        ("options", "option"),
        [
            ({"chart": "xbar"}, "chart"),
            ({"preset": "western-electric"}, "preset"),
            ({"direction": "sideways"}, "direction"),
            ({"baseline": 1}, "baseline"),
            ({"baseline": 99}, "baseline"),
            ({"baseline": 15, "recalc_at": [15]}, "baseline"),
            ({"multiply": 0}, "multiply"),
            ({"target": "high"}, "target"),
            ({"shift_length": 5}, "shift_length"),
            ({"trend_length": 10}, "trend_length"),
        ],
    )
    def test_unknown_or_out_of_range_options(self, options, option):
        with pytest.raises(spc.InvalidOptionError) as raised:
            spc.analyse(WEEKLY, **options)
        assert raised.value.option == option

    def test_anhoej_has_no_shift_rule_to_lengthen(self):
        with pytest.raises(spc.InvalidOptionError, match="no such rule"):
            spc.analyse(WEEKLY, preset="anhoej", shift_length=8)

    def test_empty_series(self):
        with pytest.raises(spc.InvalidDataError, match="no values"):
            spc.analyse([])
        with pytest.raises(spc.InvalidOptionError, match="no series"):
            spc.analyse_many([])

    def test_errors_in_a_batch_name_the_series(self):
        with pytest.raises(spc.InvalidDataError) as raised:
            spc.analyse_many([[1, 2, 3], [4, "x", 6]])
        assert (raised.value.series, raised.value.row) == (1, 2)
        with pytest.raises(spc.InvalidDataError) as raised:
            spc.analyse_many([[1, 2, 3], [4, -5, 6]], chart="c")
        assert (raised.value.series, raised.value.row) == (1, 2)

    def test_unknown_series_key(self):
        with pytest.raises(spc.InvalidOptionError, match="unknown key"):
            spc.analyse_many([{"values": [1, 2], "denominator": [1, 1]}])

    def test_every_error_is_a_value_error(self):
        assert issubclass(spc.SpcError, ValueError)
        assert issubclass(spc.InvalidDataError, spc.SpcError)
        assert issubclass(spc.InvalidOptionError, spc.SpcError)


class TestBaselineWithRecalculation:
    """A frozen baseline extended forward to a recalculation, then new limits from it (named phases)."""

    VALUES = [16, 24, 22, 19, 19, 18, 24, 25, 18, 17, 16, 25, 15, 23, 19, 35, 32, 35, 31, 27, 33, 28, 38, 35, 30]

    def test_first_phase_uses_only_the_baseline_points_and_the_second_all_of_its_own(self):
        result = spc.analyse(self.VALUES, baseline=10, recalc_at=[21])
        baseline_mean = sum(self.VALUES[:10]) / 10
        second_mean = sum(self.VALUES[20:]) / 5
        assert result.centre[:20].tolist() == pytest.approx([baseline_mean] * 20)
        assert result.centre[20:].tolist() == pytest.approx([second_mean] * 5)
        assert result.partition.tolist() == [0] * 20 + [1] * 5

    def test_same_as_a_baseline_alone_before_the_recalculation(self):
        alone = spc.analyse(self.VALUES[:20], baseline=10)
        both = spc.analyse(self.VALUES, baseline=10, recalc_at=[21])
        assert both.upper[:20].tolist() == pytest.approx(alone.upper.tolist())

    def test_baseline_reaching_the_recalculation_is_refused(self):
        with pytest.raises(spc.InvalidOptionError, match="before the first recalculation"):
            spc.analyse(self.VALUES, baseline=21, recalc_at=[21])
