"""Reads for ideas (issue 20): the list for staff, the QI forum board, one idea's timeline, a teller's "you were
heard", and the public "you said, we did" for a unit and month. Every read is scoped to the trust and what the user
may see (Idea.objects.visible_to), or, for the public page, to published answers only."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from withus.core.dates import add_months, month_end, month_start
from withus.improvement.models import StageChange, TeamMember
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
)


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
            title=f"QI forum: {decision.get_decision_display()}",
            text=decision.note,
            extra=f"Chaired by {decision.chaired_by}",
        )
        for decision in ForumDecision.objects.filter(idea=idea)
    ]
    outcomes = list(Outcome.objects.filter(idea=idea).prefetch_related("milestones"))
    for outcome in outcomes:
        events.append(
            Event(
                when=outcome.changed_on,
                kind="outcome",
                title=f"We did: {outcome.what_changed}",
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
                extra=f"{milestone.progress}% done",
            )
            for milestone in outcome.milestones.all()
        ]
    if idea.project_id:
        steps = StageChange.objects.filter(project_id=idea.project_id, created_at__gt=idea.created_at)
        events += [
            Event(when=step.changed_on, kind="project", title=f"Project: {step.get_stage_display()}", text=step.note)
            for step in steps
        ]
    return sorted(events, key=lambda event: (event.day, event.kind != "state"))


def _outcome_extra(outcome: Outcome) -> str:
    """Where, and how far along. A QI project's progress is its stage (its own steps on this timeline), not a %."""
    if outcome.kind == OutcomeKind.PROJECT:
        return outcome.where
    return f"{outcome.where} · {outcome.progress}% done".strip(" ·")


def _state_extra(change: IdeaStateChange) -> str:
    parts = []
    if change.reason:
        parts.append(f"Why not now: {change.reason.rstrip('.')}")
    if change.revisit_on:
        parts.append(f"We will look again by {change.revisit_on:%-d %B %Y}")
    if change.passed_to:
        parts.append(f"Passed to {change.passed_to}")
    return ". ".join(parts) + ("." if parts else "")


def heard(person) -> list[dict]:
    """A teller's ideas, newest first, each with its timeline and whether they are on its project's team."""
    ideas = list(Idea.objects.filter(person=person).select_related("state", "project").order_by("-created_at"))
    on_team = set(
        TeamMember.objects.filter(
            person=person, project_id__in=[idea.project_id for idea in ideas if idea.project_id]
        ).values_list("project_id", flat=True)
    )
    return [{"idea": idea, "events": idea_timeline(idea), "on_team": idea.project_id in on_team} for idea in ideas]


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
    unit_ids = list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    return IdeaUnit.objects.filter(unit_id__in=unit_ids).values("idea_id")


def said_did(unit: Unit, month: datetime.date) -> list[SaidDid]:
    """The month's published answers (and milestones of what was done) for ideas about the unit or beneath it.

    Only ideas with a public summary appear; the private detail and the teller's name never do."""
    start, end = month_start(month), month_end(month)
    ideas = Idea.objects.filter(pk__in=_in_unit(unit)).exclude(public_summary="")
    changes = (
        IdeaStateChange.objects.filter(
            idea__in=ideas, state_kind__in=ANSWERED_KINDS, changed_at__date__gte=start, changed_at__date__lte=end
        )
        .select_related("idea")
        .order_by("changed_at")
    )
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
        Milestone.objects.filter(outcome__idea__in=ideas, reached_on__gte=start, reached_on__lte=end)
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
    ideas = Idea.objects.filter(pk__in=_in_unit(unit)).exclude(public_summary="")
    dates = IdeaStateChange.objects.filter(
        idea__in=ideas, state_kind__in=ANSWERED_KINDS, changed_at__date__gte=first
    ).values_list("changed_at", flat=True)
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
        "forum": ideas.filter(state__kind=StateKind.FORUM).count(),
        "overdue": ideas.overdue(timezone.localdate()).count(),
    }
