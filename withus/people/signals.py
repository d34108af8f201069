"""Signals other apps listen to. The register sits below notifications (ADR 18), so it announces what happened and
notifications (which may import people) tells the person: it is never imported from here."""

from django.dispatch import Signal

# Sent inside the transaction that gave a person in the register a sign-in: person, user, actor, request.
sign_in_given = Signal()
