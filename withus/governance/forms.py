"""Committee and recruitment panel forms. Error messages say what went wrong and how to fix it."""

import datetime

from django import forms
from django.utils import timezone

from withus.accounts.models import User
from withus.core.forms import DateInputField, TimeField
from withus.core.text import single_line
from withus.governance.models import Band, Committee, CommitteeKind, ReservedFor
from withus.organisations.models import Unit

SCORE_WORDS = {
    0: "No evidence",
    1: "Some evidence",
    2: "Good evidence",
    3: "Excellent evidence",
}


def score_label(value: int, score_max: int) -> str:
    if score_max == 3 and value in SCORE_WORDS:
        return f"{value} – {SCORE_WORDS[value]}"
    if value == 0:
        return "0 – No evidence"
    if value == score_max:
        return f"{value} – Excellent evidence"
    return str(value)


def _choice_error(noun: str) -> dict:
    return {"required": f"Select {noun}", "invalid_choice": "Select one of the options"}


def _units_field(label: str = "Ward, team or service") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.none(),
        error_messages=_choice_error("a ward, team or service"),
    )


def _set_units(field: forms.ModelChoiceField, organisation) -> None:
    field.queryset = Unit.objects.for_organisation(organisation.pk).active().in_tree_order()
    field.label_from_instance = lambda unit: unit.indented_name
    field.empty_label = "Choose"


# --- Committees ---------------------------------------------------------------------------------------


class CommitteeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=150,
        validators=[single_line],
        help_text="For example, People Participation Sub-Committee",
        error_messages={"required": "Enter the committee's name", "max_length": "Name must be 150 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="What kind of committee is it?",
        choices=CommitteeKind.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("what kind of committee it is"),
    )
    chair = forms.CharField(
        label="Chaired by (optional)",
        max_length=150,
        validators=[single_line],
        required=False,
        help_text="For example, Professor Helen Ward, Trust Chair",
        error_messages={"max_length": "Chaired by must be 150 characters or fewer"},
    )
    reports_to = forms.ModelChoiceField(
        label="Reports to (optional)",
        queryset=Committee.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Select one of the options"},
    )
    purpose = forms.CharField(
        label="What it does (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "What it does must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].queryset = Committee.objects.for_organisation(organisation.pk)
        self.fields["reports_to"].empty_label = "Nobody (it reports to no other committee)"


class SeatForm(forms.Form):
    title = forms.CharField(
        label="Name of the seat",
        max_length=100,
        validators=[single_line],
        help_text="For example, Carer member",
        error_messages={"required": "Enter the name of the seat", "max_length": "Name must be 100 characters or fewer"},
    )
    reserved_for = forms.ChoiceField(
        label="Who is the seat for?",
        choices=ReservedFor.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("who the seat is for"),
    )
    term_months = forms.IntegerField(
        label="Length of a term, in months",
        initial=24,
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the length of a term in months, like 24",
            "invalid": "Enter the length of a term as a number of months, like 24",
            "min_value": "Enter a term of at least 1 month",
            "max_value": "Enter a term of 60 months or fewer",
        },
    )


class SeatAdvertForm(forms.Form):
    unit = _units_field("Directorate or service the advert is posted in")
    closes_on = DateInputField(label="Closing date for interest", help_text="For example, 20 3 2027")
    meets_on = DateInputField(
        label="Date of the first meeting or induction", help_text="The new member's first date, for example 3 4 2027"
    )
    meets_at = TimeField(label="Start time", error_messages={"required": "Enter the start time"})

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _set_units(self.fields["unit"], organisation)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        closes, meets_on = cleaned.get("closes_on"), cleaned.get("meets_on")
        if closes and closes < today:
            self.add_error("closes_on", "The closing date must be today or in the future")
        if closes and meets_on and meets_on < closes:
            self.add_error("meets_on", "The first meeting must be on or after the closing date")
        return cleaned

    def meets_at_datetime(self) -> datetime.datetime:
        day, time = self.cleaned_data["meets_on"], self.cleaned_data["meets_at"]
        return timezone.make_aware(datetime.datetime.combine(day, time))


class AppointForm(forms.Form):
    person = forms.ChoiceField(
        label="Who is appointed?", widget=forms.RadioSelect, error_messages=_choice_error("who is appointed")
    )
    starts_on = DateInputField(label="Start of the term", help_text="For example, 1 4 2027")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(person.pk), person.full_name) for person in people]
        self.people = {str(person.pk): person for person in people}


class MeetingForm(forms.Form):
    held_on = DateInputField(label="Meeting date", help_text="For example, 12 3 2027")
    papers_on = DateInputField(
        label="Date the papers are sent", help_text="Usually a week before, so everyone has time to read them"
    )
    hours = forms.DecimalField(
        label="Length of the meeting in hours",
        initial=2,
        max_digits=4,
        decimal_places=2,
        help_text="Members are paid for this time. For example, 2 or 2.5",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the length of the meeting in hours",
            "invalid": "Enter hours as a number, like 2 or 2.5",
            "max_digits": "Enter hours as a number, like 2 or 2.5",
            "max_decimal_places": "Enter hours to no more than 2 decimal places, like 2.25",
        },
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came to the meeting?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave a name unticked if they did not come. Each person who came is paid for the meeting.",
        error_messages={"invalid_choice": "Choose only from the people shown"},
    )

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(term.person_id), f"{term.person.full_name} ({term.seat.title})") for term in holders
        ]


class AttendanceCorrectForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came to the meeting?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came and untick anyone who did not. Each person who came is paid for the meeting.",
        error_messages={"invalid_choice": "Choose only from the people shown"},
    )

    def __init__(self, *args, rows, **kwargs):
        kwargs.setdefault("initial", {"attended": [str(row.person_id) for row in rows if row.attended]})
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(row.person_id), row.person.full_name) for row in rows]


class ConfirmForm(forms.Form):
    """A form with nothing to fill in, for a button that confirms an action."""


# --- Recruitment panels -------------------------------------------------------------------------------


class VacancyForm(forms.Form):
    job_title = forms.CharField(
        label="Job title",
        max_length=150,
        validators=[single_line],
        help_text="For example, Ward manager, Willow Ward",
        error_messages={"required": "Enter the job title", "max_length": "Job title must be 150 characters or fewer"},
    )
    band = forms.ChoiceField(
        label="Band", choices=[("", "Choose"), *Band.choices], error_messages=_choice_error("the band")
    )
    unit = _units_field()
    closing_date = DateInputField(label="Closing date", help_text="For example, 20 3 2027")
    interview_on = DateInputField(label="Interview date (optional)", required=False, help_text="For example, 3 4 2027")
    recruiting_manager = forms.ModelChoiceField(
        label="Recruiting manager",
        queryset=User.objects.none(),
        error_messages=_choice_error("the recruiting manager"),
    )
    score_max = forms.IntegerField(
        label="Highest score for each criterion",
        initial=3,
        min_value=1,
        max_value=10,
        help_text="Criteria are scored from 0 to this. Most panels use 0 to 3",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the highest score, like 3",
            "invalid": "Enter the highest score as a number, like 3",
            "min_value": "Enter a highest score of 1 or more",
            "max_value": "Enter a highest score of 10 or fewer",
        },
    )

    def __init__(self, *args, organisation, managers, **kwargs):
        super().__init__(*args, **kwargs)
        _set_units(self.fields["unit"], organisation)
        self.fields["recruiting_manager"].queryset = managers
        self.fields["recruiting_manager"].empty_label = "Choose"

    def clean(self):
        cleaned = super().clean()
        closing, interview = cleaned.get("closing_date"), cleaned.get("interview_on")
        if closing and interview and interview < closing:
            self.add_error("interview_on", "The interview date must be on or after the closing date")
        return cleaned


class MemberForm(forms.Form):
    user = forms.ChoiceField(label="Who joins the panel?", error_messages=_choice_error("who joins the panel"))
    is_chair = forms.BooleanField(label="They chair the panel", required=False)

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Choose"), *people]


class CriterionForm(forms.Form):
    text = forms.CharField(
        label="Question or criterion",
        max_length=300,
        validators=[single_line],
        help_text="From the person specification, for example, Shows how they involve service users in decisions",
        error_messages={
            "required": "Enter the question or criterion",
            "max_length": "Question or criterion must be 300 characters or fewer",
        },
    )
    essential = forms.TypedChoiceField(
        label="Is it essential or desirable?",
        choices=[("yes", "Essential"), ("no", "Desirable")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages=_choice_error("essential or desirable"),
    )


class CandidateForm(forms.Form):
    reference = forms.CharField(
        label="Candidate reference",
        max_length=20,
        validators=[single_line],
        help_text="The reference from the recruitment system, for example, WW-0423",
        error_messages={
            "required": "Enter the candidate reference",
            "max_length": "Candidate reference must be 20 characters or fewer",
        },
    )
    initials = forms.CharField(
        label="Initials",
        max_length=4,
        validators=[single_line],
        help_text="Up to 4 letters, like AB. Do not enter names or any other personal details",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "autocomplete": "off"}),
        error_messages={"required": "Enter the candidate's initials", "max_length": "Enter up to 4 letters, like AB"},
    )


class ScoreForm(forms.Form):
    """One set of radios per criterion, each with the criterion as its legend."""

    def __init__(self, *args, criteria, score_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(str(value), score_label(value, score_max)) for value in range(score_max + 1)]
        for number, criterion in enumerate(criteria, start=1):
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=f"{number}. {criterion.text}",
                choices=choices,
                widget=forms.RadioSelect,
                help_text="Essential" if criterion.essential else "Desirable",
                error_messages={
                    "required": f"Choose a score for question {number}",
                    "invalid_choice": f"Choose a score from 0 to {score_max} for question {number}",
                },
            )

    def scores(self) -> dict:
        return {criterion.pk: int(self.cleaned_data[f"criterion_{criterion.pk}"]) for criterion in self.criteria}


class DecisionForm(forms.Form):
    appointed = forms.ChoiceField(
        label="Who does the panel appoint?", widget=forms.RadioSelect, error_messages=_choice_error("who is appointed")
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Candidates can ask to see these, so write them clearly and fairly",
        error_messages={
            "required": "Enter the reasons for the panel's decision",
            "max_length": "Reasons must be 3,000 characters or fewer",
        },
    )

    NOBODY = "nobody"

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointed"].choices = [
            *[(str(candidate.pk), candidate.label) for candidate in candidates],
            (self.NOBODY, "Nobody is appointed this time"),
        ]
        self.candidates = {str(candidate.pk): candidate for candidate in candidates}

    def appointed_candidate(self):
        value = self.cleaned_data["appointed"]
        return None if value == self.NOBODY else self.candidates[value]
