"""Issue 17: a person is told, by the way they chose, when their claim is approved, not approved or paid."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.notifications.models import Channel, ContactPreference, Message, MessageStatus
from withus.payments.services.approvals import claim_approve, claim_reject, claim_return
from withus.payments.services.batches import batch_create, batch_mark_paid
from withus.payments.services.claims import claim_create, claim_submit

pytestmark = pytest.mark.django_db


def _submitted(person, record, actor):
    return claim_submit(claim=claim_create(person=person, record_ids=[record.pk], actor=actor), actor=actor)


def test_approved_then_paid_each_tell_the_person_once(
    trust, amara, make_record, rate, finance, django_capture_on_commit_callbacks
):
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    with django_capture_on_commit_callbacks(execute=True):
        claim_approve(claim=claim, actor=finance.user)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(organisation=trust.organisation, route="payroll", actor=finance.user)
        batch_mark_paid(batch=batch, paid_on=timezone.localdate(), actor=finance.user)
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        f"WithUs: Your claim {claim.reference} was approved",
        f"WithUs: Your claim {claim.reference} was paid",
    ]
    assert "£40.00" in mail.outbox[0].body
    assert set(Message.objects.values_list("template", flat=True)) == {"payments.claim_approved", "payments.claim_paid"}


def test_not_approved_says_why(amara, make_record, rate, finance, django_capture_on_commit_callbacks):
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    with django_capture_on_commit_callbacks(execute=True):
        claim_reject(claim=claim, reason="The session was cancelled", actor=finance.user)
    [message] = mail.outbox
    assert "was not approved" in message.subject
    assert "The reason: The session was cancelled" in message.body


def test_someone_who_turned_off_payment_messages_is_not_sent_one(amara, make_record, rate, finance):
    ContactPreference.objects.create(
        organisation=amara.person.organisation, person=amara.person, first_choice=Channel.EMAIL, wants_payments=False
    )
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    claim_approve(claim=claim, actor=finance.user)
    assert Message.objects.get(template="payments.claim_approved").status == MessageStatus.NOT_SENT


def test_a_claim_returned_to_change_tells_the_person_what_to_change(
    amara, make_record, rate, finance, django_capture_on_commit_callbacks
):
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    with django_capture_on_commit_callbacks(execute=True):
        claim_return(claim=claim, reason="Add the bus fare receipt", actor=finance.user)
    [message] = mail.outbox
    assert message.subject == f"WithUs: Your claim {claim.reference} needs changing"
    assert "What needs changing: Add the bus fare receipt" in message.body
    assert Message.objects.get().template == "payments.claim_returned"


def test_a_refused_return_tells_nobody(amara, make_record, rate, finance):
    claim = _submitted(amara.person, make_record(amara.person), amara.user)
    with pytest.raises(ValidationError):
        claim_return(claim=claim, reason="  ", actor=finance.user)
    assert not Message.objects.exists()
