"""Issue 26: a person hears what happened to their claim in the language of their sign-in, when their trust offers
it; English otherwise. What finance wrote (the reason) stays as they wrote it."""

import pytest

from withus.notifications.models import Message
from withus.payments.services.approvals import claim_approve, claim_reject
from withus.payments.services.claims import claim_create, claim_submit

pytestmark = pytest.mark.django_db


def _submitted(person, record, actor):
    return claim_submit(claim=claim_create(person=person, record_ids=[record.pk], actor=actor), actor=actor)


def _speaks(trust, participant, code, *, offered=("pl", "ur")):
    trust.organisation.languages_offered = list(offered)
    trust.organisation.save(update_fields=["languages_offered"])
    participant.user.language = code
    participant.user.save(update_fields=["language"])


def test_an_approved_claim_is_told_in_polish(trust, amara, make_record, rate, finance):
    _speaks(trust, amara, "pl")
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    claim_approve(claim=claim, actor=finance.user)
    message = Message.objects.get(template="payments.claim_approved")
    assert message.subject == f"Twój wniosek {claim.reference} został zatwierdzony"
    assert message.body == (
        "Dzień dobry Amara Bello,\n\n"
        f"Twój wniosek {claim.reference} na kwotę £40.00 został zatwierdzony. Zostanie wypłacony przy najbliższej "
        "wypłacie. Możesz go zobaczyć w WithUs w zakładce Moje płatności.\n\n"
        "Z podziękowaniami\nZespół People Participation"
    )


def test_a_claim_not_approved_is_told_in_urdu_with_the_reason_as_written(trust, amara, make_record, rate, finance):
    _speaks(trust, amara, "ur")
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    claim_reject(claim=claim, reason="The session was cancelled", actor=finance.user)
    message = Message.objects.get(template="payments.claim_not_approved")
    assert message.subject == f"آپ کا دعویٰ {claim.reference} منظور نہیں ہوا"
    assert f"آپ کا دعویٰ {claim.reference} منظور نہیں ہوا۔ وجہ: The session was cancelled" in message.body
    assert "People Participation لیڈ" in message.body


def test_english_when_the_trust_does_not_offer_their_language(trust, amara, make_record, rate, finance):
    _speaks(trust, amara, "pl", offered=["ur"])
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    claim_approve(claim=claim, actor=finance.user)
    message = Message.objects.get(template="payments.claim_approved")
    assert message.subject == f"Your claim {claim.reference} was approved"
    assert message.body == (
        "Dear Amara Bello,\n\n"
        f"Your claim {claim.reference} for £40.00 was approved. It will be paid in the next payment run. You can see "
        "it in WithUs under My payments.\n\nWith thanks,\nThe People Participation team"
    )
