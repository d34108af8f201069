"""Published reference values: qicharts2 (Montgomery and bundled data), NHSRplotthedots,
nhspy-plotthedots and the MDC SQL moving-range fixture. Numbers from qi-spc.md §1.1, §3."""

import numpy as np
import pytest

import withus_spc as spc
from withus_spc import runs

# Montgomery, Introduction to SQC 6th ed. (qicharts2 tbl_06.07, weeks 1-20): loan processing cost.
LOAN_COSTS = [
    310,
    288,
    297,
    298,
    307,
    303,
    294,
    297,
    308,
    306,
    294,
    299,
    297,
    299,
    314,
    295,
    293,
    306,
    301,
    304,
]
# tbl_07.03: nonconforming orange-juice cans in 30 samples of 50.
JUICE_CANS = [
    12,
    15,
    8,
    10,
    4,
    7,
    16,
    9,
    14,
    10,
    5,
    6,
    17,
    12,
    22,
    8,
    10,
    5,
    13,
    11,
    20,
    18,
    24,
    15,
    9,
    12,
    7,
    13,
    9,
    6,
]
# tbl_07.08: nonconformities in 26 + 20 samples of printed circuit boards.
CIRCUIT_BOARDS = [
    21,
    24,
    16,
    12,
    15,
    5,
    28,
    20,
    31,
    25,
    20,
    24,
    16,
    19,
    10,
    17,
    13,
    22,
    18,
    39,
    30,
    24,
    16,
    19,
    17,
    15,
]
CIRCUIT_BOARDS += [16, 18, 12, 15, 24, 21, 28, 20, 25, 19, 18, 21, 16, 22, 19, 12, 14, 9, 16, 21]
# tbl_07.14: failure times in hours.
FAILURE_HOURS = [
    286,
    948,
    536,
    124,
    816,
    729,
    4,
    143,
    431,
    8,
    2837,
    596,
    81,
    227,
    603,
    492,
    1199,
    1214,
    2831,
    96,
]
# qicharts2 `cdi`: monthly hospital C. difficile infections, intervention after month 24.
CDI = [17, 12, 27, 20, 20, 18, 22, 19, 19, 24, 17, 16, 24, 19, 19, 22, 25, 19, 17, 6, 25, 17, 11, 14]
CDI += [9, 11, 7, 13, 5, 5, 3, 5, 9, 4, 5, 9]


def limits_at(result, index=0, places=4):
    return tuple(round(float(line[index]), places) for line in (result.centre, result.lower, result.upper))


