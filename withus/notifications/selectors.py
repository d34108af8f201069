"""Reads for notifications pages, each scoped to what the signed-in user may see."""

from django.db.models import Q

from withus.accounts.models import Role
from withus.notifications.models import COULD_NOT_REACH, SIGN_IN_CODE, Message
from withus.people.models import Person


def messages_visible_to(user):
    """Administrators see the whole trust's outbox; leads the messages to the people they may see."""
    messages = Message.objects.for_organisation(user.organisation_id).select_related("person", "user")
    if user.has_role(Role.ADMINISTRATOR):
        return messages
    return messages.filter(Q(person__in=Person.objects.visible_to(user)))


def person_for_contact_choices(user, person_id):
    return Person.objects.visible_to(user).filter(pk=person_id).first()


def unread_count_for(user) -> int:
    """How many messages to the signed-in person they have not seen yet (one query)."""
    return Message.objects.for_organisation(user.organisation_id).filter(person__user_id=user.pk).unread().count()


def messages_to(person):
    """What was sent to this person, newest first (their own page, and theirs only)."""
    return (
        Message.objects.for_organisation(person.organisation_id)
        .for_person(person)
        .exclude(template__in=(COULD_NOT_REACH, SIGN_IN_CODE))
    )


HOW_WE_TELL = {
    "email": "by e-mail",
    "sms": "by text message",
    "letter": "by letter",
    "lead_call": "with a phone call from your lead",
}


def how_we_tell(person) -> str:
    """How a message to this person would reach them now ("by text message"), for pages that promise one."""
    from withus.notifications.services.outbox import choose_channel

    channel, _ = choose_channel(person)
    return HOW_WE_TELL[channel]
