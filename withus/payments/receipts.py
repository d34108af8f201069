"""Receipts are checked by what they contain, never by their name: images are opened, verified and re-encoded
(which drops anything hidden in them); PDFs must start like a PDF and parse. Anything else is refused."""

import hashlib
import io

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from withus.payments.models.claims import MAX_RECEIPT_BYTES

NOT_A_RECEIPT = "The receipt must be a photo (JPEG or PNG) or a PDF. Take a photo of the receipt and upload that"
# Decompression bombs: refuse images with more pixels than a phone photo could have.
MAX_PIXELS = 50_000_000


def checked_receipt(data: bytes) -> tuple[bytes, str]:
    """Return (bytes to store, content type), or raise a ValidationError with a message that says what to do."""
    if len(data) == 0:
        raise ValidationError({"receipt": "The selected file is empty. Choose the photo or PDF of your receipt"})
    if len(data) > MAX_RECEIPT_BYTES:
        raise ValidationError({"receipt": "The receipt must be smaller than 5 MB. Take a smaller photo, or scan it"})
    if data.startswith(b"%PDF-"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if len(reader.pages) < 1:
                raise ValidationError({"receipt": NOT_A_RECEIPT})
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
            raise ValidationError({"receipt": "The PDF could not be read. Save it again, or upload a photo"}) from error
        return data, "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({"receipt": "The photo is too large. Take a smaller photo"})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            output = io.BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(output, format="JPEG", quality=90)
                return output.getvalue(), "image/jpeg"
            if image_format == "PNG":
                converted = image if image.mode in {"RGB", "RGBA", "L", "LA", "P"} else image.convert("RGB")
                converted.save(output, format="PNG")
                return output.getvalue(), "image/png"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError({"receipt": NOT_A_RECEIPT}) from error
    raise ValidationError({"receipt": NOT_A_RECEIPT})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
