"""Display of ideas: tag colours for states and words for dates and months. Presenters never query."""

import datetime

from withus.voice.models.ideas import StateKind

STATE_TAG = {
    StateKind.RECEIVED: "grey",
    StateKind.LOOKING: "blue",
    StateKind.FORUM: "purple",
    StateKind.PROJECT: "green",
    StateKind.QUICK_CHANGE: "green",
    StateKind.NOT_NOW: "orange",
    StateKind.PASSED: "aqua-green",
}


def state_tag(kind: str, name: str) -> dict:
    """The NHS.UK tag for a state; an unknown kind (from an edited list) still reads, in grey."""
    return {"text": name, "classes": f"nhsuk-tag--{STATE_TAG.get(kind, 'grey')}"}


def month_words(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def month_slug(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def parse_month(text: str) -> datetime.date | None:
    """'2026-11' as the first day of that month, or None when it is not a real month."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1) if len(text) == 7 and 2000 <= year <= 2100 else None
    except ValueError:
        return None


def due_words(due: datetime.date, today: datetime.date, answered: bool) -> str:
    if answered:
        return "Answered"
    days = (due - today).days
    if days < 0:
        return f"First answer overdue by {-days} day{'s' if days != -1 else ''}"
    return f"First answer due by {due:%-d %B %Y}"


EVENT_TITLES = {
    "state": "Moved",
    "forum": "QI forum",
    "outcome": "We did",
    "milestone": "Progress",
    "project": "Project",
}
