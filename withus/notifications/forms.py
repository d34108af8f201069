"""Forms for contact choices and the outbox filters."""

from django import forms
from django.utils.translation import gettext_lazy as _l

from withus.core.forms import TimeField
from withus.notifications.models import OPTIONAL_KINDS, Channel, MessageKind, MessageStatus
from withus.people.models import CommunicationNeed

SECOND_CHOICES = [("", _l("No second choice")), *Channel.choices]


class OptionalTimeField(TimeField):
    """A time that may be left empty. Its error names the field without "(optional)": it is given whole, as
    `invalid`, so that it can be translated (issue 26)."""

    def __init__(self, *, invalid, **kwargs):
        self.invalid = invalid
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            raise forms.ValidationError(str(self.invalid)) from None


class ContactChoicesForm(forms.Form):
    first_choice = forms.ChoiceField(
        label=_l("How would you like to hear from us?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        help_text=_l("A phone call from your lead means your People Participation lead rings you to tell you."),
        error_messages={
            "required": _l("Choose how you would like to hear from us"),
            "invalid_choice": _l("Choose one of the options"),
        },
    )
    second_choice = forms.ChoiceField(
        label=_l("If we cannot reach you that way, how else? (optional)"),
        choices=SECOND_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _l("Choose one of the options")},
    )
    kinds = forms.MultipleChoiceField(
        label=_l("What would you like to hear about? (optional)"),
        choices=[(kind.value, kind.label) for kind in OPTIONAL_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l(
            "We always tell you about a place, booking or sign-in you asked for, and what became of what you told "
            "us: you cannot turn those off."
        ),
        error_messages={"invalid_choice": _l("Choose from the options shown")},
    )
    easy_read = forms.BooleanField(label=_l("Send me easy read versions where there are some"), required=False)
    quiet_from = OptionalTimeField(
        label=_l("Quiet hours start (optional)"),
        help_text=_l("For example, 10am, 2:30pm or 14:30"),
        invalid=_l("Quiet hours start must be a real time, like 10pm, 7:30am or 22:00"),
        required=False,
    )
    quiet_until = OptionalTimeField(
        label=_l("Quiet hours end (optional)"),
        help_text=_l("For example, 10am, 2:30pm or 14:30"),
        invalid=_l("Quiet hours end must be a real time, like 10pm, 7:30am or 22:00"),
        required=False,
    )

    def __init__(self, *args, own: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        lead_call = _l("A phone call from your lead") if own else "A phone call from their lead"
        for name in ("first_choice", "second_choice"):
            field = self.fields[name]
            field.choices = [
                (value, lead_call if value == Channel.LEAD_CALL else label) for value, label in field.choices
            ]
        if not own:
            self.fields["first_choice"].label = "How would they like to hear from us?"
            self.fields["first_choice"].help_text = "A phone call from their lead: you or a colleague ring them."
            self.fields["second_choice"].label = "If we cannot reach them that way, how else? (optional)"
            self.fields["kinds"].label = "What would they like to hear about? (optional)"
            self.fields["kinds"].help_text = (
                "We always tell them about a place, booking or sign-in they asked for, and what became of what they "
                "told us: those cannot be turned off."
            )
            self.fields["easy_read"].label = "Send them easy read versions where there are some"

    @staticmethod
    def initial_for(preference) -> dict:
        return {
            "first_choice": preference.first_choice,
            "second_choice": preference.second_choice,
            "kinds": [kind.value for kind in OPTIONAL_KINDS if preference.wants(kind)],
            # Read from the person's communication needs (ADR 41): the one record of it.
            "easy_read": CommunicationNeed.EASY_READ in (preference.person.communication_needs or []),
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
