"""A receipt uploaded through the claim journey lands in the object-storage bucket, is served only through our view
(never a public link), and is deleted from the bucket when its line is removed (issue 25 item 5, ADR 40). moto's
in-process S3 (`mock_aws`): nothing leaves the machine."""

import io
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws
from PIL import Image

from withus.core.object_storage import default_storage as storage_setting
from withus.payments.models.claims import ClaimLine, Receipt
from withus.payments.services.claims import claim_create

BUCKET = "withus-receipts"
REGION = "eu-west-2"


@pytest.fixture
def bucket(settings):
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {
            **settings.STORAGES,
            "default": storage_setting(
                {
                    "WITHUS_S3_BUCKET": BUCKET,
                    "WITHUS_S3_REGION": REGION,
                    "WITHUS_S3_ACCESS_KEY_ID": "testing",
                    "WITHUS_S3_SECRET_ACCESS_KEY": "testing",
                },
                local_folder=Path("/unused"),
            ),
        }
        yield client


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(output, format="JPEG")
    return output.getvalue()


def _add_expense(client, claim, upload):
    today = timezone.localdate()
    return client.post(
        reverse("payments:claim_expense_add", args=[claim.pk]),
        {
            "category": "travel",
            "date_day": today.day,
            "date_month": today.month,
            "date_year": today.year,
            "description": "Bus to Willow Ward and back",
            "amount": "4.80",
            "receipt": upload,
        },
    )


def test_a_receipt_from_the_claim_journey_lands_in_the_bucket_and_is_served_through_our_view(
    bucket, amara, make_record, rate, ben, django_capture_on_commit_callbacks
):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)

    response = _add_expense(amara.client, claim, SimpleUploadedFile("bus.jpg", _jpeg(), content_type="image/jpeg"))

    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert _keys(bucket) == [receipt.file.name]
    assert receipt.file.name.startswith(f"receipts/{claim.organisation_id}/")
    stored = bucket.get_object(Bucket=BUCKET, Key=receipt.file.name)["Body"].read()
    assert len(stored) == receipt.size

    download = amara.client.get(reverse("payments:receipt", args=[claim.pk, receipt.pk]))
    assert download.status_code == 200
    assert download.content == stored
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"].startswith("no-store")
    assert BUCKET not in download.content.decode("latin-1")  # the bytes themselves, never a link to the bucket
    # Someone else's receipt: not found, and nothing from the bucket.
    assert ben.client.get(reverse("payments:receipt", args=[claim.pk, receipt.pk])).status_code == 404

    line = ClaimLine.objects.get(receipt=receipt)
    with django_capture_on_commit_callbacks(execute=True):
        removed = amara.client.post(reverse("payments:claim_line_remove", args=[claim.pk, line.pk]))
    assert removed.status_code == 302
    assert not Receipt.objects.exists()
    assert _keys(bucket) == []


def test_a_refused_receipt_leaves_nothing_in_the_bucket(bucket, amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)

    response = _add_expense(amara.client, claim, SimpleUploadedFile("bus.jpg", b"not a picture", "image/jpeg"))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Receipt.objects.exists()
    assert _keys(bucket) == []


def test_a_receipt_whose_object_is_gone_says_so_kindly(bucket, amara, make_record, rate):
    claim = claim_create(person=amara.person, record_ids=[make_record(amara.person).pk], actor=amara.user)
    _add_expense(amara.client, claim, SimpleUploadedFile("bus.jpg", _jpeg(), content_type="image/jpeg"))
    receipt = Receipt.objects.get()
    bucket.delete_object(Bucket=BUCKET, Key=receipt.file.name)

    download = amara.client.get(reverse("payments:receipt", args=[claim.pk, receipt.pk]))

    assert download.status_code == 404
    assert "receipt" in download.content.decode().lower()
