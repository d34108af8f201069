"""Display helpers for register pages: tag colours and plain-English summaries."""

from withus.people.forms import OWN_COMMUNICATION_LABELS
from withus.people.models import MembershipStatus

STATUS_TAG_CLASSES = {
    MembershipStatus.ENQUIRY: "nhsuk-tag--blue",
    MembershipStatus.WELCOME: "nhsuk-tag--purple",
    MembershipStatus.ACTIVE: "nhsuk-tag--green",
    MembershipStatus.PAUSED: "nhsuk-tag--orange",
    MembershipStatus.LEFT: "nhsuk-tag--grey",
}


def status_tag(status: str) -> dict:
    return {"text": MembershipStatus(status).label, "classes": STATUS_TAG_CLASSES[MembershipStatus(status)]}


SMALL_NUMBER = 5


def suppressed(count: int) -> str:
    """Aggregate equality figures: counts under 5 are shown as 'fewer than 5' so no one can be picked out."""
    if 0 < count < SMALL_NUMBER:
        return "fewer than 5"
    return f"{count:,}"


def consent_word(agreed: bool | None) -> str:
    """A person's latest word on a kind of consent, for the register's export and print view."""
    if agreed is None:
        return "Not asked"
    return "Agreed" if agreed else "Withdrew"


def own_communication(person) -> list[str]:
    """The person's communication needs in the words they chose them in (My details)."""
    labels = []
    for code in person.communication_needs or []:
        if code in OWN_COMMUNICATION_LABELS:
            label = OWN_COMMUNICATION_LABELS[code]
            if code == "spoken_language" and person.communication_language:
                label = f"{label} ({person.communication_language})"
            labels.append(label)
    return labels
