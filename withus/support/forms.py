"""Forms for support pages. Errors say how to fix them; the services check the rules again."""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from withus.core.forms import DateInputField, text_field
from withus.people.models import MembershipStatus, Person
from withus.people.on_behalf import HOW_AGREED_CHOICES
from withus.support.models import (
    CUBE_QUESTIONS,
    PROFILE_ITEM_MAX,
    PROFILE_LIST_MAX,
    Adjustment,
    CheckInEvery,
)

SCALE = [("1", _l("1 – Not at all")), ("2", "2"), ("3", _l("3 – Partly")), ("4", "4"), ("5", _l("5 – Completely"))]


class AgreementForm(forms.Form):
    role = text_field("Role", max_length=100, help_text="For example, QI team member or recruitment panel member")
    what_the_role_involves = text_field("What the role involves", max_length=2000, rows=4)
    time_commitment = text_field(
        "Time commitment", max_length=200, help_text="For example, one meeting a month of 2 hours"
    )
    payment_terms = text_field("Payment terms", max_length=1000, rows=3)
    own_limit = text_field(
        "Any limit they set (optional)",
        max_length=200,
        required=False,
        help_text="For example, no more than one paid activity a week because of benefit rules",
    )
    support_contact = text_field("Named support contact they chose", max_length=200)
    if_unwell = text_field("What to do if they become unwell", max_length=1000, rows=3)
    confidentiality = text_field("Confidentiality", max_length=1000, rows=3)
    review_on = DateInputField(label="Review date", required=False)
    paper_signed_on = DateInputField(
        label="Date they signed a paper copy (optional)",
        required=False,
        help_text="Leave empty to ask them to read and agree it online",
    )


class AgreeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_l("I have read this agreement and I agree to it"),
        error_messages={"required": _l("Tick the box to say you have read and agree to the agreement")},
    )


class SupportPlanForm(forms.Form):
    what_helps = text_field(_l("What helps me (optional)"), max_length=2000, required=False, rows=4)
    early_signs = text_field(_l("Early signs I may be struggling (optional)"), max_length=1000, required=False, rows=3)
    contact_how_when = text_field(_l("How and when to contact me (optional)"), max_length=500, required=False, rows=2)
    crisis_contact = text_field(_l("Who to contact in a crisis (optional)"), max_length=500, required=False, rows=2)
    adjustments = forms.MultipleChoiceField(
        label=_l("Adjustments that help me take part (optional)"),
        choices=Adjustment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Organisers of meetings, panels and visits you join see these, and nothing else in your plan."),
        error_messages={"invalid_choice": _l("Choose adjustments from the list")},
    )
    adjustments_other = text_field(_l("Any other adjustment (optional)"), max_length=300, required=False)
    topics_to_avoid = text_field(_l("Topics I would rather avoid (optional)"), max_length=1000, required=False, rows=2)
    review_on = DateInputField(label=_l("Review date (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        too_long = {
            "what_helps": _l("What helps me must be 2,000 characters or fewer"),
            "early_signs": _l("Early signs I may be struggling must be 1,000 characters or fewer"),
            "contact_how_when": _l("How and when to contact me must be 500 characters or fewer"),
            "crisis_contact": _l("Who to contact in a crisis must be 500 characters or fewer"),
            "adjustments_other": _l("Any other adjustment must be 300 characters or fewer"),
            "topics_to_avoid": _l("Topics I would rather avoid must be 1,000 characters or fewer"),
        }
        for name, message in too_long.items():
            self.fields[name].error_messages["max_length"] = message


class SurveyForm(forms.Form):
    words = text_field(_l("Anything you would like to add (optional)"), max_length=1000, required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {}
        for name, _title, question in CUBE_QUESTIONS:
            questions[name] = forms.TypedChoiceField(
                label=question,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer from 1 to 5 for '%(question)s'") % {"question": question},
                    "invalid_choice": _("Choose an answer from 1 to 5"),
                },
            )
        self.fields = {**questions, "words": self.fields["words"]}
        self.fields["words"].error_messages["max_length"] = _(
            "Anything you would like to add must be 1,000 characters or fewer"
        )

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name, _title, _question in CUBE_QUESTIONS}


