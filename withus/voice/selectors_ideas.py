"""Reads for ideas (issue 20): the list for staff, the QI forum board, one idea's timeline, a teller's "you were
heard", and the public "you said, we did" for a unit and month. Every read is scoped to the trust and what the user
may see (Idea.objects.visible_to), or, for the public page, to published answers only."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext

from withus.accounts.models import Role
from withus.core.dates import add_months, month_end, month_start
from withus.improvement.models import PARTICIPANT_KINDS, Measure, Project, ProjectUnit, StageChange, TeamMember
from withus.organisations.models import Unit, UnitKind
from withus.voice.models.ideas import (
    ANSWERED_KINDS,
    ForumDecision,
    Idea,
    IdeaStateChange,
    IdeaUnit,
    Milestone,
    Outcome,
    OutcomeKind,
    StateKind,
    idea_scope,
    ideas_in_unit_ids,
)

STAFF_SIDE = (Role.STAFF, Role.PARTICIPATION_LEAD, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class Event:
    """One line of an idea's timeline."""

    when: datetime.datetime | datetime.date
    kind: str  # "state", "forum", "outcome", "milestone", "project"
    title: str
    text: str = ""
    extra: str = ""

    @property
    def day(self) -> datetime.date:
        return self.when.date() if isinstance(self.when, datetime.datetime) else self.when


def _with_units():
    return Prefetch("units", queryset=Unit.objects.order_by("name"))


def ideas_for_list(user, *, state=None, theme: str = "", overdue: bool = False):
    ideas = Idea.objects.visible_to(user).select_related("state", "person").prefetch_related(_with_units())
    if state is not None:
        ideas = ideas.filter(state=state)
    if theme:
        ideas = ideas.filter(theme=theme)
    if overdue:
        ideas = ideas.overdue(timezone.localdate()).order_by("first_answer_due")
    return ideas


def ideas_count(user, ideas, *, filtered: bool) -> int:
    """How many ideas the list holds. For a unit-scoped user's unfiltered list, counted from the (unit, idea) index
    (distinct ideas about their units, plus those they recorded about somewhere else) instead of testing each of
    the trust's ideas: the same number, read from a few thousand index entries rather than every idea."""
    scope = idea_scope(user) if user.is_authenticated else None
    if filtered or scope is None or not user.has_role(*STAFF_SIDE):
        return ideas.count()
    recorded = Idea.objects.filter(organisation_id=user.organisation_id, raised_by=user).order_by().values_list("pk")
    return ideas_in_unit_ids(scope).order_by().values_list("idea_id").union(recorded).count()  # UNION: each idea once


