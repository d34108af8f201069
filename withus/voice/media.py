"""A photo or sound recording told with a story, checked by what it contains, never by its name or the browser's
word: the trust's virus scanner (if configured) sees it first; a photo is opened, verified and re-encoded (which
drops anything hidden in it, and the camera's location and other metadata); a recording must start with the magic
bytes of MP3, M4A, Ogg or WAV. Anything else is refused before anything is saved. Files are stored outside the web
root under a server-chosen name and served only by `views_stories.story_media`."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _l
from PIL import Image, UnidentifiedImageError

from withus.core.scanning import ScannerUnavailable, scan
from withus.voice.models.stories import MAX_MEDIA_BYTES, MediaKind

NOT_ACCEPTED = _l(
    "The file must be a photo (JPEG or PNG) or a sound recording (MP3, M4A, OGG or WAV). Choose a different file"
)
TOO_BIG = _l("The file must be smaller than 10 MB. Choose a smaller photo or a shorter recording")
EMPTY = _l("The selected file is empty. Choose a photo or a sound recording")
TOO_MANY_PIXELS = _l("The photo is too large. Take it again at a smaller size, or resize it, and upload that")
INFECTED = _l("The virus check found a problem with this file, so it has not been saved. Choose a different file")
SCANNER_DOWN = _l("The file could not be checked for viruses just now, so it has not been saved. Try again later")


@dataclass(frozen=True)
class CheckedMedia:
    content: bytes
    content_type: str
    kind: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def audio_type(data: bytes) -> str | None:
    """The content type a recording's first bytes prove, or None."""
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[4:8] == b"ftyp" and data[8:12] in (b"M4A ", b"M4B ", b"mp42", b"isom", b"iso2", b"dash"):
        return "audio/mp4"
    # An ID3 tag, or an MPEG audio frame's sync bits with layer III (a JPEG's FF D8 is not one).
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and (data[1] >> 1) & 3 == 1):
        return "audio/mpeg"
    return None


def checked_media(data: bytes, *, field: str = "media_file") -> CheckedMedia:
    """Return what to store, or raise a ValidationError (on `field`) that says what to do."""
    if not data:
        raise ValidationError({field: EMPTY})
    if len(data) > MAX_MEDIA_BYTES:
        raise ValidationError({field: TOO_BIG})
    try:
        found = scan(data, name="story media")
    except ScannerUnavailable as error:
        raise ValidationError({field: SCANNER_DOWN}) from error
    if found:
        raise ValidationError({field: INFECTED})
    kind = audio_type(data)
    if kind is not None:
        return CheckedMedia(data, kind, MediaKind.AUDIO)
    return CheckedMedia(*_reencoded_photo(data, field), MediaKind.PHOTO)


def _reencoded_photo(data: bytes, field: str) -> tuple[bytes, str]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            # From the header: a photo over the limit is refused before it is decoded (a decompression bomb).
            if probe.width * probe.height > settings.WITHUS_MAX_IMAGE_PIXELS:
                raise ValidationError({field: TOO_MANY_PIXELS})
            probe.verify()
        if image_format not in ("JPEG", "PNG"):
            raise ValidationError({field: NOT_ACCEPTED})
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            output = io.BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(output, format="JPEG", quality=90)
                return output.getvalue(), "image/jpeg"
            converted = image if image.mode in {"RGB", "RGBA", "L", "LA", "P"} else image.convert("RGB")
            converted.save(output, format="PNG")
            return output.getvalue(), "image/png"
    except Image.DecompressionBombError as error:
        raise ValidationError({field: TOO_MANY_PIXELS}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({field: NOT_ACCEPTED}) from error
