"""Stories made through the services, in the state a test needs."""

import pytest

from withus.voice import services_stories as services
from withus.voice.models.stories import Naming, StoryTheme, StoryUseKind

USES = [(StoryUseKind.STAFF_TRAINING, Naming.FIRST_NAME), (StoryUseKind.INTERNAL_LEARNING, Naming.ANONYMOUS)]


def _values(unit, **changes):
    return {
        "title": "Racist abuse was ignored",
        "what_happened": "Another patient called me names and staff said it was his illness. Nurse Dave laughed.",
        "could_be_better": "Call it out every time.",
        "unit": unit,
        "experience_month": None,
        "theme": StoryTheme.RESPECT,
        **changes,
    }


@pytest.fixture
def tell(trust):
    """tell(participant, unit=..., uses=[...]) -> a received story told by the participant themselves."""

    def make(participant, *, unit=None, uses=None, submit=True):
        return services.story_save(
            organisation=trust.organisation,
            teller=participant.person,
            values=_values(unit or trust.willow),
            actor=participant.user,
            consents=USES if uses is None else uses,
            submit=submit,
        )

    return make


@pytest.fixture
def publish(lead):
    """publish(story) -> moderated, approved by its teller and published."""

    def make(story):
        story = services.story_moderation_start(story=story, actor=lead.user, version=story.version)
        story = services.story_edit(
            story=story,
            field="what_happened",
            after="Another patient called me names and staff said it was his illness.",
            reason="We took out a staff member's name.",
            actor=lead.user,
            version=story.version,
        )
        story = services.story_send_to_teller(story=story, actor=lead.user, version=story.version)
        story = services.story_teller_approve(story=story, actor=story.teller.user)
        return services.story_publish(story=story, actor=lead.user, version=story.version)

    return make


@pytest.fixture
def published(amara, tell, publish):
    return publish(tell(amara))


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    """Photos and recordings go to a temporary folder, never var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path
