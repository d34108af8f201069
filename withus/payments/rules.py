"""Named permissions for payments: claims, approval, finance batches, the rate card and my payments."""

import rules

from withus.accounts.rules import is_administrator, is_finance_approver, is_participation_lead, is_signed_in

runs_finance = is_finance_approver | is_administrator

rules.add_perm("payments.view_own_payments", is_signed_in)
rules.add_perm("payments.claim_own", is_signed_in)
# Leads submit for the people they support; finance types in paper claims; they cannot then approve them.
rules.add_perm("payments.claim_for_others", is_participation_lead | runs_finance)
rules.add_perm("payments.view_claims", is_participation_lead | runs_finance)
rules.add_perm("payments.view_claim", is_signed_in)  # which claim: checked on the object (own, or in scope)
rules.add_perm("payments.approve_claim", is_finance_approver)
rules.add_perm("payments.void_claim", is_signed_in)  # who may void which claim: decided by the service
rules.add_perm("payments.export_batches", is_finance_approver)
rules.add_perm("payments.view_batches", runs_finance)
rules.add_perm("payments.edit_rate_card", runs_finance)
rules.add_perm("payments.view_rate_card", is_participation_lead | runs_finance)
rules.add_perm("payments.edit_benefit_amounts", runs_finance)
rules.add_perm("payments.edit_preference", is_participation_lead | runs_finance)
rules.add_perm("payments.view_lateness", is_participation_lead | runs_finance)
rules.add_perm("payments.edit_settings", runs_finance)
