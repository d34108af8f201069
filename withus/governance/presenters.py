"""Display helpers: seats with their terms and flags for leads, panel tags, and the coverage run chart figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

import withus_spc as spc
from withus.core.dates import add_months, month_start, months_between
from withus.governance.models import (
    Committee,
    PanelStatus,
    Seat,
    SeatTerm,
)
from withus.governance.services.committees import TERM_WARNING_DAYS

PANEL_TAGS = {
    PanelStatus.SETTING_UP: (_l("Setting up"), "nhsuk-tag--blue"),
    PanelStatus.SCORING: (_l("Scoring"), "nhsuk-tag--purple"),
    PanelStatus.DECIDED: (_l("Decided"), "nhsuk-tag--green"),
}


def panel_tag(status: str) -> dict:
    text, classes = PANEL_TAGS[PanelStatus(status)]
    return {"text": text, "classes": classes}


@dataclass
class SeatRow:
    seat: Seat
    current: SeatTerm | None
    next_term: SeatTerm | None
    past: list[SeatTerm]
    ends_soon: bool
    vacant: bool

    @property
    def needs_attention(self) -> bool:
        return (self.vacant or self.ends_soon) and self.next_term is None


def seat_rows(seats: list[Seat], terms: list[SeatTerm], today: datetime.date) -> list[SeatRow]:
    by_seat: dict = defaultdict(list)
    for term in terms:
        by_seat[term.seat_id].append(term)
    rows = []
    soon = today + datetime.timedelta(days=TERM_WARNING_DAYS)
    for seat in seats:
        mine = sorted(by_seat.get(seat.pk, []), key=lambda term: term.starts_on)
        current = next((term for term in mine if term.starts_on <= today <= term.ends_on), None)
        next_term = next((term for term in mine if term.starts_on > today), None)
        past = [term for term in mine if term.ends_on < today]
        rows.append(
            SeatRow(
                seat=seat,
                current=current,
                next_term=next_term,
                past=past,
                ends_soon=current is not None and current.ends_on <= soon,
                vacant=current is None,
            )
        )
    return rows


def committees_overview(
    committees: list[Committee], seats: list[Seat], terms: list[SeatTerm], today: datetime.date | None = None
) -> list[dict]:
    """Every committee with its seats and their terms (from `selectors.committee_seats`)."""
    today = today or timezone.localdate()
    by_committee: dict = defaultdict(list)
    for seat in seats:
        by_committee[seat.committee_id].append(seat)
    return [
        {"committee": committee, "seats": seat_rows(by_committee.get(committee.pk, []), terms, today)}
        for committee in committees
    ]


def flags(overview: list[dict]) -> dict:
    """What leads should act on ahead of time: empty seats, and terms ending within the warning period."""
    empty, ending = [], []
    for item in overview:
        for row in item["seats"]:
            if row.next_term is not None:
                continue
            if row.vacant:
                empty.append((item["committee"], row))
            elif row.ends_soon:
                ending.append((item["committee"], row))
    ending.sort(key=lambda pair: pair[1].current.ends_on)
    return {"empty": empty, "ending": ending, "days": TERM_WARNING_DAYS}


WHOLE_TRUST = "Whole trust"


def coverage(
    panels: list[dict], directorates: dict[str, str], *, today: datetime.date | None = None, months: int = 24
) -> dict:
    """Percentage of panels with a service-user or carer member, by directorate and month, with a run chart
    analysis (median and Anhøj run rules from `withus_spc`) for each directorate. The panels and directorates
    come from `selectors.panel_coverage_facts`."""
    today = today or timezone.localdate()
    earliest = add_months(month_start(today), -(months - 1))
    counts: dict = defaultdict(lambda: [0, 0])
    seen_months = []
    for panel in panels:
        month = (panel["interview_on"] or panel["closing_date"]).replace(day=1)
        if month < earliest or month > today.replace(day=1):
            continue
        seen_months.append(month)
        parts = [part for part in (panel["unit__path"] or "").split("/") if part]
        groups = [WHOLE_TRUST]
        if parts and parts[0] in directorates:
            groups.append(directorates[parts[0]])
        for group in groups:
            counts[(group, month)][0] += 1
            counts[(group, month)][1] += int(panel["has_lived_experience"])
    month_list = months_between(min(seen_months), month_start(today)) if seen_months else []
    groups = [WHOLE_TRUST, *sorted(directorates.values())]
    table = {group: [] for group in groups}
    series, analysis = [], {}
    for group in groups:
        values = []
        for month in month_list:
            panels_count, covered = counts.get((group, month), (0, 0))
            percent = round(100 * covered / panels_count, 1) if panels_count else None
            table[group].append({"month": month, "panels": panels_count, "covered": covered, "percent": percent})
            if percent is not None:
                values.append(percent)
            # A month with no panels stays in the series with no percentage: a gap in the line, not a zero.
            series.append(
                {
                    "month": month.isoformat(),
                    "group": group,
                    "percent": percent,
                    "label": f"{covered} of {panels_count}" if panels_count else "no panels",
                }
            )
        if values:
            result = spc.analyse(values, chart="run", preset="anhoej", direction="up")
            centre = result.centre[~np.isnan(result.centre)]
            analysis[group] = {
                "median": float(centre[0]) if centre.size else None,
                "points": len(values),
                "runs_signal": bool(result.summary.runs_signal),
                "shift": bool(any(result.rule_flags)),
            }
    return {"months": month_list, "groups": groups, "table": table, "series": series, "analysis": analysis}
