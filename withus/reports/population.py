"""Reading a population file in the ONS Census 2021 TS021 "Ethnic group" layout (the Nomis bulk CSV: `date`,
`geography`, `geography code`, `Ethnic group: Total: All usual residents`, then one column per group and per
category, e.g. `Ethnic group: Asian, Asian British or Asian Welsh: Chinese`). Pure: it reads text and returns counts
or every problem found, so nothing is loaded from a file with a problem in it."""

import csv
import io
from dataclasses import dataclass, field

from withus.people.ethnicity import CENSUS_CATEGORIES

REQUIRED = ("geography", "geography code")
PREFIX = "Ethnic group"
TOTAL_LABEL = "Total: All usual residents"
GROUP_HEADINGS = {
    "Asian, Asian British or Asian Welsh",
    "Black, Black British, Black Welsh, Caribbean or African",
    "Mixed or Multiple ethnic groups",
    "White",
    "Other ethnic group",
}
CATEGORY_BY_LABEL = {label.casefold(): code for code, (label, _group, _nhs) in CENSUS_CATEGORIES.items()}
MAX_ROWS = 10_000


class PopulationFileError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Population:
    counts: dict[str, int]
    total: int
    geography_codes: list[str] = field(default_factory=list)
    geographies: list[str] = field(default_factory=list)


def _column(header: str) -> tuple[str, str | None]:
    """("total" | "group" | "category" | "other" | "unknown", category code)."""
    parts = [part.strip() for part in header.split(":")]
    if parts[0] != PREFIX:
        return "other", None
    rest = ": ".join(parts[1:])
    if rest == TOTAL_LABEL:
        return "total", None
    if rest in GROUP_HEADINGS:
        return "group", None
    if len(parts) >= 3:
        code = CATEGORY_BY_LABEL.get(parts[-1].casefold())
        if code:
            return "category", code
    return "unknown", None


def _columns(headers: list[str]) -> tuple[dict[str, str], str | None, list[str]]:
    """Category code → column, the total's column, and the problems with the header row."""
    problems = [f"The column “{name}” is missing." for name in REQUIRED if name not in headers]
    columns: dict[str, str] = {}
    total_column = None
    for header in headers:
        kind, code = _column(header)
        if kind == "total":
            total_column = header
        elif kind == "category" and code:
            columns[code] = header
        elif kind == "unknown":
            problems.append(f"The column “{header}” is not a Census 2021 ethnic group we know.")
    if total_column is None:
        problems.append(f"The column “{PREFIX}: {TOTAL_LABEL}” is missing.")
    problems += [
        f"The column for “{label}” is missing."
        for code, (label, _g, _n) in CENSUS_CATEGORIES.items()
        if code not in columns
    ]
    return columns, total_column, problems


def _row_counts(number: int, row: dict, columns: dict[str, str], total_column: str) -> tuple[dict[str, int], str]:
    """One area's counts, or a problem in words (and no counts)."""
    place = row["geography"] or row["geography code"]
    try:
        counts = {code: int(row[header].replace(",", "")) for code, header in columns.items()}
        total = int(row[total_column].replace(",", ""))
    except ValueError:
        return {}, f"Row {number} ({place}) has a count that is not a whole number."
    if any(value < 0 for value in counts.values()) or total < 0:
        return {}, f"Row {number} ({place}) has a negative count."
    if sum(counts.values()) != total:
        return {}, (
            f"Row {number} ({place}): the categories add up to {sum(counts.values()):,}, not the total of {total:,}."
        )
    return counts, ""


def read_ts021(text: str, *, geography_codes: list[str] | None = None) -> Population:
    """The summed counts of the chosen local authorities (all rows when none are chosen)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns, total_column, problems = _columns([header.strip() for header in (reader.fieldnames or [])])
    if problems:
        raise PopulationFileError(problems)
    wanted = {code.strip().upper() for code in geography_codes or [] if code.strip()}
    population = Population(counts=dict.fromkeys(CENSUS_CATEGORIES, 0), total=0)
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS:
            raise PopulationFileError([f"The file has more than {MAX_ROWS:,} rows."])
        row = {(key or "").strip(): (value or "").strip() for key, value in raw.items()}
        place = row["geography code"].upper()
        if wanted and place not in wanted:
            continue
        counts, problem = _row_counts(number, row, columns, total_column)
        if problem:
            problems.append(problem)
            continue
        for code, value in counts.items():
            population.counts[code] += value
        population.total += sum(counts.values())
        population.geography_codes.append(place)
        population.geographies.append(row["geography"])
    missing = sorted(wanted - set(population.geography_codes))
    if missing:
        problems.append(f"These local authority codes are not in the file: {', '.join(missing)}.")
    if not problems and not population.geography_codes:
        problems.append("The file has no rows of figures.")
    if problems:
        raise PopulationFileError(problems)
    return population
