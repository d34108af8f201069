"""allauth hooks: no self sign-up (leads register people), every sign-in, failure and sign-out audited, sign-in
codes by text message for participants who sign in with their mobile number (ADR 34), and two-step verification
in plain English."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.internal.cryptokit import generate_user_code
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest

from withus.accounts import two_step_storage
from withus.accounts.models import User
from withus.accounts.sign_in_by_text import TEXT_NOT_SENT, UKMobileField, signed_in_by_text
from withus.accounts.signals import sign_in_code_by_text
from withus.accounts.two_step import staff_must_use_two_step
from withus.core.audit import audit_record
from withus.core.client_address import client_ip
from withus.core.models import AuditAction
from withus.core.phone import spaced_mobile, uk_mobile


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The e-mail address or password is not right. Check them and try again, "
        "or sign in with a code sent to your e-mail instead",
        "incorrect_code": "The code is not right. Check the code in your e-mail and try again, or ask for a new code",
        "too_many_login_attempts": "You have tried to sign in too many times. Wait 5 minutes, then try again",
        "account_inactive": "This account is not active. Contact your People Participation team",
        "incorrect_password": "The password is not right. Check it and try again",
        "duplicate_email": "This is already your sign-in e-mail address. Enter a different one",
        "email_taken": "Another WithUs account already uses this e-mail address. Enter a different one, or ask "
        "your People Participation team",
        "rate_limited": "You have asked for too many codes. Wait a minute, then try again",
        "unknown_phone": "We could not send a code to that number",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The real client behind the trusted proxies, so one client's failures never lock out everyone."""
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's, without the site (our e-mails never name it), so notices sent after the transaction
        commits work outside a request too; and our e-mails say how long a code works for."""
        values = {"email": email, "code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60, **context}
        self.render_mail(template_prefix, email, values).send()

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """A new sign-in address becomes the account's only one once its code is typed in; the old one is told
        (allauth e-mails it), and the change is audited as the account owner's."""
        previous = (
            EmailAddress.objects.filter(user_id=email_address.user_id, primary=True)
            .exclude(email__iexact=email_address.email)
            .first()
        )
        confirmed = super().confirm_email(request, email_address)
        if confirmed and previous is not None:
            user = email_address.user
            audit_record(
                action=AuditAction.UPDATE,
                request=request,
                actor=user,
                object_type="user",
                object_id=str(user.pk),
                object_label=f"Sign-in e-mail address changed from {previous.email} to {email_address.email}",
                changed_fields=["email"],
            )
            messages.success(
                request,
                "Your sign-in e-mail address has changed. We have sent an e-mail to your old address to say so.",
            )
        return confirmed

    # Sign-in codes by text message (ADR 34): allauth's login by code with the mobile number as the recipient.

    def phone_form_field(self, **kwargs):
        return UKMobileField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return uk_mobile(phone) or phone

    def get_phone(self, user) -> tuple[str, bool] | None:
        return (user.phone, user.phone_verified) if getattr(user, "phone", None) else None

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone, user.phone_verified = uk_mobile(phone) or None, verified
        user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user, phone: str) -> None:
        if user.phone == uk_mobile(phone) and not user.phone_verified:
            User.objects.filter(pk=user.pk, phone=user.phone).update(phone_verified=True)
            user.phone_verified = True

    def get_user_by_phone(self, phone: str):
        mobile = uk_mobile(phone)
        return User.objects.filter(phone=mobile, is_active=True).first() if mobile else None

    def generate_phone_verification_code(self, *, user, phone: str) -> str:
        """Six digits, easy to type from a text message on a phone's number pad."""
        return generate_user_code(length=6, numeric=True, dashed=False)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        """The code goes through the notifications outbox and gateway (GOV.UK Notify; the console locally), sent as
        soon as this request's transaction commits. If it could not be sent, the code page says so kindly."""
        request = context.request
        session = getattr(request, "session", None)
        if session is not None:
            session[TEXT_NOT_SENT] = False

        def on_result(sent: bool) -> None:
            # Called once the transaction has committed: saved at once, in case the session has been saved already.
            if session is not None and not sent:
                session[TEXT_NOT_SENT] = True
                session.save()

        reauthentication = bool(kwargs.get("reauthentication"))
        sign_in_code_by_text.send(
            sender=User,
            user=user,
            phone=phone,
            code=code,
            minutes=settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
            reauthentication=reauthentication,
            request=request,
            on_result=on_result,
        )
        audit_record(
            action=AuditAction.CREATE,
            request=request,
            actor=user,
            object_type="sign_in_code",
            object_id=str(user.pk),
            organisation_id=user.organisation_id,
            object_label=f"Sign-in code sent by text message to {spaced_mobile(phone)}"
            if not reauthentication
            else f"Code to confirm it is them sent by text message to {spaced_mobile(phone)}",
        )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """Nothing is sent to a number no account signs in with, and the page says the same as for a known one;
        the attempt is kept in the audit log."""
        request = context.request
        if getattr(request, "session", None) is not None:
            request.session[TEXT_NOT_SENT] = False
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            request=request,
            object_type="user",
            object_label=f"Sign-in code asked for by text to {spaced_mobile(phone)}: no account has this number",
        )

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with e-mail verification skipped for someone signing in by text message."""
        return [
            "withus.accounts.sign_in_by_text.EmailVerificationStage"
            if path == "allauth.account.stages.EmailVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        method = "code" if request.path.startswith("/accounts/login/code") else "password"
        if method == "code" and signed_in_by_text(request, user):
            method = "a code by text message"
        if "/webauthn/" in request.path:
            method = "a passkey"
        audit_record(
            action=AuditAction.SIGN_IN,
            request=request,
            actor=user,
            object_type="user",
            object_id=str(user.pk),
            object_label=f"Signed in with {method}",
        )

    def logout(self, request: HttpRequest) -> None:
        user = request.user
        if user.is_authenticated:
            audit_record(
                action=AuditAction.SIGN_OUT,
                request=request,
                actor=user,
                object_type="user",
                object_id=str(user.pk),
            )
        # Django's logout flushes the server-side session, so the old cookie is worthless afterwards.
        super().logout(request)

    def authentication_failed(self, request: HttpRequest, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        email = str(credentials.get("email", ""))[:254]
        known = User.objects.filter(email__iexact=email).only("pk", "organisation_id").first() if email else None
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            request=request,
            actor_email=email,
            object_type="user",
            object_label=f"Account {email}" if known else f"Unknown account {email}",
            object_id=str(known.pk) if known else "",
            organisation_id=known.organisation_id if known else None,
        )


class TwoStepAdapter(DefaultMFAAdapter):
    """Two-step verification in plain English, and never turned off by staff where the trust requires it."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the 6-digit code your authenticator app shows now, "
        "or one of your recovery codes",
        "cannot_delete_authenticator": "You cannot turn off two-step verification: the trust requires it for "
        "staff. To move to a new phone, ask an administrator to reset it",
        "cannot_generate_recovery_codes": "Set up an authenticator app first, then you can make recovery codes",
    }

    def encrypt(self, text: str) -> str:
        """Authenticator secrets and recovery-code seeds are stored as Fernet tokens (ADR 8)."""
        return two_step_storage.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return two_step_storage.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if staff_must_use_two_step(user) and authenticator.type == Authenticator.Type.TOTP:
            return False
        return super().can_delete_authenticator(authenticator)
