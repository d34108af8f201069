"""Display helpers for accreditation pages and the PDF report (they format what they are given; never query)."""

from withus.accreditation.models import Award
from withus.improvement.presenters import assurance_icon, variation_icon

AWARD_CLASSES = {
    Award.GOLD: "withus-award--gold",
    Award.SILVER: "withus-award--silver",
    Award.BRONZE: "withus-award--bronze",
}


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
