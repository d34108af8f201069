"""Reads for QI reports across projects. Presenters shape what these return; they never query."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from withus.improvement.models import PARTICIPANT_KINDS, Project, ProjectUnit, TeamMember
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
