"""Forms for ideas (issue 20). Plain-English labels; every error says how to fix it."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _l

from withus.core.forms import DateInputField, text_field
from withus.voice.models.ideas import ANSWER_LIMIT, ForumDecisionKind, OutcomeKind, SourceKind, StateKind, Theme

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


def _yes_no(label: str, *, help_text: str = "", message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": message},
    )


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.indented_name

    def clean(self, value):
        """Anything that is not one of the units shown (another trust's, or not an id at all) gets one kind message,
        not Django's 'is not a valid UUID'."""
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) in {"invalid", "invalid_choice", "invalid_pk_value", "invalid_list"}:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error
            raise


MAX_UNITS = 10


class RaiseForm(forms.Form):
    """Raise an idea or concern. Staff choose whose it is (themselves, or someone in the register)."""

    person = forms.ModelChoiceField(
        label="Whose idea or concern is it?",
        queryset=None,
        required=False,
        help_text="They will be told about every step. Leave empty if it is your own.",
        empty_label="My own",
    )
    title = text_field("Give it a short title", max_length=120)
    title.label = _l("Give it a short title")
    title.help_text = _l("For example: 'Quieter nights on the ward'")
    title.error_messages.update(
        required=_l("Enter a short title"), max_length=_l("The title must be 120 characters or fewer")
    )
    detail = text_field("What happened, or what would help?", max_length=3000, rows=6)
    detail.label = _l("What happened, or what would help?")
    detail.help_text = _l("Say it in your own words. Only the people working on it will read this.")
    detail.error_messages.update(
        required=_l("Enter what happened, or what would help"),
        max_length=_l("What happened, or what would help, must be 3,000 characters or fewer"),
    )
    public_summary = text_field("A short summary we may show in public (optional)", max_length=300, required=False)
    public_summary.label = _l("A short summary we may show in public (optional)")
    public_summary.help_text = _l("Do not include names. If you leave this empty, we will write one.")
    public_summary.error_messages["max_length"] = _l("The short summary must be 300 characters or fewer")
    units = UnitMultipleChoiceField(
        label=_l("Which wards, teams or services is it about?"),
        help_text=_l("Choose one or more."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _l("Choose the ward, team or service it is about"),
            "invalid_choice": _l("Choose from the wards, teams and services shown"),
            "invalid_pk_value": _l("Choose from the wards, teams and services shown"),
        },
    )
    theme = forms.ChoiceField(
        label=_l("What is it mostly about?"),
        choices=Theme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose what it is mostly about")},
    )
    risk_disclosed = _yes_no(
        _l("Is anyone at risk of harm?"),
        help_text=_l("If someone is in danger now, call 999. If you say yes, our safeguarding lead reads it today."),
        message=_l("Say whether anyone is at risk of harm"),
    )
    complaint = _yes_no(
        _l("Do you want to make a complaint about care?"),
        help_text=_l("If you say yes, we will also tell you how to contact PALS, who deal with complaints."),
        message=_l("Say whether you want to make a complaint"),
    )
    wants_to_help = _yes_no(
        _l("If it becomes a project, would you like to join the team?"),
        help_text=_l("You can change your mind at any time. Time on a project team is paid."),
        message=_l("Say whether you would like to join the team"),
    )
    source_kind = forms.ChoiceField(
        label="Where did it come from?", choices=SourceKind.choices, initial=SourceKind.DIRECT, required=False
    )
    source_label = text_field(
        "Which story, action or visit (optional)",
        max_length=200,
        required=False,
        help_text="For example: 'Willow Ward accreditation visit, 12 March 2026'",
    )

    def __init__(self, *args, people, units, on_behalf: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        if on_behalf:
            self.fields["person"].queryset = people
        else:
            for name in ("person", "source_kind", "source_label"):
                del self.fields[name]

    def clean_units(self):
        units = self.cleaned_data["units"]
        if len(units) > MAX_UNITS:
            raise forms.ValidationError(
                gettext("Choose %(count)s or fewer: if it is about a whole directorate, choose the directorate")
                % {"count": MAX_UNITS}
            )
        return units

    def values(self) -> dict:
        keys = ("title", "detail", "public_summary", "theme", "risk_disclosed", "complaint", "wants_to_help")
        return {key: self.cleaned_data[key] for key in keys}


class StateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}: {obj.public_meaning}"


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    state = StateChoiceField(
        label="Move it to",
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the state to move it to"},
    )
    answer = text_field(
        "The answer the person gets",
        max_length=ANSWER_LIMIT,
        rows=5,
        required=False,
        help_text="Plain English. They are told this in the way they chose.",
    )
    reason = text_field("For 'not now': why not now", max_length=ANSWER_LIMIT, rows=3, required=False)
    revisit_on = DateInputField(label="For 'not now': when we will look again", required=False)
    passed_to = text_field("For 'passed to another team': which team", max_length=200, required=False)
    forum_on = DateInputField(label="For the QI forum: the date of the forum", required=False)
    public_summary = text_field(
        "Summary shown in public", max_length=300, required=False, help_text="No names or private details."
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states.exclude(kind__in=[StateKind.PROJECT, StateKind.RECEIVED])


class ForumForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    forum_on = DateInputField(label="Date of the forum")
    chaired_by = text_field("Who chaired the forum", max_length=200, help_text="For example: 'Amara Bello (co-chair)'")
    decision = forms.ChoiceField(
        label="What did the forum decide?",
        choices=ForumDecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the forum decided"},
    )
    note = text_field("What the forum said (the person who raised it gets this)", max_length=ANSWER_LIMIT, rows=4)
    aim = text_field(
        "For a project: its aim", max_length=1000, rows=3, required=False, help_text="What, by how much, by when."
    )
    revisit_on = DateInputField(label="For 'not now': when we will look again", required=False)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of outcome is it?",
        choices=[choice for choice in OutcomeKind.choices if choice[0] != OutcomeKind.PROJECT],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of outcome it is"},
    )
    what_changed = text_field("What changed", max_length=1000, rows=3)
    where = text_field("Where", max_length=200, required=False)
    changed_on = DateInputField(label="When it changed")
    evidence = text_field("How we know (optional)", max_length=1000, rows=3, required=False)
    reference_label = text_field("For an accreditation action: which action", max_length=200, required=False)
    progress = forms.IntegerField(
        label="How far along, from 0 to 100 (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter how far along it is, from 0 to 100",
            "invalid": "Enter a whole number from 0 to 100",
            "min_value": "Enter a number from 0 to 100",
            "max_value": "Enter a number from 0 to 100",
        },
    )


