"""Story forms. Errors say what went wrong and how to fix it (NHS.UK style); choices come from querysets the user
may see, so a tampered teller, unit or project is refused as "select from the options shown"."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext

from withus.core.dates import add_months, month_start
from withus.core.forms import DateInputField, text_field
from withus.organisations.models import Unit, UnitKind
from withus.people.models import Person
from withus.voice.media import TOO_BIG
from withus.voice.models.stories import (
    MAX_MEDIA_BYTES,
    ON_BEHALF_ROUTES,
    ChangeClaim,
    Naming,
    StoryStatus,
    StoryTheme,
    StoryUseKind,
)
from withus.voice.services_stories import EDITABLE_FIELDS

PICK = {"invalid_choice": _l("Select from the options shown"), "invalid_pk_value": _l("Select from the options shown")}
RESPONSE_STATES = (
    ("", "Any"),
    ("none", "Not responded to yet"),
    ("responded", "Responded to"),
    *ChangeClaim.choices[1:],
)


def _months(today: datetime.date, count: int = 36) -> list[tuple[str, str]]:
    start = month_start(today)
    return [(add_months(start, -back).isoformat(), f"{add_months(start, -back):%B %Y}") for back in range(count)]


def _translated(field, *, label, help_text="", missing="", too_long=""):
    """A text field from `text_field` whose label, hint and messages are translated: its own messages, which are
    written whole rather than built from the English label."""
    field.label = label
    field.help_text = help_text
    if missing:
        field.error_messages["required"] = missing
    if too_long:
        field.error_messages["max_length"] = too_long
    return field


def _radio(label, choices, *, missing, required=True, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": missing, **PICK},
    )


class StoryForm(forms.Form):
    teller = forms.ModelChoiceField(
        label="Whose story is it?",
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        widget=forms.Select,
        error_messages={"required": "Select the person whose story this is", **PICK},
    )
    route = _radio(
        "How did you hear this story?",
        [(route.value, route.label) for route in ON_BEHALF_ROUTES],
        missing="Select how you heard this story",
    )
    title = _translated(
        text_field("Give your story a short title", max_length=120),
        label=_l("Give your story a short title"),
        missing=_l("Enter a short title for your story"),
        too_long=_l("The title must be 120 characters or fewer"),
    )
    what_happened = _translated(
        text_field("What happened?", max_length=6000, rows=8),
        label=_l("What happened?"),
        help_text=_l("Tell it in your own words. Please do not use the names of staff or other patients."),
        missing=_l("Enter what happened"),
        too_long=_l("What happened must be 6,000 characters or fewer"),
    )
    could_be_better = _translated(
        text_field("What could have been better? (optional)", max_length=3000, rows=4, required=False),
        label=_l("What could have been better? (optional)"),
        too_long=_l("What could have been better must be 3,000 characters or fewer"),
    )
    unit = forms.ModelChoiceField(
        label=_l("Which ward or team is it about?"),
        queryset=Unit.objects.none(),
        empty_label=_l("Choose a ward or team"),
        widget=forms.Select,
        error_messages={"required": _l("Select the ward or team the story is about"), **PICK},
    )
    experience_month = forms.ChoiceField(
        label=_l("Roughly when did it happen? (optional)"),
        required=False,
        widget=forms.Select,
        help_text=_l("The month is enough."),
        error_messages=PICK,
    )
    theme = _radio(
        _l("What is it mostly about?"), StoryTheme.choices, missing=_l("Select what the story is mostly about")
    )
    is_complaint = forms.BooleanField(
        label=_l("I would like to make a formal complaint as well"), required=False, widget=forms.CheckboxInput
    )
    uses = forms.MultipleChoiceField(
        label=_l("How may we use your story?"),
        choices=StoryUseKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Choose as many or as few as you like. You can stop any of them later."),
        error_messages=PICK,
    )
    naming = _radio(
        _l("How should we name you when we use it?"),
        Naming.choices,
        missing=_l("Select how we should name you"),
        required=False,
    )
    media_file = forms.FileField(
        label=_l("A photo or sound recording (optional)"),
        required=False,
        help_text=_l(
            "A photo (JPEG or PNG) or a recording (MP3, M4A, OGG or WAV), up to 10 MB. Please do not include "
            "other people's faces or voices."
        ),
        error_messages={
            "invalid": _l("Choose a photo or a sound recording"),
            "empty": _l("The selected file is empty"),
        },
    )
    media_description = _translated(
        text_field("Describe the photo or recording in a few words (optional)", max_length=300, required=False),
        label=_l("Describe the photo or recording in a few words (optional)"),
        help_text=_l("For people who cannot see or hear it. For example, The garden at Hawthorn House in spring"),
        too_long=_l("The description must be 300 characters or fewer"),
    )
    media_uses = forms.MultipleChoiceField(
        label=_l("How may we use the photo or recording?"),
        choices=StoryUseKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("This is a separate agreement from the one for your words. Choose only ways you chose above."),
        error_messages=PICK,
    )
    # Recording someone's story for them (issue 26 item 5): they must have agreed, as the route says how.
    person_agreed = forms.BooleanField(
        label="They agreed to me sending their story for them, and to the uses ticked above", required=False
    )
    expires_on = DateInputField(
        label=_l("When should the agreement end? (optional)"),
        required=False,
        help_text="Leave blank for the trust's usual time (2 years). For example, 27 3 2028",
        min_year=2000,
        max_year=2100,
    )

    def __init__(self, *args, user, organisation_id, on_behalf: bool, consent_years: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_behalf = on_behalf
        self.fields["expires_on"].help_text = ngettext(
            "Leave blank for the trust's usual time (%(num)s year). For example, 27 3 2028",
            "Leave blank for the trust's usual time (%(num)s years). For example, 27 3 2028",
            consent_years,
        ) % {"num": consent_years}
        self.fields["unit"].queryset = (
            Unit.objects.for_organisation(organisation_id)
            .active()
            .filter(kind__in=[UnitKind.WARD, UnitKind.TEAM])
            .order_by("name")
        )
        self.fields["experience_month"].choices = [("", _l("I would rather not say")), *_months(timezone.localdate())]
        if on_behalf:
            self.fields["teller"].queryset = Person.objects.visible_to(user).order_by("full_name")
        else:
            del self.fields["teller"]
            del self.fields["route"]
            del self.fields["person_agreed"]

    def clean_media_file(self):
        upload = self.cleaned_data.get("media_file")
        if upload and upload.size > MAX_MEDIA_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload

    def clean_experience_month(self):
        value = self.cleaned_data.get("experience_month")
        return datetime.date.fromisoformat(value) if value else None

    def cleaned_consents(self) -> list[tuple[str, str]]:
        naming = self.cleaned_data.get("naming") or Naming.ANONYMOUS
        return [(use, naming) for use in self.cleaned_data.get("uses") or []]


class StorySettingsForm(forms.Form):
    consent_years = forms.IntegerField(
        label="How many years a teller's agreement lasts, unless they choose a date",
        min_value=1,
        max_value=10,
        help_text="From 1 to 10. New agreements only: agreements already made keep their dates.",
        error_messages={
            "required": "Enter how many years an agreement lasts",
            "invalid": "Enter a whole number of years, like 2",
            "min_value": "Enter a whole number of years from 1 to 10",
            "max_value": "Enter a whole number of years from 1 to 10",
        },
        widget=forms.NumberInput,
    )
    information_sheet_version = text_field(
        "Version of the information sheet tellers are shown",
        max_length=20,
        help_text="Recorded with every new agreement, for example 2.1",
    )
    safeguarding_lead = forms.ModelChoiceField(
        label="Safeguarding lead for stories",
        queryset=None,
        required=False,
        empty_label="Not set: the trust-wide People Participation leads",
        widget=forms.Select,
        help_text="Told at once when a moderator flags a story that discloses risk or harm.",
        error_messages=PICK,
    )
    disclosures_to_unit_manager = forms.BooleanField(
        label="Tell the staff of the story's ward or team instead, when it has any",
        required=False,
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["safeguarding_lead"].queryset = candidates


class ModerationEditForm(forms.Form):
    field = _radio(
        "Which part did you change?",
        [(name, name.replace("_", " ").capitalize()) for name in EDITABLE_FIELDS],
        missing="Select the part of the story you changed",
    )
    after = text_field("The new wording", max_length=6000, rows=6)
    reason = text_field("Why you changed it (the teller will see this)", max_length=300)


class DecisionForm(forms.Form):
    decision = _radio(
        "What should happen to the story?",
        [(StoryStatus.HELD.value, "Hold it for now"), (StoryStatus.REJECTED.value, "Do not publish it")],
        missing="Select what should happen to the story",
    )
    reason = text_field("The reason, in words the teller will understand", max_length=1000, rows=3)


class RiskForm(forms.Form):
    note = text_field("What the story discloses", max_length=1000, rows=3)


class ApprovalForm(forms.Form):
    decision = _radio(
        _l("Are you happy for this version to be shared?"),
        [("approve", _l("Yes, share this version")), ("changes", _l("No, I would like something changed"))],
        missing=_l("Select whether you are happy for this version to be shared"),
    )
    note = _translated(
        text_field("What would you like changed? (optional)", max_length=1000, rows=3, required=False),
        label=_l("What would you like changed? (optional)"),
        too_long=_l("What you would like changed must be 1,000 characters or fewer"),
    )


class ResponseForm(forms.Form):
    responder_role = text_field("Your role", max_length=120, help_text="For example, Ward manager")
    body = text_field(
        "Your response",
        max_length=4000,
        rows=6,
        help_text="Write to the teller in plain English. Everyone may read it.",
    )
    change_claim = _radio("Has anything changed?", ChangeClaim.choices, missing="Select whether anything has changed")
    change_description = text_field(
        "What has changed or will change? (needed if you claim a change)", max_length=2000, rows=3, required=False
    )
    project = forms.ModelChoiceField(
        label="Linked QI project",
        queryset=None,
        empty_label="No QI project",
        required=False,
        widget=forms.Select,
        error_messages=PICK,
        help_text="A change needs a QI project, or someone who owns it.",
    )
    action_owner = forms.ModelChoiceField(
        label="Who owns the change?",
        queryset=None,
        empty_label="Nobody yet",
        required=False,
        widget=forms.Select,
        error_messages=PICK,
        help_text="Needed if there is no QI project. The teller will see their name.",
    )
    action_due_on = DateInputField(
        label="When is the change due by?",
        required=False,
        help_text="Needed for a change planned with no QI project. For example, 27 3 2027",
        min_year=2000,
        max_year=2100,
    )

    def __init__(self, *args, projects, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["action_owner"].queryset = owners


class ReplyForm(forms.Form):
    reply = _translated(
        text_field("Your reply (optional)", max_length=2000, rows=3, required=False),
        label=_l("Your reply (optional)"),
        too_long=_l("Your reply must be 2,000 characters or fewer"),
    )
    helped = _radio(
        _l("Did this response help?"),
        [("yes", _l("Yes")), ("no", _l("No")), ("unsure", _l("I'm not sure"))],
        missing=_l("Select whether the response helped"),
        required=False,
    )

    def helped_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("helped") or "")


class UseForm(forms.Form):
    use = _radio("How is the story used?", StoryUseKind.choices, missing="Select how the story is used")
    occasion = text_field("The occasion", max_length=200, help_text="For example, Board meeting, 4 March 2027")
    audience = text_field("Who is the audience?", max_length=200)
    used_on = DateInputField(label="Date of use", help_text="For example, 27 3 2027", min_year=2000, max_year=2100)


class StoryFilterForm(forms.Form):
    unit = forms.ChoiceField(label="Ward or team", required=False, widget=forms.Select)
    theme = forms.ChoiceField(
        label="Theme", required=False, widget=forms.Select, choices=[("", "Any"), *StoryTheme.choices]
    )
    response = forms.ChoiceField(label="Response", required=False, widget=forms.Select, choices=RESPONSE_STATES)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Any"), *((str(unit.pk), unit.name) for unit in units)]
