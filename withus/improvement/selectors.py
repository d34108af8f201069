"""Reads for QI reports across projects. Presenters shape what these return; they never query."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.todo import ToDoSection, link, todo_item
from withus.improvement.models import (
    PARTICIPANT_KINDS,
    Measure,
    Project,
    ProjectStatus,
    ProjectUnit,
    StageChange,
    TeamMember,
)
from withus.organisations.models import Unit


@dataclass
class HeadlineFacts:
    """What the Big I headline is worked out from."""

    projects: list[dict]  # pk, start_date, ended_on, status
    directorates: dict[str, str]  # unit id (hex) -> name, for the top of the unit tree
    project_directorates: dict[object, set[str]] = field(default_factory=dict)  # project id -> directorate ids
    members: dict[object, list[tuple[datetime.date, datetime.date | None]]] = field(default_factory=dict)


def involvement_headline_facts(organisation_id) -> HeadlineFacts:
    """Every project of the trust, the directorates it sits in and when service users or carers were on its team.

    Four queries whatever the number of projects: projects, their units, directorates and team memberships.
    """
    projects = list(Project.objects.for_organisation(organisation_id).values("pk", "start_date", "ended_on", "status"))
    paths = ProjectUnit.objects.filter(project__organisation_id=organisation_id).values_list("project_id", "unit__path")
    directorates = {
        unit.pk.hex: unit.name for unit in Unit.objects.for_organisation(organisation_id).filter(parent__isnull=True)
    }
    project_directorates: dict[object, set[str]] = defaultdict(set)
    for project_id, path in paths:
        parts = [part for part in (path or "").split("/") if part]
        if parts and parts[0] in directorates:
            project_directorates[project_id].add(parts[0])
    members: dict[object, list[tuple]] = defaultdict(list)
    for project_id, joined_on, left_on in TeamMember.objects.filter(
        project__organisation_id=organisation_id, person__kind__in=PARTICIPANT_KINDS
    ).values_list("project_id", "joined_on", "left_on"):
        members[project_id].append((joined_on, left_on))
    return HeadlineFacts(projects, directorates, project_directorates, members)


def big_i_results(user, *, limit: int = 10) -> list[Project]:
    """Projects with Big I involvement that the user may see and that have a result in words (`headline`)."""
    return list(
        Project.objects.visible_to(user)
        .with_involvement()
        .with_headline()
        .filter(involvement="big_i", headline__isnull=False)
        .order_by("title")[:limit]
    )


# --- To do ------------------------------------------------------------------------------------------------

SPECIAL_CAUSES = ("improvement-high", "improvement-low", "concern-high", "concern-low", "neither-high", "neither-low")
NEW_SIGNAL_DAYS = 42  # a special cause in data from the last six weeks is news
STAGE_REVIEW_DAYS = 91  # a project's stage is looked at every quarter


def _project_link(pk) -> str:
    return link("improvement:detail", pk)


def todo(user) -> ToDoSection | None:
    """QI advisors: measures whose latest data show a special cause, and active projects whose stage has not
    been looked at this quarter. Staff: the active projects in their wards. At most six queries."""
    today = timezone.localdate()
    items = []
    if user.has_role(Role.IMPROVEMENT_ADVISOR):
        projects = Project.objects.visible_to(user).filter(status=ProjectStatus.ACTIVE)
        measures = Measure.objects.in_projects(projects.values("pk")).filter(
            variation__in=SPECIAL_CAUSES, latest_period__gte=today - datetime.timedelta(days=NEW_SIGNAL_DAYS)
        )
        since = today - datetime.timedelta(days=STAGE_REVIEW_DAYS)
        recent_stage = StageChange.objects.filter(project_id=OuterRef("pk"), changed_on__gte=since)
        items += [
            todo_item(
                "Measures with a new special cause to look at",
                measures,
                many=link("improvement:summaries"),
                one=lambda pk: link("improvement:measure", measures.get(pk=pk).project_id, pk),
            ),
            todo_item(
                "Projects due a decision on their stage (not looked at for 3 months)",
                projects.filter(start_date__lt=since).exclude(Exists(recent_stage)),
                many=link("improvement:portfolio"),
                one=_project_link,
            ),
        ]
    if user.has_role(Role.STAFF):
        units = user.units_for(Role.STAFF)
        mine = Project.objects.visible_to(user).filter(status=ProjectStatus.ACTIVE)
        mine = mine if units is None else mine.in_units(units)
        items.append(
            todo_item(
                "Active projects in your ward or team", mine, many=link("improvement:portfolio"), one=_project_link
            )
        )
    if not items:
        return None
    return ToDoSection(heading="Quality improvement (QI) projects", items=items, order=40)
