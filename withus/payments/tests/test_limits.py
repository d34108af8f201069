"""Heavy inputs in payments (issue 12 item 6): a remittance cell over the character limit and a receipt photo over
the pixel limit are refused with a message, never a 500 (small limits set here so the tests stay fast)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile

from withus.payments.models.claims import ClaimStatus
from withus.payments.receipts import checked_receipt
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_create, claim_submit


def _png(width: int, height: int) -> bytes:
    output = io.BytesIO()
    Image.new("L", (width, height)).save(output, format="PNG")
    return output.getvalue()


def test_a_photo_over_the_pixel_limit_is_refused_before_it_is_decoded(settings, monkeypatch):
    settings.WITHUS_MAX_IMAGE_PIXELS = 10_000
    photo = _png(101, 100)
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded.append)
    with pytest.raises(ValidationError) as refused:
        checked_receipt(photo)
    message = refused.value.message_dict["receipt"][0]
    assert message.startswith("The photo is too large (101 × 100 pixels). A receipt photo can have up to 0.01 mega")
    assert not decoded


def test_a_photo_at_the_pixel_limit_is_accepted(settings):
    settings.WITHUS_MAX_IMAGE_PIXELS = 10_000
    data, content_type = checked_receipt(_png(100, 100))
    assert content_type == "image/png"
    assert Image.open(io.BytesIO(data)).size == (100, 100)


def test_a_photo_over_pillows_own_ceiling_says_it_is_too_large(settings, monkeypatch):
    settings.WITHUS_MAX_IMAGE_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    with pytest.raises(ValidationError) as refused:
        checked_receipt(_png(100, 100))
    assert refused.value.message_dict["receipt"][0].startswith("The photo is too large")


@pytest.fixture
def batch(trust, amara, make_record, rate, finance):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    claim_submit(claim=claim, actor=amara.user)
    claim_approve(claim=claim, actor=finance.user)
    return batch_create(organisation=trust.organisation, actor=finance.user), claim


@pytest.mark.parametrize("length", [101, 140_000])  # over our limit; over the csv module's own (a 500 before)
def test_a_remittance_cell_over_the_character_limit_is_a_form_error(batch, finance, settings, length):
    settings.WITHUS_MAX_FIELD_CHARACTERS = 100
    batch, claim = batch
    content = f'Claim reference,Paid on\n{claim.reference},"{"x" * length}"\n'.encode()
    response = finance.client.post(
        reverse("payments:batch_remittance", args=[batch.pk]),
        {"remittance": SimpleUploadedFile("r.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 2: a cell has more than 100 characters" in page
    assert "nhsuk-error-summary" in page
    claim.refresh_from_db()
    assert claim.status != ClaimStatus.PAID


def test_a_remittance_still_pays_its_claims(batch, finance):
    batch, claim = batch
    content = f"Claim reference,Paid on\n\n{claim.reference},{timezone.localdate().isoformat()}\n".encode()
    response = finance.client.post(
        reverse("payments:batch_remittance", args=[batch.pk]),
        {"remittance": SimpleUploadedFile("r.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
