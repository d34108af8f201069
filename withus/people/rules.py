"""Named permissions for the involvement register."""

import rules

from withus.accounts.rules import (
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_staff_member,
)

keeps_register = is_participation_lead | is_administrator

rules.add_perm("people.view_register", keeps_register | is_staff_member | is_improvement_advisor)
rules.add_perm("people.view_person", keeps_register | is_staff_member | is_improvement_advisor)
rules.add_perm("people.add_person", keeps_register)
rules.add_perm("people.change_person", keeps_register)
rules.add_perm("people.give_sign_in", keeps_register)
rules.add_perm("people.change_status", keeps_register)
rules.add_perm("people.record_consent", keeps_register)
# Special-category data: only the register's keepers, never other staff.
rules.add_perm("people.view_equality", keeps_register)
rules.add_perm("people.change_equality", keeps_register)
rules.add_perm("people.view_equality_summary", keeps_register | is_improvement_advisor)
rules.add_perm("people.view_own_record", is_signed_in)
rules.add_perm("people.change_own_record", is_signed_in)
# Data protection: what happens after someone withdraws their agreement, and everything held about them.
rules.add_perm("people.record_data_decision", keeps_register)
rules.add_perm("people.export_person", keeps_register)
