"""Participants browse what they may apply for, express interest once, withdraw, and confirm a place."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditAction, AuditEntry
from withus.involvement.tests.factories import InvolvementKindFactory
from withus.opportunities.models import ExpressionOfInterest, OpenTo, OpportunityStatus, ResponseStatus
from withus.opportunities.services.interest import interest_express, interest_withdraw
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.models import Interest, MembershipStatus


def test_list_shows_open_opportunities_she_can_apply_for(amara, opportunity, trust, kind):
    closed = OpportunityFactory(
        organisation=trust.organisation,
        kind=kind,
        unit=trust.willow,
        title="Closed one",
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    carers_only = OpportunityFactory(
        organisation=trust.organisation, kind=kind, unit=trust.willow, title="Carers only", open_to=OpenTo.CARERS
    )
    requested = OpportunityFactory(
        organisation=trust.organisation,
        kind=kind,
        unit=trust.willow,
        title="Not approved",
        status=OpportunityStatus.REQUESTED,
    )
    html = amara.client.get(reverse("opportunities:list")).content.decode()
    assert opportunity.title in html
    assert "£25 an hour" in html
    for hidden in (closed, carers_only, requested):
        assert hidden.title not in html


def test_filter_by_kind_and_interest(amara, opportunity, trust):
    other_kind = InvolvementKindFactory(organisation=trust.organisation, code="story", name="Telling your story")
    story = OpportunityFactory(organisation=trust.organisation, kind=other_kind, unit=trust.willow, title="Story")
    board = Interest.objects.create(organisation=trust.organisation, name="Board and committees")
    opportunity.interests.add(board)
    url = reverse("opportunities:list")
    html = amara.client.get(url, {"kind": str(other_kind.pk)}).content.decode()
    assert story.title in html
    assert opportunity.title not in html
    html = amara.client.get(url, {"interest": str(board.pk)}).content.decode()
    assert opportunity.title in html
    assert story.title not in html


def test_detail_in_plain_english(amara, opportunity):
    response = amara.client.get(reverse("opportunities:detail", args=[opportunity.pk]))
    html = response.content.decode()
    assert opportunity.description in html
    assert "I am interested" in html
    assert "£25 an hour" in html


def test_express_interest_with_message_and_needs(amara, opportunity):
    url = reverse("opportunities:interest", args=[opportunity.pk])
    response = amara.client.post(url, {"message": "I was on Willow Ward.", "access_needs": "Step-free access"})
    assert response.status_code == 302
    record = ExpressionOfInterest.objects.get(opportunity=opportunity, person=amara.person)
    assert record.status == ResponseStatus.INTERESTED
    assert record.access_needs == "Step-free access"
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(record.pk)).exists()
    page = amara.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "We have your interest" in page


def test_expressing_interest_twice_keeps_one_record(amara, opportunity):
    url = reverse("opportunities:interest", args=[opportunity.pk])
    amara.client.post(url, {"message": "first"})
    amara.client.post(url, {"message": "second"})
    interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    assert ExpressionOfInterest.objects.filter(opportunity=opportunity, person=amara.person).count() == 1
    assert ExpressionOfInterest.objects.get(opportunity=opportunity).message == "first"


def test_refused_after_the_closing_date(amara, opportunity):
    opportunity.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    opportunity.save()
    with pytest.raises(ValidationError, match="closed on"):
        interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    # She can still open it only if she responded; otherwise it is not hers to see.
    response = amara.client.post(reverse("opportunities:interest", args=[opportunity.pk]), {})
    assert response.status_code == 404
    assert not ExpressionOfInterest.objects.exists()


def test_refused_without_eligibility_saying_why(amara, trust, kind):
    carers_only = OpportunityFactory(
        organisation=trust.organisation, kind=kind, unit=trust.willow, open_to=OpenTo.CARERS
    )
    with pytest.raises(ValidationError, match="for carers only"):
        interest_express(opportunity=carers_only, person=amara.person, actor=amara.user)
    assert not ExpressionOfInterest.objects.exists()


def test_refused_while_involvement_is_paused(amara, opportunity):
    amara.person.status = MembershipStatus.PAUSED
    amara.person.save()
    response = amara.client.get(reverse("opportunities:interest", args=[opportunity.pk]))
    assert "Your involvement is paused" in response.content.decode()
    response = amara.client.post(reverse("opportunities:interest", args=[opportunity.pk]), {"message": "hi"})
    assert response.status_code == 200
    assert "Your involvement is paused" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_message_too_long_is_refused_kindly(amara, opportunity):
    response = amara.client.post(reverse("opportunities:interest", args=[opportunity.pk]), {"message": "x" * 1001})
    html = response.content.decode()
    assert "must be 1,000 characters or fewer" in html
    assert "<title>Error:" in html
    assert not ExpressionOfInterest.objects.exists()


def test_withdraw_and_express_again(amara, opportunity):
    interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    response = amara.client.post(reverse("opportunities:withdraw", args=[opportunity.pk]))
    assert response.status_code == 302
    record = ExpressionOfInterest.objects.get()
    assert record.status == ResponseStatus.WITHDRAWN
    interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    record.refresh_from_db()
    assert record.status == ResponseStatus.INTERESTED
    assert ExpressionOfInterest.objects.count() == 1


def test_withdrawing_gives_up_the_place_and_tells_the_organiser(
    amara, opportunity, lead, django_capture_on_commit_callbacks
):
    opportunity.organiser = lead.user
    opportunity.save()
    interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    selection_make(opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        amara.client.post(reverse("opportunities:withdraw", args=[opportunity.pk]))
    record = ExpressionOfInterest.objects.get()
    assert (record.status, record.place_number) == (ResponseStatus.WITHDRAWN, None)
    assert [message.to for message in mail.outbox] == [[lead.user.email]]
    assert "a place is free again" in mail.outbox[0].body


def test_confirm_a_place(amara, opportunity, lead):
    interest_express(opportunity=opportunity, person=amara.person, actor=amara.user)
    confirm = reverse("opportunities:confirm", args=[opportunity.pk])
    amara.client.post(confirm)
    assert ExpressionOfInterest.objects.get().status == ResponseStatus.INTERESTED  # nothing to confirm yet
    selection_make(opportunity=opportunity, chosen_ids=[amara.person.pk], actor=lead.user)
    page = amara.client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "Confirm my place" in page
    amara.client.post(confirm)
    assert ExpressionOfInterest.objects.get().status == ResponseStatus.CONFIRMED


def test_participant_cannot_withdraw_someone_else(amara, ben, opportunity):
    response = ResponseFactory(opportunity=opportunity, person=ben.person)
    with pytest.raises(ValidationError):
        interest_withdraw(response=response, actor=amara.user)
    assert amara.client.post(reverse("opportunities:withdraw", args=[opportunity.pk])).status_code == 404


def test_staff_cannot_express_interest(staff_client, opportunity):
    assert staff_client.post(reverse("opportunities:interest", args=[opportunity.pk])).status_code == 404


def test_other_trusts_opportunities_are_not_shown(amara, kind):
    other = OpportunityFactory(title="Elsewhere")
    assert "Elsewhere" not in amara.client.get(reverse("opportunities:list")).content.decode()
    assert amara.client.get(reverse("opportunities:detail", args=[other.pk])).status_code == 404
