"""Display helpers for QI project pages: tags, MDC icons, the driver diagram tree and the involvement headline."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from withus.core.dates import add_months, month_end
from withus.improvement.analysis import ASSURANCE_LABELS, VARIATION_LABELS
from withus.improvement.models import (
    INVOLVEMENT_DESCRIPTIONS,
    PARTICIPANT_KINDS,
    InvolvementLevel,
    NodeKind,
    ProjectStatus,
    TeamMember,
    TeamRole,
)
from withus.improvement.selectors import HeadlineFacts

STATUS_TAG_CLASSES = {
    ProjectStatus.ACTIVE: "nhsuk-tag--green",
    ProjectStatus.COMPLETED: "nhsuk-tag--blue",
    ProjectStatus.STOPPED: "nhsuk-tag--grey",
}
# The words a project's status and a team member's role are shown in, in the reader's language (issue 26).
STATUS_LABELS = {
    ProjectStatus.ACTIVE: _l("Active"),
    ProjectStatus.COMPLETED: _l("Completed"),
    ProjectStatus.STOPPED: _l("Stopped"),
}
ROLE_LABELS = {
    TeamRole.LEAD: _l("Project lead"),
    TeamRole.CO_LEAD: _l("Co-lead"),
    TeamRole.MEMBER: _l("Team member"),
    TeamRole.COACH: _l("QI coach"),
    TeamRole.SPONSOR: _l("Sponsor"),
}
INVOLVEMENT_TAG_CLASSES = {
    InvolvementLevel.BIG_I: "nhsuk-tag--green",
    InvolvementLevel.LITTLE_I: "nhsuk-tag--yellow",
    InvolvementLevel.NONE: "nhsuk-tag--grey",
}
# Icon colours, letters and shapes are our own simple drawings of the MDC meanings (not the MDC artwork).
VARIATION_ICON_STYLE = {
    "common-cause": ("#6b7780", "~"),
    "improvement-high": ("#0072c6", "H"),
    "improvement-low": ("#0072c6", "L"),
    "concern-high": ("#c75000", "H"),
    "concern-low": ("#c75000", "L"),
    "neither-high": ("#6d2b9e", "H"),
    "neither-low": ("#6d2b9e", "L"),
}
ASSURANCE_ICON_STYLE = {
    "pass": ("#0072c6", "P"),
    "fail": ("#c75000", "F"),
    "hit-or-miss": ("#6b7780", "?"),
}


def figure(value) -> str:
    """A number as people write it: 1,234 or 3.75; empty for no value."""
    if value is None:
        return ""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1 else f"{value:.3g}"


def status_tag(status: str) -> dict:
    return {"text": STATUS_LABELS[ProjectStatus(status)], "classes": STATUS_TAG_CLASSES[ProjectStatus(status)]}


def role_label(role: str) -> str:
    return ROLE_LABELS[TeamRole(role)]


def involvement_tag(level: str) -> dict:
    return {"text": InvolvementLevel(level).label, "classes": INVOLVEMENT_TAG_CLASSES[InvolvementLevel(level)]}


def involvement_description(level: str) -> str:
    return INVOLVEMENT_DESCRIPTIONS[InvolvementLevel(level)]


def variation_icon(code: str) -> dict | None:
    if code not in VARIATION_ICON_STYLE:
        return None
    colour, letter = VARIATION_ICON_STYLE[code]
    return {"code": code, "label": VARIATION_LABELS[code], "colour": colour, "letter": letter}


def assurance_icon(code: str) -> dict | None:
    if code not in ASSURANCE_ICON_STYLE:
        return None
    colour, letter = ASSURANCE_ICON_STYLE[code]
    return {"code": code, "label": ASSURANCE_LABELS[code], "colour": colour, "letter": letter}


def involvement_of(team: list[TeamMember], consultations_count: int, day: datetime.date | None = None) -> str:
    """Big I from the team (never typed), little i from consultations, otherwise none."""
    day = day or timezone.localdate()
    if any(member.person.kind in PARTICIPANT_KINDS and member.is_current(day) for member in team):
        return InvolvementLevel.BIG_I
    if consultations_count:
        return InvolvementLevel.LITTLE_I
    return InvolvementLevel.NONE


@dataclass
class DiagramNode:
    node: object
    children: list["DiagramNode"] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def change_ideas(self) -> list["DiagramNode"]:
        return [child for child in self.children if child.kind == NodeKind.CHANGE_IDEA]

    @property
    def secondaries(self) -> list["DiagramNode"]:
        return [child for child in self.children if child.kind == NodeKind.SECONDARY]


def diagram_tree(nodes) -> list[DiagramNode]:
    """Primary drivers, each with its secondary drivers and change ideas, in their set order."""
    by_parent: dict[object, list] = defaultdict(list)
    for node in sorted(nodes, key=lambda item: (item.position, item.created_at)):
        by_parent[node.parent_id].append(node)

    def build(node) -> DiagramNode:
        return DiagramNode(node, [build(child) for child in by_parent.get(node.pk, [])])

    return [build(node) for node in by_parent.get(None, [])]


def _month_ends(months: int, today: datetime.date) -> list[datetime.date]:
    return [min(month_end(add_months(today, -back)), today) for back in reversed(range(months))]


def involvement_headline(facts: HeadlineFacts, *, months: int = 24, today: datetime.date | None = None) -> dict:
    """The ELFT headline: of the projects active at each month's end, the percentage with Big I, by directorate
    (from `selectors.involvement_headline_facts`)."""
    today = today or timezone.localdate()
    projects, directorates = facts.projects, facts.directorates
    project_directorates, members = facts.project_directorates, facts.members
    ends = _month_ends(months, today)
    names = sorted(directorates.values())
    groups = ["Whole trust", *names]
    table = {group: [] for group in groups}
    series = []
    for end in ends:
        counts = {group: [0, 0] for group in groups}
        for project in projects:
            if project["start_date"] > end:
                continue
            if project["ended_on"] is not None and project["ended_on"] <= end:
                continue
            big = any(joined <= end and (left is None or left > end) for joined, left in members.get(project["pk"], []))
            for group in ["Whole trust", *(directorates[key] for key in project_directorates.get(project["pk"], ()))]:
                counts[group][0] += 1
                counts[group][1] += int(big)
        for group in groups:
            active, with_big_i = counts[group]
            percent = round(100 * with_big_i / active, 1) if active else None
            table[group].append({"month": end, "active": active, "big_i": with_big_i, "percent": percent})
            # A month with no active projects stays in the series with no percentage: a gap, not a zero.
            series.append(
                {
                    "month": end.replace(day=1).isoformat(),
                    "group": group,
                    "percent": percent,
                    "label": f"{with_big_i} of {active}" if active else "no active projects",
                }
            )
    return {"months": ends, "groups": groups, "table": table, "series": series}
