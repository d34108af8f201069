"""Telling a person what happened to their claim (issue 17), through the outbox and by the way they chose.

Called inside the service's transaction; the message is sent after it commits. Kind "payments": a person may turn
these off at /me/contact/ (the claim page still shows its status). Written in the person's language (issue 26);
the reason a lead gave stays as they wrote it."""

from django.utils.translation import gettext

from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person
from withus.payments.models.claims import Claim


def _tell(claim: Claim, what: str, subject: str, *paragraphs: str) -> None:
    """Call inside `in_persons_language(claim.person)`: the greeting and sign-off are in the same language."""
    person = claim.person
    body = "\n\n".join(
        [
            gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name},
            *paragraphs,
            gettext("With thanks,\nThe People Participation team"),
        ]
    )
    notify_person(
        person=person,
        template=f"payments.claim_{what}",
        kind=MessageKind.PAYMENTS,
        subject=subject,
        body=body,
        idempotency_key=f"payments.claim_{what}:{claim.pk}",
    )


def _values(claim: Claim) -> dict:
    return {"reference": claim.reference, "amount": f"£{claim.total:,.2f}", "reason": claim.reason}


def tell_claim_approved(claim: Claim) -> None:
    with in_persons_language(claim.person):
        values = _values(claim)
        _tell(
            claim,
            "approved",
            gettext("Your claim %(reference)s was approved") % values,
            gettext(
                "Your claim %(reference)s for %(amount)s was approved. It will be paid in the next payment run. "
                "You can see it in WithUs under My payments."
            )
            % values,
        )


def tell_claim_not_approved(claim: Claim) -> None:
    with in_persons_language(claim.person):
        values = _values(claim)
        _tell(
            claim,
            "not_approved",
            gettext("Your claim %(reference)s was not approved") % values,
            gettext("Your claim %(reference)s was not approved. The reason: %(reason)s") % values,
            gettext(
                "If you think this is wrong, or you are not sure what to do next, contact your People Participation "
                "lead."
            ),
        )


def tell_claim_paid(claim: Claim) -> None:
    paid = claim.paid_on
    with in_persons_language(claim.person):
        values = {**_values(claim), "date": f"{paid:%A} {paid.day} {paid:%B %Y}"}
        _tell(
            claim,
            "paid",
            gettext("Your claim %(reference)s was paid") % values,
            gettext("Your claim %(reference)s for %(amount)s was paid on %(date)s.") % values,
        )


def tell_claim_returned(claim: Claim) -> None:
    with in_persons_language(claim.person):
        values = _values(claim)
        _tell(
            claim,
            "returned",
            gettext("Your claim %(reference)s needs changing") % values,
            gettext("Your claim %(reference)s was sent back to you to change. What needs changing: %(reason)s")
            % values,
            gettext(
                "The sessions on it can be claimed again: sign in to WithUs and make a new claim under My payments, "
                "or ask your People Participation lead to help."
            ),
        )
