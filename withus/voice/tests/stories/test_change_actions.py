"""A change claimed in a response is a tracked action: a QI project, or an owner (and a date for a change planned),
shown on the story and to the teller; a change planned past its date is overdue to the lead until a change is made."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.improvement.tests.factories import ProjectFactory
from withus.notifications.models import Message
from withus.voice import services_stories as services
from withus.voice.models.stories import ChangeClaim, StoryResponse
from withus.voice.selectors_stories import change_owners_for, overdue_changes

pytestmark = pytest.mark.django_db


def _due(days: int) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {"action_due_on_day": day.day, "action_due_on_month": day.month, "action_due_on_year": day.year}


def _respond(client, story, **changes):
    data = {
        "responder_role": "Ward manager",
        "body": "Thank you. We will change this.",
        "change_claim": "planned",
        "change_description": "Nurses will explain any change to leave on the day.",
    }
    data.update(changes)
    return client.post(reverse("stories:respond", args=[story.pk]), data)


def test_a_change_planned_needs_a_project_or_an_owner_and_a_date(published, staff_client):
    page = _respond(staff_client, published).content.decode()
    assert "Link a QI project, or select who owns the change" in page
    assert "Enter the date the change is due by, or link a QI project" in page
    page = _respond(staff_client, published, action_owner=str(staff_client.user.pk)).content.decode()
    assert "Enter the date the change is due by" in page
    page = _respond(staff_client, published, action_owner=str(staff_client.user.pk), **_due(-1)).content.decode()
    assert "The date the change is due by must be today or in the future" in page
    page = _respond(staff_client, published, **_due(30)).content.decode()
    assert "Link a QI project, or select who owns the change" in page
    assert not StoryResponse.objects.exists()
    published.refresh_from_db()
    assert published.first_response_at is None


def test_an_owner_from_elsewhere_is_refused(published, staff_client, make_user, trust):
    nurse = make_user(Role.STAFF, unit=trust.nursing)
    assert nurse not in change_owners_for(published)
    page = _respond(staff_client, published, action_owner=str(nurse.pk), **_due(30)).content.decode()
    assert "Select from the options shown" in page
    assert not StoryResponse.objects.exists()
    # The service checks too, whatever the form offered.
    with pytest.raises(ValidationError) as error:
        services.response_add(
            story=published,
            actor=staff_client.user,
            values={
                "body": "x",
                "change_claim": ChangeClaim.PLANNED,
                "change_description": "y",
                "action_owner": nurse,
                "action_due_on": timezone.localdate(),
            },
        )
    assert "Select someone who works in this ward or team" in str(error.value)
    assert not StoryResponse.objects.exists()


def test_the_owner_and_date_are_shown_on_the_story_and_to_the_teller(published, staff_client, amara, make_user):
    owner = make_user(Role.PARTICIPATION_LEAD, full_name="Sam Owner")
    assert owner in change_owners_for(published)  # a trust-wide lead may own it
    response = _respond(staff_client, published, action_owner=str(owner.pk), **_due(30))
    assert response.status_code == 302
    saved = StoryResponse.objects.get()
    due = timezone.localdate() + datetime.timedelta(days=30)
    assert (saved.action_owner, saved.action_due_on) == (owner, due)
    page = amara.client.get(reverse("stories:detail", args=[published.pk])).content.decode()
    assert f"<bdi>Sam Owner</bdi> owns this change. It is due by <bdi>{due:%-d %B %Y}</bdi>." in page
    assert "Overdue" not in page
    message = Message.objects.get(person=amara.person, template="voice.story_response")
    assert f"due by {due:%-d %B %Y}" in message.body


def test_no_change_claimed_keeps_no_owner_or_date(published, staff_client):
    _respond(staff_client, published, change_claim="none", action_owner=str(staff_client.user.pk), **_due(30))
    saved = StoryResponse.objects.get()
    assert (saved.action_owner, saved.action_due_on, saved.change_description) == (None, None, "")


def test_a_change_made_needs_a_project_or_who_made_it(published, staff_client, trust):
    page = _respond(staff_client, published, change_claim="made").content.decode()
    assert "Link a QI project, or select who owns the change" in page
    _respond(staff_client, published, change_claim="made", action_owner=str(staff_client.user.pk), **_due(30))
    saved = StoryResponse.objects.get()
    assert (saved.action_owner, saved.action_due_on) == (staff_client.user, None)
    project = ProjectFactory(organisation=trust.organisation)
    _respond(staff_client, published, change_claim="made", project=str(project.pk))
    assert StoryResponse.objects.filter(project=project, action_owner__isnull=True).exists()


def test_a_change_planned_past_its_date_is_overdue_to_the_lead_until_a_change_is_made(
    published, staff_client, lead, make_user, signed_in, trust, amara
):
    _respond(staff_client, published, action_owner=str(staff_client.user.pk), **_due(10))
    StoryResponse.objects.update(action_due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert list(overdue_changes(lead.user)) == [StoryResponse.objects.get()]
    queue = lead.client.get(reverse("stories:queue")).content.decode()
    assert "Changes planned that are overdue" in queue
    assert published.title in queue
    assert "Overdue" in lead.client.get(reverse("stories:detail", args=[published.pk])).content.decode()
    # A lead for the other directorate does not see it.
    other = signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.community))
    assert not overdue_changes(other.user).exists()
    assert published.title not in other.get(reverse("stories:queue")).content.decode()
    # When the change is made, it is no longer overdue.
    _respond(staff_client, published, change_claim="made", action_owner=str(staff_client.user.pk))
    assert not overdue_changes(lead.user).exists()
    assert (
        "No change planned in a response is past its date."
        in lead.client.get(reverse("stories:queue")).content.decode()
    )


def test_the_moderation_page_and_the_story_page_have_bounded_queries(
    published, staff_client, lead, django_assert_max_num_queries
):
    for _ in range(3):
        _respond(staff_client, published, action_owner=str(staff_client.user.pk), **_due(10))
    StoryResponse.objects.update(action_due_on=timezone.localdate() - datetime.timedelta(days=1))
    with django_assert_max_num_queries(12):
        queue = lead.client.get(reverse("stories:queue")).content.decode()
    assert queue.count("Overdue</strong>") == 3
    with django_assert_max_num_queries(25):
        assert lead.client.get(reverse("stories:detail", args=[published.pk])).status_code == 200
