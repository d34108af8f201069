"""Display helpers: claim statuses in plain English, money and days."""

import datetime
import statistics

from withus.payments.models.claims import ClaimStatus, LimitChoice
from withus.payments.money import pounds

STATUS_TAGS = {
    ClaimStatus.DRAFT: ("Not sent yet", "nhsuk-tag--grey"),
    ClaimStatus.SUBMITTED: ("Waiting for approval", "nhsuk-tag--blue"),
    ClaimStatus.APPROVED: ("Approved: waiting to be paid", "nhsuk-tag--purple"),
    ClaimStatus.REJECTED: ("Not approved", "nhsuk-tag--red"),
    ClaimStatus.EXPORTED: ("Sent to finance for payment", "nhsuk-tag--orange"),
    ClaimStatus.PAID: ("Paid", "nhsuk-tag--green"),
    ClaimStatus.VOID: ("Cancelled", "nhsuk-tag--grey"),
}

STATUS_EXPLAINED = {
    ClaimStatus.DRAFT: "This claim has not been sent yet. Check it, add any expenses, then send it.",
    ClaimStatus.SUBMITTED: "We have your claim. Someone in finance will check it, usually within a week.",
    ClaimStatus.APPROVED: "Your claim is approved. It will go in the next payment run.",
    ClaimStatus.REJECTED: "This claim was not approved. The reason is below. You can make a new claim.",
    ClaimStatus.EXPORTED: "Your claim has gone to finance to be paid. It is usually paid within 10 days.",
    ClaimStatus.PAID: "This claim has been paid.",
    ClaimStatus.VOID: "This claim was cancelled. The reason is below.",
}


def status_tag(status: str) -> dict:
    text, classes = STATUS_TAGS[ClaimStatus(status)]
    return {"text": text, "classes": classes}


RETURNED_EXPLAINED = (
    "This claim was returned to be changed. The reason is below. The involvement on it can be claimed again: "
    "make a new claim, and add any expenses again."
)


def claim_explained(claim) -> str:
    return RETURNED_EXPLAINED if claim.returned_for_changes else STATUS_EXPLAINED[ClaimStatus(claim.status)]


def claim_tag(claim) -> dict:
    """The claim's status tag; a claim held because of a benefit limit, or returned to change, says so."""
    if claim.status == ClaimStatus.SUBMITTED and claim.limit_choice == LimitChoice.HOLD:
        return {"text": "On hold: to talk about a limit", "classes": "nhsuk-tag--yellow"}
    if claim.returned_for_changes:
        return {"text": "Returned to change", "classes": "nhsuk-tag--orange"}
    return status_tag(claim.status)


def limit_choice_text(claim, *, own: bool) -> str:
    """What was decided about a limit this claim went over, in plain English for the person or for staff."""
    you = "you" if own else claim.person.full_name
    your = "your" if own else f"{claim.person.full_name}'s"
    if not claim.limit_choice:
        return ""
    if claim.limit_choice == LimitChoice.HOLD and claim.status == ClaimStatus.SUBMITTED:
        lead = "Your People Participation lead" if own else "Their People Participation lead"
        return (
            f"This claim is on hold and not paid yet, because it would take {you} over a limit {you} set to protect "
            f"{your} benefits. {lead} will talk to {'you' if own else 'them'} about what to do."
        )
    subject = "You" if own else claim.person.full_name
    if claim.limit_choice == LimitChoice.PAY_ANYWAY:
        return f"This claim goes over a limit {you} set. {subject} agreed to be paid in full: {claim.limit_note}"
    if claim.limit_choice == LimitChoice.LOWER:
        return (
            f"This claim goes over a limit {you} set, so {you} agreed to a lower amount: "
            f"{pounds(claim.fees_total)} for involvement. {claim.limit_note}"
        )
    if claim.limit_choice == LimitChoice.CHARITY:
        return (
            f"This claim goes over a limit {you} set, so the involvement payment is to go to {claim.limit_charity}, "
            f"the charity {you} chose. It does not count as {your} earnings."
        )
    return ""


def days_between(start: datetime.date | None, end) -> int | None:
    if start is None or end is None:
        return None
    if isinstance(end, datetime.datetime):
        end = end.date()
    return (end - start).days


def days_text(days: int | None) -> str:
    if days is None:
        return "Not yet"
    return "Same day" if days == 0 else f"{days} day" if days == 1 else f"{days} days"


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
