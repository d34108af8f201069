"""Meeting readiness (issue 21 item 6): a committee meeting or opportunity session with service-user or carer
members is ready only when the papers reached them at least N days before and their adjustments are planned. The
owning app (governance, opportunities) passes its facts in; support never imports it."""

import datetime
from dataclasses import dataclass

from withus.support.models import MeetingReadiness
from withus.support.selectors import adjustments_for

PAPERS_DAYS_BEFORE = 7


def readiness_problems(
    *,
    held_on: datetime.date,
    papers_sent_on: datetime.date | None,
    adjustments: list,
    adjustments_planned: bool,
    days_before: int = PAPERS_DAYS_BEFORE,
) -> list[str]:
    """Why a meeting with service-user or carer members is not ready (empty: it is)."""
    problems = []
    if papers_sent_on is None:
        problems.append("The papers have not been sent to the members yet.")
    elif (held_on - papers_sent_on).days < days_before:
        problems.append(
            f"The papers were sent {(held_on - papers_sent_on).days} days before the meeting: "
            f"members need them at least {days_before} days before."
        )
    if adjustments and not adjustments_planned:
        problems.append("The members' adjustments are not confirmed as planned.")
    return problems


@dataclass
class Readiness:
    adjustments: list
    problems: list
    marked: MeetingReadiness | None

    @property
    def ready(self) -> bool:
        return self.marked is not None and not self.problems


def meeting_readiness(
    *, organisation_id, occasion_key: str, held_on: datetime.date, papers_sent_on, people, today: datetime.date
) -> Readiness:
    """What the organiser and chair see: the members' adjustments to plan for (never the rest of their support
    plans) and why the meeting is not ready yet. Papers dated after today have not been sent."""
    adjustments = adjustments_for(people)
    marked = MeetingReadiness.objects.filter(organisation_id=organisation_id, occasion_key=occasion_key).first()
    sent = papers_sent_on if papers_sent_on and papers_sent_on <= today else None
    problems = readiness_problems(
        held_on=held_on,
        papers_sent_on=sent,
        adjustments=adjustments,
        adjustments_planned=bool(marked and marked.adjustments_planned),
    )
    return Readiness(adjustments=adjustments, problems=problems, marked=marked)
