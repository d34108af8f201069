"""Session reminders the day before (issue 17): by each person's chosen way, once however often the command runs."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from withus.learning.tests.conftest import enrol_directly
from withus.notifications.gateway import LocalGateway
from withus.notifications.models import Channel, ContactPreference, Message, MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_texts_left_over():
    LocalGateway.texts.clear()
    yield
    LocalGateway.texts.clear()


def test_everyone_enrolled_is_reminded_once_by_their_chosen_way(
    make_cohort, make_participant, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    hours = (tomorrow.replace(hour=10, minute=0) - timezone.localtime()).total_seconds() / 3600
    cohort = make_cohort(first_in_hours=hours)
    amara = make_participant("Amara Bello").person
    ben = make_participant("Ben Hughes").person
    ben.phone = "07700 900456"
    ben.save()
    ContactPreference.objects.create(organisation=ben.organisation, person=ben, first_choice=Channel.SMS)
    quiet = make_participant("Quinn Quiet").person
    ContactPreference.objects.create(organisation=quiet.organisation, person=quiet, wants_reminders=False)
    for person in (amara, ben, quiet):
        enrol_directly(cohort, person)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", verbosity=0)
        call_command("send_reminders", verbosity=0)  # safe to run twice
    reminders = Message.objects.filter(template="learning.session_reminder")
    assert reminders.count() == 3
    assert [message.to for message in mail.outbox] == [[amara.email]]
    assert "is tomorrow" in mail.outbox[0].body
    assert [text["to"] for text in LocalGateway.texts] == ["07700900456"]
    assert reminders.get(person=quiet).status == MessageStatus.NOT_SENT


def test_a_cancelled_cohort_sends_no_reminders(make_cohort, make_participant, lead_user):
    from withus.learning.services.cohorts import cohort_cancel

    cohort = make_cohort(first_in_hours=30)
    enrol_directly(cohort, make_participant("Amara Bello").person)
    cohort_cancel(cohort=cohort, reason="The trainer is unwell", actor=lead_user)
    day = timezone.localtime(cohort.sessions.first().starts_at).date()
    call_command("send_reminders", "--date", day.isoformat(), verbosity=0)
    assert not Message.objects.filter(template="learning.session_reminder").exists()
