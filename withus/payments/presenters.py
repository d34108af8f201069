"""Display helpers: claim statuses in plain English, money and days."""

import datetime
import statistics

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _l

from withus.payments.models.claims import ClaimStatus, LimitChoice
from withus.payments.money import pounds

STATUS_TAGS = {
    ClaimStatus.DRAFT: (_l("Not sent yet"), "nhsuk-tag--grey"),
    ClaimStatus.SUBMITTED: (_l("Waiting for approval"), "nhsuk-tag--blue"),
    ClaimStatus.APPROVED: (_l("Approved: waiting to be paid"), "nhsuk-tag--purple"),
    ClaimStatus.REJECTED: (_l("Not approved"), "nhsuk-tag--red"),
    ClaimStatus.EXPORTED: (_l("Sent to finance for payment"), "nhsuk-tag--orange"),
    ClaimStatus.PAID: (_l("Paid"), "nhsuk-tag--green"),
    ClaimStatus.VOID: (_l("Cancelled"), "nhsuk-tag--grey"),
}

STATUS_EXPLAINED = {
    ClaimStatus.DRAFT: _l("This claim has not been sent yet. Check it, add any expenses, then send it."),
    ClaimStatus.SUBMITTED: _l("We have your claim. Someone in finance will check it, usually within a week."),
    ClaimStatus.APPROVED: _l("Your claim is approved. It will go in the next payment run."),
    ClaimStatus.REJECTED: _l("This claim was not approved. The reason is below. You can make a new claim."),
    ClaimStatus.EXPORTED: _l("Your claim has gone to finance to be paid. It is usually paid within 10 days."),
    ClaimStatus.PAID: _l("This claim has been paid."),
    ClaimStatus.VOID: _l("This claim was cancelled. The reason is below."),
}


def status_tag(status: str) -> dict:
    text, classes = STATUS_TAGS[ClaimStatus(status)]
    return {"text": text, "classes": classes}


RETURNED_EXPLAINED = _l(
    "This claim was returned to be changed. The reason is below. The involvement on it can be claimed again: "
    "make a new claim, and add any expenses again."
)


def claim_explained(claim) -> str:
    return RETURNED_EXPLAINED if claim.returned_for_changes else STATUS_EXPLAINED[ClaimStatus(claim.status)]


def claim_tag(claim) -> dict:
    """The claim's status tag; a claim held because of a benefit limit, or returned to change, says so."""
    if claim.status == ClaimStatus.SUBMITTED and claim.limit_choice == LimitChoice.HOLD:
        return {"text": gettext("On hold: to talk about a limit"), "classes": "nhsuk-tag--yellow"}
    if claim.returned_for_changes:
        return {"text": gettext("Returned to change"), "classes": "nhsuk-tag--orange"}
    return status_tag(claim.status)


def limit_choice_text(claim, *, own: bool) -> str:
    """What was decided about a limit this claim went over, in plain English for the person or for staff."""
    return _own_limit_choice_text(claim) if own else _staff_limit_choice_text(claim)


def _staff_limit_choice_text(claim) -> str:
    """The same, said to staff about the person."""
    name = claim.person.full_name
    if not claim.limit_choice:
        return ""
    if claim.limit_choice == LimitChoice.HOLD and claim.status == ClaimStatus.SUBMITTED:
        return (
            f"This claim is on hold and not paid yet, because it would take {name} over a limit {name} set to protect "
            f"{name}'s benefits. Their People Participation lead will talk to them about what to do."
        )
    if claim.limit_choice == LimitChoice.PAY_ANYWAY:
        return f"This claim goes over a limit {name} set. {name} agreed to be paid in full: {claim.limit_note}"
    if claim.limit_choice == LimitChoice.LOWER:
        return (
            f"This claim goes over a limit {name} set, so {name} agreed to a lower amount: "
            f"{pounds(claim.fees_total)} for involvement. {claim.limit_note}"
        )
    if claim.limit_choice == LimitChoice.CHARITY:
        return (
            f"This claim goes over a limit {name} set, so the involvement payment is to go to {claim.limit_charity}, "
            f"the charity {name} chose. It does not count as {name}'s earnings."
        )
    return ""


def _own_limit_choice_text(claim) -> str:
    """The same, said to the person, in their language."""
    if claim.limit_choice == LimitChoice.HOLD and claim.status == ClaimStatus.SUBMITTED:
        return gettext(
            "This claim is on hold and not paid yet, because it would take you over a limit you set to protect your "
            "benefits. Your People Participation lead will talk to you about what to do."
        )
    if claim.limit_choice == LimitChoice.PAY_ANYWAY:
        return gettext("This claim goes over a limit you set. You agreed to be paid in full: %(note)s") % {
            "note": claim.limit_note
        }
    if claim.limit_choice == LimitChoice.LOWER:
        return gettext(
            "This claim goes over a limit you set, so you agreed to a lower amount: %(amount)s for involvement. "
            "%(note)s"
        ) % {"amount": pounds(claim.fees_total), "note": claim.limit_note}
    if claim.limit_choice == LimitChoice.CHARITY:
        return gettext(
            "This claim goes over a limit you set, so the involvement payment is to go to %(charity)s, the charity "
            "you chose. It does not count as your earnings."
        ) % {"charity": claim.limit_charity}
    return ""


def days_between(start: datetime.date | None, end) -> int | None:
    if start is None or end is None:
        return None
    if isinstance(end, datetime.datetime):
        end = end.date()
    return (end - start).days


def days_text(days: int | None) -> str:
    if days is None:
        return gettext("Not yet")
    return gettext("Same day") if days == 0 else ngettext("%(num)s day", "%(num)s days", days) % {"num": days}


def monthly_medians(rows: list[tuple[datetime.date, int]]) -> list[dict]:
    """[(paid_on, days)] -> one row per month, newest first, with the median days from taking part to paid."""
    months: dict = {}
    for paid_on, days in rows:
        months.setdefault(paid_on.replace(day=1), []).append(days)
    return [
        {"month": month, "median": statistics.median(values), "count": len(values)}
        for month, values in sorted(months.items(), reverse=True)
    ]


__all__ = ["days_between", "days_text", "monthly_medians", "pounds", "status_tag"]
