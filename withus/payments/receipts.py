"""Receipts are checked by what they contain, never by their name: the trust's virus scanner (if configured)
sees them first; images are opened, verified and re-encoded (which drops anything hidden in them); PDFs must
start like a PDF, parse, and hold no script or launch action. Anything else is refused before anything is saved.
They are only ever served as attachments (payments.views.receipt_download)."""

import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from withus.core.scanning import ScannerUnavailable, scan
from withus.payments.models.claims import MAX_RECEIPT_BYTES

NOT_A_RECEIPT = "The receipt must be a photo (JPEG or PNG) or a PDF. Take a photo of the receipt and upload that"
ACTIVE_PDF = (
    "This PDF contains a script or an instruction to open another program, so it cannot be accepted. Save the "
    "receipt as a new PDF (choose Print, then Save as PDF), or upload a photo of it"
)
INFECTED = (
    "The virus check found a problem with this file, so it has not been saved. Upload a new photo or scan of the "
    "receipt"
)
SCANNER_DOWN = (
    "The file could not be checked for viruses just now, so it has not been saved. Try again in a few minutes"
)
# A PDF action of these kinds runs a script or another program. Keys that hold scripts or trigger actions on
# their own: /JS (a script), /AA (actions run on open, close, print, focus...), /JavaScript (the document's
# script name tree), /XFA (XML forms, which carry scripts).
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})
ACTIVE_KEYS = frozenset({"/JS", "/AA", "/JavaScript", "/XFA"})
# Enough for any receipt (a one-page receipt has a few dozen); more than this is refused, not walked for long.
MAX_PDF_OBJECTS = 20_000
TOO_COMPLEX_PDF = "This PDF is too long or complicated to check. Upload a photo of the receipt, or a PDF of just it"


TOO_LARGE_PHOTO = "The photo is too large. Take the photo again at a smaller size, or resize it, and upload that"


def too_many_pixels(width: int, height: int) -> str:
    megapixels = settings.WITHUS_MAX_IMAGE_PIXELS / 1_000_000
    return (
        f"The photo is too large ({width:,} × {height:,} pixels). A receipt photo can have up to {megapixels:g} "
        "megapixels: take the photo again at a smaller size, or resize it, and upload that"
    )


class PdfTooComplex(Exception):
    """The PDF has more objects than a receipt needs."""


def checked_receipt(data: bytes) -> tuple[bytes, str]:
    """Return (bytes to store, content type), or raise a ValidationError with a message that says what to do."""
    if len(data) == 0:
        raise ValidationError({"receipt": "The selected file is empty. Choose the photo or PDF of your receipt"})
    if len(data) > MAX_RECEIPT_BYTES:
        raise ValidationError({"receipt": "The receipt must be smaller than 5 MB. Take a smaller photo, or scan it"})
    _refuse_if_the_scanner_objects(data)
    if data.startswith(b"%PDF-"):
        return _checked_pdf(data), "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            # Width and height come from the file's header: an image over the limit is refused before it is
            # decoded (a decompression bomb, or a photo too big to re-encode quickly).
            if probe.width * probe.height > settings.WITHUS_MAX_IMAGE_PIXELS:
                raise ValidationError({"receipt": too_many_pixels(probe.width, probe.height)})
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
    except Image.DecompressionBombError as error:  # Pillow's own ceiling, far above ours: still too large
        raise ValidationError({"receipt": TOO_LARGE_PHOTO}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({"receipt": NOT_A_RECEIPT}) from error
    raise ValidationError({"receipt": NOT_A_RECEIPT})


def _refuse_if_the_scanner_objects(data: bytes) -> None:
    try:
        found = scan(data, name="receipt")
    except ScannerUnavailable as error:
        raise ValidationError({"receipt": SCANNER_DOWN}) from error
    if found:
        raise ValidationError({"receipt": INFECTED})


def _checked_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise ValidationError({"receipt": NOT_A_RECEIPT})
        active = has_active_content(reader)
    except PdfTooComplex as error:
        raise ValidationError({"receipt": TOO_COMPLEX_PDF}) from error
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise ValidationError({"receipt": "The PDF could not be read. Save it again, or upload a photo"}) from error
    if active:
        raise ValidationError({"receipt": ACTIVE_PDF})
    return data


def has_active_content(reader: PdfReader) -> bool:
    """True if any object reachable from the PDF's trailer holds a script, an automatic action, or an action that
    runs a script or launches a program: the document's /OpenAction and /Names, pages, annotations, form fields
    and outlines alike. Names are compared after pypdf decodes them, so /J#61vaScript is /JavaScript."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            reference = (node.idnum, node.generation)
            if reference in seen:
                continue
            seen.add(reference)
            node = node.get_object()
        if isinstance(node, (DictionaryObject, ArrayObject)):
            visited += 1
            if visited > MAX_PDF_OBJECTS:
                raise PdfTooComplex
        if isinstance(node, DictionaryObject):
            if ACTIVE_KEYS.intersection(node.keys()):
                return True
            action = dict.get(node, "/S")
            if isinstance(action, IndirectObject):
                action = action.get_object()
            if action in ACTIVE_ACTIONS:
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, ArrayObject):
            stack.extend(list.__iter__(node))
    return False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
