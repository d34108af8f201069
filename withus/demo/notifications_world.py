"""The demo trust's messages (issue 17): Ben prefers text messages (quiet hours while he sleeps after night
shifts), Chen prefers post, and the outbox has something of every kind: delivered e-mails and text messages,
letters waiting to be posted (Chen's; one to someone who needs easy read, which prints in easy read; one to someone
who reads braille, whose page tells staff to arrange a braille copy: ADR 41), a call for a lead to make, and two
failures (one to re-send, one address that does not work). Idempotent: every message has a fixed key, so running
it again adds nothing."""

import datetime

from django.utils import timezone

from withus.accounts.models import User
from withus.notifications.models import (
    Channel,
    ContactPreference,
    Message,
    MessageKind,
    MessageStatus,
    MessageStatusChange,
)
from withus.notifications.services.preferences import PreferenceValues, address_for, contact_preference_update
from withus.people.models import CommunicationNeed, Person
from withus.people.services import person_set_communication_need

CHEN_ADDRESS = "Flat 3, 12 Marsh Lane\nLondon\nE2 7AB"
BRAILLE_LETTER = "demo:braille-letter"
EASY_READ_LETTER = "demo:easy-read-letter"


def _person(trust, full_name: str) -> Person | None:
    return Person.objects.filter(organisation=trust, full_name=full_name).first()


def build_notifications(*, trust) -> int:
    lead = User.objects.filter(email="lead@demo.withus.local").first()
    ben, chen, amara = (_person(trust, name) for name in ("Ben Hughes", "Chen Li", "Amara Bello"))
    if ben is not None and not ContactPreference.objects.filter(person=ben).exists():
        contact_preference_update(
            person=ben,
            values=PreferenceValues(
                first_choice=Channel.SMS,
                second_choice=Channel.EMAIL,
                wants_opportunities=True,
                wants_reminders=True,
                wants_payments=True,
                quiet_from=datetime.time(8),
                quiet_until=datetime.time(15),
            ),
            actor=lead,
        )
    if chen is not None and not ContactPreference.objects.filter(person=chen).exists():
        if not chen.postal_address:
            Person.objects.filter(pk=chen.pk).update(postal_address=CHEN_ADDRESS)
            chen.refresh_from_db()
        contact_preference_update(
            person=chen,
            values=PreferenceValues(first_choice=Channel.LETTER, second_choice=Channel.EMAIL),
            actor=chen.user,
        )
    made = 0
    history = _history(trust, amara, ben, chen)
    # Letters to people whose communication needs they must honour (ADR 41), in the demo lead's part of the trust.
    # Not to the people with sign-ins: someone who needs easy read sees the easy-read pages, and the demo's
    # journeys as Amara, Ben and Chen read the standard ones.
    taken = [p.pk for p in (amara, ben, chen) if p]
    for key, need in ((EASY_READ_LETTER, CommunicationNeed.EASY_READ), (BRAILLE_LETTER, CommunicationNeed.BRAILLE)):
        reader = _reader_for(trust, lead, key=key, need=need, exclude=taken)
        if reader is not None:
            taken.append(reader.pk)
            history.append((reader, _reading_panel_letter(reader, key=key)))
    for person, entry in history:
        if person is not None and _message(trust, person, **entry):
            made += 1
            if entry["key"] == "demo:failed-address":
                preference, _ = ContactPreference.objects.get_or_create(person=person, defaults={"organisation": trust})
                preference.address_problem = "E-mail failed: the address does not work"
                preference.save(update_fields=["address_problem", "updated_at"])
    return made


def _reader_for(trust, lead, *, key: str, need: str, exclude: list) -> Person | None:
    """Someone in the lead's part of the register who has this communication need and a postal address: the first
    who already has it, or else the first with an address, whose record the lead then says so (through the people
    service, audited). Once their letter exists, it is them again."""
    sent = Message.objects.filter(idempotency_key=key).select_related("person").first()
    if sent is not None:
        return sent.person
    if lead is None:
        return None
    people = (
        Person.objects.visible_to(lead)
        .filter(organisation=trust, user__isnull=True)
        .exclude(pk__in=exclude)
        .exclude(postal_address="")
    )
    person = people.with_communication_need(need).order_by("full_name").first()
    if person is not None:
        return person
    person = people.order_by("full_name").first()
    if person is None:
        return None
    return person_set_communication_need(person=person, need=need, needed=True, actor=lead)


def _reading_panel_letter(person, *, key: str) -> dict:
    first = (person.preferred_name or person.full_name).split()[0]
    return {
        "key": key,
        "channel": Channel.LETTER,
        "subject": "Your place at the reading panel",
        "body": (
            f"Dear {first},\n\nThank you for joining the reading panel for patient leaflets. It meets on Tuesday at "
            "2pm in the Riverside Centre.\n\nWe pay you for your time. Your lead will ring you to help with your "
            "claim.\n\nWith thanks,\nThe People Participation team"
        ),
        "steps": [MessageStatus.FOR_STAFF],
        "days_ago": 2,
    }


