"""The one mapping between census categories, NHS 16+1 codes and the five census groups."""

import pytest

from withus.people.ethnicity import (
    CENSUS_CATEGORIES,
    NHS_CODE_GROUPS,
    UnknownCategoryError,
    group_of,
    group_of_census_category,
    group_of_nhs_code,
    nhs_code_of,
)
from withus.people.models import EthnicCategory

EXPECTED = {
    # census category: (NHS code, census group)
    "asian_bangladeshi": ("K", "asian"),
    "asian_chinese": ("R", "asian"),
    "asian_indian": ("H", "asian"),
    "asian_pakistani": ("J", "asian"),
    "asian_other": ("L", "asian"),
    "black_african": ("N", "black"),
    "black_caribbean": ("M", "black"),
    "black_other": ("P", "black"),
    "mixed_white_asian": ("F", "mixed"),
    "mixed_white_black_african": ("E", "mixed"),
    "mixed_white_black_caribbean": ("D", "mixed"),
    "mixed_other": ("G", "mixed"),
    "white_british": ("A", "white"),
    "white_irish": ("B", "white"),
    "white_gypsy_traveller": ("C", "white"),
    "white_roma": ("C", "white"),
    "white_other": ("C", "white"),
    "other_arab": ("S", "other"),
    "other_any": ("S", "other"),
}


def test_there_are_nineteen_census_categories():
    assert len(CENSUS_CATEGORIES) == 19
    assert set(CENSUS_CATEGORIES) == set(EXPECTED)


@pytest.mark.parametrize(("category", "expected"), EXPECTED.items())
def test_each_census_category_has_its_nhs_code_and_census_group(category, expected):
    code, group = expected
    assert nhs_code_of(category) == code
    assert group_of_census_category(category) == group
    # The group worked out from the NHS code alone agrees with the census's own grouping.
    assert group_of_nhs_code(code) == group


def test_chinese_is_asian_in_the_census_grouping_but_code_r_in_nhs_codes():
    assert nhs_code_of("asian_chinese") == "R"
    assert EthnicCategory.R.label == "Other ethnic groups – Chinese"
    # Rolling NHS codes up by their letter would put R under "Other"; the census grouping puts it under Asian.
    assert group_of_nhs_code("R") == "asian"
    assert group_of(nhs_code="R") == "asian"


def test_roma_and_gypsy_or_irish_traveller_are_c_and_arab_is_s():
    assert nhs_code_of("white_roma") == nhs_code_of("white_gypsy_traveller") == "C"
    assert nhs_code_of("other_arab") == "S"


def test_prefer_not_to_say_is_z_and_not_asked_is_99():
    assert nhs_code_of("prefer_not") == "Z"
    assert nhs_code_of("not_asked") == "99"
    assert group_of_nhs_code("Z") == "not_stated"
    assert group_of_nhs_code("99") == "not_known"
    assert group_of() == "not_known"


def test_every_nhs_code_in_the_register_has_a_group():
    assert set(EthnicCategory.values) == set(NHS_CODE_GROUPS)


def test_an_existing_nhs_answer_is_kept_and_only_its_group_is_worked_out():
    # C could be Irish, Roma, Gypsy or Irish Traveller or other White: no census category is guessed.
    assert group_of(nhs_code="C") == "white"
    assert group_of(census_category="white_roma", nhs_code="S") == "white"


@pytest.mark.parametrize("bad", ["chinese", "Q", "", "asian"])
def test_unknown_categories_and_codes_are_refused(bad):
    with pytest.raises(UnknownCategoryError):
        group_of_nhs_code(bad)
    with pytest.raises(UnknownCategoryError):
        nhs_code_of(bad)
