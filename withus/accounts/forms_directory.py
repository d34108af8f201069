"""Forms for the directory's role table and for ending sessions (issue 24)."""

from django import forms

from withus.accounts.forms import MANAGED_ROLES, WHOLE_TRUST
from withus.core.text import single_line


class DirectoryRoleMappingForm(forms.Form):
    app_role = forms.CharField(
        label="App role in the directory",
        help_text="The value of the app role, exactly as the trust's Entra administrator set it up, "
        "for example WithUs.Finance",
        max_length=120,
        validators=[single_line],
        error_messages={
            "required": "Enter the app role's value, for example WithUs.Finance",
            "max_length": "The app role must be 120 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="WithUs role it gives",
        choices=[("", "Select a role"), *[(role.value, role.label) for role in MANAGED_ROLES]],
        widget=forms.Select,
        error_messages={"required": "Select the WithUs role", "invalid_choice": "Select a role from the list"},
    )
    where = forms.ChoiceField(
        label="Where",
        widget=forms.Select,
        error_messages={"required": "Select where the role applies", "invalid_choice": "Select a unit from the list"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in organisation.units.filter(is_active=True).order_by("path")}
        self.fields["where"].choices = [(WHOLE_TRUST, "The whole trust")] + [
            (key, unit.indented_name) for key, unit in self.units.items()
        ]
        self.fields["where"].initial = WHOLE_TRUST

    def clean(self):
        cleaned = super().clean()
        where = cleaned.get("where")
        cleaned["unit"] = None if where in (None, WHOLE_TRUST) else self.units[where]
        return cleaned


class EndSessionForm(forms.Form):
    """Which of your sessions to end: one (by its number on the page) or every other one."""

    session = forms.CharField(required=False, max_length=20)
    everywhere_else = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        session = (cleaned.get("session") or "").strip()
        if not session and not cleaned.get("everywhere_else"):
            raise forms.ValidationError("Choose a device to sign out of")
        if session and not session.isdigit():
            raise forms.ValidationError("That device is not in your list. Reload the page and try again")
        cleaned["session"] = int(session) if session else None
        return cleaned