def _history(trust, amara, ben, chen):
    someone = (
        Person.objects.filter(organisation=trust)
        .exclude(pk__in=[p.pk for p in (amara, ben, chen) if p])
        .exclude(email="")
        .order_by("full_name")
        .first()
    )
    return [
        (
            amara,
            {
                "key": "demo:amara-place",
                "channel": Channel.EMAIL,
                "subject": "You have a place: Willow Ward community meeting",
                "body": "Dear Amara,\n\nThank you for your interest. We would like you to take part.",
                "steps": [MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED],
                "days_ago": 12,
            },
        ),
        (
            ben,
            {
                "key": "demo:ben-reminder",
                "channel": Channel.SMS,
                "kind": MessageKind.REMINDERS,
                "subject": "Tomorrow: People Participation sub-committee",
                "body": "Hi Ben. Just to remind you: the sub-committee meets tomorrow at 4pm. "
                "Tell Priya if you cannot come.",
                "steps": [MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED],
                "days_ago": 3,
            },
        ),
        (
            chen,
            {
                "key": "demo:chen-welcome",
                "channel": Channel.LETTER,
                "subject": "Welcome to WithUs",
                "body": (
                    "Dear Chen,\n\nThank you for getting in touch. Your People Participation lead, Priya, will ring "
                    "you to arrange a welcome conversation. You are welcome to bring a friend.\n\nWith thanks,\n"
                    "The People Participation team"
                ),
                "steps": [MessageStatus.FOR_STAFF],
                "days_ago": 1,
            },
        ),
        (
            someone,
            {
                "key": "demo:failed-500",
                "channel": Channel.EMAIL,
                "subject": "Your claim was paid",
                "body": "Your claim for the focus group on 3 November was paid today.",
                "steps": [MessageStatus.SENDING] * 5 + [MessageStatus.FAILED],
                "error": "GOV.UK Notify answered 500: Internal server error – gave up after 5 tries",
                "days_ago": 2,
            },
        ),
        (
            someone,
            {
                "key": "demo:failed-address",
                "channel": Channel.EMAIL,
                "subject": "New opportunity: reading panel for patient leaflets",
                "kind": MessageKind.OPPORTUNITIES,
                "body": "A new opportunity you may like: a reading panel for patient leaflets.",
                "steps": [MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.FAILED],
                "error": "Notify: permanent-failure",
                "days_ago": 6,
            },
        ),
        (
            someone,
            {
                "key": "demo:failed-address:could-not-reach",
                "channel": Channel.LEAD_CALL,
                "subject": "Could not reach them by e-mail",
                "body": (
                    'Our e-mail "New opportunity: reading panel for patient leaflets" could not be delivered (the '
                    "address does not work). Please phone them, tell them what it said and check their details."
                ),
                "steps": [MessageStatus.FOR_STAFF],
                "days_ago": 6,
            },
        ),
    ]


def _message(trust, person, *, key, channel, subject, body, steps, days_ago, kind=MessageKind.ESSENTIAL, error=""):
    if Message.objects.filter(idempotency_key=key).exists():
        return None
    when = timezone.now() - datetime.timedelta(days=days_ago)
    message = Message.objects.create(
        organisation=trust,
        person=person,
        channel=channel,
        kind=kind,
        template="notifications.could_not_reach"
        if channel == Channel.LEAD_CALL
        else f"demo.{key.removeprefix('demo:')}",
        subject=subject,
        body=body,
        personalisation={"subject": subject, "body": body},
        to_address=address_for(person, channel),
        idempotency_key=key,
        status=steps[-1],
        attempts=sum(1 for step in steps if step == MessageStatus.SENDING),
        notify_id=f"demo-{key.removeprefix('demo:')}" if MessageStatus.SENT in steps else "",
        last_error=error,
        sent_at=when if MessageStatus.SENT in steps else None,
    )
    changes = [MessageStatusChange(message=message, status=MessageStatus.QUEUED, detail="")]
    for step in steps:
        detail = error if step == MessageStatus.FAILED else ""
        if step == MessageStatus.FOR_STAFF:
            detail = (
                "A letter to print and post" if channel == Channel.LETTER else "A phone call for their lead to make"
            )
        changes.append(MessageStatusChange(message=message, status=step, detail=detail))
    MessageStatusChange.objects.bulk_create(changes)
    Message.objects.filter(pk=message.pk).update(created_at=when, updated_at=when)
    for number, change in enumerate(changes):
        MessageStatusChange.objects.filter(pk=change.pk).update(created_at=when + datetime.timedelta(minutes=number))
    return message
