"""A measure's analysis: its points, the SPC result (`withus_spc`), each point's reading, the plain-English sentences
about the latest point and the target, and the summary stored on the measure. Nothing here draws: the chart is
`withus.improvement.charts` (with `withus.core.charts`)."""

import dataclasses
import datetime
import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import FloatField
from django.db.models.functions import Cast

import withus_spc as spc
from withus.improvement.models import FREQUENCY_NOUNS, ChartType, Frequency

logger = logging.getLogger(__name__)

CATEGORY_LABELS = {
    spc.CATEGORY_IMPROVEMENT: "Special cause: improvement",
    spc.CATEGORY_CONCERN: "Special cause: concern",
    spc.CATEGORY_NEITHER: "Special cause: neither better nor worse",
    spc.CATEGORY_COMMON: "Common cause",
    "ghost": "Left out of the calculations",
}
VARIATION_LABELS = {
    "common-cause": "Common-cause variation",
    "improvement-high": "Special-cause improvement (higher)",
    "improvement-low": "Special-cause improvement (lower)",
    "concern-high": "Special-cause concern (higher)",
    "concern-low": "Special-cause concern (lower)",
    "neither-high": "Special cause, neither better nor worse (higher)",
    "neither-low": "Special cause, neither better nor worse (lower)",
}
ASSURANCE_LABELS = {
    "pass": "Consistently meets the target",
    "fail": "Will not meet the target without change",
    "hit-or-miss": "Sometimes meets the target, sometimes not",
}
RULE_LABELS = {
    spc.RULE_BEYOND_LIMITS: "beyond a process limit",
    spc.RULE_SHIFT: "shift",
    spc.RULE_TREND: "trend",
    spc.RULE_TWO_OF_THREE: "two of three close to a limit",
}
PRESET_FOR_RUN = {"mdc": "mdc", "anhoej": "anhoej", "ihi": "ihi"}


@dataclass(frozen=True)
class PointRow:
    """A data point as the analysis needs it: lighter than a model instance when there are thousands."""

    pk: object
    period: datetime.date
    value: float
    denominator: float | None
    ghost: bool
    note: str


@dataclass
class AnalysedPoint:
    """One point with its centre, limits, reading and the rules it breaks."""

    period: datetime.date
    value: float
    centre: float | None
    lower: float | None
    upper: float | None
    category: str
    rules: tuple[str, ...]
    ghost: bool
    point_id: object = None
    note: str = ""
    partition: int = 0  # which set of limits (a recalculation starts a new one)

    @property
    def reading(self) -> str:
        text = CATEGORY_LABELS[self.category]
        if self.rules:
            text += f" ({', '.join(RULE_LABELS[rule] for rule in self.rules)})"
        return text


@dataclass
class MeasureAnalysis:
    """Everything a measure's page, exports and summaries show."""

    points: list[AnalysedPoint]
    result: spc.SpcResult | None
    reading: str
    assurance_reading: str
    warnings: list[str] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)
    total_points: int = 0  # points the measure holds; more than len(points) when only the latest are kept
    analysed_points: int = 0  # points the limits are worked out from (all but for a measure over the limit)

    @property
    def hidden_points(self) -> int:
        return max(0, self.total_points - len(self.points))

    @property
    def analysed_every_point(self) -> bool:
        return self.analysed_points >= self.total_points

    def latest(self, count: int) -> "MeasureAnalysis":
        """The same analysis (limits, readings and sentences worked out from every point) keeping only the latest
        `count` points and the notes from the first of them on: what a page or a chart can show quickly."""
        if len(self.points) <= count:
            return self
        points = self.points[-count:]
        first = points[0].period
        return dataclasses.replace(
            self, points=points, annotations=[note for note in self.annotations if note["date"] >= first]
        )

    @property
    def variation(self) -> str:
        return (self.result.summary.variation if self.result else None) or ""

    @property
    def assurance(self) -> str:
        return (self.result.summary.assurance if self.result else None) or ""


@dataclass(frozen=True)
class MeasureSummary:
    """What a measure keeps of its analysis, so that summaries never re-read every point."""

    latest_value: float | None
    latest_period: datetime.date | None
    variation: str
    assurance: str


def load_points(measure, *, latest: int | None = None) -> list[PointRow]:
    """A measure's points, oldest first, in one query: all of them, or only the `latest` that many."""
    rows = measure.points.values_list("pk", "period", "value", "denominator", "ghost", "note")
    if latest is None:
        return [PointRow(*row) for row in rows.order_by("period")]
    newest_first = list(rows.order_by("-period")[:latest])
    newest_first.reverse()
    return [PointRow(*row) for row in newest_first]


