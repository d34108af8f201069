"""Named permissions for committees and recruitment panels.

Who sees what (see docs/governance.md):
- Committees, seats, terms and meetings: People Participation leads and administrators.
- Recruitment: leads (in their units) and administrators see every panel they run, staff see the vacancies they
  recruit to; panel members (staff, service users and carers) see the panels they sit on. Which panel is checked
  on the object: anyone else gets "Page not found".
- Scores: a member sees other members' scores for a candidate only after sending their own; the recruiting
  manager and leads see results only after the decision.
"""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
    is_staff_side,
)

runs_involvement = is_participation_lead | is_administrator

rules.add_perm("governance.view_committees", runs_involvement)
rules.add_perm("governance.manage_committees", runs_involvement)
# Any staff-side role: the list shows only the panels they run or sit on (staff of every kind sit on panels).
rules.add_perm("governance.view_recruitment", is_staff_side)
rules.add_perm("governance.add_vacancy", runs_involvement | is_staff_member)
# Which panel: those who run it and its members (checked on the object, 404 otherwise).
rules.add_perm("governance.open_panel", is_signed_in)
rules.add_perm("governance.score_candidates", is_signed_in)
rules.add_perm("governance.view_own_panels", is_signed_in)
rules.add_perm("governance.view_coverage", runs_involvement | is_improvement_advisor)
