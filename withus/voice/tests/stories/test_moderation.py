"""Moderation and release: every edit kept with its reason, the teller approves before anything is published,
two moderators cannot both act on the same version, and the teller is told through the outbox."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.notifications.models import Message
from withus.voice import services_stories as services
from withus.voice.models.stories import StoryStatus

pytestmark = pytest.mark.django_db


def _step(client, story, step, version=None):
    return client.post(
        reverse("stories:moderate", args=[story.pk]), {"step": step, "version": version or story.version}
    )


def test_tell_moderate_approve_publish_through_the_pages(amara, lead, tell):
    story = tell(amara)
    assert _step(lead.client, story, "start").status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.IN_MODERATION
    response = lead.client.post(
        reverse("stories:edit", args=[story.pk]),
        {
            "field": "what_happened",
            "after": "Another patient called me names and staff said it was his illness.",
            "reason": "We took out a staff member's name.",
            "version": story.version,
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    _step(lead.client, story, "send")
    story.refresh_from_db()
    assert story.status == StoryStatus.WITH_TELLER
    assert Message.objects.filter(person=amara.person, template="voice.story_to_approve").exists()
    page = amara.client.get(reverse("stories:approve", args=[story.pk])).content.decode()
    assert "We took out a staff member&#39;s name." in page
    assert "Nurse Dave" in page
    amara.client.post(reverse("stories:approve", args=[story.pk]), {"decision": "approve"})
    story.refresh_from_db()
    assert story.status == StoryStatus.APPROVED
    assert story.teller_approved_at
    _step(lead.client, story, "publish")
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert list(story.history.values_list("status", flat=True)) == [
        "received",
        "in_moderation",
        "with_teller",
        "approved",
        "published",
    ]


def test_nothing_is_published_before_the_teller_approves(amara, lead, tell):
    story = tell(amara)
    story = services.story_moderation_start(story=story, actor=lead.user, version=story.version)
    with pytest.raises(ValidationError, match="teller must approve"):
        services.story_publish(story=story, actor=lead.user, version=story.version)
    story = services.story_send_to_teller(story=story, actor=lead.user, version=story.version)
    response = _step(lead.client, story, "publish")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.WITH_TELLER


def test_two_moderators_acting_on_one_version_only_the_first_wins(amara, lead, tell, make_user):
    story = tell(amara)
    seen = story.version
    services.story_moderation_start(story=story, actor=lead.user, version=seen)
    with pytest.raises(ValidationError, match="Someone else changed this story"):
        services.story_moderation_start(story=story, actor=lead.user, version=seen)
    assert story.history.filter(status=StoryStatus.IN_MODERATION).count() == 1


def test_an_edit_needs_a_reason_and_the_teller_may_ask_for_changes(amara, lead, tell):
    story = tell(amara)
    story = services.story_moderation_start(story=story, actor=lead.user, version=story.version)
    response = lead.client.post(
        reverse("stories:edit", args=[story.pk]),
        {"field": "title", "after": "New title", "reason": "", "version": story.version},
    )
    assert "Enter why you changed it" in response.content.decode()
    assert not story.edits.exists()
    story = services.story_send_to_teller(story=story, actor=lead.user, version=story.version)
    amara.client.post(reverse("stories:approve", args=[story.pk]), {"decision": "changes", "note": "Keep my words"})
    story.refresh_from_db()
    assert story.status == StoryStatus.IN_MODERATION
    assert story.teller_approved_at is None


def test_rejecting_tells_the_teller_the_reason(amara, lead, tell):
    story = tell(amara)
    response = lead.client.post(
        reverse("stories:decide", args=[story.pk]),
        {"decision": "rejected", "reason": "It is about care more than 3 years ago.", "version": story.version},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.REJECTED
    message = Message.objects.get(person=amara.person, template="voice.story_rejected")
    assert "more than 3 years ago" in message.body


def test_only_the_participation_team_sees_an_unpublished_story(amara, ben, lead, staff_client, tell):
    story = tell(amara)
    url = reverse("stories:detail", args=[story.pk])
    assert lead.client.get(url).status_code == 200
    assert amara.client.get(url).status_code == 200
    assert staff_client.get(url).status_code == 404
    assert ben.client.get(url).status_code == 404
    assert ben.client.get(reverse("stories:approve", args=[story.pk])).status_code == 404


def test_a_lead_of_another_directorate_cannot_moderate(amara, tell, make_user, signed_in, trust):
    from withus.accounts.models import Role

    story = tell(amara)
    other_lead = signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.community))
    assert other_lead.get(reverse("stories:detail", args=[story.pk])).status_code == 404
    assert _step(other_lead, story, "start").status_code == 404
    story.refresh_from_db()
    assert story.status == StoryStatus.RECEIVED
