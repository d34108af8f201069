"""One-time form keys: the second of two identical submissions returns the first result."""

import uuid

from django.db import IntegrityError, transaction

from withus.core.models import SubmissionKey


def submission_key_reserve(*, key: uuid.UUID, organisation_id, object_type: str) -> str | None:
    """Reserve a key. Return None when it is new, or the object id it already produced."""
    try:
        with transaction.atomic():
            SubmissionKey.objects.create(key=key, organisation_id=organisation_id, object_type=object_type)
    except IntegrityError:
        existing = SubmissionKey.objects.get(key=key)
        if existing.object_type != object_type or existing.organisation_id != organisation_id:
            raise
        return existing.object_id
    return None


def submission_key_complete(*, key: uuid.UUID, object_id) -> None:
    SubmissionKey.objects.filter(key=key).update(object_id=str(object_id))


def submission_key_lookup(*, key: uuid.UUID, organisation_id, object_type: str) -> str | None:
    """The object a key already produced, if any (so a resent form goes straight to its result)."""
    existing = SubmissionKey.objects.filter(key=key, organisation_id=organisation_id, object_type=object_type).first()
    return existing.object_id if existing and existing.object_id else None
