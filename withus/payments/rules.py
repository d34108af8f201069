"""Named permissions for payments: claims, approval, finance batches, the rate card and my payments."""

import rules

from withus.accounts.models import Role
from withus.accounts.rules import is_administrator, is_finance_approver, is_participation_lead, is_signed_in
from withus.people.models import Person

runs_finance = is_finance_approver | is_administrator


@rules.predicate
def acts_for(user, person) -> bool:
    """The person themselves, a lead who may see them, finance (paper claims) or an administrator."""
    if person is None or person.organisation_id != user.organisation_id:
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    if user.has_role(Role.ADMINISTRATOR, Role.FINANCE_APPROVER):
        return True
    return user.has_role(Role.PARTICIPATION_LEAD) and Person.objects.visible_to(user).filter(pk=person.pk).exists()


def approval_refusal(claim, user) -> str:
    """Why this user may not approve this claim, in plain English; empty when they may."""
    if not user.has_role(Role.FINANCE_APPROVER) or user.organisation_id != claim.organisation_id:
        return "Only a finance approver can approve claims."
    if user.pk in {claim.claimant_user_id, claim.person.user_id}:
        return "You cannot approve your own claim. Another finance approver needs to do it."
    if user.pk in {claim.submitted_by_id, claim.created_by_id}:
        return "You made or sent this claim, so another finance approver needs to approve it."
    return ""


@rules.predicate
def may_approve_claim(user, claim) -> bool:
    """Approving (or rejecting) this claim: a finance approver of its trust who neither claims it nor made it."""
    return claim is not None and not approval_refusal(claim, user)


# On one object (has_perm(name, obj)): the rules the services enforce, for pages to ask before offering a button.
rules.add_perm("payments.act_for_person", acts_for)
rules.add_perm("payments.approve_this_claim", may_approve_claim)

rules.add_perm("payments.view_own_payments", is_signed_in)
rules.add_perm("payments.claim_own", is_signed_in)
# Leads submit for the people they support; finance types in paper claims; they cannot then approve them.
rules.add_perm("payments.claim_for_others", is_participation_lead | runs_finance)
rules.add_perm("payments.view_claims", is_participation_lead | runs_finance)
rules.add_perm("payments.view_claim", is_signed_in)  # which claim: checked on the object (own, or in scope)
rules.add_perm("payments.approve_claim", is_finance_approver)
rules.add_perm("payments.void_claim", is_signed_in)  # who may void which claim: decided by the service
# Returning a sent claim so the person can change it: which claim is decided by the service.
rules.add_perm("payments.return_claim", is_participation_lead | is_finance_approver)
rules.add_perm("payments.export_batches", is_finance_approver)
rules.add_perm("payments.view_batches", runs_finance)
rules.add_perm("payments.edit_rate_card", runs_finance)
rules.add_perm("payments.view_rate_card", is_participation_lead | runs_finance)
rules.add_perm("payments.edit_benefit_amounts", runs_finance)
rules.add_perm("payments.edit_preference", is_participation_lead | runs_finance)
rules.add_perm("payments.record_advance", is_participation_lead | runs_finance)
rules.add_perm("payments.view_lateness", is_participation_lead | runs_finance)
rules.add_perm("payments.edit_settings", runs_finance)
