"""Named permissions for the learning pathway: courses, cohorts, booking, attendance, certificates, funnel."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participant,
    is_participation_lead,
    is_signed_in,
    is_signed_in_not_board,
    is_staff_member,
)

runs_involvement = is_participation_lead | is_administrator
# The QI team runs the QI courses: they manage cohorts of the QI pathway (checked on the course).
runs_learning = runs_involvement | is_improvement_advisor

rules.add_perm("learning.view_courses", is_signed_in_not_board)
rules.add_perm("learning.change_course", runs_involvement)
rules.add_perm("learning.manage_cohorts", runs_learning)
rules.add_perm("learning.book", is_participant | is_staff_member)
rules.add_perm("learning.view_own_learning", is_signed_in)
rules.add_perm("learning.view_funnel", runs_learning)
rules.add_perm("learning.view_evaluations", runs_learning)
rules.add_perm("learning.give_evaluation", is_staff_member)
# Whose certificate: your own, or anyone's on a cohort you may manage (checked on the object).
rules.add_perm("learning.download_certificate", is_signed_in)
