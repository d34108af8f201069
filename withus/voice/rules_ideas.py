"""Named permissions for ideas (issue 20). Which ideas anyone reaches: Idea.objects.visible_to (404 otherwise):
a participant only their own; staff their units'; leads, QI advisors and administrators their trust's."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
)

works_on_ideas = is_staff_member | is_participation_lead | is_improvement_advisor | is_administrator
answers_ideas = is_participation_lead | is_improvement_advisor | is_administrator

# Anyone signed in raises an idea: a participant for themselves, staff for themselves or on someone's behalf.
rules.add_perm("ideas.raise_idea", is_signed_in)
rules.add_perm("ideas.view_own", is_signed_in)
rules.add_perm("ideas.view_ideas", works_on_ideas)
rules.add_perm("ideas.answer_idea", answers_ideas)
rules.add_perm("ideas.view_forum", works_on_ideas)
# Approving a project creates it in withus.improvement, which only QI advisors and administrators may do for any team.
rules.add_perm("ideas.decide_forum", is_improvement_advisor | is_administrator)
rules.add_perm("ideas.manage_states", is_administrator)
# Run charts of how quickly ideas are answered and changed (leads, QI advisors and administrators: the board's view).
rules.add_perm("ideas.view_charts", answers_ideas)
# The service level (days to a first answer) and the bank-holiday list the working days skip.
rules.add_perm("ideas.manage_settings", is_administrator)
