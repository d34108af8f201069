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


def read_ts021(text: str, *, geography_codes: list[str] | None = None) -> Population:
    """The summed counts of the chosen local authorities (all rows when none are chosen)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [header.strip() for header in (reader.fieldnames or [])]
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
    for code, (label, _group, _nhs) in CENSUS_CATEGORIES.items():
        if code not in columns:
            problems.append(f"The column for “{label}” is missing.")
    if problems:
        raise PopulationFileError(problems)
    wanted = {code.strip().upper() for code in geography_codes or [] if code.strip()}
    counts = dict.fromkeys(CENSUS_CATEGORIES, 0)
    total = 0
    chosen: list[str] = []
    names: list[str] = []
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS:
            raise PopulationFileError([f"The file has more than {MAX_ROWS:,} rows."])
        row = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
        place = row["geography code"].upper()
        if wanted and place not in wanted:
            continue
        try:
            row_counts = {code: int(row[header].replace(",", "")) for code, header in columns.items()}
            row_total = int(row[total_column].replace(",", ""))
        except ValueError:
            problems.append(f"Row {number} ({row['geography'] or place}) has a count that is not a whole number.")
            continue
        if any(value < 0 for value in row_counts.values()) or row_total < 0:
            problems.append(f"Row {number} ({row['geography'] or place}) has a negative count.")
            continue
        if sum(row_counts.values()) != row_total:
            problems.append(
                f"Row {number} ({row['geography'] or place}): the categories add up to "
                f"{sum(row_counts.values()):,}, not the total of {row_total:,}."
            )
            continue
        for code, value in row_counts.items():
            counts[code] += value
        total += row_total
        chosen.append(place)
        names.append(row["geography"])
    missing = sorted(wanted - set(chosen))
    if missing:
        problems.append(f"These local authority codes are not in the file: {', '.join(missing)}.")
    if not problems and not chosen:
        problems.append("The file has no rows of figures.")
    if problems:
        raise PopulationFileError(problems)
    return Population(counts=counts, total=total, geography_codes=chosen, geographies=names)
