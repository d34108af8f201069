"""Cancelling an opportunity (with a reason everyone who responded is told) and changing its details."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.opportunities.models import Attendance, AttendanceOutcome, Opportunity, OpportunityStatus, ResponseStatus
from withus.opportunities.services.attendance import attendance_record
from withus.opportunities.services.interest import interest_express, interest_withdraw
from withus.opportunities.services.opportunities import opportunity_cancel, opportunity_update
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory

REASON = "The ward manager post has been put on hold, so there is no interview."


@pytest.fixture
def responded(opportunity, amara, ben, trust, lead):
    """Amara has a place, Ben is interested, and Cy withdrew."""
    ResponseFactory(opportunity=opportunity, person=amara.person)
    ResponseFactory(opportunity=opportunity, person=ben.person)
    cy = PersonFactory(organisation=trust.organisation, full_name="Cy Three", email="cy@example.org")
    ResponseFactory(opportunity=opportunity, person=cy, status=ResponseStatus.WITHDRAWN)
    selection_make(
        opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user, tell_others=False, notify=False
    )
    return opportunity


def _cancel_url(opportunity):
    return reverse("opportunities:cancel", args=[opportunity.pk])


def _edit_url(opportunity):
    return reverse("opportunities:edit", args=[opportunity.pk])


# --- Cancelling ---------------------------------------------------------------------------------------


def test_lead_cancels_and_everyone_who_responded_is_told(
    lead, responded, django_capture_on_commit_callbacks, mailoutbox
):
    assert "Why is it cancelled?" in lead.client.get(_cancel_url(responded)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.client.post(_cancel_url(responded), {"reason": f"  {REASON}  "})
    assert response.status_code == 302
    responded.refresh_from_db()
    assert responded.status == OpportunityStatus.CANCELLED
    assert (responded.cancelled_reason, responded.cancelled_by) == (REASON, lead.user)
    assert responded.cancelled_at is not None
    assert sorted(message.to[0] for message in mailoutbox) == ["amara@example.org", "ben@example.org"]
    assert all(REASON in message.body and "has been cancelled" in message.body for message in mailoutbox)
    assert mailoutbox[0].subject == f"WithUs: Cancelled: {responded.title}"
    entry = AuditEntry.objects.filter(object_id=str(responded.pk), action=AuditAction.UPDATE).latest("occurred_at")
    assert entry.changed_fields == ["cancelled_reason", "status"]
    assert entry.actor == lead.user
    page = lead.client.get(reverse("opportunities:detail", args=[responded.pk])).content.decode()
    assert "Cancelled" in page
    assert REASON in page
    assert "Cancel opportunity" not in page


def test_an_empty_reason_is_refused_kindly(lead, responded, mailoutbox):
    response = lead.client.post(_cancel_url(responded), {"reason": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Enter why it is cancelled" in html
    assert "nhsuk-error-summary" in html
    responded.refresh_from_db()
    assert responded.status == OpportunityStatus.OPEN
    assert not mailoutbox


def test_a_reason_too_long_is_refused(lead, responded):
    response = lead.client.post(_cancel_url(responded), {"reason": "x" * 1001})
    assert "The reason must be 1,000 characters or fewer" in response.content.decode()


def test_cancelling_twice_is_refused(lead, responded, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_cancel(opportunity=responded, reason=REASON, actor=lead.user)
    with pytest.raises(ValidationError, match="already been cancelled"):
        opportunity_cancel(opportunity=responded, reason="Again", actor=lead.user)
    response = lead.client.post(_cancel_url(responded), {"reason": "Again"})
    assert response.status_code == 302
    responded.refresh_from_db()
    assert responded.cancelled_reason == REASON
    assert len(mailoutbox) == 2


def test_cancelling_after_attendance_is_refused(lead, trust, kind, amara):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="past")
    ResponseFactory(opportunity=opportunity, person=amara.person)
    selection_make(
        opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user, tell_others=False, notify=False
    )
    attendance_record(
        session=opportunity.sessions.get(),
        person=amara.person,
        outcome=AttendanceOutcome.ATTENDED,
        hours="2",
        actor=lead.user,
    )
    response = lead.client.post(_cancel_url(opportunity), {"reason": REASON})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Attendance has already been recorded for a session" in html
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.OPEN


def test_participants_cannot_cancel(amara, responded):
    assert amara.client.get(_cancel_url(responded)).status_code == 404
    assert amara.client.post(_cancel_url(responded), {"reason": REASON}).status_code == 404
    with pytest.raises(ValidationError):
        opportunity_cancel(opportunity=responded, reason=REASON, actor=amara.user)
    responded.refresh_from_db()
    assert responded.status == OpportunityStatus.OPEN


def test_another_trusts_opportunity_cannot_be_cancelled(lead):
    elsewhere = OpportunityFactory(title="Another trust's panel")
    assert lead.client.post(_cancel_url(elsewhere), {"reason": REASON}).status_code == 404
    assert lead.client.post(_edit_url(elsewhere), {"title": "Mine now"}).status_code == 404
    elsewhere.refresh_from_db()
    assert (elsewhere.status, elsewhere.title) == (OpportunityStatus.OPEN, "Another trust's panel")


def test_staff_may_cancel_what_they_requested_only_while_it_is_requested(make_user, signed_in, trust, kind, lead):
    staff = make_user(Role.STAFF, unit=trust.willow)
    client = signed_in(staff)
    requested = OpportunityFactory(
        organisation=trust.organisation, kind=kind, unit=trust.willow, organiser=staff, status="requested"
    )
    published = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, organiser=staff)
    someone_elses = OpportunityFactory(
        organisation=trust.organisation, kind=kind, unit=trust.willow, organiser=lead.user, status="requested"
    )
    assert client.get(_cancel_url(published)).status_code == 404
    assert client.get(_cancel_url(someone_elses)).status_code == 404
    assert client.post(_cancel_url(requested), {"reason": "Not needed after all"}).status_code == 302
    requested.refresh_from_db()
    assert requested.status == OpportunityStatus.CANCELLED


def test_after_cancelling_no_one_can_apply_or_be_offered_a_place(lead, responded, amara, ben, trust):
    newcomer = PersonFactory(organisation=trust.organisation)
    opportunity_cancel(opportunity=responded, reason=REASON, actor=lead.user)
    with pytest.raises(ValidationError, match="has been cancelled"):
        interest_express(opportunity=responded, person=newcomer, actor=lead.user)
    with pytest.raises(ValidationError, match="has been cancelled"):
        selection_make(opportunity=responded, chosen_ids=[ben.person.pk], actor=lead.user)
    # Ben withdraws and tries again through the page: refused.
    interest_withdraw(response=responded.responses.get(person=ben.person), actor=ben.user)
    response = ben.client.post(reverse("opportunities:interest", args=[responded.pk]), {"message": "Still keen"})
    assert response.status_code == 200
    assert "has been cancelled" in response.content.decode()
    assert responded.responses.get(person=ben.person).status == ResponseStatus.WITHDRAWN


def test_participants_see_it_cancelled(lead, responded, amara, ben):
    opportunity_cancel(opportunity=responded, reason=REASON, actor=lead.user)
    assert responded.title not in amara.client.get(reverse("opportunities:list")).content.decode()
    page = amara.client.get(reverse("opportunities:detail", args=[responded.pk])).content.decode()
    assert "Cancelled" in page
    assert REASON in page
    assert "Withdraw my interest" not in page
    assert "Confirm my place" not in page
    mine = amara.client.get(reverse("opportunities:my_involvement")).content.decode()
    assert responded.title in mine
    assert "Cancelled" in mine
    # Someone who never responded to a cancelled opportunity cannot reach it at all.
    stranger = OpportunityFactory(organisation=responded.organisation, kind=responded.kind, unit=responded.unit)
    opportunity_cancel(opportunity=stranger, reason=REASON, actor=lead.user)
    assert ben.client.get(reverse("opportunities:detail", args=[stranger.pk])).status_code == 404


def test_attendance_cannot_be_recorded_after_cancelling(lead, trust, kind, amara):
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, sessions="past")
    ResponseFactory(opportunity=opportunity, person=amara.person)
    selection_make(
        opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user, tell_others=False, notify=False
    )
    opportunity_cancel(opportunity=opportunity, reason=REASON, actor=lead.user)
    with pytest.raises(ValidationError, match="cancelled"):
        attendance_record(
            session=opportunity.sessions.get(), person=amara.person, outcome="attended", hours="2", actor=lead.user
        )
    assert not Attendance.objects.exists()


# --- Changing the details -----------------------------------------------------------------------------


def _edit_form(opportunity, **changes):
    closes = opportunity.closes_on
    data = {
        "title": opportunity.title,
        "description": opportunity.description,
        "kind": str(opportunity.kind_id),
        "unit": str(opportunity.unit_id),
        "place": opportunity.place,
        "places": str(opportunity.places),
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
        "open_to": opportunity.open_to,
    }
    data.update(changes)
    return data


def test_lead_changes_the_details_and_the_change_is_audited(lead, opportunity):
    assert "Change the opportunity" in lead.client.get(_edit_url(opportunity)).content.decode()
    data = _edit_form(
        opportunity, title="Focus group on ward meals", place="", is_online="on", buddy_offered="on", places="4"
    )
    response = lead.client.post(_edit_url(opportunity), data)
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.is_online, opportunity.buddy_offered, opportunity.places) == (
        "Focus group on ward meals",
        True,
        True,
        4,
    )
    assert opportunity.sessions.count() == 1
    entry = AuditEntry.objects.get(object_id=str(opportunity.pk), action=AuditAction.UPDATE)
    assert entry.changed_fields == ["buddy_offered", "is_online", "place", "places", "title"]
    assert entry.actor == lead.user


def test_a_cancelled_opportunity_cannot_be_changed(lead, opportunity):
    opportunity_cancel(opportunity=opportunity, reason=REASON, actor=lead.user)
    response = lead.client.post(_edit_url(opportunity), _edit_form(opportunity, title="Back from the dead"))
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="cancelled"):
        opportunity_update(opportunity=opportunity, values={"title": "Back"}, actor=lead.user)
    opportunity.refresh_from_db()
    assert opportunity.title != "Back from the dead"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter title"),
        ({"places": "0"}, "Enter at least 1 place"),
        ({"place": ""}, "Enter where it is, or tick that it is online"),
        ({"closes_on_year": "2020"}, "The closing date must be today or in the future"),
        ({"description": "x" * 3001}, "must be 3,000 characters or fewer"),
    ],
)
def test_bad_changes_are_refused_saying_how_to_fix_them(lead, opportunity, changes, message):
    title = opportunity.title
    response = lead.client.post(_edit_url(opportunity), _edit_form(opportunity, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert message in html
    opportunity.refresh_from_db()
    assert opportunity.title == title


def test_closing_after_the_first_session_is_refused(lead, opportunity):
    late = timezone.localdate() + datetime.timedelta(days=30)
    data = _edit_form(
        opportunity, closes_on_day=str(late.day), closes_on_month=str(late.month), closes_on_year=str(late.year)
    )
    html = lead.client.post(_edit_url(opportunity), data).content.decode()
    assert "The closing date must be on or before the first session" in html


def test_who_may_take_part_is_fixed_once_people_respond(lead, responded, trust):
    data = _edit_form(responded, unit=str(trust.cedar.pk), places="2", title="New title")
    assert lead.client.post(_edit_url(responded), data).status_code == 302
    responded.refresh_from_db()
    assert (responded.unit, responded.title) == (trust.willow, "New title")
    with pytest.raises(ValidationError, match="already responded"):
        opportunity_update(opportunity=responded, values={"unit": trust.cedar}, actor=lead.user)
    html = lead.client.post(_edit_url(responded), _edit_form(responded, places="0")).content.decode()
    assert "Enter at least 1 place" in html


def test_places_cannot_drop_below_the_people_holding_one(lead, responded, ben):
    selection_make(opportunity=responded, chosen_ids=[ben.person.pk], actor=lead.user, tell_others=False, notify=False)
    html = lead.client.post(_edit_url(responded), _edit_form(responded, places="1")).content.decode()
    assert "2 people already have a place. Enter 2 or more" in html


def test_participants_and_unrelated_staff_cannot_change(amara, make_user, signed_in, trust, opportunity):
    staff = signed_in(make_user(Role.STAFF, unit=trust.willow))
    for client in (amara.client, staff):
        assert client.get(_edit_url(opportunity)).status_code == 404
        assert client.post(_edit_url(opportunity), _edit_form(opportunity, title="Hijacked")).status_code == 404
    assert Opportunity.objects.get(pk=opportunity.pk).title != "Hijacked"


def test_a_title_stored_with_a_line_break_before_the_rule_still_sends_its_e_mails(
    lead, responded, django_capture_on_commit_callbacks, mailoutbox
):
    Opportunity.objects.filter(pk=responded.pk).update(title="Interview panel\r\nBcc: everyone@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.client.post(_cancel_url(responded), {"reason": REASON})
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject == "WithUs: Cancelled: Interview panel Bcc: everyone@example.com"
    assert all(message.to[0] != "everyone@example.com" and not message.bcc for message in mailoutbox)
