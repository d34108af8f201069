"""A measure's phases: the first (with an optional frozen baseline) and one per recalculation, each with a name,
a reason and its own limits; the checks a new phase must pass; "before and now" in words; and the suggestion to
recalculate when a shift has lasted (for a person to accept or reject: never applied by itself).

Nothing here writes or queries: the services and views pass the points and recalculations in.
"""

import datetime
import math
from dataclasses import dataclass

import withus_spc as spc
from withus.improvement.models import FREQUENCY_NOUNS, ChartType, Direction, Frequency

MIN_PHASE_POINTS = 12
"""Points a phase needs for its own limits (Making Data Count: limits from fewer than 12 points are trial limits)."""
MIN_BASELINE_POINTS = 12
"""Points a frozen baseline needs (the MDC Excel tool: a baseline is the first 12 to 20 points)."""
FIRST_PHASE_NAME = "Baseline"
SUFFIXES = (" each day", " each week", " each month", " per day", " per week", " per month")


@dataclass(frozen=True)
class Phase:
    """One phase of a chart: its name and reason, its dates and how many points it has."""

    number: int
    name: str
    reason: str
    start: datetime.date
    end: datetime.date
    points: int  # points judged in the phase (not ghosts)
    frozen_until: datetime.date | None = None  # first phase only: limits from the points up to this date
    frozen_points: int = 0
    centre: float | None = None

    @property
    def limit_points(self) -> int:
        """How many points its centre and limits come from."""
        return self.frozen_points if self.frozen_until else self.points


def baseline_count(points, baseline_until: datetime.date | None) -> int | None:
    """The engine's `baseline` (the first N rows) for a frozen baseline ending on `baseline_until`."""
    if baseline_until is None:
        return None
    return sum(1 for point in points if point.period <= baseline_until)


def phases_of(measure, points, recalculations, result=None) -> list[Phase]:
    """The measure's phases, oldest first (none when there are no points)."""
    if not points:
        return []
    starts = sorted((item for item in recalculations if points[0].period < item.period), key=lambda r: r.period)
    frozen_until = getattr(measure, "baseline_until", None)
    first_name = getattr(measure, "baseline_name", "") or FIRST_PHASE_NAME
    bounds = [(first_name, getattr(measure, "baseline_reason", ""), points[0].period)]
    bounds += [
        (getattr(item, "name", "") or f"From {item.period:%-d %B %Y}", getattr(item, "reason", ""), item.period)
        for item in starts
    ]
    centres = result.centre.tolist() if result is not None else []
    phases = []
    for number, (name, reason, start) in enumerate(bounds, start=1):
        end_before = bounds[number][2] if number < len(bounds) else None
        members = [
            (index, point)
            for index, point in enumerate(points)
            if point.period >= start and (end_before is None or point.period < end_before)
        ]
        if not members:
            continue
        judged = [point for _, point in members if not point.ghost]
        frozen = frozen_until if number == 1 else None
        centre = centres[members[0][0]] if centres else None
        phases.append(
            Phase(
                number=number,
                name=name,
                reason=reason,
                start=members[0][1].period,
                end=members[-1][1].period,
                points=len(judged),
                frozen_until=frozen,
                frozen_points=sum(1 for point in judged if frozen and point.period <= frozen),
                centre=None if centre is None or math.isnan(centre) else float(centre),
            )
        )
    return phases


def phase_problems(measure, points, recalculations, *, baseline_until: datetime.date | None = None) -> dict[str, str]:
    """What is wrong with these phases, by form field ({} when nothing is). `recalculations` may hold a new one
    (anything with `period`); `baseline_until` is the frozen baseline being checked (the measure's otherwise)."""
    problems: dict[str, str] = {}
    single, many = FREQUENCY_NOUNS[Frequency(measure.frequency)]
    judged = [point for point in points if not point.ghost]
    starts = sorted(item.period for item in recalculations)
    if baseline_until is not None:
        frozen = sum(1 for point in judged if point.period <= baseline_until)
        if frozen < MIN_BASELINE_POINTS:
            problems["baseline_until"] = (
                f"A frozen baseline needs at least {MIN_BASELINE_POINTS} points; there "
                f"{'is' if frozen == 1 else 'are'} {frozen} up to that date. Choose a later date, or add data first"
            )
        elif starts and starts[0] <= baseline_until:
            problems["baseline_until"] = (
                f"The frozen baseline overlaps the phase that starts on {starts[0]:%-d %B %Y}: end the baseline "
                "before that date, or remove that phase"
            )
    bounds = [judged[0].period if judged else None, *starts]
    for index, start in enumerate(starts, start=1):
        following = starts[index] if index < len(starts) else None
        count = sum(1 for point in judged if point.period >= start and (following is None or point.period < following))
        before = sum(1 for point in judged if bounds[index - 1] <= point.period < start) if bounds[0] else 0
        if count < MIN_PHASE_POINTS:
            problems.setdefault(
                "period",
                f"New limits need at least {MIN_PHASE_POINTS} points from the date they start; there "
                f"{'is' if count == 1 else 'are'} {count} from {start:%-d %B %Y}. Wait until there are "
                f"{MIN_PHASE_POINTS} {many} of data after the change",
            )
        elif before < MIN_PHASE_POINTS:
            problems.setdefault(
                "period",
                f"The phase before {start:%-d %B %Y} would have only {before} "
                f"{single if before == 1 else many} of data; each phase needs at least {MIN_PHASE_POINTS}",
            )
    return problems


def _subject(name: str) -> str:
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _span(phase: Phase, many: str, single: str, *, last: bool) -> str:
    count = phase.limit_points
    noun = single if count == 1 else many
    if last:
        return f"the last {count} {noun}"
    end = phase.frozen_until or phase.end
    return f"{count} {noun} to {end:%-d %B %Y}"