class PaperSurveyForm(SurveyForm):
    """A lead types in the answers a person gave on a paper survey form, for a month they choose."""

    def __init__(self, *args, months: list, **kwargs):
        super().__init__(*args, **kwargs)
        month = forms.TypedChoiceField(
            label="Which month are the answers for?",
            choices=[(month.isoformat(), f"{month:%B %Y}") for month in months],
            coerce=datetime.date.fromisoformat,
            error_messages={
                "required": "Choose the month the paper answers are for",
                "invalid_choice": "Choose a month from the list",
            },
        )
        self.fields = {"month": month, **self.fields}
        self.fields["words"].label = "Anything they wrote (optional)"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ProfileForm(forms.Form):
    """Two short lists, one thing on each line. The person's own page asks "you"; a lead's asks "they"."""

    good_at = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    want_to_learn = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, own: bool = True, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        kwargs["initial"] = {name: "\n".join(initial.get(name) or []) for name in ("good_at", "want_to_learn")}
        super().__init__(*args, **kwargs)
        hint = _("One on each line, up to %(most)s. For example: listening, chairing a meeting, spreadsheets") % {
            "most": PROFILE_LIST_MAX
        }
        if own:
            self.fields["good_at"].label = _("What you are good at")
            self.fields["want_to_learn"].label = _("What you would like to learn")
        else:
            self.fields["good_at"].label = "What they are good at"
            self.fields["want_to_learn"].label = "What they would like to learn"
        self.fields["good_at"].help_text = hint
        self.fields["want_to_learn"].help_text = _(
            "One on each line, up to %(most)s. For example: data, public speaking"
        ) % {"most": PROFILE_LIST_MAX}

    def clean_good_at(self) -> list[str]:
        return self._short(self.cleaned_data["good_at"])

    def clean_want_to_learn(self) -> list[str]:
        return self._short(self.cleaned_data["want_to_learn"])

    @staticmethod
    def _short(value: str) -> list[str]:
        lines = _lines(value)
        if len(lines) > PROFILE_LIST_MAX:
            raise forms.ValidationError(_("List up to %(most)s things, one on each line") % {"most": PROFILE_LIST_MAX})
        if any(len(line) > PROFILE_ITEM_MAX for line in lines):
            raise forms.ValidationError(
                _("Keep each line to %(most)s characters or fewer") % {"most": PROFILE_ITEM_MAX}
            )
        return lines


class SurveyForSomeoneForm(SurveyForm):
    """A lead answering the survey for someone beside them or on the phone (issue 26 item 5), with how they agreed."""

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["words"].label = f"Anything {name} would like to add (optional)"
        self.fields["how_agreed"] = forms.ChoiceField(
            label=f"How did {name} agree to you answering for them?",
            widget=forms.RadioSelect,
            choices=HOW_AGREED_CHOICES,
            error_messages={
                "required": "Say how they agreed to you doing this for them",
                "invalid_choice": "Choose how they agreed from the list",
            },
        )
        self.fields["person_agreed"] = forms.BooleanField(
            label=f"{name} told me these answers and agreed to me sending them", required=False
        )


class DebriefAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_l("Would you like a debrief?"),
        choices=[("yes", _l("Yes, I would like a debrief")), ("no", _l("No, thank you"))],
        widget=forms.RadioSelect,
        error_messages={"required": _l("Choose yes or no")},
    )
    with_whom = text_field(
        _l("Who would you like to talk to? (if yes)"),
        max_length=200,
        required=False,
        help_text=_l("For example, your lead, your buddy or someone from the meeting"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_whom"].error_messages["max_length"] = _(
            "Who you would like to talk to must be 200 characters or fewer"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "yes" and not cleaned.get("with_whom"):
            self.add_error("with_whom", _("Say who you would like to talk to, for example your lead or your buddy"))
        return cleaned


class DebriefHeldForm(forms.Form):
    held_on = DateInputField(label="Date of the debrief")
    with_whom = text_field("Who it was with (optional)", max_length=200, required=False)
    note = text_field("A short note (optional, seen by the participation team only)", max_length=1000, required=False)


class BuddyCheckInForm(forms.Form):
    held_on = DateInputField(label="Date of the check-in")
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.25"),
        max_value=Decimal("4"),
        decimal_places=2,
        help_text="How long it took, for example 1 or 0.5. It is paid like other involvement.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many hours the check-in took",
            "invalid": "Enter hours as a number, like 1 or 0.5",
            "min_value": "Enter at least 0.25 hours",
            "max_value": "A check-in is 4 hours or fewer",
            "max_decimal_places": "Enter hours to no more than 2 decimal places",
        },
    )


class PauseForm(forms.Form):
    reason = text_field(_l("Would you like to say why? (optional)"), max_length=500, required=False, rows=2)
    return_on = DateInputField(label=_l("When would you like to come back? (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["max_length"] = _("Why you are pausing must be 500 characters or fewer")


class BuddyForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Person", queryset=Person.objects.none(), error_messages={"required": "Choose the person"}
    )
    buddy = forms.ModelChoiceField(
        label="Their buddy",
        queryset=Person.objects.none(),
        help_text="A more experienced participant. Buddying is paid involvement.",
        error_messages={"required": "Choose their buddy"},
    )
    starts_on = DateInputField(label="Start date")
    ends_on = DateInputField(label="End date (optional)", required=False)
    check_in_every = forms.ChoiceField(
        label="How often they check in",
        choices=CheckInEvery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often they check in"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people.exclude(status=MembershipStatus.LEFT).order_by("full_name")
        self.fields["buddy"].queryset = people.filter(status=MembershipStatus.ACTIVE).order_by("full_name")
