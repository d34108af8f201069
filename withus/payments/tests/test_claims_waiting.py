"""Issue 17: finance hears once a day of claims waiting for approval for more than N days (a command, idempotent)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from withus.notifications.models import Message
from withus.payments.models.claims import Claim
from withus.payments.services.approvals import claim_approve
from withus.payments.services.claims import claim_create, claim_submit

pytestmark = pytest.mark.django_db


def _submitted(person, record, actor, days_ago):
    claim = claim_submit(claim=claim_create(person=person, record_ids=[record.pk], actor=actor), actor=actor)
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days_ago))
    return claim


def test_finance_is_told_once_a_day_of_claims_waiting_too_long(
    amara, make_record, rate, finance, finance2, django_capture_on_commit_callbacks
):
    old = _submitted(amara.person, make_record(amara.person, days_ago=20), amara.user, days_ago=9)
    recent = _submitted(amara.person, make_record(amara.person, days_ago=3), amara.user, days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tell_finance_claims_waiting", "--days", "7", verbosity=0)
        call_command("tell_finance_claims_waiting", "--days", "7", verbosity=0)  # safe to run twice
    assert sorted(m.to[0] for m in mail.outbox) == ["finance2@example.org", "finance@example.org"]
    body = mail.outbox[0].body
    assert f"{old.reference}: £40.00, waiting 9 days" in body
    assert recent.reference not in body
    assert mail.outbox[0].subject == "WithUs: 1 claim has waited more than 7 days for approval"
    assert Message.objects.filter(template="payments.claims_waiting").count() == 2


def test_nothing_waiting_too_long_tells_nobody(amara, make_record, rate, finance):
    claim = _submitted(amara.person, make_record(amara.person), amara.user, days_ago=10)
    claim_approve(claim=claim, actor=finance.user)
    call_command("tell_finance_claims_waiting", verbosity=0)
    assert not Message.objects.filter(template="payments.claims_waiting").exists()
