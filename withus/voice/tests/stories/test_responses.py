"""Responses that say what changed: staff of the story's unit only; a change claim needs a description and may
link a QI project; the teller is told through the outbox and can reply and say whether it helped."""

import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.improvement.tests.factories import ProjectFactory
from withus.notifications.models import Message, MessageStatus
from withus.voice.models.stories import ChangeClaim, StoryResponse

pytestmark = pytest.mark.django_db


def _respond(client, story, **changes):
    data = {"responder_role": "Ward manager", "body": "Thank you. We are sorry.", "change_claim": "none"}
    data.update(changes)
    return client.post(reverse("stories:respond", args=[story.pk]), data)


def test_staff_of_the_unit_respond_with_change_made_linked_to_a_project(published, staff_client, amara, trust):
    project = ProjectFactory(organisation=trust.organisation, title="Reducing racist incidents on Willow Ward")
    response = _respond(
        staff_client, published, change_claim="made", change_description="A ward agreement", project=str(project.pk)
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.change_claim == ChangeClaim.MADE
    assert published.first_response_at is not None
    saved = StoryResponse.objects.get()
    assert saved.project == project
    assert saved.responder == staff_client.user
    message = Message.objects.get(person=amara.person, template="voice.story_response")
    assert "a change has been made" in message.body
    assert message.status != MessageStatus.SENT or message.sent_at  # queued, never claimed as sent by the page
    page = amara.client.get(reverse("stories:detail", args=[published.pk])).content.decode()
    assert "Change made" in page
    assert "A ward agreement" in page
    assert project.title in page


def test_a_change_claim_must_say_what_changed(published, staff_client):
    response = _respond(staff_client, published, change_claim="planned")
    assert "Say what has changed or will change" in response.content.decode()
    assert not StoryResponse.objects.exists()


def test_staff_of_another_unit_cannot_respond(published, make_user, signed_in, trust):
    nurse = signed_in(make_user(Role.STAFF, unit=trust.nursing))
    assert _respond(nurse, published).status_code == 404
    assert not StoryResponse.objects.exists()


def test_a_project_from_another_trust_is_refused(published, staff_client):
    other = ProjectFactory()
    response = _respond(staff_client, published, change_claim="made", change_description="x", project=str(other.pk))
    assert "Select from the options shown" in response.content.decode()
    assert not StoryResponse.objects.exists()


def test_the_teller_replies_and_says_whether_it_helped(published, staff_client, amara, ben):
    _respond(staff_client, published)
    saved = StoryResponse.objects.get()
    url = reverse("stories:reply", args=[published.pk, saved.pk])
    assert ben.client.post(url, {"reply": "x", "helped": "yes"}).status_code == 404
    assert amara.client.post(url, {"reply": "Thank you", "helped": "yes"}).status_code == 302
    saved.refresh_from_db()
    assert (saved.teller_reply, saved.teller_found_helpful) == ("Thank you", True)


def test_flagging_risk_tells_the_safeguarding_lead_at_once(published, lead, make_user, trust):
    from withus.voice.models.stories import StorySettings

    safeguarding = make_user(Role.PARTICIPATION_LEAD, email="safeguarding@example.org")
    StorySettings.objects.create(organisation=trust.organisation, safeguarding_lead=safeguarding)
    url = reverse("stories:risk", args=[published.pk])
    assert "Enter what the story discloses" in lead.client.post(url, {"note": ""}).content.decode()
    response = lead.client.post(url, {"note": "Says staff hurt them"}, follow=True)
    assert "is in the messages to send" in response.content.decode()
    published.refresh_from_db()
    assert published.risk_flagged_to == safeguarding
    assert Message.objects.filter(user=safeguarding, template="voice.story_risk").exists()


def test_response_times_page_shows_each_directorate(published, staff_client, lead, django_assert_max_num_queries):
    _respond(
        staff_client,
        published,
        change_claim="made",
        change_description="A ward agreement",
        action_owner=str(staff_client.user.pk),
    )
    assert published.responses.exists()
    with django_assert_max_num_queries(15):
        page = lead.client.get(reverse("stories:response_times"))
    assert "Riverside Mental Health" in page.content.decode()
    assert staff_client.get(reverse("stories:response_times")).status_code == 403


def test_the_list_has_bounded_queries_and_filters(published, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = staff_client.get(reverse("stories:list") + "?response=none")
    assert published.title in page.content.decode()
    page = staff_client.get(reverse("stories:list") + "?response=made")
    assert published.title not in page.content.decode()
