"""A person's own Messages page: marking what they have seen as read (so the header's unread count goes down)."""

from django.utils import timezone

from withus.notifications.models import Message
from withus.people.models import Person


def messages_mark_read(*, person: Person, message_ids) -> int:
    """Mark these messages to this person as read (only theirs, only once). One query; returns how many changed.
    Not audited: viewing the page is (audit_view), and this records only that they saw their own messages."""
    return (
        Message.objects.for_organisation(person.organisation_id)
        .for_person(person)
        .filter(pk__in=list(message_ids), read_at__isnull=True)
        .update(read_at=timezone.now())
    )
