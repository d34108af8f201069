from django import forms

from withus.core.text import single_line
from withus.organisations.models import Unit, UnitKind


class UnitForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        validators=[single_line],
        error_messages={
            "required": "Enter the unit's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    code = forms.RegexField(
        label="Code",
        max_length=20,
        regex=r"^[A-Za-z0-9\-]+$",
        help_text="Letters, numbers and hyphens, like WILLOW",
        error_messages={
            "required": "Enter a code",
            "invalid": "Code must only include letters, numbers and hyphens",
            "max_length": "Code must be 20 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Type of unit",
        choices=UnitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of unit"},
    )
    parent = forms.ModelChoiceField(
        label="Part of (optional)",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Nothing: this is a directorate",
        error_messages={"invalid_choice": "Select a unit from the list"},
    )
    is_active = forms.BooleanField(label="This unit is active", required=False, initial=True)

    def __init__(self, *args, organisation, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.unit = unit
        self.fields["parent"].queryset = Unit.objects.for_organisation(organisation.pk).in_tree_order()
        self.fields["parent"].label_from_instance = lambda unit: unit.indented_name

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        clash = Unit.objects.for_organisation(self.organisation.pk).filter(code=code)
        if self.unit is not None:
            clash = clash.exclude(pk=self.unit.pk)
        if clash.exists():
            raise forms.ValidationError("Another unit already uses this code. Enter a different code")
        return code
