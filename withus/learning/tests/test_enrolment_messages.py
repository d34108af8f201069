"""Issue 17: a person booked or taken off a cohort by a lead is told, by the way they chose; booking yourself
sends nothing (the page says it)."""

import pytest
from django.core import mail

from withus.learning.services.enrolment import enrolment_request, enrolment_withdraw
from withus.notifications.models import Message
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_lead_booking_someone_tells_them_their_place_or_the_waiting_list(
    trust, make_cohort, lead_user, django_capture_on_commit_callbacks
):
    cohort = make_cohort(capacity=1)
    placed, waiting = PersonFactory(organisation=trust.organisation), PersonFactory(organisation=trust.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_request(cohort=cohort, person=placed, actor=lead_user)
        enrolment_request(cohort=cohort, person=waiting, actor=lead_user)
    assert [message.to for message in mail.outbox] == [[placed.email], [waiting.email]]
    assert mail.outbox[0].subject.startswith("WithUs: You have a place on")
    assert "waiting list" in mail.outbox[1].subject


def test_booking_yourself_sends_no_message(make_cohort, make_participant, django_capture_on_commit_callbacks):
    me = make_participant("Chen Li")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_request(cohort=make_cohort(), person=me.person, actor=me.user)
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_a_lead_taking_someone_off_tells_them_why(trust, make_cohort, lead_user, django_capture_on_commit_callbacks):
    person = PersonFactory(organisation=trust.organisation)
    enrolment = enrolment_request(cohort=make_cohort(), person=person, actor=lead_user)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=enrolment, actor=lead_user, reason="They asked us to, by phone")
    removed = Message.objects.get(template="learning.removed_by_lead")
    assert removed.person == person
    assert "The reason: They asked us to, by phone" in removed.body
    assert [message.to for message in mail.outbox] == [[person.email]]
