"""Sixteen finance approvers pressing "approve" or "export" at the same moment: exactly one approval, one batch
(real PostgreSQL, real threads, released together by a barrier)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections

from withus.accounts.models import Role
from withus.payments.models.batches import LedgerEntry, PaymentBatch
from withus.payments.models.claims import Claim, ClaimStatus, ClaimStatusChange
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_create, claim_submit
from withus.payments.services.ledger import ledger_problems

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs concurrent connections: SQLite serialises writers, so the race cannot happen there. "
    "CI runs this file on PostgreSQL.",
)

THREADS = 16


def _race(action, actors) -> tuple[list, list, list]:
    barrier = threading.Barrier(len(actors))
    done, refused, errors = [], [], []

    def run(actor):
        try:
            barrier.wait()
            done.append(action(actor))
        except (ValidationError, IntegrityError) as error:
            refused.append(error)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused, errors


@pytest.mark.django_db(transaction=True)
def test_sixteen_simultaneous_approvals_approve_once(amara, make_record, rate, make_user):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim = claim_submit(claim=claim, actor=amara.user)
    approvers = [make_user(Role.FINANCE_APPROVER) for _ in range(THREADS)]
    done, refused, errors = _race(lambda actor: claim_approve(claim=claim, actor=actor), approvers)
    assert errors == []
    assert len(done) == 1
    assert len(refused) == THREADS - 1
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED
    assert ClaimStatusChange.objects.filter(claim=claim, to_status=ClaimStatus.APPROVED).count() == 1
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
    assert ledger_problems(claim.organisation_id) == []


@pytest.mark.django_db(transaction=True)
def test_sixteen_simultaneous_exports_make_one_batch(trust, amara, ben, make_record, rate, make_user, finance):
    for person in (amara.person, ben.person):
        for days in (3, 4):
            claim = claim_create(person=person, record_ids=[make_record(person, days_ago=days).pk], actor=person.user)
            claim_submit(claim=claim, actor=person.user)
            claim_approve(claim=claim, actor=finance.user)
    exporters = [make_user(Role.FINANCE_APPROVER) for _ in range(THREADS)]
    done, refused, errors = _race(
        lambda actor: batch_create(organisation=trust.organisation, route="payroll", actor=actor), exporters
    )
    assert errors == []
    assert len(done) == 1
    assert len(refused) == THREADS - 1
    batch = PaymentBatch.objects.get()
    assert batch.claim_count == 4
    assert set(Claim.objects.values_list("status", "batch_id")) == {(ClaimStatus.EXPORTED, batch.pk)}
    assert ledger_problems(trust.organisation.pk) == []


@pytest.mark.django_db(transaction=True)
def test_sixteen_identical_approve_forms_give_one_result(amara, make_record, rate, finance):
    """The same form sent 16 times at once (double clicks, retries): one approval, and every answer is that claim."""
    import uuid

    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim = claim_submit(claim=claim, actor=amara.user)
    key = uuid.uuid4()
    done, _refused, errors = _race(
        lambda actor: claim_approve(claim=claim, actor=actor, submission_key=key), [finance.user] * THREADS
    )
    assert errors == []
    assert {result.pk for result in done} <= {claim.pk}
    assert ClaimStatusChange.objects.filter(claim=claim, to_status=ClaimStatus.APPROVED).count() == 1
    assert LedgerEntry.objects.filter(claim=claim).count() == 1
