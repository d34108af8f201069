"""Signals other apps listen to. Accounts sit below notifications (ADR 18), so they announce what happened and
notifications (which may import accounts) tells the person: it is never imported from here."""

from django.dispatch import Signal

# Sent inside the transaction that invited a member of staff: user, actor, sign_in_url.
staff_invited = Signal()
# An administrator invited someone to connect their Microsoft account (issue 24): notifications sends the link.
directory_invited = Signal()