class TestQicharts2:
    def test_example_6_5_individuals_chart_frozen_after_20_weeks(self):
        result = spc.analyse(LOAN_COSTS, preset="anhoej", baseline=20)
        assert limits_at(result) == (300.5, 279.7833, 321.2167)
        assert round(result.moving_range_centre[0], 5) == 7.78947
        assert round(result.moving_range_upper[0], 4) == 25.4482

    def test_example_6_5_is_the_same_without_moving_range_screening(self):
        unscreened = spc.get_preset("anhoej").replace(screen_moving_ranges=False)
        result = spc.analyse(LOAN_COSTS, preset=unscreened, baseline=20)
        assert limits_at(result) == (300.5, 279.7833, 321.2167)

    def test_example_7_1_p_chart_excluding_two_samples(self):
        result = spc.analyse(JUICE_CANS, chart="p", denominators=[50] * 30, preset="anhoej", ghosts=[15, 23])
        assert limits_at(result) == (0.2150, 0.0407, 0.3893)
        beyond = np.flatnonzero(result.value > result.upper) + 1
        assert beyond.tolist() == [15, 21, 23]  # qicharts2: 3 sigma signals
        assert result.rules(20) == ("beyond_limits",)  # the two excluded samples are shown, not judged
        assert result.category[14] == result.category[22] == ""

    def test_example_7_3_c_chart_with_exclusions_and_frozen_limits(self):
        result = spc.analyse(CIRCUIT_BOARDS, chart="c", preset="anhoej", ghosts=[6, 20], baseline=26)
        assert limits_at(result) == (19.6667, 6.3625, 32.9708)
        beyond = (result.value > result.upper) | (result.value < result.lower)
        assert np.count_nonzero(beyond) == 2
        summary = result.summary
        assert (summary.longest_run, summary.longest_run_max) == (8, 8)
        assert (summary.crossings, summary.crossings_min) == (14, 16)
        assert summary.runs_signal

    def test_example_7_6_t_chart(self):
        result = spc.analyse(FAILURE_HOURS, chart="t", preset="anhoej")
        assert round(result.centre[0], 3) == 430.041
        assert result.lower[0] == 0
        assert round(result.upper[0], 2) == 6937.93
        assert not result.rule_flags.any()

    def test_cdi_c_chart_before_and_after_the_intervention(self):
        result = spc.analyse(CDI, chart="c", preset="anhoej", recalc_at=[25])
        assert limits_at(result, 0, 2) == (18.71, 5.73, 31.68)
        assert limits_at(result, 35, 2) == (7.08, 0.0, 15.07)

    def test_cdi_run_chart_with_baseline_median(self):
        result = spc.analyse(CDI, chart="run", preset="anhoej", baseline=24)
        assert result.centre[0] == 19
        assert np.isnan(result.upper).all()
        assert result.summary.longest_run == 15
        assert result.summary.longest_run_max == 8
        assert result.summary.runs_signal

    @pytest.mark.parametrize(
        ("n", "longest_max", "crossings_min"),
        [
            (10, 6, 2),
            (12, 7, 3),
            (15, 7, 4),
            (20, 7, 6),
            (24, 8, 8),
            (30, 8, 10),
            (40, 8, 14),
            (50, 9, 19),
            (60, 9, 23),
            (80, 9, 32),
            (100, 10, 41),
        ],
    )
    def test_anhoej_critical_values(self, n, longest_max, crossings_min):
        useful = np.array([n])
        assert runs.longest_run_max(useful).tolist() == [longest_max]
        assert runs.crossings_min(useful).tolist() == [crossings_min]

    def test_runs_analysis_counts_only_points_off_the_centre_line(self):
        # 24 points alternating about the median 0, plus one on it: 24 useful points.
        values = [(-1) ** i for i in range(12)] + [0] + [(-1) ** i for i in range(12)]
        summary = spc.analyse(values, chart="run", preset="anhoej").summary
        assert (summary.longest_run_max, summary.crossings_min) == (8, 8)
        assert summary.longest_run == 1
        assert summary.crossings == 23
        assert not summary.runs_signal


