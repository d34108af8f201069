"""Issue 17: someone whose committee term ends in 60 days is told once (a daily command, safe to run twice)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from withus.governance.models import CommitteeKind, ReservedFor, SeatTerm
from withus.governance.services.committees import committee_create, seat_create
from withus.notifications.models import Message
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
DAYS = datetime.timedelta


@pytest.fixture
def seat(trust):
    committee = committee_create(
        organisation=trust.organisation, name="Quality Committee", kind=CommitteeKind.SUB_COMMITTEE, actor=None
    )
    return seat_create(committee=committee, title="Service user member", reserved_for=ReservedFor.EITHER, actor=None)


def _term(seat, person, ends):
    return SeatTerm.objects.create(
        organisation_id=seat.organisation_id, seat=seat, person=person, starts_on=ends - DAYS(days=700), ends_on=ends
    )


def test_the_person_is_told_once_about_60_days_before(trust, seat, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    amara = PersonFactory(organisation=trust.organisation, email="amara@example.org", preferred_name="Amara")
    ending = _term(seat, amara, today + DAYS(days=60))
    later = PersonFactory(organisation=trust.organisation, email="ben@example.org")
    _term(seat, later, today - DAYS(days=701))  # an older term on the same seat, long over
    other_seat = seat_create(committee=seat.committee, title="Carer member", actor=None)
    _term(other_seat, later, today + DAYS(days=61))  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tell_terms_ending", verbosity=0)
        call_command("tell_terms_ending", verbosity=0)  # safe to run twice
    [sent] = mail.outbox
    assert sent.to == ["amara@example.org"]
    assert sent.subject.startswith("WithUs: Your term on Quality Committee ends on")
    assert "Your term as Service user member on Quality Committee" in sent.body
    assert Message.objects.get().idempotency_key == f"governance.term_ending:{ending.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tell_terms_ending", "--date", (today + DAYS(days=30)).isoformat(), verbosity=0)
    assert [m.to for m in mail.outbox] == [["amara@example.org"], ["ben@example.org"]]  # Amara not told again