class CountedPaginator(Paginator):
    """A paginator told how to count (the default counts the queryset itself)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


def overdue_count(user) -> int:
    return Idea.objects.visible_to(user).overdue(timezone.localdate()).count()


def _directorate(unit: Unit, by_path: dict[str, Unit]) -> Unit:
    """The directorate above a unit (its own QI forum), or the unit itself when it has none."""
    parts = unit.path.strip("/").split("/")
    for depth in range(1, len(parts) + 1):
        candidate = by_path.get("/" + "/".join(parts[:depth]) + "/")
        if candidate is not None and candidate.kind == UnitKind.DIRECTORATE:
            return candidate
    return unit


FORUM_BOARD_LIMIT = 200


def forum_board(user) -> list[dict]:
    """Ideas waiting for a QI forum, by directorate and forum date (earliest first; undated last). At most
    FORUM_BOARD_LIMIT: a forum takes a handful a month, so more means a backlog to sort in the list first."""
    ideas = list(
        Idea.objects.visible_to(user)
        .waiting_for_forum()
        .select_related("state", "person")
        .prefetch_related(_with_units())
        .order_by("forum_on", "created_at")[:FORUM_BOARD_LIMIT]
    )
    by_path = {unit.path: unit for unit in Unit.objects.for_organisation(user.organisation_id)}
    groups: dict[tuple, dict] = {}
    for idea in ideas:
        units = list(idea.units.all())
        directorate = _directorate(units[0], by_path) if units else None
        key = (idea.forum_on or datetime.date.max, directorate.name if directorate else "")
        groups.setdefault(key, {"forum_on": idea.forum_on, "directorate": directorate, "ideas": []})["ideas"].append(
            idea
        )
    return [groups[key] for key in sorted(groups)]


def idea_timeline(idea: Idea) -> list[Event]:
    """Every move, forum decision, outcome, milestone and (after it was linked) project step, oldest first."""
    events = [
        Event(
            when=change.changed_at,
            kind="state",
            title=change.state_name,
            text=change.answer,
            extra=_state_extra(change),
        )
        for change in IdeaStateChange.objects.filter(idea=idea).order_by("changed_at", "created_at")
    ]
    events += [
        Event(
            when=decision.forum_on,
            kind="forum",
            title=gettext("QI forum: %(decision)s") % {"decision": decision.get_decision_display()},
            text=decision.note,
            extra=gettext("Chaired by %(name)s") % {"name": decision.chaired_by},
        )
        for decision in ForumDecision.objects.filter(idea=idea)
    ]
    outcomes = list(Outcome.objects.filter(idea=idea).prefetch_related("milestones"))
    for outcome in outcomes:
        events.append(
            Event(
                when=outcome.changed_on,
                kind="outcome",
                title=gettext("We did: %(change)s") % {"change": outcome.what_changed},
                text=outcome.evidence,
                extra=_outcome_extra(outcome),
            )
        )
        events += [
            Event(
                when=milestone.reached_on,
                kind="milestone",
                title=milestone.title,
                text=milestone.description,
                extra=gettext("%(progress)s%% done") % {"progress": milestone.progress},
            )
            for milestone in outcome.milestones.all()
        ]
    if idea.project_id:
        steps = StageChange.objects.filter(project_id=idea.project_id, created_at__gt=idea.created_at)
        events += [
            Event(
                when=step.changed_on,
                kind="project",
                title=gettext("Project: %(stage)s") % {"stage": step.get_stage_display()},
                text=step.note,
            )
            for step in steps
        ]
    return sorted(events, key=lambda event: (event.day, event.kind != "state"))


def _outcome_extra(outcome: Outcome) -> str:
    """Where, and how far along. A QI project's progress is its stage (its own steps on this timeline), not a %."""
    if outcome.kind == OutcomeKind.PROJECT:
        return outcome.where
    done = gettext("%(progress)s%% done") % {"progress": outcome.progress}
    return f"{outcome.where} · {done}" if outcome.where else done


def _state_extra(change: IdeaStateChange) -> str:
    parts = []
    if change.reason:
        parts.append(gettext("Why not now: %(reason)s.") % {"reason": change.reason.rstrip(".")})
    if change.revisit_on:
        parts.append(gettext("We will look again by %(date)s.") % {"date": f"{change.revisit_on:%-d %B %Y}"})
    if change.passed_to:
        parts.append(gettext("Passed to %(team)s.") % {"team": change.passed_to})
    return " ".join(parts)


def heard(person) -> list[dict]:
    """A teller's ideas, newest first, each with its timeline and whether they are on its project's team."""
    ideas = list(Idea.objects.filter(person=person).select_related("state", "project").order_by("-created_at"))
    on_team = set(
        TeamMember.objects.filter(
            person=person, project_id__in=[idea.project_id for idea in ideas if idea.project_id]
        ).values_list("project_id", flat=True)
    )
    improving = improving_measures(idea.project_id for idea in ideas)
    return [
        {
            "idea": idea,
            "events": idea_timeline(idea),
            "on_team": idea.project_id in on_team,
            "improving": improving.get(idea.project_id, []),
        }
        for idea in ideas
    ]


def improving_measures(project_ids) -> dict:
    """The measures of these QI projects whose latest reading is special-cause improvement (the Making Data Count
    icon kept on each measure by withus.improvement), by project id. One query, whatever the number of ideas."""
    found: dict = {}
    measures = Measure.objects.filter(
        project_id__in=[pk for pk in project_ids if pk], variation__startswith="improvement"
    ).order_by("position", "name")
    for measure in measures.only("pk", "project_id", "name", "variation", "latest_value", "latest_period"):
        found.setdefault(measure.project_id, []).append(measure)
    return found


