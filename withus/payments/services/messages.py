"""Telling a person what happened to their claim (issue 17), through the outbox and by the way they chose.

Called inside the service's transaction; the message is sent after it commits. Kind "payments": a person may turn
these off at /me/contact/ (the claim page still shows its status)."""

from withus.notifications.models import MessageKind
from withus.notifications.services.outbox import notify_person
from withus.payments.models.claims import Claim


def _tell(claim: Claim, what: str, subject: str, body: str) -> None:
    person = claim.person
    signed = "\n\nWith thanks,\nThe People Participation team"
    notify_person(
        person=person,
        template=f"payments.claim_{what}",
        kind=MessageKind.PAYMENTS,
        subject=subject,
        body=f"Dear {person.preferred_name or person.full_name},\n\n{body}{signed}",
        idempotency_key=f"payments.claim_{what}:{claim.pk}",
    )


def tell_claim_approved(claim: Claim) -> None:
    _tell(
        claim,
        "approved",
        f"Your claim {claim.reference} was approved",
        f"Your claim {claim.reference} for £{claim.total:,.2f} was approved. It will be paid in the next payment "
        "run. You can see it in WithUs under My payments.",
    )


def tell_claim_not_approved(claim: Claim) -> None:
    _tell(
        claim,
        "not_approved",
        f"Your claim {claim.reference} was not approved",
        f"Your claim {claim.reference} was not approved. The reason: {claim.reason}\n\n"
        "If you think this is wrong, or you are not sure what to do next, contact your People Participation lead.",
    )


def tell_claim_paid(claim: Claim) -> None:
    paid = claim.paid_on
    _tell(
        claim,
        "paid",
        f"Your claim {claim.reference} was paid",
        f"Your claim {claim.reference} for £{claim.total:,.2f} was paid on {paid:%A} {paid.day} {paid:%B %Y}.",
    )


def tell_claim_returned(claim: Claim) -> None:
    _tell(
        claim,
        "returned",
        f"Your claim {claim.reference} needs changing",
        f"Your claim {claim.reference} was sent back to you to change. What needs changing: {claim.reason}\n\n"
        "The sessions on it can be claimed again: sign in to WithUs and make a new claim under My payments, or ask "
        "your People Participation lead to help.",
    )
