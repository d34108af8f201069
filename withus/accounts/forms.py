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
