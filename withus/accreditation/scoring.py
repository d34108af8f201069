"""The scoring engine: plain functions from ratings and a rule's data to figures and an award (ADR 24).

A rule is data (kind + parameters). `parameters_check` says what is wrong with a rule's parameters, in words a
person can act on; `figures_for` counts ratings per standard type; `award_for` applies a rule (or a stored
snapshot of one) to figures. Nothing here reads the database.
"""

from collections.abc import Iterable, Mapping

LEVELS = ("bronze", "silver", "gold")  # lowest first
TYPES = ("1", "2", "3")
VALUES = ("met", "partly", "not_met", "na")

CCQI_PRESET = {
    # CCQI accreditation: 100 % of type 1, 80 % of type 2, 60 % of type 3. Silver and Bronze are a trust's choice;
    # these are starting values an administrator edits.
    "gold": {"1": 100, "2": 80, "3": 60},
    "silver": {"1": 100, "2": 70, "3": 50},
    "bronze": {"1": 100, "2": 60, "3": 40},
}
ESSENTIALS_POINTS_PRESET = {"points": {"2": 2, "3": 1}, "bronze": 50, "silver": 70, "gold": 85}


def _percentage(value, where: str) -> tuple[float | None, str]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None, f"{where} must be a number from 0 to 100"
    if not 0 <= number <= 100:
        return None, f"{where} must be from 0 to 100"
    return number, ""


def _ascending(values: list[tuple[str, object, str]], errors: dict[str, str]) -> None:
    """Check (key, value, label) percentages, lowest level first: each 0-100 and none below the one before."""
    previous = None
    for key, value, label in values:
        number, error = _percentage(value, label)
        if error:
            errors[key] = error
        elif previous is not None and number < previous:
            errors[key] = f"{label} must be at least the level below it ({previous:g} %)"
        if number is not None:
            previous = number


def parameters_check(kind: str, parameters: Mapping) -> dict[str, str]:
    """Problems with a rule's parameters, keyed by parameter ("gold.2", "silver"); empty when it is sound."""
    errors: dict[str, str] = {}
    if not isinstance(parameters, Mapping):
        return {"parameters": "The rule's settings are missing"}
    if kind == "thresholds":
        for type_ in TYPES:
            _ascending(
                [
                    (f"{level}.{type_}", (parameters.get(level) or {}).get(type_), f"{level.title()}, type {type_}")
                    for level in LEVELS
                ],
                errors,
            )
    elif kind == "essentials_points":
        _ascending([(level, parameters.get(level), f"{level.title()} points") for level in LEVELS], errors)
        for type_ in ("2", "3"):
            value = (parameters.get("points") or {}).get(type_)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
                errors[f"points.{type_}"] = f"Points for a type {type_} standard must be a whole number from 0 to 10"
    else:
        errors["kind"] = "Choose a kind of rule"
    return errors


def figures_for(ratings: Iterable[tuple[int, str]]) -> dict:
    """Counts per standard type from (type, value) pairs, and the percentage met of those that apply."""
    figures = {type_: dict.fromkeys(VALUES, 0) for type_ in TYPES}
    for type_, value in ratings:
        figures[str(type_)][value] += 1
    for counts in figures.values():
        applicable = counts["met"] + counts["partly"] + counts["not_met"]
        counts["applicable"] = applicable
        counts["percent_met"] = round(100 * counts["met"] / applicable, 1) if applicable else 100.0
    return figures


def award_for(rule: Mapping, figures: Mapping) -> str:
    """The award a rule (kind + parameters, e.g. a stored snapshot) gives for these figures."""
    kind, parameters = rule["kind"], rule["parameters"]
    if kind == "thresholds":
        award = "none"
        for level in LEVELS:
            if all(figures[t]["percent_met"] >= float(parameters[level][t]) for t in TYPES):
                award = level
        return award
    if figures["1"]["met"] < figures["1"]["applicable"]:
        return "none"  # every essential standard must be met
    points = parameters["points"]
    available = sum(int(points[t]) * figures[t]["applicable"] for t in ("2", "3"))
    earned = sum(int(points[t]) * figures[t]["met"] for t in ("2", "3"))
    percent = 100 * earned / available if available else 100.0
    award = "none"
    for level in LEVELS:
        if percent >= float(parameters[level]):
            award = level
    return award
