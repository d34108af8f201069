"""The demo trust's stories are there for every role, as the issue asks."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import User
from withus.voice.models.stories import ChangeClaim, Story, StoryStatus, StoryUseKind

pytestmark = pytest.mark.django_db


def _client(local_part: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local_part}@demo.withus.local"))
    return client


def test_the_demo_has_stories_in_every_state_and_amaras_story(demo):
    stories = Story.objects.filter(organisation=demo)
    assert set(stories.values_list("status", flat=True)) == set(StoryStatus.values)
    amara = stories.get(title="Racist abuse on Willow Ward was ignored")
    assert set(amara.consents.values_list("use", flat=True)) == {StoryUseKind.STAFF_TRAINING, StoryUseKind.BOARD}
    response = amara.responses.get()
    assert response.change_claim == ChangeClaim.MADE
    assert response.project.title == "Reducing racist incidents on Willow Ward"
    today = timezone.localdate()
    assert stories.filter(consents__withdrawn_at__isnull=False, uses__isnull=False).exists()
    assert stories.filter(consents__expires_on__year=today.year, consents__expires_on__month=today.month).exists()


def test_every_demo_role_reaches_the_stories_pages(demo):
    amara_story = Story.objects.get(title="Racist abuse on Willow Ward was ignored")
    for who in ("admin", "lead", "qi", "finance", "staff", "amara", "ben", "chen"):
        client = _client(who)
        assert client.get(reverse("stories:list")).status_code == 200, who
        assert client.get(reverse("stories:mine")).status_code == 200, who
    assert "Racist abuse" in _client("amara").get(reverse("stories:mine")).content.decode()
    assert _client("staff").get(reverse("stories:detail", args=[amara_story.pk])).status_code == 200
    assert _client("ben").get(reverse("stories:detail", args=[amara_story.pk])).status_code == 404
    assert _client("lead").get(reverse("stories:response_times")).status_code == 200


def test_the_demo_has_overdue_changes_for_the_lead_and_the_response_figures(demo):
    from withus.voice.selectors_stories import overdue_changes

    lead = User.objects.get(email="lead@demo.withus.local")
    overdue = list(overdue_changes(lead))
    assert {response.story.title for response in overdue} == {"Too noisy to sleep", "Being listened to at ward round"}
    assert all(response.action_owner and response.action_due_on for response in overdue)
    page = _client("lead").get(reverse("stories:queue")).content.decode()
    assert "Changes planned that are overdue" in page
    assert "Being listened to at ward round" in page
    stories = Story.objects.filter(organisation=demo, status=StoryStatus.PUBLISHED)
    assert not stories.filter(published_month__isnull=True).exists()
    assert not stories.filter(first_response_at__isnull=False, days_to_first_response__isnull=True).exists()


def test_the_demo_garden_story_has_a_photo_staff_may_see(demo):
    from withus.voice.models.stories import StoryMedia

    media = StoryMedia.objects.get(story__title="The garden at Hawthorn House")
    assert media.content_type == "image/png"
    assert set(media.uses) == {StoryUseKind.INTERNAL_LEARNING, StoryUseKind.STAFF_TRAINING}
    response = _client("staff").get(reverse("stories:media", args=[media.story_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
