"""The audit service: the only way anything is written to the append-only audit log."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from withus.core.client_address import client_ip
from withus.core.models import AuditAction, AuditEntry


def audit_record(
    *,
    action: AuditAction,
    request: HttpRequest | None = None,
    actor: Any = None,
    actor_email: str = "",
    organisation_id: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    changed_fields: Iterable[str] = (),
) -> AuditEntry:
    """Write one audit entry. Callers pass the request when there is one, so 'from where' is kept."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.model_name  # noqa: SLF001 - Django's documented model metadata
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(getattr(obj, "audit_label", obj))
    if organisation_id is None:
        organisation_id = getattr(obj, "organisation_id", None) or getattr(actor, "organisation_id", None)
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        # A participant who signs in by text message has no e-mail address: their mobile number stands in.
        actor_email=actor_email or getattr(actor, "sign_in_name", "") or getattr(actor, "email", "") or "",
        organisation_id=organisation_id,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        changed_fields=sorted(changed_fields),
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        path=(request.get_full_path() if request else "")[:500],
    )


def audit_view(request: HttpRequest, obj: models.Model, *, object_type: str = "") -> AuditEntry:
    """Record that the signed-in user looked at a record of personal data."""
    return audit_record(action=AuditAction.VIEW, request=request, obj=obj, object_type=object_type)
