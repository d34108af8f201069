from allauth.account.forms import ConfirmLoginCodeForm, LoginForm, RequestLoginCodeForm, ResetPasswordForm
from django import forms

from withus.core.forms import DateInputField
from withus.core.models import AuditAction


class AuditFilterForm(forms.Form):
    who = forms.CharField(label="Who (e-mail address)", required=False, max_length=254)
    action = forms.ChoiceField(
        label="What happened",
        required=False,
        choices=[("", "Anything"), *AuditAction.choices],
        widget=forms.Select,
    )
    object_type = forms.ChoiceField(
        label="Type of record",
        required=False,
        widget=forms.Select,
        choices=[
            ("", "Any"),
            ("person", "Person"),
            ("equality_record", "Equality record"),
            ("user", "Account"),
            ("unit", "Unit"),
        ],
    )
    object_id = forms.UUIDField(
        label="Record ID",
        required=False,
        error_messages={"invalid": "Enter a record ID in the format shown in the address bar"},
    )
    date_from = DateInputField(label="From", required=False)
    date_to = DateInputField(label="To", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


# Sign-in forms: allauth's, with NHS.UK-style messages that say what to do.
EMAIL_MESSAGES = {
    "required": "Enter your e-mail address",
    "invalid": "Enter an e-mail address in the correct format, like name@example.com",
}


def _reword(form, field_name: str, messages: dict[str, str]) -> None:
    if field_name in form.fields:
        form.fields[field_name].error_messages.update(messages)


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "login", EMAIL_MESSAGES)
        _reword(self, "password", {"required": "Enter your password"})


class RequestSignInCodeForm(RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "email", EMAIL_MESSAGES)


class ConfirmSignInCodeForm(ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "code", {"required": "Enter the sign-in code from your e-mail"})


class PasswordResetRequestForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "email", EMAIL_MESSAGES)
