"""Forms for contact choices and the outbox filters."""

from django import forms

from withus.core.forms import TimeField
from withus.notifications.models import OPTIONAL_KINDS, Channel, MessageKind, MessageStatus

SECOND_CHOICES = [("", "No second choice"), *Channel.choices]


class ContactChoicesForm(forms.Form):
    first_choice = forms.ChoiceField(
        label="How would you like to hear from us?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        help_text="A phone call from your lead means your People Participation lead rings you to tell you.",
        error_messages={
            "required": "Choose how you would like to hear from us",
            "invalid_choice": "Choose one of the options",
        },
    )
    second_choice = forms.ChoiceField(
        label="If we cannot reach you that way, how else? (optional)",
        choices=SECOND_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the options"},
    )
    kinds = forms.MultipleChoiceField(
        label="What would you like to hear about? (optional)",
        choices=[(kind.value, kind.label) for kind in OPTIONAL_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "We always tell you about a place, booking or sign-in you asked for, and what became of what you told "
            "us: you cannot turn those off."
        ),
        error_messages={"invalid_choice": "Choose from the options shown"},
    )
    easy_read = forms.BooleanField(label="Send me easy read versions where there are some", required=False)
    quiet_from = TimeField(label="Quiet hours start (optional)", required=False)
    quiet_until = TimeField(label="Quiet hours end (optional)", required=False)

    @staticmethod
    def initial_for(preference) -> dict:
        return {
            "first_choice": preference.first_choice,
            "second_choice": preference.second_choice,
            "kinds": [kind.value for kind in OPTIONAL_KINDS if preference.wants(kind)],
            "easy_read": preference.easy_read,
            "quiet_from": preference.quiet_from.strftime("%H:%M") if preference.quiet_from else "",
            "quiet_until": preference.quiet_until.strftime("%H:%M") if preference.quiet_until else "",
        }

    def values(self):
        from withus.notifications.services.preferences import PreferenceValues

        data = self.cleaned_data
        return PreferenceValues(
            first_choice=data["first_choice"],
            second_choice=data["second_choice"],
            wants_opportunities=MessageKind.OPPORTUNITIES in data["kinds"],
            wants_reminders=MessageKind.REMINDERS in data["kinds"],
            wants_payments=MessageKind.PAYMENTS in data["kinds"],
            easy_read=data["easy_read"],
            quiet_from=data["quiet_from"],
            quiet_until=data["quiet_until"],
        )


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("", "Any"), *MessageStatus.choices], required=False)
    channel = forms.ChoiceField(label="Sent by", choices=[("", "Any"), *Channel.choices], required=False)
    template = forms.CharField(label="Message", max_length=80, required=False)
    person = forms.CharField(label="Person's name", max_length=100, required=False)
