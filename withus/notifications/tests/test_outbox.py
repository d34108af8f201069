"""Writing messages into the outbox: who is told how, what they asked not to get, and never twice."""

import datetime

import pytest
from django.core import mail

from withus.notifications.models import Channel, ContactPreference, Message, MessageKind, MessageStatus
from withus.notifications.services.outbox import choose_channel, notify_person, told_summary
from withus.notifications.services.preferences import PreferenceValues, contact_preference_update
from withus.people.models import ContactMethod
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _notify(person, key="k1", kind=MessageKind.ESSENTIAL):
    return notify_person(
        person=person,
        template="tests.example",
        kind=kind,
        subject="Your place",
        body="Dear you,\n\nYou have a place.",
        idempotency_key=key,
    )


def test_an_email_is_written_in_the_transaction_and_sent_after_it_commits(trust, django_capture_on_commit_callbacks):
    person = PersonFactory(organisation=trust.organisation, email="amara@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _notify(person)
        assert Message.objects.get().status == MessageStatus.QUEUED
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [sent.to for sent in mail.outbox] == [["amara@example.org"]]
    assert mail.outbox[0].subject == "WithUs: Your place"
    assert [change.status for change in message.history.all()] == ["queued", "sending", "sent"]


def test_the_same_key_never_makes_a_second_message(trust, django_capture_on_commit_callbacks):
    person = PersonFactory(organisation=trust.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(person, key="same")
        second = _notify(person, key="same")
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("preferred", "channel", "status"),
    [
        (ContactMethod.TEXT, Channel.SMS, MessageStatus.QUEUED),
        (ContactMethod.LETTER, Channel.LETTER, MessageStatus.FOR_STAFF),
        (ContactMethod.PHONE, Channel.LEAD_CALL, MessageStatus.FOR_STAFF),
    ],
)
def test_the_register_choice_decides_the_channel(trust, preferred, channel, status):
    person = PersonFactory(
        organisation=trust.organisation, preferred_contact=preferred, phone="07700 900123", postal_address="1 High St"
    )
    message = _notify(person)
    assert (message.channel, message.status) == (channel, status)


def test_a_number_that_is_not_a_uk_mobile_falls_back_to_the_second_choice(trust, lead):
    person = PersonFactory(organisation=trust.organisation, phone="020 7946 0000", postal_address="1 High St, E1 1AA")
    ContactPreference.objects.create(
        organisation=trust.organisation, person=person, first_choice=Channel.SMS, second_choice=Channel.LETTER
    )
    channel, why = choose_channel(person)
    assert channel == Channel.LETTER
    assert "Text message" in why


def test_someone_we_cannot_reach_at_all_needs_a_call_from_their_lead(trust):
    person = PersonFactory(organisation=trust.organisation, email="", phone="", postal_address="")
    message = _notify(person)
    assert message.channel == Channel.LEAD_CALL
    assert message.status == MessageStatus.FOR_STAFF


def test_a_kind_they_turned_off_is_recorded_but_not_sent(trust, lead):
    person = PersonFactory(organisation=trust.organisation)
    contact_preference_update(
        person=person,
        values=PreferenceValues(first_choice=Channel.EMAIL, wants_opportunities=False),
        actor=lead.user,
    )
    message = _notify(person, kind=MessageKind.OPPORTUNITIES)
    assert message.status == MessageStatus.NOT_SENT
    # What became of their own stories and ideas can never be turned off.
    assert _notify(person, key="k2", kind=MessageKind.OUTCOMES).status == MessageStatus.QUEUED


def test_the_summary_says_truthfully_who_was_told_how(trust):
    people = [
        PersonFactory(organisation=trust.organisation),
        PersonFactory(organisation=trust.organisation),
        PersonFactory(organisation=trust.organisation, preferred_contact=ContactMethod.LETTER, postal_address="1 A St"),
        PersonFactory(organisation=trust.organisation, preferred_contact=ContactMethod.PHONE),
    ]
    messages = [_notify(person, key=str(person.pk)) for person in people]
    assert told_summary(messages) == (
        "2 people are told by e-mail; 1 person will get a letter (in the letters to post); "
        "1 person needs a phone call from their lead."
    )
    assert told_summary([]) == "No one needed to be told."


def test_choices_are_saved_audited_and_mirrored_in_the_register(trust, lead):
    person = PersonFactory(organisation=trust.organisation, phone="07700 900123")
    contact_preference_update(
        person=person,
        values=PreferenceValues(
            first_choice=Channel.SMS,
            second_choice=Channel.EMAIL,
            quiet_from=datetime.time(21),
            quiet_until=datetime.time(8),
        ),
        actor=lead.user,
    )
    person.refresh_from_db()
    assert person.preferred_contact == ContactMethod.TEXT
    preference = ContactPreference.objects.get(person=person)
    assert (preference.first_choice, preference.updated_by) == (Channel.SMS, lead.user)
    from withus.core.models import AuditEntry

    entry = AuditEntry.objects.get(object_id=str(preference.pk))
    assert "first_choice" in entry.changed_fields


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (PreferenceValues(first_choice="pigeon"), "first_choice", "Choose how you would like to hear from us first"),
        (PreferenceValues(first_choice=Channel.LETTER), "first_choice", "There is no postal address"),
        (PreferenceValues(first_choice=Channel.EMAIL, second_choice=Channel.EMAIL), "second_choice", "different"),
        (
            PreferenceValues(first_choice=Channel.EMAIL, quiet_from=datetime.time(21)),
            "quiet_until",
            "Enter both times",
        ),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_saved(trust, lead, values, field, message):
    from django.core.exceptions import ValidationError

    person = PersonFactory(organisation=trust.organisation, postal_address="")
    with pytest.raises(ValidationError) as error:
        contact_preference_update(person=person, values=values, actor=lead.user)
    assert message in " ".join(error.value.message_dict[field])
    assert not ContactPreference.objects.filter(person=person).exists()


def test_messages_of_one_transaction_are_enqueued_together_after_it_commits(trust, django_capture_on_commit_callbacks):
    people = [PersonFactory(organisation=trust.organisation) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for person in people:
            _notify(person, key=str(person.pk))
    assert mail.outbox == []
    callbacks[0]()  # the first callback enqueues all three; the others find nothing left to do
    assert len(mail.outbox) == 3
    for callback in callbacks[1:]:
        callback()
    assert len(mail.outbox) == 3
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}


def test_a_rolled_back_savepoint_does_not_lose_the_messages_after_it(trust, django_capture_on_commit_callbacks):
    from django.db import transaction

    first, second = PersonFactory(organisation=trust.organisation), PersonFactory(organisation=trust.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _notify(first, key="rolled-back")
                raise RuntimeError
        except RuntimeError:
            pass
        _notify(second, key="kept")
    assert [sent.to for sent in mail.outbox] == [[second.email]]
