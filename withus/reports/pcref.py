"""Reads for the PCREF workspace (issue 22 item 6, ADR 39): the plan, its actions, the year's self-assessment, the
dates the board monitored it, and the feedback mechanism's evidence: stories and ideas by the teller's census group
with response rates (counts only; a group of 1 to 4 is suppressed as on the equity page)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from withus.people.ethnicity import CENSUS_GROUPS, GROUP_LABELS, NOT_KNOWN
from withus.reports.equity import SUPPRESS_BELOW, _groups, suppress
from withus.reports.models import (
    ActionStatus,
    Competency,
    EdsBand,
    EdsOutcome,
    EdsScore,
    PcrefAction,
    PcrefAssessment,
    PcrefMonitoring,
    PcrefPlan,
)
from withus.voice.models.ideas import Idea, Outcome
from withus.voice.models.stories import Story, StoryStatus


@dataclass
class FeedbackRow:
    group: str
    label: str
    stories: int | None = 0  # None: fewer than 5 (or hidden with the next smallest)
    stories_answered: float | None = None  # per cent with a response
    ideas: int | None = 0
    ideas_on_time: float | None = None  # per cent answered by the date promised
    ideas_changed: float | None = None  # per cent that led to a change


@dataclass
class Workspace:
    year: int
    plan: PcrefPlan | None
    actions: list[PcrefAction]
    assessments: dict[str, PcrefAssessment]
    monitoring: list[PcrefMonitoring]
    feedback: list[FeedbackRow] = field(default_factory=list)

    @property
    def competencies(self) -> list[tuple[str, str, PcrefAssessment | None]]:
        return [(code, label, self.assessments.get(code)) for code, label in Competency.choices]

    @property
    def overdue(self) -> list[PcrefAction]:
        today = timezone.localdate()
        open_statuses = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
        return [action for action in self.actions if action.due_on < today and action.status in open_statuses]

    @property
    def monitored_this_year(self) -> list[PcrefMonitoring]:
        return [m for m in self.monitoring if m.met_on.year == self.year]


def _rate(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole >= SUPPRESS_BELOW else None


def feedback_by_group(organisation_id, year: int) -> list[FeedbackRow]:
    """Stories told and ideas raised in the year by the teller's census group: how many, and how many were answered
    (and, for ideas, on time and with a change). Counts only; small groups suppressed."""
    groups = _groups(organisation_id)
    stories = (
        Story.objects.filter(organisation_id=organisation_id, submitted_at__year=year)
        .exclude(status=StoryStatus.DRAFT)
        .order_by()
        .values_list("teller_id", "first_response_at")
    )
    ideas = (
        Idea.objects.filter(organisation_id=organisation_id, created_at__year=year)
        .annotate(changed=Exists(Outcome.objects.filter(idea_id=OuterRef("pk"))))
        .order_by()
        .values_list("person_id", "first_answered_at", "first_answer_due", "changed")
    )
    told: dict[str, list[int]] = {group: [0, 0] for group in (*CENSUS_GROUPS, NOT_KNOWN)}
    for teller_id, responded in stories:
        counts = told.setdefault(groups.get(teller_id, NOT_KNOWN), [0, 0])
        counts[0] += 1
        counts[1] += responded is not None
    raised: dict[str, list[int]] = {group: [0, 0, 0] for group in (*CENSUS_GROUPS, NOT_KNOWN)}
    for person_id, answered, due, changed in ideas:
        counts = raised.setdefault(groups.get(person_id, NOT_KNOWN), [0, 0, 0])
        counts[0] += 1
        counts[1] += answered is not None and timezone.localtime(answered).date() <= due
        counts[2] += bool(changed)
    shown_stories = suppress({group: told[group][0] for group in CENSUS_GROUPS})
    shown_ideas = suppress({group: raised[group][0] for group in CENSUS_GROUPS})
    rows = []
    for group in CENSUS_GROUPS:
        row = FeedbackRow(group, GROUP_LABELS[group], shown_stories[group], ideas=shown_ideas[group])
        if shown_stories[group]:
            row.stories_answered = _rate(told[group][1], told[group][0])
        if shown_ideas[group]:
            row.ideas_on_time = _rate(raised[group][1], raised[group][0])
            row.ideas_changed = _rate(raised[group][2], raised[group][0])
        rows.append(row)
    return rows


def workspace(organisation_id, year: int) -> Workspace:
    return Workspace(
        year=year,
        plan=PcrefPlan.objects.for_organisation(organisation_id).select_related("executive_lead").first(),
        actions=list(PcrefAction.objects.for_organisation(organisation_id)),
        assessments={
            assessment.competency: assessment
            for assessment in PcrefAssessment.objects.for_organisation(organisation_id).filter(year=year)
        },
        monitoring=list(PcrefMonitoring.objects.for_organisation(organisation_id)),
        feedback=feedback_by_group(organisation_id, year),
    )


def years_offered(today: datetime.date) -> list[int]:
    from withus.reports.services_pcref import FIRST_YEAR

    return list(range(today.year, FIRST_YEAR - 1, -1))


@dataclass
class EdsYear:
    year: int
    rows: list[tuple[str, str, EdsScore | None]]  # outcome code, its words, its score (None: not scored yet)
    bands: list[EdsBand]

    @property
    def scored(self) -> int:
        return sum(score is not None for _code, _label, score in self.rows)

    @property
    def total(self) -> int | None:
        """The sum of the 11 scores; None until every outcome is scored."""
        if self.scored < len(self.rows):
            return None
        return sum(score.score for _code, _label, score in self.rows)

    @property
    def band(self) -> EdsBand | None:
        total = self.total
        if total is None:
            return None
        return next((band for band in reversed(self.bands) if total >= band.lowest), None)


def eds_year(organisation_id, year: int) -> EdsYear:
    scores = {row.outcome: row for row in EdsScore.objects.for_organisation(organisation_id).filter(year=year)}
    return EdsYear(
        year=year,
        rows=[(code, label, scores.get(code)) for code, label in EdsOutcome.choices],
        bands=list(EdsBand.objects.for_organisation(organisation_id)) or _default_bands(),
    )


def _default_bands() -> list[EdsBand]:
    """The default bands, unsaved, for a trust that has scored nothing yet (saving a score stores them)."""
    from withus.reports.services_pcref import DEFAULT_EDS_BANDS

    return [EdsBand(name=name, lowest=lowest, source=source) for name, lowest, source in DEFAULT_EDS_BANDS]
