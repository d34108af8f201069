"""Display helpers for story pages: tags for a story's state and a response's change claim, and list cards."""

from django.utils.translation import gettext

from withus.improvement.presenters import variation_icon
from withus.voice.models.stories import ChangeClaim, Story, StoryStatus, StoryUseKind

STATUS_CLASSES = {
    StoryStatus.DRAFT: "nhsuk-tag--grey",
    StoryStatus.RECEIVED: "nhsuk-tag--blue",
    StoryStatus.IN_MODERATION: "nhsuk-tag--yellow",
    StoryStatus.WITH_TELLER: "nhsuk-tag--orange",
    StoryStatus.APPROVED: "nhsuk-tag--aqua-green",
    StoryStatus.PUBLISHED: "nhsuk-tag--green",
    StoryStatus.HELD: "nhsuk-tag--grey",
    StoryStatus.REJECTED: "nhsuk-tag--red",
}
CLAIM_CLASSES = {ChangeClaim.PLANNED: "nhsuk-tag--yellow", ChangeClaim.MADE: "nhsuk-tag--green"}


def status_tag(status: str) -> dict:
    return {"text": StoryStatus(status).label, "classes": STATUS_CLASSES[StoryStatus(status)]}


def claim_tag(claim: str) -> dict | None:
    if claim not in CLAIM_CLASSES:
        return None
    return {"text": ChangeClaim(claim).label, "classes": CLAIM_CLASSES[ChangeClaim(claim)]}


def month_words(day) -> str:
    return f"{day:%B %Y}" if day else gettext("Not said")


def response_state(story: Story) -> str:
    if story.first_response_at is None:
        return "Not responded to yet"
    return "Responded to"


def story_card(story: Story) -> dict:
    summary = (
        story.what_happened if len(story.what_happened) <= 220 else story.what_happened[:217].rsplit(" ", 1)[0] + "…"
    )
    return {
        "story": story,
        "summary": summary,
        "response": response_state(story),
        "claim": claim_tag(story.change_claim),
    }


def sparkline(values, *, width: int = 300, height: int = 60) -> dict:
    """Points of a small run chart drawn as SVG (gaps split the line); the table beside it carries the numbers."""
    known = [value for value in values if value is not None]
    if not known:
        return {"lines": [], "width": width, "height": height}
    top = max(known) or 1
    step = width / max(len(values) - 1, 1)
    lines, current = [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                lines.append(" ".join(current))
            current = []
            continue
        current.append(f"{index * step:.1f},{height - 4 - (value / top) * (height - 8):.1f}")
    if current:
        lines.append(" ".join(current))
    return {"lines": lines, "width": width, "height": height}


def use_label(use: str) -> str:
    return StoryUseKind(use).label if use in StoryUseKind.values else use


HELPERS = {
    "use_label": use_label,
    "status_tag": status_tag,
    "claim_tag": claim_tag,
    "month_words": month_words,
    "variation_icon": variation_icon,
    "sparkline": sparkline,
}
