"""payments.rules: who acts for a person and who may approve a claim, as pages ask it and services enforce it."""

from withus.accounts.models import Role
from withus.organisations.tests.factories import OrganisationFactory
from withus.payments.rules import approval_refusal
from withus.payments.services.claims import claim_create, claim_submit
from withus.people.tests.factories import PersonFactory


def test_who_acts_for_a_person(trust, make_user, amara, ben):
    assert amara.user.has_perm("payments.act_for_person", amara.person)  # themselves
    assert not amara.user.has_perm("payments.act_for_person", ben.person)  # not another participant
    assert make_user(Role.FINANCE_APPROVER).has_perm("payments.act_for_person", ben.person)  # paper claims
    lead_here = make_user(Role.PARTICIPATION_LEAD, unit=trust.willow)
    lead_there = make_user(Role.PARTICIPATION_LEAD, unit=trust.nursing)
    assert lead_here.has_perm("payments.act_for_person", amara.person)
    assert not lead_there.has_perm("payments.act_for_person", amara.person)
    assert not make_user(Role.STAFF, unit=trust.willow).has_perm("payments.act_for_person", amara.person)
    stranger = PersonFactory(organisation=OrganisationFactory(name="Another NHS Trust"))
    assert not make_user(Role.ADMINISTRATOR).has_perm("payments.act_for_person", stranger)


def test_who_may_approve_a_claim_and_why_not(amara, lead, finance, finance2, make_record, rate):
    by_lead = claim_create(
        person=amara.person, record_ids=[make_record(amara.person).pk], actor=lead.user, person_agreed=True
    )
    by_lead = claim_submit(claim=by_lead, actor=lead.user, person_agreed=True)
    assert finance.user.has_perm("payments.approve_this_claim", by_lead)
    assert approval_refusal(by_lead, finance.user) == ""
    assert not lead.user.has_perm("payments.approve_this_claim", by_lead)
    assert approval_refusal(by_lead, lead.user) == "Only a finance approver can approve claims."
    by_finance = claim_create(
        person=amara.person, record_ids=[make_record(amara.person).pk], actor=finance.user, person_agreed=True
    )
    assert not finance.user.has_perm("payments.approve_this_claim", by_finance)
    assert "another finance approver" in approval_refusal(by_finance, finance.user)
    assert finance2.user.has_perm("payments.approve_this_claim", by_finance)
    assert not finance.user.has_perm("payments.approve_this_claim")  # without a claim, nobody