class MilestoneForm(forms.Form):
    title = text_field("What happened", max_length=200)
    reached_on = DateInputField(label="When")
    description = text_field("More detail (optional)", max_length=1000, rows=3, required=False)
    progress = forms.IntegerField(
        label="How far along now, from 0 to 100 (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter how far along it is now, from 0 to 100",
            "invalid": "Enter a whole number from 0 to 100",
            "min_value": "Enter a number from 0 to 100",
            "max_value": "Enter a number from 0 to 100",
        },
    )


class StateForm(forms.Form):
    name = text_field("Name of the state", max_length=80)
    kind = forms.ChoiceField(
        label="What it means for the software",
        choices=StateKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the state means"},
    )
    public_meaning = text_field("What it means, in plain English", max_length=300)
    answer_required = forms.BooleanField(label="An answer is required when an idea moves to this state", required=False)


class IdeaFilterForm(forms.Form):
    state = forms.ModelChoiceField(label="State", queryset=None, required=False, empty_label="Any")
    theme = forms.ChoiceField(label="Theme", choices=[("", "Any"), *Theme.choices], required=False)
    overdue = forms.BooleanField(label="Only those waiting too long for a first answer", required=False)

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states


class ServiceLevelForm(forms.Form):
    first_answer_days = forms.IntegerField(
        label="Working days to a first answer",
        help_text="From 1 to 60. Weekends and the bank holidays below are not counted.",
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of working days to a first answer",
            "invalid": "Enter a whole number of working days, from 1 to 60",
            "min_value": "Enter a number of working days from 1 to 60",
            "max_value": "Enter a number of working days from 1 to 60",
        },
    )


class BankHolidayForm(forms.Form):
    day = DateInputField(label="Date of the bank holiday")
    name = text_field("Name", max_length=100, help_text="For example: 'Christmas Day'")
