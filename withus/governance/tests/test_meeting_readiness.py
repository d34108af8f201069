"""Issue 21 item 6: the next committee meeting shows its members' adjustments (never the rest of their plans) and
why it is not ready: papers not yet sent, or sent fewer than 7 days before."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.governance.models import CommitteeKind, SeatTerm
from withus.governance.services.committees import committee_create, seat_create
from withus.governance.services.meetings import meeting_create
from withus.people.tests.factories import PersonFactory
from withus.support.models import MeetingReadiness
from withus.support.services import plan_save

pytestmark = pytest.mark.django_db


def test_next_meeting_shows_adjustments_and_why_it_is_not_ready(trust, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    lead = make_user(Role.PARTICIPATION_LEAD)
    amara = PersonFactory(
        organisation=trust.organisation,
        full_name="Amara Bello",
        units=[trust.willow],
        communication_needs=["large_print"],  # the Accessible Information Standard flag (ADR 41)
    )
    plan_save(
        person=amara,
        values={"adjustments": ["pre_meeting"], "topics_to_avoid": "Restraint on the ward"},
        actor=admin,
    )
    committee = committee_create(
        organisation=trust.organisation, name="QI Forum", kind=CommitteeKind.QI_FORUM, actor=admin
    )
    seat = seat_create(committee=committee, title="Service user co-chair", actor=admin)
    today = timezone.localdate()
    SeatTerm.objects.create(
        organisation=trust.organisation,
        seat=seat,
        person=amara,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=300),
    )
    meeting_create(
        committee=committee,
        held_on=today + datetime.timedelta(days=5),
        papers_on=today + datetime.timedelta(days=1),
        actor=admin,
    )
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("governance:committee", args=[committee.pk])).content.decode()
    assert "not ready yet" in page
    assert "The papers have not been sent to the members yet." in page
    assert "Amara Bello: a short meeting beforehand to go through the papers" in page
    assert page.count("Communication needs: </span>") == 2  # on her seat, and in what to plan for
    assert "Large print" in page
    assert "Restraint" not in page


def test_marking_ready_is_refused_with_reasons_until_papers_were_in_time(trust, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    amara = PersonFactory(organisation=trust.organisation, units=[trust.willow])
    plan_save(person=amara, values={"adjustments": ["breaks"]}, actor=admin)
    committee = committee_create(organisation=trust.organisation, name="Board", kind=CommitteeKind.BOARD, actor=admin)
    seat = seat_create(committee=committee, title="Service user seat", actor=admin)
    today = timezone.localdate()
    SeatTerm.objects.create(
        organisation=trust.organisation,
        seat=seat,
        person=amara,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )
    late = meeting_create(committee=committee, held_on=today + datetime.timedelta(days=3), papers_on=today, actor=admin)
    client = Client()
    client.force_login(admin)
    url = reverse("governance:meeting_ready", args=[committee.pk, late.pk])
    page = client.post(url, {"adjustments_planned": "yes"}, follow=True).content.decode()
    assert "cannot be marked ready yet" in page
    assert "members need them at least 7 days before" in page
    assert not MeetingReadiness.objects.exists()
    in_time = meeting_create(
        committee=committee,
        held_on=today + datetime.timedelta(days=8),
        papers_on=today - datetime.timedelta(days=1),
        actor=admin,
    )
    url = reverse("governance:meeting_ready", args=[committee.pk, in_time.pk])
    assert "adjustments are not confirmed" in client.post(url, {}, follow=True).content.decode()
    assert "is marked ready" in client.post(url, {"adjustments_planned": "yes"}, follow=True).content.decode()
    assert MeetingReadiness.objects.count() == 1
