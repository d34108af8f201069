"""Where uploaded files (receipts) are kept: a local folder by default, or an S3-compatible bucket through
django-storages when WITHUS_S3_BUCKET is set (issue 25 item 5, ADR 40). Read by the settings, so it imports no
models; every upload goes through Django's `storages["default"]`, so nothing else changes.

The bucket is private: no ACL is ever set on an object (`default_acl=None`, so the bucket's own policy applies and
it must block public access), receipts are served only through our views after a permission check and an audit
entry, and any URL django-storages makes is signed and short-lived (`querystring_expire`). A second upload with the
same name never replaces the first (`file_overwrite=False`: django-storages' default would replace it silently).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
SIGNED_URL_SECONDS = 300
# Every WITHUS_S3_ variable; any of them set without the bucket is a mistake worth stopping for.
VARIABLES = (
    "WITHUS_S3_BUCKET",
    "WITHUS_S3_ENDPOINT_URL",
    "WITHUS_S3_REGION",
    "WITHUS_S3_ACCESS_KEY_ID",
    "WITHUS_S3_SECRET_ACCESS_KEY",
    "WITHUS_S3_PREFIX",
    "WITHUS_S3_URL_SECONDS",
)


def _value(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name) or "").strip()


def default_storage(environ: Mapping[str, str], *, local_folder: Path) -> dict:
    """The `STORAGES["default"]` entry for this environment."""
    bucket = _value(environ, "WITHUS_S3_BUCKET")
    if not bucket:
        stray = [name for name in VARIABLES if _value(environ, name)]
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} set but WITHUS_S3_BUCKET is not: set the bucket's name to keep uploads in object "
                "storage, or remove them to keep uploads in a local folder."
            )
        return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": local_folder}}
    access_key = _value(environ, "WITHUS_S3_ACCESS_KEY_ID")
    secret_key = _value(environ, "WITHUS_S3_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both WITHUS_S3_ACCESS_KEY_ID and WITHUS_S3_SECRET_ACCESS_KEY, or neither (then the server's own "
            "credentials are used: an instance or workload role, or the AWS_ variables)."
        )
    seconds_text = _value(environ, "WITHUS_S3_URL_SECONDS")
    try:
        seconds = int(seconds_text) if seconds_text else SIGNED_URL_SECONDS
    except ValueError as error:
        raise ImproperlyConfigured(f"WITHUS_S3_URL_SECONDS must be a whole number, not {seconds_text!r}") from error
    if not 1 <= seconds <= 3600:
        raise ImproperlyConfigured("WITHUS_S3_URL_SECONDS must be between 1 and 3600 (an hour).")
    endpoint = _value(environ, "WITHUS_S3_ENDPOINT_URL")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"WITHUS_S3_ENDPOINT_URL must start with https://, not {endpoint!r}")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,  # None: Amazon S3 itself
        "region_name": _value(environ, "WITHUS_S3_REGION") or None,
        "location": _value(environ, "WITHUS_S3_PREFIX").strip("/"),
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": seconds,
        "signature_version": "s3v4",  # the only signature every region and S3-compatible store accepts
        # Browsers and proxies never keep a copy of a receipt.
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    if access_key:
        options.update(access_key=access_key, secret_key=secret_key)
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def local_folder(storage: Mapping) -> Path | None:
    """The folder of a local file store, or None when uploads are in object storage (for the backup script)."""
    if storage.get("BACKEND") != LOCAL_BACKEND:
        return None
    return Path(storage["OPTIONS"]["location"])
