"""Signals other apps listen to. Accounts sit below notifications (ADR 18), so they announce what happened and
notifications (which may import accounts) tells the person: it is never imported from here."""

from django.dispatch import Signal

# Sent inside the transaction that invited a member of staff: user, actor, sign_in_url.
staff_invited = Signal()
# An administrator invited someone to connect their Microsoft account (issue 24): notifications sends the link.
directory_invited = Signal()
# Someone asked to sign in (or confirm it is them) by text message (ADR 34): user, phone (07…), code, minutes,
# request, and on_result(sent: bool), called once the gateway has answered. Notifications writes the message to its
# outbox and sends it as soon as the transaction commits, without waiting for a worker.
sign_in_code_by_text = Signal()
