"""A photo or sound recording with a story: checked by content, its own consent per use, stored outside the web
root, served only to those who may see it while its consent is live, and deleted when the teller removes it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from withus.voice import services_stories as services
from withus.voice.media import audio_type
from withus.voice.models.stories import MAX_MEDIA_BYTES, MediaKind, Story, StoryMedia, StoryUseKind

pytestmark = pytest.mark.django_db


def _png(size=(8, 8)) -> bytes:
    output = io.BytesIO()
    image = Image.new("RGB", size, "green")
    image.save(output, format="PNG", pnginfo=_secret())
    return output.getvalue()


def _secret():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "GPS 51.5,-0.1 hidden in the file")
    return info


def _tell(client, unit, *, media=None, media_uses=("staff_training",), uses=("staff_training",), action="send"):
    data = {
        "title": "The garden helped",
        "what_happened": "Working in the garden helped me sleep.",
        "unit": str(unit.pk),
        "theme": "environment",
        "uses": list(uses),
        "naming": "first_name",
        "media_uses": list(media_uses),
        "media_description": "The garden in spring",
        "action": action,
    }
    if media is not None:
        data["media_file"] = media
    return client.post(reverse("stories:new"), data)


def _upload(content: bytes, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_a_photo_is_re_encoded_and_kept_outside_the_web_root_with_its_own_consent(amara, trust, media_folder):
    response = _tell(amara.client, trust.willow, media=_upload(_png()))
    assert response.status_code == 302
    media = StoryMedia.objects.get()
    assert (media.kind, media.content_type, media.uses) == (MediaKind.PHOTO, "image/png", ["staff_training"])
    assert media.granted_on == timezone.localdate()
    assert media.expires_on == media.story.consents.get().expires_on
    assert media.information_sheet_version == "1.0"
    assert media.file.name.startswith(f"stories/{trust.organisation.pk}/")
    assert not media.file.name.endswith("photo.png")  # the uploaded name is never used
    stored = media.file.read()
    assert b"GPS" not in stored  # re-encoded: what was hidden in the file is gone
    assert Image.open(io.BytesIO(stored)).size == (8, 8)
    assert len(_files(media_folder)) == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"#!/bin/sh\necho hello\n", "photo.png", "The file must be a photo (JPEG or PNG) or a sound recording"),
        (b"GIF89a" + b"\x00" * 40, "photo.gif", "The file must be a photo (JPEG or PNG) or a sound recording"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "a.svg", "The file must be a photo"),
    ],
)
def test_a_file_that_is_not_a_photo_or_recording_is_refused_and_nothing_is_saved(
    amara, trust, content, name, message, media_folder
):
    page = _tell(amara.client, trust.willow, media=_upload(content, name)).content.decode()
    assert message in page
    assert not Story.objects.exists()
    assert not StoryMedia.objects.exists()
    assert _files(media_folder) == []


def test_a_file_over_10_mb_is_refused(amara, trust, media_folder):
    big = b"ID3" + b"\x00" * MAX_MEDIA_BYTES
    page = _tell(amara.client, trust.willow, media=_upload(big, "long.mp3", "audio/mpeg")).content.decode()
    assert "The file must be smaller than 10 MB" in page
    assert not Story.objects.exists()
    assert _files(media_folder) == []


def test_a_photo_with_too_many_pixels_is_refused(amara, trust, settings):
    settings.WITHUS_MAX_IMAGE_PIXELS = 50
    page = _tell(amara.client, trust.willow, media=_upload(_png((10, 10)))).content.decode()
    assert "The photo is too large" in page
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("first_bytes", "expected"),
    [
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64", "audio/mpeg"),
        (b"\x00\x00\x00\x20ftypM4A \x00", "audio/mp4"),
        (b"OggS\x00\x02", "audio/ogg"),
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio/wav"),
        (b"\xff\xd8\xff\xe0", None),  # a JPEG is not an MP3 frame
        (b"RIFF\x24\x08\x00\x00AVI LIST", None),
        (b"MZ\x90\x00", None),
    ],
)
def test_recordings_are_recognised_by_their_magic_bytes_only(first_bytes, expected):
    assert audio_type(first_bytes + b"\x00" * 16) == expected


def test_a_recording_is_kept_as_it_is(amara, trust):
    recording = b"OggS" + b"\x01" * 200
    assert _tell(amara.client, trust.willow, media=_upload(recording, "voice.ogg", "audio/ogg")).status_code == 302
    media = StoryMedia.objects.get()
    assert (media.kind, media.content_type, media.file.read()) == (MediaKind.AUDIO, "audio/ogg", recording)


def test_tampered_or_missing_consent_for_the_file_is_refused(amara, trust, media_folder):
    page = _tell(amara.client, trust.willow, media=_upload(_png()), media_uses=["everything"]).content.decode()
    assert "Select from the options shown" in page
    page = _tell(amara.client, trust.willow, media=_upload(_png()), media_uses=[]).content.decode()
    assert "Select how we may use the photo or recording, or remove it" in page
    # A use agreed for the file but not for the story's words.
    page = _tell(amara.client, trust.willow, media=_upload(_png()), media_uses=["press"]).content.decode()
    assert "can only be used in a way you also agreed for the story" in page
    page = _tell(amara.client, trust.willow, media_uses=["staff_training"]).content.decode()
    assert "Choose the photo or recording, or untick how we may use it" in page
    assert not Story.objects.exists()
    assert _files(media_folder) == []


def test_a_draft_keeps_its_photo_and_a_new_one_replaces_it(
    amara, trust, media_folder, django_capture_on_commit_callbacks
):
    _tell(amara.client, trust.willow, media=_upload(_png()), media_uses=[], action="draft")
    story = Story.objects.get()
    first = StoryMedia.objects.get().file.name
    assert StoryMedia.objects.get().granted_on is None  # a draft agrees nothing yet
    page = amara.client.get(reverse("stories:draft", args=[story.pk])).content.decode()
    assert "Your draft has a photo (The garden in spring)" in page
    data = {
        "title": "The garden helped",
        "what_happened": "Working in the garden helped me sleep.",
        "unit": str(trust.willow.pk),
        "theme": "environment",
        "uses": ["staff_training", "internal_learning"],
        "naming": "first_name",
        "media_uses": ["internal_learning"],
        "media_file": _upload(_png((6, 6))),
        "action": "send",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert amara.client.post(reverse("stories:draft", args=[story.pk]), data).status_code == 302
    media = StoryMedia.objects.get()
    assert media.file.name != first
    assert media.uses == ["internal_learning"]
    assert media.granted_on == timezone.localdate()
    assert [path.name for path in _files(media_folder)] == [media.file.name.rsplit("/", 1)[1]]


@pytest.fixture
def published_with_photo(amara, trust, publish):
    _tell(amara.client, trust.willow, media=_upload(_png()), uses=["staff_training", "internal_learning"])
    return publish(Story.objects.get())


def test_the_photo_is_served_only_to_those_who_may_see_it(amara, trust, lead, staff_client, ben):
    _tell(amara.client, trust.willow, media=_upload(_png()), uses=["staff_training", "internal_learning"])
    story = Story.objects.get()
    url = reverse("stories:media", args=[story.pk])
    assert staff_client.get(url).status_code == 404  # not published yet
    response = amara.client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert lead.client.get(url).status_code == 200  # moderating it
    assert ben.client.get(url).status_code == 404


def test_the_photo_follows_its_own_consent_and_the_words_consent(published_with_photo, amara, staff_client, lead):
    story = published_with_photo
    url = reverse("stories:media", args=[story.pk])
    detail = reverse("stories:detail", args=[story.pk])
    assert staff_client.get(url).status_code == 200
    assert url in staff_client.get(detail).content.decode()
    # The words' staff-training use is stopped: the file's only use is gone, though the words are still shown
    # (for learning inside the trust).
    services.consent_withdraw(consent=story.consents.get(use=StoryUseKind.STAFF_TRAINING), actor=amara.user)
    assert staff_client.get(detail).status_code == 200
    assert url not in staff_client.get(detail).content.decode()
    assert staff_client.get(url).status_code == 404
    assert lead.client.get(url).status_code == 404  # no use of it is agreed any more
    assert amara.client.get(url).status_code == 200  # the teller still sees her own photo


def test_an_expired_consent_for_the_photo_stops_it(published_with_photo, staff_client):
    StoryMedia.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert staff_client.get(reverse("stories:media", args=[published_with_photo.pk])).status_code == 404


def test_removing_the_photo_deletes_it_from_every_output(
    published_with_photo,
    amara,
    ben,
    staff_client,
    lead,
    media_folder,
    django_capture_on_commit_callbacks,
):
    story = published_with_photo
    url = reverse("stories:media", args=[story.pk])
    remove = reverse("stories:media_withdraw", args=[story.pk])
    assert ben.client.post(remove).status_code == 404
    assert staff_client.post(remove).status_code == 404
    assert "Remove the photo" in amara.client.get(remove).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = amara.client.post(remove, follow=True)
    assert "The photo is deleted. Nobody will see it again." in response.content.decode()
    media = StoryMedia.objects.get()
    assert media.withdrawn_at is not None
    assert media.withdrawn_by == amara.user
    assert not media.file
    assert _files(media_folder) == []
    for client in (amara.client, staff_client, lead.client):
        assert client.get(url).status_code == 404
        assert url not in client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert amara.client.post(remove).status_code == 404  # nothing left to remove
