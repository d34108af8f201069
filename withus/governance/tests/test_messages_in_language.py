"""Issue 26: a participant is told about their committee term and an interview panel in the language of their
sign-in (when their trust offers it); a member of staff is told in English, whatever language is active."""

import datetime

import pytest
from django.utils import timezone, translation

from withus.governance.models import CommitteeKind, ReservedFor, SeatTerm
from withus.governance.services.committees import committee_create, seat_create
from withus.governance.services.panels import member_add
from withus.governance.services.term_messages import terms_ending_tell
from withus.notifications.models import Message

pytestmark = pytest.mark.django_db


def _speaks(trust, participant, code):
    trust.organisation.languages_offered = ["pl", "ur"]
    trust.organisation.save(update_fields=["languages_offered"])
    participant.user.language = code
    participant.user.save(update_fields=["language"])


def test_a_panel_member_in_urdu_and_staff_in_english(trust, vacancy, staff, amara):
    _speaks(trust, amara, "ur")
    staff.user.language = "pl"  # staff reading WithUs in Polish still get English messages
    staff.user.save(update_fields=["language"])
    with translation.override("pl"):
        member_add(vacancy=vacancy, user=staff.user, is_chair=True, actor=staff.user)
        member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    to_amara = Message.objects.get(person=amara.person)
    assert to_amara.subject == "آپ Ward manager, Willow Ward کے انٹرویو پینل میں ہیں"
    assert to_amara.body.startswith(
        "محترم Amara Bello،\n\nآپ اس نوکری کے انٹرویو پینل میں ہیں: Ward manager, Willow Ward۔ "
    )
    assert to_amara.body.endswith("شکریہ،\nPeople Participation ٹیم")
    to_staff = Message.objects.get(user=staff.user)
    assert to_staff.subject == "You are chair of the interview panel for Ward manager, Willow Ward"
    assert to_staff.body.startswith(
        "Dear Ellen Park,\n\nYou are chair of the interview panel for this job: Ward manager, Willow Ward. "
        "The interviews are on "
    )
    assert to_staff.body.endswith("\n\nThank you,\nThe People Participation team")


def test_a_term_ending_in_polish(trust, amara):
    _speaks(trust, amara, "pl")
    committee = committee_create(
        organisation=trust.organisation, name="Quality Committee", kind=CommitteeKind.SUB_COMMITTEE, actor=None
    )
    seat = seat_create(committee=committee, title="Service user member", reserved_for=ReservedFor.EITHER, actor=None)
    ends = timezone.localdate() + datetime.timedelta(days=60)
    SeatTerm.objects.create(
        organisation_id=seat.organisation_id,
        seat=seat,
        person=amara.person,
        starts_on=ends - datetime.timedelta(days=700),
        ends_on=ends,
    )
    assert terms_ending_tell() == 1
    message = Message.objects.get(template="governance.term_ending")
    assert message.subject == f"Twoja kadencja w: Quality Committee kończy się {ends.day} {ends:%B %Y}"
    assert "Twoja kadencja (Service user member) w: Quality Committee" in message.body