@dataclass(frozen=True)
class BeforeAndNow:
    """The first phase against the current one, in words (`sentence`), with the change as a percentage when
    both phases have enough points (`percent`, or None and `why_no_percent`)."""

    sentence: str
    percent: int | None
    improved: bool | None  # None: no direction, or no change
    why_no_percent: str = ""
    special: bool = False  # the change showed as special cause against the first phase's limits

    @property
    def icon(self) -> str:
        """The MDC variation icon of the change itself (e.g. "improvement-low"), or "" when not special cause."""
        if not self.special or self.improved is None:
            return ""
        return f"{'improvement' if self.improved else 'concern'}-{self.side}"

    @property
    def side(self) -> str:
        return "low" if " fell " in self.sentence else "high"


def change_is_special(result, points, phases: list[Phase]) -> bool:
    """Whether the change showed as special cause against the first phase's limits: a point after the frozen
    baseline (or after the first phase) flagged in the first phase, or the current centre beyond its limits."""
    if result is None or len(phases) < 2:
        return False
    first = phases[0]
    after = first.frozen_until or first.start
    for index, point in enumerate(points):
        if after < point.period <= first.end and result.category[index] in (
            spc.CATEGORY_IMPROVEMENT,
            spc.CATEGORY_CONCERN,
        ):
            return True
    lower, upper = float(result.lower[0]), float(result.upper[0])
    centre = phases[-1].centre
    return centre is not None and (centre < lower or centre > upper)


def before_and_now(measure, phases: list[Phase], *, special: bool = False) -> BeforeAndNow | None:
    """E.g. "Racist incidents fell from 6.7 a week (40 weeks to 23 February 2026) to 0.5 a week (the last 28
    weeks): 92 % fewer". Mean, or median on a run chart. None with fewer than two phases."""
    if len(phases) < 2 or phases[0].centre is None or phases[-1].centre is None:
        return None
    first, current = phases[0], phases[-1]
    single, many = FREQUENCY_NOUNS[Frequency(measure.frequency)]
    per_cent = measure.chart == ChartType.P
    unit = " %" if per_cent else f" a {single}"
    before, now = first.centre, current.centre
    verb = "fell" if now < before else "rose" if now > before else "stayed at"
    middle = "median" if measure.chart == ChartType.RUN else "average"
    sentence = (
        f"{_subject(measure.name)} {verb} from {_figure(before)}{unit} ({_span(first, many, single, last=False)}) "
        f"to {_figure(now)}{unit} ({_span(current, many, single, last=True)})"
    )
    if verb == "stayed at":
        sentence = f"{_subject(measure.name)} stayed at {_figure(now)}{unit} ({middle} of each phase)"
    improved = None
    if now != before and measure.direction != Direction.NEITHER:
        improved = (now < before) == (measure.direction == Direction.DOWN)
    short = [phase for phase in (first, current) if phase.limit_points < MIN_PHASE_POINTS]
    if short:
        phase = short[0]
        why = (
            f"no percentage yet: “{phase.name}” has {phase.limit_points} "
            f"{single if phase.limit_points == 1 else many} of data, and a comparison needs at least "
            f"{MIN_PHASE_POINTS}"
        )
        return BeforeAndNow(f"{sentence}; {why}.", None, improved, why, special)
    if per_cent:
        points = round(abs(now - before))
        words = f"{points} percentage point{'s' if points != 1 else ''} {'lower' if now < before else 'higher'}"
        return BeforeAndNow(f"{sentence}: {words}.", None, improved, "", special)
    if before == 0:
        why = "no percentage: the first phase's average was 0"
        return BeforeAndNow(f"{sentence}; {why}.", None, improved, why, special)
    percent = round(abs(before - now) / abs(before) * 100)
    if measure.chart == ChartType.C:
        change = "fewer" if now < before else "more"
    else:
        change = "lower" if now < before else "higher"
    return BeforeAndNow(f"{sentence}: {percent} % {change}.", percent, improved, "", special)


@dataclass(frozen=True)
class Suggestion:
    """A suggested recalculation: a shift that has lasted since `period` in the current phase."""

    period: datetime.date
    run: int  # points in the shift
    after: int  # points from `period` to the latest
    side: str  # "above" or "below"


def suggest_recalculation(measure, points, result, phases: list[Phase], declined=()) -> Suggestion | None:
    """Making Data Count (and the IHI for a run chart's median): when a shift (a run of the configured length on
    one side of the centre) has lasted after a change, new limits may be worked out from where it started.
    Suggested only when the new phase would have enough points and nobody has declined that date; a person
    decides."""
    if result is None or not phases or not points:
        return None
    current = phases[-1]
    not_before = current.frozen_until or current.start
    rows = [
        index
        for index, point in enumerate(points)
        if point.period > not_before and not point.ghost and spc.RULE_SHIFT in result.rules(index)
    ]
    if not rows:
        return None
    first = rows[0]
    centre = float(result.centre[first])
    above = float(result.value[first]) > centre
    run = 0
    for index in range(first, len(points)):
        if points[index].ghost:
            continue
        value = float(result.value[index])
        if (value > centre) != above or value == centre:
            break
        run += 1
    declined_dates = {item.period for item in declined}
    period = points[first].period
    after = sum(1 for point in points[first:] if not point.ghost)
    if period in declined_dates or after < MIN_PHASE_POINTS or current.points - after < MIN_PHASE_POINTS:
        return None
    return Suggestion(period=period, run=run, after=after, side="above" if above else "below")
