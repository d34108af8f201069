"""Acting for someone, one way (issue 14 item 5): a lead starting or sending a claim for a person confirms the
person agreed; one on-behalf record each time, in the audit log and on the person's own page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.services.claims import claim_create, claim_submit
from withus.people.models import OnBehalfAction


def _key(response):
    html = response.content.decode()
    marker = 'name="submission_key" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_a_lead_must_confirm_the_person_agreed_and_nothing_is_half_saved(amara, lead, make_record, rate):
    record = make_record(amara.person)
    start = lead.client.get(reverse("payments:claim_new") + f"?person={amara.person.pk}")
    assert "agreed to me starting this claim for them" in start.content.decode()
    refused = lead.client.post(
        reverse("payments:claim_new"),
        {"submission_key": _key(start), "records": [str(record.pk)], "person": str(amara.person.pk)},
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "There is a problem" in page
    assert "Confirm that Amara Bello agreed to you doing this for them" in page
    assert not Claim.objects.exists()
    assert not OnBehalfAction.objects.exists()
    with pytest.raises(ValidationError):
        claim_create(person=amara.person, record_ids=[record.pk], actor=lead.user)


def test_each_thing_done_for_them_is_one_record_they_see(amara, lead, make_record, rate):
    record = make_record(amara.person)
    claim = claim_create(person=amara.person, record_ids=[record.pk], actor=lead.user, person_agreed=True)
    detail = lead.client.get(reverse("payments:claim", args=[claim.pk]))
    assert "agreed to me sending this claim for them" in detail.content.decode()
    lead.client.post(reverse("payments:claim_submit", args=[claim.pk]), {"submission_key": _key(detail)})
    assert Claim.objects.get().status == ClaimStatus.DRAFT  # not sent without her agreement
    lead.client.post(
        reverse("payments:claim_submit", args=[claim.pk]), {"submission_key": _key(detail), "person_agreed": "on"}
    )
    assert Claim.objects.get().status == ClaimStatus.SUBMITTED
    actions = list(OnBehalfAction.objects.order_by("created_at"))
    assert [(action.what.split(" (")[0], action.actor, action.person_agreed) for action in actions] == [
        ("Started a claim for payment", lead.user, True),
        ("Sent a claim for payment", lead.user, True),
    ]
    assert AuditEntry.objects.filter(object_type="on_behalf_action").count() == 2
    mine = amara.client.get(reverse("people:me")).content.decode()
    assert "Done for you by someone else" in mine
    done_for = f"done by {lead.user.full_name} for {amara.person.full_name}"
    assert f"{done_for}: Started a claim for payment ({claim.reference})" in mine
    staff_view = lead.client.get(reverse("people:detail", args=[amara.person.pk])).content.decode()
    assert "Done for them by someone else" in staff_view


def test_doing_it_yourself_makes_no_on_behalf_record(amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    assert not OnBehalfAction.objects.exists()
