"""Forms for the involvement log's own pages: the kinds of involvement."""

from functools import partial

from django import forms

from withus.core.forms import text_field

_text = partial(text_field, required=False)

# The fields of a kind that administrators change (the form's fields, and what kind_update is given).
KIND_FIELDS = ("name", "description", "payment_activity_code", "payment_description", "required_training", "is_active")


class KindForm(forms.Form):
    name = _text("Name", max_length=100, required=True)
    description = _text("Description (optional)", max_length=300)
    payment_activity_code = _text(
        "Payment activity code",
        max_length=20,
        required=True,
        help_text="The code finance uses for this kind of involvement, like INV-PANEL",
    )
    payment_description = _text(
        "Usual payment, shown up-front (optional)",
        max_length=200,
        help_text="For example, £25 an hour, with travel paid. Each opportunity can say something different",
    )
    required_training = _text(
        "Usual training needed (optional)", max_length=200, help_text="For example, Recruitment panel training"
    )
    is_active = forms.BooleanField(label="Offered for new opportunities", required=False)
