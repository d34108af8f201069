"""The matrix world's stories (issue 19), made through the stories services on both sides of each trust.

Own: Amara's stories about Willow Ward; other: Ben's about Marsh District Nursing. Each side has a published
story (consented for staff training and learning inside the trust, not public) with a response from the side's
member of staff, a draft, and a story waiting for its teller to approve the moderated version. The published
story has a photo whose own consent covers staff training."""

import io

from PIL import Image

from withus.voice import services_stories as services
from withus.voice.media import checked_media
from withus.voice.models.stories import Naming, StoryTheme, StoryUseKind

USES = [(StoryUseKind.STAFF_TRAINING, Naming.FIRST_NAME), (StoryUseKind.INTERNAL_LEARNING, Naming.ANONYMOUS)]


def _photo():
    output = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(output, format="PNG")
    return checked_media(output.getvalue())


def _tell(world, side, title, *, submit=True, media=None):
    return services.story_save(
        organisation=world.organisation,
        teller=side.person,
        values={
            "title": title,
            "what_happened": "What happened, in the teller's words.",
            "could_be_better": "",
            "unit": side.unit,
            "experience_month": None,
            "theme": StoryTheme.CARE,
        },
        actor=side.person.user,
        consents=USES,
        submit=submit,
        media=media,
        media_uses=[StoryUseKind.STAFF_TRAINING] if media else [],
    )


def build_stories(world) -> None:
    lead = world.users.lead
    for side in (world.own, world.other):
        story = _tell(world, side, f"Published story of {side.person.full_name}", media=_photo())
        story = services.story_moderation_start(story=story, actor=lead, version=story.version)
        story = services.story_send_to_teller(story=story, actor=lead, version=story.version)
        story = services.story_teller_approve(story=story, actor=side.person.user)
        side.story = services.story_publish(story=story, actor=lead, version=story.version)
        side.story_consent = side.story.consents.get(use=StoryUseKind.STAFF_TRAINING)
        side.story_response = services.response_add(
            story=side.story, actor=side.staff, values={"body": "Thank you for telling us.", "change_claim": "none"}
        )
        side.story_draft = _tell(world, side, f"Draft of {side.person.full_name}", submit=False)
        waiting = _tell(world, side, f"Waiting story of {side.person.full_name}")
        waiting = services.story_moderation_start(story=waiting, actor=lead, version=waiting.version)
        side.story_with_teller = services.story_send_to_teller(story=waiting, actor=lead, version=waiting.version)