def points_to_analyse(measure) -> tuple[list[PointRow], int]:
    """The points the analysis uses, oldest first, and how many the measure holds. That is every point, except for
    a measure imported before WITHUS_MAX_POINTS_PER_MEASURE existed: its latest that many (one more query, only
    then, counts the rest), so no page or chart reads 100,000 points."""
    limit = settings.WITHUS_MAX_POINTS_PER_MEASURE
    points = load_points(measure, latest=limit + 1)
    if len(points) <= limit:
        return points, len(points)
    return points[1:], measure.points.count()


def points_before(measure, period: datetime.date) -> list[tuple[datetime.date, float]]:
    """(period, value) of the points before `period`, oldest first: for a measure over the limit, the part of its
    series the analysis leaves out (data.csv still has every point)."""
    rows = measure.points.filter(period__lt=period).order_by("period")
    return list(rows.values_list("period", Cast("value", FloatField())))


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def analyse_points(measure, points, recalculations=()) -> spc.SpcResult | None:
    """Run withus_spc on a measure's points (oldest first). None when there are none, or the engine refuses them."""
    if not points:
        return None
    dates = [point.period for point in points]
    # New limits start at a point, and never at the first one (there would be nothing before them).
    known = set(dates[1:])
    recalc = {item.period: item.reason for item in recalculations if item.period in known}
    has_target = measure.target is not None and measure.chart != ChartType.RUN and measure.direction != "neither"
    needs_denominators = measure.chart in (ChartType.P, ChartType.U)
    try:
        options = spc.AnalysisOptions(
            chart=measure.chart,
            preset=PRESET_FOR_RUN.get(measure.preset, "mdc"),
            direction=measure.direction,
            target=float(measure.target) if has_target else None,
            recalc_at=recalc,
            ghosts=[point.period for point in points if point.ghost],
            multiply=100 if measure.chart == ChartType.P else 1,
        )
        return spc.analyse(
            [float(point.value) for point in points],
            options,
            dates=dates,
            denominators=[float(point.denominator or 0) for point in points] if needs_denominators else None,
        )
    except spc.SpcError:
        # Data saved before a rule changed (e.g. a chart type switched) must not break the page: no chart.
        logger.warning("SPC analysis refused measure %s", getattr(measure, "pk", ""), exc_info=True)
        return None


def analyse_measure(
    measure, points, recalculations=(), annotations=(), pdsa_cycles=(), *, total: int | None = None
) -> MeasureAnalysis:
    """The measure's analysis from its points (oldest first), recalculations, notes and PDSA cycles. `total`: how
    many points the measure holds, when `points` are only its latest."""
    result = analyse_points(measure, points, recalculations)
    analysed = []
    if result is not None:
        values = result.value.tolist()
        centre = result.centre.tolist()
        lower = result.lower.tolist()
        upper = result.upper.tolist()
        categories = result.category.tolist()
        partitions = result.partition.tolist()
        for index, point in enumerate(points):
            analysed.append(
                AnalysedPoint(
                    period=point.period,
                    value=values[index],
                    centre=_number(centre[index]),
                    lower=_number(lower[index]),
                    upper=_number(upper[index]),
                    category="ghost" if point.ghost else (categories[index] or spc.CATEGORY_COMMON),
                    rules=result.rules(index),
                    ghost=point.ghost,
                    point_id=getattr(point, "pk", None),
                    note=getattr(point, "note", ""),
                    partition=int(partitions[index]),
                )
            )
    notes = [{"date": item.on, "text": item.text, "kind": "note"} for item in annotations]
    notes += [{"date": cycle.starts_on, "text": f"PDSA: {cycle.title}", "kind": "pdsa"} for cycle in pdsa_cycles]
    notes.sort(key=lambda note: note["date"])
    sentence = reading(measure, analysed, result)
    if result is None and points:
        sentence = "The chart could not be worked out from these data: check that every point has what the chart needs."
    return MeasureAnalysis(
        points=analysed,
        result=result,
        reading=sentence,
        assurance_reading=assurance_reading(measure, result),
        warnings=list(result.summary.warnings) if result else [],
        annotations=notes,
        total_points=max(total or 0, len(analysed)) if analysed else 0,  # no chart, nothing shown or hidden
        analysed_points=len(analysed),
    )


