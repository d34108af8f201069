"""Named permissions for notifications."""

import rules

from withus.accounts.rules import is_administrator, is_participation_lead, is_signed_in

keeps_register = is_participation_lead | is_administrator

# The outbox: what was sent to whom, re-sending a failed message, letters to post and calls to make.
rules.add_perm("notifications.view_outbox", keeps_register)
rules.add_perm("notifications.handle_message", keeps_register)
# A lead sets someone's contact choices for them (on the phone); anyone signed in sets their own.
rules.add_perm("notifications.change_contact_choices", keeps_register)
rules.add_perm("notifications.change_own_contact_choices", is_signed_in)
rules.add_perm("notifications.view_own_messages", is_signed_in)