@dataclass(frozen=True)
class SaidDid:
    """One line of a "you said, we did" poster."""

    said: str
    did: str
    state_kind: str
    state_name: str
    on: datetime.date
    reason: str = ""
    revisit_on: datetime.date | None = None


def _in_unit(unit: Unit):
    """The ids of ideas about the unit or beneath it (a subquery on the (unit, idea) index)."""
    return ideas_in_unit_ids(list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _published_changes(unit: Unit, start: datetime.date, end: datetime.date):
    """Moves to an answered state between two days (inclusive) of ideas about the unit with a public summary. Read
    from each of the unit's ideas' (idea, changed_at) index entries with a plain time range (no date cast per row)."""
    return IdeaStateChange.objects.filter(
        idea_id__in=_in_unit(unit),
        state_kind__in=ANSWERED_KINDS,
        changed_at__gte=_local_midnight(start),
        changed_at__lt=_local_midnight(end + datetime.timedelta(days=1)),
    ).exclude(idea__public_summary="")


def said_did(unit: Unit, month: datetime.date) -> list[SaidDid]:
    """The month's published answers (and milestones of what was done) for ideas about the unit or beneath it.

    Only ideas with a public summary appear; the private detail and the teller's name never do."""
    start, end = month_start(month), month_end(month)
    changes = _published_changes(unit, start, end).select_related("idea").order_by("changed_at")
    lines = [
        SaidDid(
            said=change.idea.public_summary,
            did=change.answer or change.public_meaning,
            state_kind=change.state_kind,
            state_name=change.state_name,
            on=timezone.localtime(change.changed_at).date(),
            reason=change.reason,
            revisit_on=change.revisit_on,
        )
        for change in changes
    ]
    milestones = (
        Milestone.objects.filter(
            organisation_id=unit.organisation_id,
            outcome__idea_id__in=_in_unit(unit),
            reached_on__gte=start,
            reached_on__lte=end,
        )
        .exclude(outcome__idea__public_summary="")
        .select_related("outcome__idea")
        .order_by("reached_on")
    )
    lines += [
        SaidDid(
            said=milestone.outcome.idea.public_summary,
            did=f"{milestone.title}. {milestone.description}".strip(" ."),
            state_kind="milestone",
            state_name=f"Progress: {milestone.progress}% done",
            on=milestone.reached_on,
        )
        for milestone in milestones
    ]
    # Honest "not now" items first after the changes, so a poster never hides them at the bottom of a long list.
    return sorted(lines, key=lambda line: (line.state_kind == "milestone", line.on))


def said_did_months(unit: Unit, *, months: int = 12) -> list[dict]:
    """The last `months` months (this one first) with how many answers each has, for the unit's public page."""
    today = timezone.localdate()
    first = month_start(add_months(today, -(months - 1)))
    dates = _published_changes(unit, first, today).values_list("changed_at", flat=True)
    counts: dict[datetime.date, int] = {}
    for moment in dates:
        key = month_start(timezone.localtime(moment).date())
        counts[key] = counts.get(key, 0) + 1
    return [
        {
            "month": add_months(month_start(today), -offset),
            "count": counts.get(add_months(month_start(today), -offset), 0),
        }
        for offset in range(months)
    ]


def waiting_counts(user) -> dict[str, int]:
    ideas = Idea.objects.visible_to(user)
    return {
        "forum": ideas.waiting_for_forum().count(),
        "overdue": ideas.overdue(timezone.localdate()).count(),
    }


# --- Run charts for leads and the board (issue 20, item 7) ---------------------------------------------------------

ALL_KEY = "all"


@dataclass(frozen=True)
class ChartFact:
    """One idea (or QI project) counted in a month: the directorates it is about, the month, and its figure."""

    directorates: frozenset
    month: datetime.date
    value: float  # days, or 1/0 for "began as a service user's idea"


def _directorates_by_unit(organisation_id) -> tuple[dict, dict]:
    """Each unit's directorate id, and each directorate's name (one query)."""
    units = list(Unit.objects.for_organisation(organisation_id).only("pk", "path", "kind", "name"))
    by_path = {unit.path: unit for unit in units}
    of_unit = {}
    names = {}
    for unit in units:
        directorate = _directorate(unit, by_path)
        if directorate.kind == UnitKind.DIRECTORATE:
            of_unit[unit.pk] = directorate.pk
            names[directorate.pk] = directorate.name
    return of_unit, names


def idea_chart_facts(user, *, first_month: datetime.date) -> dict:
    """What the leads' and board's run charts are made of, from `first_month` on, for the ideas the user may see:
    days from raising to the first answer (by the month it was answered), days from raising to the first change
    made (a "we did" change or accreditation action, or a move to a quick change; by the month of the change), and
    whether each QI project started in the month began as a service user's or carer's idea. Bounded queries, and
    no list of ids in the SQL (subqueries instead), whatever the number of ideas."""
    zone = timezone.get_current_timezone()

    def local_day(moment: datetime.datetime) -> datetime.date:  # timezone.localtime's checks cost more, ×50,000
        return moment.astimezone(zone).date()

    organisation_id = user.organisation_id
    of_unit, names = _directorates_by_unit(organisation_id)
    since = _local_midnight(first_month)
    ideas = Idea.objects.visible_to(user)
    answered_ideas = ideas.filter(first_answered_at__gte=since)
    outcomes = Outcome.objects.filter(idea__in=ideas.values("pk"), changed_on__gte=first_month).exclude(
        kind=OutcomeKind.PROJECT
    )
    quick = IdeaStateChange.objects.filter(
        idea__in=ideas.values("pk"), state_kind=StateKind.QUICK_CHANGE, changed_at__gte=since
    )

    answered = list(answered_ideas.values_list("pk", "created_at", "first_answered_at"))
    first_change: dict = {}
    for idea_id, day, created in [
        *outcomes.values_list("idea_id", "changed_on", "idea__created_at"),
        *(
            (idea_id, local_day(moment), created)
            for idea_id, moment, created in quick.values_list("idea_id", "changed_at", "idea__created_at")
        ),
    ]:
        if idea_id not in first_change or day < first_change[idea_id][0]:
            first_change[idea_id] = (day, created)
    directorates: dict = {}
    links = IdeaUnit.objects.filter(
        Q(idea__in=answered_ideas.values("pk"))
        | Q(idea__in=outcomes.values("idea_id"))
        | Q(idea__in=quick.values("idea_id"))
    ).values_list("idea_id", "unit_id")
    for idea_id, unit_id in links:
        if unit_id in of_unit:
            directorates.setdefault(idea_id, set()).add(of_unit[unit_id])

    def _in(pk) -> frozenset:
        return frozenset(directorates.get(pk, ()))

    answers = [
        ChartFact(
            _in(pk),
            month_start(local_day(at)),
            max((local_day(at) - local_day(created)).days, 0),
        )
        for pk, created, at in answered
    ]
    changes = [
        ChartFact(_in(pk), month_start(day), max((day - local_day(created)).days, 0))
        for pk, (day, created) in first_change.items()
    ]

    scope = idea_scope(user)
    projects = Project.objects.filter(organisation_id=organisation_id, start_date__gte=first_month)
    if scope is not None:
        projects = projects.filter(pk__in=ProjectUnit.objects.filter(unit_id__in=scope).values("project_id"))
    project_rows = list(projects.values_list("pk", "start_date"))
    from_ideas = set(
        Idea.objects.filter(
            organisation_id=organisation_id,
            project_id__in=projects.values("pk"),
            person__kind__in=PARTICIPANT_KINDS,
        ).values_list("project_id", flat=True)
    )
    project_directorates: dict = {}
    for project_id, unit_id in ProjectUnit.objects.filter(project_id__in=projects.values("pk")).values_list(
        "project_id", "unit_id"
    ):
        if unit_id in of_unit:
            project_directorates.setdefault(project_id, set()).add(of_unit[unit_id])
    project_facts = [
        ChartFact(frozenset(project_directorates.get(pk, ())), month_start(day), 1.0 if pk in from_ideas else 0.0)
        for pk, day in project_rows
    ]
    if scope is not None:  # a unit-scoped lead sees only the directorates their units are in
        seen = {of_unit[pk] for pk in scope if pk in of_unit}
        names = {key: name for key, name in names.items() if key in seen}
    return {"names": names, "answers": answers, "changes": changes, "projects": project_facts}
