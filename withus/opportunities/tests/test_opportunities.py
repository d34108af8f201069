"""Posting opportunities: leads publish; staff champions request and a lead approves. Bad input refused kindly."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.opportunities.models import Opportunity, OpportunityStatus, Session
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def _form(the_kind, unit, **changes):
    first = timezone.localdate() + datetime.timedelta(days=20)
    closes = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "submission_key": "6d3f0e53-5d9e-4d39-9b7c-2f0b8d9e1a11",
        "title": "Interview panel: Cedar Ward manager",
        "description": "Help choose the next ward manager.",
        "kind": str(the_kind.pk),
        "unit": str(unit.pk),
        "first_date_day": str(first.day),
        "first_date_month": str(first.month),
        "first_date_year": str(first.year),
        "starts_at": "10am",
        "ends_at": "1:30pm",
        "session_count": "3",
        "place": "Cedar Ward, meeting room 2",
        "places": "2",
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
        "open_to": "both",
        "payment_description": "£25 an hour",
        "travel_booked": "on",
    }
    data.update(changes)
    return data


def test_lead_publishes_a_series(lead, kind, trust):
    response = lead.client.post(reverse("opportunities:add"), _form(kind, trust.cedar))
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.status == OpportunityStatus.OPEN
    assert opportunity.organiser == lead.user
    sessions = list(Session.objects.filter(opportunity=opportunity))
    assert len(sessions) == 3
    assert sessions[1].starts_at - sessions[0].starts_at == datetime.timedelta(weeks=1)
    assert sessions[0].hours == 3.5
    assert opportunity.support_offered == ["We book and pay for your travel"]


def test_sent_twice_saves_once(lead, kind, trust):
    data = _form(kind, trust.cedar)
    lead.client.post(reverse("opportunities:add"), data)
    response = lead.client.post(reverse("opportunities:add"), data)
    assert response.status_code == 302
    assert Opportunity.objects.count() == 1


def test_staff_champion_requests_and_a_lead_approves(make_user, signed_in, kind, trust, lead):
    staff = make_user(Role.STAFF, unit=trust.willow)
    client = signed_in(staff)
    client.post(reverse("opportunities:add"), _form(kind, trust.willow))
    opportunity = Opportunity.objects.get()
    assert opportunity.status == OpportunityStatus.REQUESTED
    # Not yet shown to participants.
    assert not Opportunity.objects.open_for_interest().exists()
    assert client.post(reverse("opportunities:approve", args=[opportunity.pk])).status_code == 404
    lead.client.post(reverse("opportunities:approve", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.approved_by) == (OpportunityStatus.OPEN, lead.user)


def test_staff_cannot_post_for_a_unit_that_is_not_theirs(make_user, signed_in, kind, trust):
    client = signed_in(make_user(Role.STAFF, unit=trust.willow))
    response = client.post(reverse("opportunities:add"), _form(kind, trust.nursing))
    assert "Choose a ward, team or service you work in or champion" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_champion_may_post_for_the_unit_they_champion(make_user, signed_in, kind, trust):
    user = make_user(Role.STAFF, unit=trust.willow)
    champion = PersonFactory(organisation=trust.organisation, user=user, kind=PersonKind.STAFF)
    champion.champion_units.add(trust.nursing)
    signed_in(user).post(reverse("opportunities:add"), _form(kind, trust.nursing))
    assert Opportunity.objects.get().status == OpportunityStatus.REQUESTED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter title"),
        ({"ends_at": "9am"}, "The end time must be after the start time"),
        ({"starts_at": "25:00"}, "Start time must be a real time"),
        ({"starts_at": "6am", "ends_at": "7pm"}, "A session can be up to 12 hours long"),
        ({"places": "0"}, "Enter at least 1 place"),
        ({"places": "many"}, "Enter the number of places as a number"),
        ({"session_count": "13"}, "Enter 12 sessions or fewer"),
        ({"place": ""}, "Enter where it is, or tick that it is online"),
        ({"first_date_year": "2020"}, "The first session must be today or in the future"),
        ({"closes_on_day": "", "closes_on_month": "", "closes_on_year": ""}, "Enter closing date for interest"),
        ({"kind": ""}, "Select the kind of involvement"),
    ],
)
def test_bad_input_is_refused_saying_how_to_fix_it(lead, kind, trust, changes, message):
    response = lead.client.post(reverse("opportunities:add"), _form(kind, trust.cedar, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<title>Error:" in html
    assert not Opportunity.objects.exists()


def test_closing_after_the_first_session_is_refused(lead, kind, trust):
    late = timezone.localdate() + datetime.timedelta(days=30)
    data = _form(kind, trust.cedar, closes_on_day=str(late.day), closes_on_month=str(late.month))
    data["closes_on_year"] = str(late.year)
    response = lead.client.post(reverse("opportunities:add"), data)
    assert "The closing date must be on or before the first session" in response.content.decode()


def test_participants_cannot_post(amara, kind):
    assert amara.client.get(reverse("opportunities:add")).status_code == 404


def test_staff_list_is_scoped_and_bounded(lead, trust, kind, django_assert_max_num_queries):
    for number in range(30):
        opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow)
        for _ in range(3 if number % 2 else 0):
            ResponseFactory(opportunity=opportunity, person=PersonFactory(organisation=trust.organisation))
    OpportunityFactory(title="Another trust's opportunity")
    with django_assert_max_num_queries(16):
        response = lead.client.get(reverse("opportunities:list"))
    html = response.content.decode()
    assert "30 opportunities" in html
    assert "Another trust" not in html


def test_participant_list_is_bounded(amara, trust, kind, django_assert_max_num_queries):
    for _ in range(30):
        opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow)
        ResponseFactory(opportunity=opportunity, person=amara.person)
    with django_assert_max_num_queries(17):  # one is the header's unread messages count
        response = amara.client.get(reverse("opportunities:list"))
    assert "We have your interest" in response.content.decode()


def test_administrators_keep_the_kinds(admin_client, trust):
    page = admin_client.get(reverse("involvement:kinds")).content.decode()
    assert "Recruitment interview panel" in page
    assert "INV-PANEL" in page
    from withus.opportunities.models import InvolvementKind

    panel = InvolvementKind.objects.get(organisation=trust.organisation, code="interview-panel")
    url = reverse("involvement:kind_edit", args=[panel.pk])
    data = {
        "name": "Recruitment interview panel",
        "payment_activity_code": "",
        "payment_description": "£30 an hour",
        "is_active": "on",
    }
    assert "Enter payment activity code" in admin_client.post(url, data).content.decode()
    data["payment_activity_code"] = "INV-PANEL2"
    assert admin_client.post(url, data).status_code == 302
    panel.refresh_from_db()
    assert (panel.payment_activity_code, panel.payment_description) == ("INV-PANEL2", "£30 an hour")


def test_only_administrators_keep_the_kinds(lead, amara, kind):
    for client in (lead.client, amara.client):
        assert client.get(reverse("involvement:kinds")).status_code == 404
        assert client.get(reverse("involvement:kind_edit", args=[kind.pk])).status_code == 404


@pytest.mark.parametrize("title", ["Panel\r\nBcc: everyone@example.com", "Panel\nmembers", "Panel\tmembers", "A\x00B"])
def test_a_title_with_a_line_break_or_control_character_is_refused_kindly(lead, kind, trust, title):
    response = lead.client.post(reverse("opportunities:add"), _form(kind, trust.cedar, title=title))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter this on one line, without line breaks, tabs or other control characters" in html
    assert not Opportunity.objects.exists()


def test_the_service_refuses_a_title_with_a_line_break_whatever_the_form(lead, kind, trust):
    from django.core.exceptions import ValidationError

    from withus.opportunities.services.opportunities import opportunity_update

    opportunity = OpportunityFactory(organisation=trust.organisation, unit=trust.cedar, kind=kind)
    with pytest.raises(ValidationError) as refused:
        opportunity_update(opportunity=opportunity, values={"title": "Panel\r\nBcc: x@example.com"}, actor=lead.user)
    assert "title" in refused.value.message_dict
    opportunity.refresh_from_db()
    assert "\n" not in opportunity.title


def test_staff_are_offered_only_the_units_they_may_post_in(make_user, signed_in, trust, lead):
    client = signed_in(make_user(Role.STAFF, unit=trust.willow))
    page = client.get(reverse("opportunities:add")).content.decode()
    assert f'value="{trust.willow.pk}"' in page
    assert f'value="{trust.nursing.pk}"' not in page
    assert f'value="{trust.cedar.pk}"' not in page
    everything = lead.client.get(reverse("opportunities:add")).content.decode()
    assert f'value="{trust.nursing.pk}"' in everything


def test_a_champion_is_offered_the_unit_they_champion(make_user, signed_in, trust):
    user = make_user(Role.STAFF, unit=trust.willow)
    person = PersonFactory(organisation=trust.organisation, user=user, kind=PersonKind.STAFF)
    person.champion_units.set([trust.nursing])
    page = signed_in(user).get(reverse("opportunities:add")).content.decode()
    assert f'value="{trust.nursing.pk}"' in page
    assert f'value="{trust.cedar.pk}"' not in page


def test_a_session_today_that_has_already_started_is_refused(lead, kind, trust):
    now = timezone.localtime()
    if now.hour < 1:
        pytest.skip("Needs an hour of today already gone to have a time in the past")
    today = timezone.localdate()
    data = _form(
        kind,
        trust.cedar,
        first_date_day=str(today.day),
        first_date_month=str(today.month),
        first_date_year=str(today.year),
        closes_on_day=str(today.day),
        closes_on_month=str(today.month),
        closes_on_year=str(today.year),
        starts_at="12:00am",
        ends_at="12:30am",
        session_count="1",
    )
    html = lead.client.post(reverse("opportunities:add"), data).content.decode()
    assert "The first session is today, so it must start later than now" in html
    assert not Opportunity.objects.exists()
