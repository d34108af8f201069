"""Loading a population file in the ONS TS021 layout: every problem named, nothing loaded."""

import pytest

from withus.demo.reports_world import illustrative_csv
from withus.reports.models import PopulationBenchmark, PopulationCount
from withus.reports.population import PopulationFileError, read_ts021
from withus.reports.services import population_load


def _rows(text: str) -> list[list[str]]:
    return [line.split('","') for line in text.strip().split("\n")]


def _join(rows) -> str:
    return "\n".join('","'.join(row) for row in rows) + "\n"


def test_a_good_file_is_read_and_summed_over_the_chosen_areas():
    population = read_ts021(illustrative_csv())
    assert population.total == sum(population.counts.values())
    assert len(population.counts) == 19
    one = read_ts021(illustrative_csv(), geography_codes=["zz000002"])
    assert one.geography_codes == ["ZZ000002"]
    assert one.total < population.total


def test_a_missing_column_is_named():
    rows = _rows(illustrative_csv())
    index = next(i for i, header in enumerate(rows[0]) if header.endswith(": Roma"))
    rows = [row[:index] + row[index + 1 :] for row in rows]
    with pytest.raises(PopulationFileError) as error:
        read_ts021(_join(rows))
    assert "The column for “Roma” is missing." in error.value.problems


def test_an_unknown_category_is_named():
    text = illustrative_csv().replace(": Arab", ": Martian", 1)
    with pytest.raises(PopulationFileError) as error:
        read_ts021(text)
    assert any("Martian" in problem for problem in error.value.problems)


def test_totals_that_do_not_add_up_are_named_with_the_area():
    rows = _rows(illustrative_csv())
    total_index = next(i for i, header in enumerate(rows[0]) if "All usual residents" in header)
    rows[1][total_index] = str(int(rows[1][total_index]) + 7)
    with pytest.raises(PopulationFileError) as error:
        read_ts021(_join(rows))
    assert "Riverside (fictional)" in error.value.problems[0]
    assert "not the total" in error.value.problems[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "geography"), ('"date","geography code"\n', "geography"), ("not,a,census,file\n1,2,3,4\n", "missing")],
)
def test_files_of_the_wrong_shape_are_refused(text, words):
    with pytest.raises(PopulationFileError) as error:
        read_ts021(text)
    assert words in str(error.value)


def test_an_area_not_in_the_file_is_named():
    with pytest.raises(PopulationFileError) as error:
        read_ts021(illustrative_csv(), geography_codes=["E09000030"])
    assert "E09000030" in str(error.value)


def test_nothing_is_loaded_from_a_bad_file(trust):
    text = illustrative_csv().replace(": Arab", ": Martian", 1)
    with pytest.raises(PopulationFileError):
        population_load(organisation=trust.organisation, text=text, name="Bad", source="test")
    assert not PopulationBenchmark.objects.exists()
    assert not PopulationCount.objects.exists()


def test_a_good_file_is_loaded_with_its_categories(trust):
    benchmark = population_load(organisation=trust.organisation, text=illustrative_csv(), name="Area", source="test")
    assert benchmark.counts.count() == 19
    assert benchmark.total == sum(benchmark.counts.values_list("count", flat=True))
