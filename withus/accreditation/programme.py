"""Reads for the programme page beyond its table (issue 18 item 6): reviews of interim awards that are overdue,
the tree of the trust's directorates and units coloured by award, and the monthly percentage of units holding an
award. All are worked out from rows already read for the table plus one query of the units, so the page runs a
fixed number of queries whatever the number of units and reviews."""

import datetime
from dataclasses import dataclass, field

from withus.accreditation.models import Award
from withus.core.charts import RunRow

HOLDING = (Award.GOLD, Award.SILVER, Award.BRONZE)
RUN_CHART_MONTHS = 12


def holds_award(decision, on: datetime.date) -> bool:
    return bool(
        decision is not None
        and decision.award in HOLDING
        and decision.decided_on <= on
        and (decision.expires_on is None or decision.expires_on > on)
    )


def overdue_interims(rows: list[dict], today: datetime.date) -> list[dict]:
    """Units whose award's interim review date has passed with no review of the unit started since."""
    overdue = []
    for row in rows:
        decision = row["award"]
        if decision is None or decision.interim_due is None or decision.interim_due >= today:
            continue
        if not holds_award(decision, today) or row["in_progress"] is not None:
            continue
        overdue.append({**row, "days_overdue": (today - decision.interim_due).days})
    return sorted(overdue, key=lambda row: -row["days_overdue"])


@dataclass
class TreeNode:
    unit: object
    award: str = ""
    children: list["TreeNode"] = field(default_factory=list)


def award_tree(units, rows: list[dict], today: datetime.date) -> list[TreeNode]:
    """The units (in tree order, each with `parent_id`) nested under their parents, each with the award it holds
    today ("" for none). A unit whose parent is not in the list starts a new branch."""
    awards = {row["unit"].pk: row["award"].award for row in rows if holds_award(row["award"], today)}
    nodes: dict = {}
    roots: list[TreeNode] = []
    for unit in units:
        node = TreeNode(unit=unit, award=awards.get(unit.pk, ""))
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def _month_starts(today: datetime.date, count: int) -> list[datetime.date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def award_run_rows(decisions_by_unit: dict, unit_count: int, today: datetime.date) -> list[RunRow]:
    """For each of the last twelve months, the percentage of the programme's units holding an award at the month's
    end (or today, for this month). `decisions_by_unit`: each unit's decisions, newest first."""
    rows: list[RunRow] = []
    for start in _month_starts(today, RUN_CHART_MONTHS):
        next_month = datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        on = min(today, next_month - datetime.timedelta(days=1))
        holding = 0
        for decisions in decisions_by_unit.values():
            latest = next((decision for decision in decisions if decision.decided_on <= on), None)
            holding += holds_award(latest, on)
        percent = round(100 * holding / unit_count, 1) if unit_count else None
        rows.append(
            {
                "month": start.isoformat(),
                "group": "Units in the programme",
                "percent": percent,
                "label": f"{holding} of {unit_count}",
            }
        )
    return rows


def month_label(iso: str) -> str:
    """'2026-05-01' as 'May 2026'."""
    return datetime.date.fromisoformat(iso).strftime("%B %Y")
