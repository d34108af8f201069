from allauth.account.fields import EmailField
from allauth.account.forms import (
    AddEmailForm,
    ConfirmEmailVerificationCodeForm,
    ConfirmLoginCodeForm,
    ConfirmReauthenticationCodeForm,
    LoginForm,
    ReauthenticateForm,
    RequestLoginCodeForm,
    RequestReauthenticationCodeForm,
    ResetPasswordForm,
)
from django import forms

from withus.accounts.models import Role
from withus.core.forms import DateInputField
from withus.core.models import AuditAction
from withus.core.phone import UK_MOBILE, spaced_mobile
from withus.core.text import single_line


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


def _no_reset_hint(form) -> None:
    """allauth puts a "Forgot your password?" link in the password field's hint, which our NHS.UK hint shows as
    text; our pages link to resetting a password themselves."""
    if "password" in form.fields:
        form.fields["password"].help_text = ""


class SignInForm(LoginForm):
    """Sign in with an e-mail address and password. (allauth would take a mobile number here too, now that it is a
    way to sign in; with us a mobile number only ever gets a code by text message.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = EmailField()
        self.order_fields(["login", "password"])
        _reword(self, "login", EMAIL_MESSAGES)
        _reword(self, "password", {"required": "Enter your password"})
        _no_reset_hint(self)


class RequestSignInCodeForm(RequestLoginCodeForm):
    """A code by e-mail: the e-mail address only (the mobile number has its own page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("phone", None)
        self.fields["email"].required = True
        _reword(self, "email", EMAIL_MESSAGES)


class RequestSignInTextCodeForm(RequestLoginCodeForm):
    """A code by text message (ADR 34): the UK mobile number only. allauth looks the number up, limits how often a
    code is sent to it and from one client, and answers the same whether or not an account has the number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("email", None)
        self.fields["phone"].required = True


class ConfirmSignInCodeForm(ConfirmLoginCodeForm):
    def __init__(self, *args, by_text: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_text = by_text
        where = "text message" if by_text else "e-mail"
        _reword(self, "code", {"required": f"Enter the sign-in code from your {where}"})

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            if self.by_text and error.code == "incorrect_code":
                raise forms.ValidationError(
                    "The code is not right. Check the code in your text message and try again, or ask for a new code",
                    code="incorrect_code",
                ) from error
            raise


class PasswordResetRequestForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "email", EMAIL_MESSAGES)


class ChangeSignInEmailForm(AddEmailForm):
    """The account owner's new sign-in address; it works only once they type the code we send to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "New e-mail address"
        _reword(
            self,
            "email",
            {**EMAIL_MESSAGES, "required": "Enter the e-mail address you want to sign in with"},
        )

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].lower()
        if self.user is not None and value == (self.user.email or "").lower():
            raise forms.ValidationError(
                "This is already your sign-in e-mail address. Enter a different one", code="duplicate_email"
            )
        return super().clean_email()


class ConfirmNewEmailCodeForm(ConfirmEmailVerificationCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "code", {"required": "Enter the code we sent to your new e-mail address"})


class ConfirmWithPasswordForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "password", {"required": "Enter your password"})
        _no_reset_hint(self)


class RequestCodeToConfirmForm(RequestReauthenticationCodeForm):
    """Where to send the code that confirms it is you: shown as a choice only if there is more than one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        field.label = "Where should we send the code?"
        field.error_messages.update(
            {
                "required": "Select where we should send the code",
                "invalid_choice": "Select one of the places shown",
            }
        )
        # A sign-in mobile number (ADR 34) reads as people write it, and says it gets a text message.
        choices = [
            (value, f"A text message to {spaced_mobile(value)}" if UK_MOBILE.match(value) else label)
            for value, label in field.choices
        ]
        field.choices = choices
        if len(choices) == 1:
            field.widget = forms.HiddenInput()
            field.initial = choices[0][0]
        else:
            field.widget = forms.RadioSelect(choices=choices)


class ConfirmWithCodeForm(ConfirmReauthenticationCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _reword(self, "code", {"required": "Enter the code from your e-mail"})


# Managing staff accounts (issue 14 item 1): one choice per role of where it applies.
WHOLE_TRUST = "trust"
MANAGED_ROLES = [role for role in Role if role != Role.PARTICIPANT]


class AccountForm(forms.Form):
    """A staff account's name and roles (and, when inviting, its sign-in address). Each role is not held, held for
    the whole trust, or held for one unit and everything beneath it."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        validators=[single_line],
        error_messages={"required": "Enter their full name", "max_length": "Name must be 200 characters or fewer"},
    )

    def __init__(self, *args, organisation, inviting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in organisation.units.filter(is_active=True).order_by("path")}
        if inviting:
            self.fields["email"] = forms.EmailField(
                label="E-mail address",
                max_length=254,
                help_text="They sign in with this address. Only they can change it later",
                error_messages=EMAIL_MESSAGES,
            )
            self.order_fields(["email", "full_name"])
        choices = [("", "No"), (WHOLE_TRUST, "Yes, for the whole trust")]
        choices += [(key, f"Yes, for {unit.indented_name}") for key, unit in self.units.items()]
        for role in MANAGED_ROLES:
            self.fields[f"role_{role.value}"] = forms.ChoiceField(
                label=role.label,
                choices=choices,
                required=False,
                widget=forms.Select,
                error_messages={"invalid_choice": "Select a unit from the list"},
            )

    @staticmethod
    def initial_for(user) -> dict:
        initial = {"full_name": user.full_name}
        for assignment in user.role_assignments:
            key = f"role_{assignment.role}"
            initial.setdefault(key, str(assignment.unit_id) if assignment.unit_id else WHOLE_TRUST)
        return initial

    def role_fields(self):
        return [self[f"role_{role.value}"] for role in MANAGED_ROLES]

    def clean(self):
        cleaned = super().clean()
        roles = []
        for role in MANAGED_ROLES:
            value = cleaned.get(f"role_{role.value}")
            if value:
                roles.append((role.value, None if value == WHOLE_TRUST else self.units[value]))
        if not roles and not any(self.has_error(f"role_{role.value}") for role in MANAGED_ROLES):
            self.add_error(f"role_{MANAGED_ROLES[0].value}", "Select at least one role")
        cleaned["roles"] = roles
        return cleaned


class DeactivateForm(forms.Form):
    """Nothing to fill in: the page asks the administrator to confirm."""


class ResetTwoStepForm(forms.Form):
    reason = forms.CharField(
        label="Why are you resetting it?",
        help_text="For example, how you checked who they are. This is kept in the audit log",
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why, for example how you checked who they are",
            "max_length": "Reason must be 150 characters or fewer",
        },
    )
