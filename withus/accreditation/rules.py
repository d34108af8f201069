"""Named permissions for accreditation pages. Which reviews: Review.objects.visible_to (a unit's staff and
leads, trust-wide leads and advisers, and the assessors on its visit team)."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
)

rules.add_perm(
    "accreditation.view_programme",
    is_participation_lead | is_administrator | is_improvement_advisor | is_staff_member,
)
rules.add_perm("accreditation.view_review", is_signed_in)
rules.add_perm("accreditation.view_own_visits", is_signed_in)
# Only assessors on the review's team reach their rating page (the view finds them or gives 404).
rules.add_perm("accreditation.rate_review", is_signed_in)
rules.add_perm("accreditation.decide_review", is_participation_lead | is_administrator)
# The unit's own team (staff of the unit) and leads enter the self-review; which reviews: visible_to.
rules.add_perm("accreditation.self_review", is_staff_member | is_participation_lead | is_administrator)
# Scoring rules are trust-wide data an administrator edits (issue 18 item 2); each change is a new version.
rules.add_perm("accreditation.change_rule", is_administrator)
# Standards (issue 18 item 1, ADR 35): anyone who sees the programme reads the standards; leads and
# administrators draft a new edition, send it for review and publish it. Standard sets are trust-wide.
rules.add_perm(
    "accreditation.view_standards",
    is_participation_lead | is_administrator | is_improvement_advisor | is_staff_member,
)
rules.add_perm("accreditation.draft_standards", is_participation_lead | is_administrator)
