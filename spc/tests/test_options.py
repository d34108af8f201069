"""AnalysisOptions, the exported names, and how the library is packaged."""

import dataclasses
import importlib.metadata
from pathlib import Path

import numpy as np
import pytest

import withus_spc as spc
from withus_spc.cli import main

WEEKLY = [8, 27, 32, 26, 20, 21, 23, 21, 23, 22, 26, 23, 20, 20, 29, 28, 22, 23, 25, 26]


def same_result(a, b):
    return a.to_dict() == b.to_dict()


class TestAnalysisOptions:
    def test_options_and_keywords_are_the_same_call(self):
        options = spc.AnalysisOptions(chart="c", preset="ptd", direction="down", target=15, recalc_at=[11])
        by_keyword = spc.analyse(WEEKLY, chart="c", preset="ptd", direction="down", target=15, recalc_at=[11])
        assert same_result(spc.analyse(WEEKLY, options), by_keyword)

    def test_keywords_change_the_options_given(self):
        options = spc.AnalysisOptions(chart="c", direction="down")
        changed = spc.analyse(WEEKLY, options, direction="up")
        assert changed.direction == "up"
        assert changed.chart == "c"
        assert options.direction == "down"  # the options given are not changed

    def test_one_options_value_serves_one_series_and_a_batch(self):
        options = spc.AnalysisOptions(preset="mdc-sql", baseline=15, multiply=10)
        batch = spc.analyse_many([WEEKLY, WEEKLY[::-1]], options)
        assert same_result(batch[0], spc.analyse(WEEKLY, options))
        assert batch.settings == spc.get_preset("mdc-sql").settings()
        assert batch[1].value[0] == WEEKLY[-1] * 10

    def test_defaults(self):
        result = spc.analyse(WEEKLY, spc.AnalysisOptions())
        assert (result.chart, result.preset, result.direction, result.multiply) == ("xmr", "mdc", "up", 1)

    def test_options_are_frozen(self):
        options = spc.AnalysisOptions()
        with pytest.raises(dataclasses.FrozenInstanceError):
            options.chart = "run"

    def test_replace_checks_the_new_values(self):
        options = spc.AnalysisOptions(chart="p")
        assert options.replace(multiply=100).multiply == 100
        with pytest.raises(spc.InvalidOptionError) as raised:
            options.replace(multiply=-1)
        assert raised.value.option == "multiply"

    @pytest.mark.parametrize(
        ("options", "option"),
        [
            ({"chart": "xbar"}, "chart"),
            ({"preset": "western-electric"}, "preset"),
            ({"direction": "sideways"}, "direction"),
            ({"multiply": 0}, "multiply"),
            ({"target": float("inf")}, "target"),
            ({"shift_length": 5}, "shift_length"),
            ({"preset": "anhoej", "trend_length": 7}, "trend_length"),
        ],
    )
    def test_bad_options_fail_when_made_not_later(self, options, option):
        with pytest.raises(spc.InvalidOptionError) as raised:
            spc.AnalysisOptions(**options)
        assert raised.value.option == option

    def test_a_misspelt_keyword_is_named(self):
        with pytest.raises(spc.InvalidOptionError, match="unknown option") as raised:
            spc.analyse(WEEKLY, colour="blue")
        assert raised.value.option == "colour"
        with pytest.raises(spc.InvalidOptionError, match="unknown option"):
            spc.analyse_many([WEEKLY], spc.AnalysisOptions(), trend=7)

    def test_options_must_be_an_analysis_options(self):
        with pytest.raises(TypeError, match="AnalysisOptions, not str"):
            spc.analyse(WEEKLY, "xmr")

    def test_a_preset_object_with_lengths(self):
        options = spc.AnalysisOptions(preset=spc.get_preset("mdc").replace(name="house"), shift_length=8)
        assert options.rule_set.shift_length == 8
        assert spc.analyse(WEEKLY, options).preset == "house"


class TestNames:
    def test_rule_constants_are_what_results_report(self):
        assert spc.RULES == (spc.RULE_BEYOND_LIMITS, spc.RULE_SHIFT, spc.RULE_TREND, spc.RULE_TWO_OF_THREE)
        result = spc.analyse(WEEKLY, direction="down")
        assert result.rules(0) == (spc.RULE_BEYOND_LIMITS,)
        assert spc.RULE_SHIFT in result.rules(5)
        fired = {name for index in range(len(result)) for name in result.rules(index)}
        assert fired <= set(spc.RULES)

    def test_category_constants_are_what_results_report(self):
        result = spc.analyse(WEEKLY, direction="down")
        assert result.category[0] == spc.CATEGORY_IMPROVEMENT
        assert set(result.category) <= set(spc.CATEGORIES)

    def test_lists_of_names_match_the_engine(self):
        assert tuple(spc.PRESETS) == spc.PRESET_NAMES
        assert spc.CHARTS == ("run", "xmr", "c", "u", "p", "pp", "up", "g", "t")
        assert spc.DIRECTIONS == ("up", "down", "neither")
        for chart in spc.CHARTS:
            values = [3, 5, 4, 6, 5, 4, 7, 5, 6, 4, 5, 6, 5]
            denominators = [10] * len(values) if chart in ("u", "p", "pp", "up") else None
            assert spc.analyse(values, chart=chart, denominators=denominators).chart == chart

    def test_icons_are_the_summary_values(self):
        summary = spc.analyse(WEEKLY, target=10).summary
        assert summary.variation in spc.VARIATION_ICONS
        assert summary.assurance in spc.ASSURANCE_ICONS


class TestPackage:
    def test_version_is_the_distribution_version(self):
        assert spc.__version__ == importlib.metadata.version("withus-spc") == "1.0.0"

    def test_the_package_is_marked_as_typed(self):
        assert (Path(spc.__file__).parent / "py.typed").is_file()

    def test_the_command_is_installed_with_the_library(self):
        (script,) = importlib.metadata.entry_points(group="console_scripts", name="withus-spc")
        assert script.load() is main

    def test_only_numpy_is_required(self):
        requirements = importlib.metadata.requires("withus-spc") or []
        required = [name for name in requirements if "extra ==" not in name]
        assert [name.split(">")[0].split("<")[0].split("=")[0].strip() for name in required] == ["numpy"]

    def test_results_are_numpy_arrays(self):
        result = spc.analyse(WEEKLY)
        assert isinstance(result.value, np.ndarray)
