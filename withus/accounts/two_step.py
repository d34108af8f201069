"""Two-step verification for staff (allauth.mfa): who must use it, and an audit entry for every change to it."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.conf import settings

from withus.core.audit import audit_record
from withus.core.models import AuditAction

AUTHENTICATOR_NAMES = {
    Authenticator.Type.TOTP: "authenticator app",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}


def offers_two_step(user) -> bool:
    """Staff-side users may set up an authenticator app; participants sign in with a code by e-mail instead."""
    return bool(user.is_authenticated and not user.is_participant and user.role_names)


def staff_must_use_two_step(user) -> bool:
    return bool(settings.WITHUS_STAFF_MFA_REQUIRED and offers_two_step(user))


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _audit(action_text: str):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs):
        name = AUTHENTICATOR_NAMES.get(authenticator.type, authenticator.type) if authenticator else "two-step"
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=user,
            object_type="user",
            object_id=str(user.pk),
            object_label=f"{action_text} {name}",
            changed_fields=["two_step_verification"],
        )

    return receiver


# Kept at module level so the (weakly referenced) receivers live as long as the app.
_on_added = _audit("Two-step verification: added")
_on_removed = _audit("Two-step verification: removed")
_on_reset = _audit("Two-step verification: new")


def connect_audit() -> None:
    authenticator_added.connect(_on_added, dispatch_uid="withus_two_step_added")
    authenticator_removed.connect(_on_removed, dispatch_uid="withus_two_step_removed")
    authenticator_reset.connect(_on_reset, dispatch_uid="withus_two_step_reset")
