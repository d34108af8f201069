"""Issue 17: someone put on an interview panel is told, through the outbox (a participant by their chosen way)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from withus.governance.services.panels import member_add
from withus.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_a_participant_and_a_member_of_staff_are_each_told_once(
    vacancy, staff, lead, amara, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_add(vacancy=vacancy, user=staff.user, is_chair=True, actor=staff.user)
        member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.user.email, amara.person.email])
    to_amara = next(m for m in mail.outbox if m.to == [amara.person.email])
    assert to_amara.subject == "WithUs: You are on the interview panel for Ward manager, Willow Ward"
    assert "The interviews are on" in to_amara.body
    chair = next(m for m in mail.outbox if m.to == [staff.user.email])
    assert "chair of the interview panel" in chair.subject
    amara_message = Message.objects.get(person=amara.person)
    assert amara_message.template == "governance.panel_member_added"


def test_someone_refused_a_place_on_the_panel_is_not_told(vacancy, staff, chen):
    with pytest.raises(ValidationError):
        member_add(vacancy=vacancy, user=chen.user, actor=staff.user)  # no panel training
    assert not Message.objects.exists()