class TestNHSRplotthedots:
    DEVIATIONS = (1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)
    RNORM_123 = (
        -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
        -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
        -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
    )  # fmt: skip

    def test_deviations_vignette_screened(self):
        result = spc.analyse(self.DEVIATIONS, preset="ptd")
        assert result.centre[0] == pytest.approx(1.944444, abs=1e-6)
        assert result.upper[0] == pytest.approx(4.604444, abs=1e-6)
        assert result.lower[0] == pytest.approx(-0.7155556, abs=1e-7)

    def test_deviations_vignette_unscreened_like_the_excel_tool(self):
        result = spc.analyse(self.DEVIATIONS, preset="mdc")
        assert result.upper[0] == pytest.approx(6.951503, abs=1e-6)
        assert result.lower[0] == pytest.approx(-3.062614, abs=1e-6)

    def test_standard_snapshot(self):
        result = spc.analyse(self.RNORM_123, preset="ptd")
        assert result.centre[0] == pytest.approx(0.1416238, abs=1e-7)
        assert result.lower[0] == pytest.approx(-3.01138, abs=1e-5)
        assert result.upper[0] == pytest.approx(3.294627, abs=1e-6)

    def test_standard_snapshot_with_an_outlier(self):
        values = list(self.RNORM_123)
        values[14] = 10
        screened = spc.analyse(values, preset="ptd")
        assert screened.centre[0] == pytest.approx(0.6694159, abs=1e-7)
        assert screened.lower[0] == pytest.approx(-2.383666, abs=1e-6)
        assert screened.upper[0] == pytest.approx(3.722497, abs=1e-6)
        unscreened = spc.analyse(values, preset=spc.get_preset("ptd").replace(screen_moving_ranges=False))
        assert unscreened.lower[0] == pytest.approx(-4.596625, abs=1e-6)
        assert unscreened.upper[0] == pytest.approx(5.935457, abs=1e-6)

    def test_two_in_three_needs_all_three_points_on_one_side(self):
        values = [1.0, -1.0] * 10
        values[14], values[15] = 5.5, -5.5
        result = spc.analyse(values, preset="ptd")
        assert result.upper_2sigma[0] < 5.5 < result.upper[0]
        assert set(result.category) == {"common"}

    def test_seven_point_rules(self):
        rising = [1, 2, 3, 4, 5, 6, 0, 3, 0, 3, 0, 3, 0, 3]
        assert "trend" not in {rule for i in range(14) for rule in spc.analyse(rising, preset="ptd").rules(i)}
        assert spc.analyse(rising, preset="mdc").rules(0) == ("trend",)
        rising_seven = [1, 2, 3, 4, 5, 6, 7, 0, 3, 0, 3, 0, 3, 0]
        assert spc.analyse(rising_seven, preset="ptd").rules(0) == ("trend",)

    def test_colour_follows_the_side_of_the_mean(self):
        # A rising trend that starts below the mean: MDC colours it all as improvement,
        # NHSRplotthedots colours the points below the mean as concern (its issue #171).
        values = [11, 14, 18, 20, 22, 23, 24, 18, 21, 17, 23, 26, 20, 16, 25, 23, 22, 19, 16, 15]
        ptd = spc.analyse(values, preset="ptd")
        mdc = spc.analyse(values, preset="mdc")
        assert ptd.rules(0) == ("trend",)
        assert ptd.value[0] < ptd.centre[0]
        assert ptd.category[0] == "concern"
        assert mdc.category[0] == "improvement"

    def test_trial_limits_warning(self):
        result = spc.analyse(list(range(1, 11)), preset="ptd")
        assert any(warning.startswith("trial limits") for warning in result.summary.warnings)


class TestNhspyPlotthedots:
    def test_one_to_ten(self):
        result = spc.analyse(list(range(1, 11)), preset="ptd")
        assert limits_at(result, 0, 2) == (5.5, 2.84, 8.16)
        assert round(result.lower_2sigma[0], 4) == 3.7267
        assert round(result.upper_2sigma[0], 4) == 7.2733

    def test_up_and_down(self):
        result = spc.analyse([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], preset="ptd")
        assert limits_at(result, 0, 2) == (2.7, 0.04, 5.36)


def test_mdc_sql_moving_range_outlier_fixture():
    values = [10, 10.2, 9.9, 10.1, 40, 10.0, 9.8, 10.1, 10.0, 9.9, 10.2, 10.1, 9.9]
    preset = spc.get_preset("mdc-sql").replace(screen_moving_ranges=True)
    result = spc.analyse(values, preset=preset)
    assert result.centre[0] == pytest.approx(10.01818, abs=1e-5)
    assert result.upper[0] == pytest.approx(10.55018, abs=1e-5)
    assert result.lower[0] == pytest.approx(9.48618, abs=1e-5)
    assert result.upper_2sigma[0] == pytest.approx(10.37285, abs=1e-5)
    assert result.lower_2sigma[0] == pytest.approx(9.66352, abs=1e-5)
    assert result.settings["screen_moving_ranges"] is True
