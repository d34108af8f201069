"""Display helpers: tag colours and plain-English outcomes (hours and totals: withus.involvement.presenters)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _l

from withus.opportunities.models import OpportunityStatus, ResponseStatus

RESPONSE_TAGS = {
    ResponseStatus.INTERESTED: (_l("We have your interest"), "nhsuk-tag--blue"),
    ResponseStatus.SELECTED: (_l("Offered a place: please confirm"), "nhsuk-tag--purple"),
    ResponseStatus.CONFIRMED: (_l("Place confirmed"), "nhsuk-tag--green"),
    ResponseStatus.NOT_SELECTED: (_l("Not selected this time"), "nhsuk-tag--grey"),
    ResponseStatus.WITHDRAWN: (_l("Withdrawn"), "nhsuk-tag--grey"),
}


def response_tag(status: str) -> dict:
    text, classes = RESPONSE_TAGS[ResponseStatus(status)]
    return {"text": text, "classes": classes}


def my_response_tag(response) -> dict:
    """A participant's own response, unless the opportunity itself was cancelled."""
    if response.opportunity.status == OpportunityStatus.CANCELLED:
        return {"text": gettext("Cancelled"), "classes": "nhsuk-tag--grey"}
    return response_tag(response.status)


def opportunity_tag(opportunity, today) -> dict:
    if opportunity.status == OpportunityStatus.REQUESTED:
        return {"text": "Waiting for approval", "classes": "nhsuk-tag--orange"}
    if opportunity.status == OpportunityStatus.CANCELLED:
        return {"text": "Cancelled", "classes": "nhsuk-tag--grey"}
    if opportunity.closes_on < today:
        return {"text": "Closed", "classes": "nhsuk-tag--grey"}
    return {"text": "Open", "classes": "nhsuk-tag--green"}
