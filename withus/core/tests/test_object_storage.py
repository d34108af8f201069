"""Uploads in S3-compatible object storage when WITHUS_S3_BUCKET is set, a local folder otherwise (issue 25 item 5,
ADR 40). Every S3 test runs against moto: in-process (`mock_aws`, nothing is sent anywhere) or, for the endpoint
URL, moto's server on 127.0.0.1."""

from pathlib import Path

import boto3
import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto import mock_aws
from moto.server import ThreadedMotoServer

from withus.core.object_storage import LOCAL_BACKEND, S3_BACKEND, local_folder
from withus.core.object_storage import default_storage as storage_setting

BUCKET = "withus-receipts-test"
REGION = "eu-west-2"
KEYS = {"WITHUS_S3_ACCESS_KEY_ID": "testing", "WITHUS_S3_SECRET_ACCESS_KEY": "testing"}


def _make_bucket(endpoint_url: str | None = None):
    client = boto3.client(
        "s3",
        region_name=REGION,
        endpoint_url=endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client


@pytest.fixture
def bucket(settings):
    """A private bucket in moto's in-process S3, and the storage setting pointing at it."""
    with mock_aws():
        client = _make_bucket()
        settings.STORAGES = {
            **settings.STORAGES,
            "default": storage_setting(
                {"WITHUS_S3_BUCKET": BUCKET, "WITHUS_S3_REGION": REGION, **KEYS}, local_folder=Path("/unused")
            ),
        }
        yield client


def test_with_no_bucket_uploads_stay_in_the_local_folder(tmp_path):
    assert storage_setting({}, local_folder=tmp_path) == {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": tmp_path}}
    assert local_folder({"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": tmp_path}}) == tmp_path


def test_the_bucket_settings_are_private_never_overwrite_and_sign_short_urls(tmp_path):
    setting = storage_setting(
        {
            "WITHUS_S3_BUCKET": " withus-files ",
            "WITHUS_S3_ENDPOINT_URL": "https://s3.example.nhs.uk",
            "WITHUS_S3_REGION": REGION,
            "WITHUS_S3_PREFIX": "/uploads/",
            **KEYS,
        },
        local_folder=tmp_path,
    )
    options = setting["OPTIONS"]
    assert setting["BACKEND"] == S3_BACKEND
    assert options["bucket_name"] == "withus-files"
    assert options["endpoint_url"] == "https://s3.example.nhs.uk"
    assert options["region_name"] == REGION
    assert options["location"] == "uploads"
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 300
    assert options["access_key"] == "testing"
    assert local_folder(setting) is None


def test_without_keys_the_servers_own_credentials_are_used(tmp_path):
    options = storage_setting({"WITHUS_S3_BUCKET": "withus-files"}, local_folder=tmp_path)["OPTIONS"]
    assert "access_key" not in options
    assert "secret_key" not in options
    assert options["endpoint_url"] is None  # Amazon S3 itself


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"WITHUS_S3_ENDPOINT_URL": "https://s3.example.nhs.uk"}, "WITHUS_S3_BUCKET is not"),
        ({"WITHUS_S3_BUCKET": "b", "WITHUS_S3_ACCESS_KEY_ID": "only-the-id"}, "Set both"),
        ({"WITHUS_S3_BUCKET": "b", "WITHUS_S3_SECRET_ACCESS_KEY": "only-the-secret"}, "Set both"),
        ({"WITHUS_S3_BUCKET": "b", "WITHUS_S3_URL_SECONDS": "ten"}, "whole number"),
        ({"WITHUS_S3_BUCKET": "b", "WITHUS_S3_URL_SECONDS": "86400"}, "between 1 and 3600"),
        ({"WITHUS_S3_BUCKET": "b", "WITHUS_S3_URL_SECONDS": "0"}, "between 1 and 3600"),
        ({"WITHUS_S3_BUCKET": "b", "WITHUS_S3_ENDPOINT_URL": "s3.example.nhs.uk"}, "must start with https://"),
    ],
)
def test_a_half_or_wrongly_configured_bucket_stops_the_start_with_a_message(tmp_path, environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_setting(environ, local_folder=tmp_path)


def test_save_read_back_and_delete_go_to_the_bucket(bucket):
    name = default_storage.save("receipts/org/ticket.pdf", ContentFile(b"%PDF-1.7 a receipt"))

    listed = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert listed == [name]
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 a receipt"
    assert default_storage.size(name) == len(b"%PDF-1.7 a receipt")
    stored = bucket.get_object(Bucket=BUCKET, Key=name)
    assert stored["CacheControl"] == "private, no-store"

    default_storage.delete(name)
    assert not default_storage.exists(name)
    assert bucket.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 0


def test_a_second_upload_with_the_same_name_never_replaces_the_first(bucket):
    first = default_storage.save("receipts/org/same.pdf", ContentFile(b"first"))
    second = default_storage.save("receipts/org/same.pdf", ContentFile(b"second"))
    assert first != second
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == b"first"


def test_objects_are_private_and_any_url_is_signed_and_short_lived(bucket):
    name = default_storage.save("receipts/org/private.pdf", ContentFile(b"private"))

    grants = bucket.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    assert not [grant for grant in grants if "AllUsers" in str(grant.get("Grantee", {}).get("URI", ""))]
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url


def test_a_missing_object_reads_as_a_missing_file(bucket):
    with pytest.raises(FileNotFoundError):
        default_storage.open("receipts/org/never-uploaded.pdf", "rb")


def test_the_endpoint_url_reaches_an_s3_compatible_server_on_this_machine(settings):
    """An S3-compatible store other than Amazon's (MinIO, Ceph, a cloud's own) is reached by its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        _make_bucket(endpoint)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": storage_setting(
                {"WITHUS_S3_BUCKET": BUCKET, "WITHUS_S3_ENDPOINT_URL": endpoint, "WITHUS_S3_REGION": REGION, **KEYS},
                local_folder=Path("/unused"),
            ),
        }
        name = default_storage.save("receipts/org/elsewhere.pdf", ContentFile(b"kept elsewhere"))
        with default_storage.open(name, "rb") as handle:
            assert handle.read() == b"kept elsewhere"
        # The signed link reaches the object on that server (moto does not check signatures, so the refusal of an
        # unsigned one is the real store's: the object's ACL, tested above, grants no one else anything).
        url = default_storage.url(name)
        assert url.startswith(f"{endpoint}/{BUCKET}/")
        assert requests.get(url, timeout=5).content == b"kept elsewhere"
        default_storage.delete(name)
        assert not default_storage.exists(name)
    finally:
        server.stop()
