"""One mapping between the ways ethnicity is written down (ADR 29): the 2021 census's 19 categories, the NHS
16+1 ETHNIC CATEGORY codes (A–S, Z not stated, 99 not known) and the five census groups used to compare with
the population.

Two traps this table exists to avoid:
- Chinese is in the *Asian* group of the 2021 census but has its own NHS code R ("Other ethnic groups – Chinese").
  A five-group count built by rolling NHS codes up by their letter would put Chinese people under "Other" and
  no longer compare with census figures; `group_of_nhs_code` puts R under Asian.
- Roma and Gypsy or Irish Traveller have no NHS 2001 code of their own: they are C (any other White
  background). Arab is S (any other ethnic group).

Nothing is guessed: an answer recorded only as an NHS code keeps it; the census group of an NHS code is always
certain (every code sits inside one census group), but its census category is not, so there is no function for it.
Pure Python: no database, so every layer may use it.
"""

from typing import Final

# The five census groups, in the census's order, then the two "no answer" groups.
ASIAN: Final = "asian"
BLACK: Final = "black"
MIXED: Final = "mixed"
WHITE: Final = "white"
OTHER: Final = "other"
NOT_STATED: Final = "not_stated"
NOT_KNOWN: Final = "not_known"

GROUP_LABELS: Final = {
    ASIAN: "Asian, Asian British or Asian Welsh",
    BLACK: "Black, Black British, Black Welsh, Caribbean or African",
    MIXED: "Mixed or multiple ethnic groups",
    WHITE: "White",
    OTHER: "Other ethnic group",
    NOT_STATED: "Prefer not to say",
    NOT_KNOWN: "Not known (not asked)",
}
CENSUS_GROUPS: Final = (ASIAN, BLACK, MIXED, WHITE, OTHER)

# code: (label as in the census, census group, NHS 16+1 code)
CENSUS_CATEGORIES: Final = {
    "asian_bangladeshi": ("Bangladeshi", ASIAN, "K"),
    "asian_chinese": ("Chinese", ASIAN, "R"),
    "asian_indian": ("Indian", ASIAN, "H"),
    "asian_pakistani": ("Pakistani", ASIAN, "J"),
    "asian_other": ("Other Asian", ASIAN, "L"),
    "black_african": ("African", BLACK, "N"),
    "black_caribbean": ("Caribbean", BLACK, "M"),
    "black_other": ("Other Black", BLACK, "P"),
    "mixed_white_asian": ("White and Asian", MIXED, "F"),
    "mixed_white_black_african": ("White and Black African", MIXED, "E"),
    "mixed_white_black_caribbean": ("White and Black Caribbean", MIXED, "D"),
    "mixed_other": ("Other Mixed or Multiple ethnic groups", MIXED, "G"),
    "white_british": ("English, Welsh, Scottish, Northern Irish or British", WHITE, "A"),
    "white_irish": ("Irish", WHITE, "B"),
    "white_gypsy_traveller": ("Gypsy or Irish Traveller", WHITE, "C"),
    "white_roma": ("Roma", WHITE, "C"),
    "white_other": ("Other White", WHITE, "C"),
    "other_arab": ("Arab", OTHER, "S"),
    "other_any": ("Any other ethnic group", OTHER, "S"),
}
PREFER_NOT_TO_SAY: Final = "prefer_not"
NOT_ASKED: Final = "not_asked"
NO_ANSWER: Final = {
    PREFER_NOT_TO_SAY: ("Prefer not to say", NOT_STATED, "Z"),
    NOT_ASKED: ("Not asked", NOT_KNOWN, "99"),
}

# NHS 16+1 code -> census group. R (Chinese) is Asian here, as in the census; Z and 99 are the no-answer groups.
NHS_CODE_GROUPS: Final = {
    "A": WHITE,
    "B": WHITE,
    "C": WHITE,
    "D": MIXED,
    "E": MIXED,
    "F": MIXED,
    "G": MIXED,
    "H": ASIAN,
    "J": ASIAN,
    "K": ASIAN,
    "L": ASIAN,
    "M": BLACK,
    "N": BLACK,
    "P": BLACK,
    "R": ASIAN,
    "S": OTHER,
    "Z": NOT_STATED,
    "99": NOT_KNOWN,
}


class UnknownCategoryError(ValueError):
    """A category or code that is not in the table."""


def nhs_code_of(census_category: str) -> str:
    """The NHS 16+1 code for a 2021 census category (or Z / 99 for prefer not to say / not asked)."""
    if census_category in CENSUS_CATEGORIES:
        return CENSUS_CATEGORIES[census_category][2]
    if census_category in NO_ANSWER:
        return NO_ANSWER[census_category][2]
    raise UnknownCategoryError(f"“{census_category}” is not a 2021 census ethnic category")


def group_of_census_category(census_category: str) -> str:
    if census_category in CENSUS_CATEGORIES:
        return CENSUS_CATEGORIES[census_category][1]
    if census_category in NO_ANSWER:
        return NO_ANSWER[census_category][1]
    raise UnknownCategoryError(f"“{census_category}” is not a 2021 census ethnic category")


def group_of_nhs_code(code: str) -> str:
    """The census group of an NHS code, with Chinese (R) under Asian as the census has it."""
    try:
        return NHS_CODE_GROUPS[code]
    except KeyError:
        raise UnknownCategoryError(f"“{code}” is not an NHS ethnic category code") from None


def group_of(*, census_category: str = "", nhs_code: str = "") -> str:
    """The census group of one answer: from the census category when recorded, else from the NHS code."""
    if census_category:
        return group_of_census_category(census_category)
    return group_of_nhs_code(nhs_code or "99")
