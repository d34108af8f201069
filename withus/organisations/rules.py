import rules

from withus.accounts.rules import is_administrator, is_staff_side

rules.add_perm("organisations.manage_units", is_administrator)
rules.add_perm("organisations.view_units", is_staff_side)
# What the trust publishes (privacy notice, accessibility statement, team contact, feedback): issue 14 item 8.
rules.add_perm("organisations.manage_trust_information", is_administrator)
# Which translations the trust's people may choose (issue 26).
rules.add_perm("organisations.manage_languages", is_administrator)
