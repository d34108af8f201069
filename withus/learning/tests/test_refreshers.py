"""Issue 17: someone whose training lapses within 30 days is told a refresher is due, once (a daily command)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from withus.learning.models import Completion, CompletionHow, CourseCode
from withus.notifications.models import Message
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
DAYS = datetime.timedelta


def _done(person, course, valid_until):
    return Completion.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        course=course,
        completed_on=valid_until - DAYS(days=1000),
        valid_until=valid_until,
        how=CompletionHow.RECORDED,
    )


def test_a_refresher_due_is_told_once_and_not_to_those_who_did_it_again(
    trust, courses, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    panel = courses[CourseCode.RECRUITMENT_PANEL]
    amara = PersonFactory(organisation=trust.organisation, email="amara@example.org", preferred_name="Amara")
    ben = PersonFactory(organisation=trust.organisation, email="ben@example.org")
    chen = PersonFactory(organisation=trust.organisation, email="chen@example.org")
    lapsing = _done(amara, panel, today + DAYS(days=20))
    _done(ben, panel, today + DAYS(days=20))
    _done(ben, panel, today + DAYS(days=900))  # Ben has refreshed already
    _done(chen, panel, today + DAYS(days=45))  # not yet
    _done(chen, courses[CourseCode.INTRO_QI], today - DAYS(days=5))  # lapsed already: nothing to remind
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tell_refreshers_due", verbosity=0)
        call_command("tell_refreshers_due", verbosity=0)  # safe to run twice
    [sent] = mail.outbox
    assert sent.to == ["amara@example.org"]
    assert sent.subject == f"WithUs: Time to refresh your {panel.name} training"
    assert "is in date until" in sent.body
    assert Message.objects.get().idempotency_key == f"learning.refresher_due:{lapsing.pk}"
