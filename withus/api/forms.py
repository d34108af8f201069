from django import forms

from withus.api.models import Scope
from withus.core.forms import DateInputField, text_field
from withus.improvement.models import Project


class TokenForm(forms.Form):
    name = text_field(
        "Name", max_length=100, help_text="Say which system uses it, for example “Data warehouse nightly load”."
    )
    scopes = forms.MultipleChoiceField(
        label="What the token may do",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose only what the system needs.",
        error_messages={"required": "Choose at least one thing the token may do"},
    )
    expires_on = DateInputField(
        label="Expiry date (optional)",
        required=False,
        help_text="The token stops working at the end of this day. For example, 31 3 2027. Leave empty for none.",
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projects it may reach (optional)",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to let it reach every project of the trust.",
        error_messages={"invalid_choice": "Choose from the projects shown"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.for_organisation(organisation.pk).order_by("title")


class ConfirmForm(forms.Form):
    """A confirmation button only."""
