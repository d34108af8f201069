"""Display helpers for accreditation pages and the PDF report (they format what they are given; never query)."""

import functools
import json

from withus.accreditation.models import Award
from withus.core.charts import RunChartLabels, percent_run_chart_spec
from withus.improvement.presenters import assurance_icon, variation_icon
from withus.people.privacy import ERASED_NAME

AWARD_CLASSES = {
    Award.GOLD: "withus-award--gold",
    Award.SILVER: "withus-award--silver",
    Award.BRONZE: "withus-award--bronze",
}


# How someone whose information has been erased is shown in accreditation records (ADR 35): the review, its
# ratings and decisions stand, but no longer name them.
FORMER = {
    "assessor": "A former assessor",
    "lead_assessor": "A former lead assessor",
    "chair": "A former panel chair",
    "member": "A former panel member",
    "proposer": "Someone no longer on the register",
}


def is_erased(person) -> bool:
    return person is not None and person.full_name == ERASED_NAME


def named(person, role: str = "assessor", mid_sentence: bool = False) -> str:
    """The person's name, or what they were ("A former assessor"; "a former assessor" in the middle of a
    sentence) once their information has been erased."""
    if person is None:
        return ""
    if is_erased(person):
        words = FORMER[role]
        return words[0].lower() + words[1:] if mid_sentence else words
    return person.full_name


def award_class(award: str) -> str:
    return AWARD_CLASSES.get(award, "withus-award--none")


def project_icons(project) -> list[dict]:
    """A linked QI project's measures, each with its latest variation and assurance icons (from the measures
    prefetched by `selectors.review_actions`)."""
    if project is None:
        return []
    return [
        {
            "measure": measure,
            "variation": variation_icon(measure.variation),
            "assurance": assurance_icon(measure.assurance),
        }
        for measure in project.measures.all()
    ]


def report_context(review, reads: dict, labels: dict) -> dict:
    """The PDF report: agreed ratings grouped by theme with a count of each rating, the decision and the rule it
    was made on (from the decision's snapshot), and the action plan."""
    themes: dict = {}
    for standard, value in reads["agreed"]:
        theme = themes.setdefault(standard.theme, {"rows": [], "counts": {}})
        theme["rows"].append({"standard": standard, "value": labels["rating"].get(value, "Not agreed")})
        key = labels["rating"].get(value, "Not agreed")
        theme["counts"][key] = theme["counts"].get(key, 0) + 1
    decision = reads["decision"]
    rule = (decision.rule_snapshot if decision else review.panel_rule_snapshot) or {}
    return {
        "review": review,
        "themes": themes,
        "decision": decision,
        "rule": rule,
        "actions": reads["actions"],
        "labels": labels,
    }


@functools.lru_cache(maxsize=8)
def _award_run_chart_template(months: tuple[str, ...]) -> str:
    """The run chart's specification for these months, without its figures. Building it with Altair takes far
    longer than the rest of the programme page, and only the months change it (once a month)."""
    rows = [{"month": month, "group": "", "percent": None, "label": ""} for month in months]
    spec = percent_run_chart_spec(
        title="Units holding an accreditation award",
        rows=rows,
        labels=RunChartLabels(
            y="Units holding an award (%)", value="Units holding an award (%)", count="Units", group="Programme"
        ),
        description="",
    )
    return json.dumps(spec)


def award_run_chart(rows: list, description: str) -> dict:
    """The run chart of the percentage of units holding an award, month by month (`programme.award_run_rows`)."""
    spec = json.loads(_award_run_chart_template(tuple(row["month"] for row in rows)))
    spec["datasets"]["series"] = list(rows)
    spec["description"] = description
    return spec
