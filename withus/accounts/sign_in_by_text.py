"""Signing in with a code sent by text message (issue 17, ADR 34): allauth's own login by code, with the phone
number as the recipient. This module holds the pieces allauth asks the project for: the mobile number field, the
login stage that does not ask someone without an e-mail address to verify one, and the audit of wrong codes."""

from allauth.account import stages
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.signals import login_code_rejected
from django import forms

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.phone import NOT_A_UK_MOBILE, uk_mobile

# The session key that says the last sign-in text could not be sent (Notify refused it or was down).
TEXT_NOT_SENT = "withus_sign_in_text_not_sent"


class UKMobileField(forms.CharField):
    """A UK mobile number however it is typed (spaces, dashes, +44), cleaned to 07…; anything else is refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Mobile number")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"] = {
            "required": "Enter your mobile number",
            "max_length": NOT_A_UK_MOBILE,
            **kwargs["error_messages"],
        }
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        mobile = uk_mobile(value)
        if not mobile:
            raise forms.ValidationError(NOT_A_UK_MOBILE, code="invalid_phone")
        return mobile


def signed_in_by_text(request, user) -> bool:
    """Whether the person's latest step in this session was a code sent by text message."""
    records = get_authentication_records(request, user) if user is not None else []
    return bool(records) and bool(records[-1].get("phone"))


class EmailVerificationStage(stages.EmailVerificationStage):
    """allauth's, except for someone who signs in by text message: an account with no e-mail address has nothing
    to verify, and a person who has just typed a code sent to their mobile is not asked to prove their e-mail too."""

    def handle(self):
        user = self.login.user
        if user is not None and (not user.email or signed_in_by_text(self.request, user)):
            return None, True
        return super().handle()


def _audit_wrong_code(sender, request=None, user=None, last_attempt=False, **kwargs) -> None:
    # After the last try allauth has already dropped the pending sign-in, so how the code was sent may be unknown.
    phone = _pending_phone(request) if request is not None else ""
    how = " (sent by text message)" if phone or not user.email else ""
    audit_record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        actor=user,
        object_type="user",
        object_id=str(user.pk),
        organisation_id=user.organisation_id,
        object_label=f"Wrong sign-in code{how}" + ("; no tries left" if last_attempt else ""),
    )


def _pending_phone(request) -> str:
    from allauth.account.internal.stagekit import unstash_login

    login = unstash_login(request, peek=True)
    if login is None:
        return ""
    return login.state.get("stages", {}).get("login_by_code", {}).get("data", {}).get("phone", "")


def connect_audit() -> None:
    login_code_rejected.connect(_audit_wrong_code, dispatch_uid="withus_login_code_rejected")