def measure_summary(measure) -> MeasureSummary:
    """The latest value and the MDC icons of the measure's analysis (two queries: points and recalculations)."""
    points, _ = points_to_analyse(measure)
    result = analyse_points(measure, points, list(measure.recalculations.all()))
    latest = next((point for point in reversed(points) if not point.ghost), None)
    if result is None or latest is None:
        latest_value = latest_period = None
    else:
        latest_value = float(result.value[points.index(latest)])
        latest_period = latest.period
    return MeasureSummary(
        latest_value=latest_value,
        latest_period=latest_period,
        variation=(result.summary.variation if result else None) or "",
        assurance=(result.summary.assurance if result else None) or "",
    )


def _nouns(frequency: str) -> tuple[str, str]:
    return FREQUENCY_NOUNS[Frequency(frequency)]


def period_noun(frequency: str) -> str:
    """What one point is, e.g. "week"."""
    return _nouns(frequency)[0]


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _trailing(points: list[AnalysedPoint], keep) -> int:
    count = 0
    previous = None
    for point in reversed(points):
        if point.ghost:
            continue
        if not keep(point, previous):
            break
        count += 1
        previous = point
    return count


def reading(measure, points: list[AnalysedPoint], result) -> str:
    """One plain-English sentence about the latest point, e.g. "The last 7 weeks are all below the average — ..."."""
    single, many = _nouns(measure.frequency)
    judged = [point for point in points if not point.ghost]
    if not judged:
        return "There are no data yet."
    if result is None or result.summary.variation is None:
        return (
            f"There are {len(judged)} {many if len(judged) != 1 else single} of data. Limits and special causes are "
            "shown once there are at least 13."
        )
    last = judged[-1]
    kind = {
        spc.CATEGORY_IMPROVEMENT: "special-cause improvement",
        spc.CATEGORY_CONCERN: "special-cause concern",
        spc.CATEGORY_NEITHER: "special-cause variation, neither better nor worse",
    }.get(last.category)
    if kind is None:
        sentence = f"The latest {single} shows only common-cause variation: no sign of change."
        summary = result.summary
        if summary.runs_signal and measure.preset in ("anhoej", "ihi"):
            sentence += (
                f" But the runs analysis finds a signal (longest run {summary.longest_run}, more than "
                f"{summary.longest_run_max} expected; {summary.crossings} crossings of the median): the process has "
                "probably changed."
            )
        return sentence
    return _special_reading(measure, judged, last, kind)


def _special_reading(measure, judged: list[AnalysedPoint], last: AnalysedPoint, kind: str) -> str:
    single, many = _nouns(measure.frequency)
    middle = "median" if measure.chart == ChartType.RUN else "average"
    above = last.centre is not None and last.value > last.centre
    side = "above" if above else "below"
    if spc.RULE_SHIFT in last.rules:
        count = _trailing(judged, lambda point, _: point.centre is not None and (point.value > point.centre) == above)
        return f"The last {count} {many} are all {side} the {middle} — a shift: {kind}."
    if spc.RULE_BEYOND_LIMITS in last.rules:
        limit = "upper" if above else "lower"
        return f"The latest {single} ({_format(last.value)}) is {side} the {limit} process limit: {kind}."
    if spc.RULE_TREND in last.rules:
        rising = len(judged) > 1 and last.value > judged[-2].value
        count = _trailing(
            judged,
            lambda point, later: later is None or (later.value > point.value if rising else later.value < point.value),
        )
        direction = "higher" if rising else "lower"
        return f"The last {count} {many} have each been {direction} than the one before — a trend: {kind}."
    if spc.RULE_TWO_OF_THREE in last.rules:
        limit = "upper" if above else "lower"
        return f"Two of the last three {many} are close to the {limit} process limit: {kind}."
    return f"The latest {single} is {kind}."


def assurance_reading(measure, result) -> str:
    if result is None or not result.summary.assurance or measure.target is None:
        return ""
    _, many = _nouns(measure.frequency)
    target = _format(float(measure.target))
    return {
        "pass": f"The target of {target} lies outside the process limits on the better side: it is consistently met.",
        "fail": f"The target of {target} lies outside the process limits on the worse side: "
        "it will not be met without change.",
        "hit-or-miss": f"The target of {target} lies between the process limits: "
        f"it will be met in some {many} and missed in others.",
    }[result.summary.assurance]
