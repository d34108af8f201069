"""Learning forms. Error messages say what went wrong and how to fix it."""

import datetime
from functools import partial

from django import forms
from django.utils import timezone

from withus.core.forms import DateInputField, TimeField, text_field
from withus.learning.models import AttendancePay, OpenTo
from withus.learning.services.cohorts import MAX_COHORT_SESSIONS

# Free text is optional on these forms unless a field says otherwise.
_text = partial(text_field, required=False)


def _number(label, *, min_value, max_value, required=True, help_text="", width=3):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": f"nhsuk-input--width-{width}"}),
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "invalid": f"Enter {label.removesuffix(' (optional)').lower()} as a whole number, like {min_value + 1}",
            "min_value": f"Enter at least {min_value}",
            "max_value": f"Enter {max_value} or fewer",
        },
    )


class CourseForm(forms.Form):
    name = _text("Name", max_length=150, required=True)
    summary = _text("What it covers, in plain English (optional)", max_length=500, rows=3)
    learning_outcomes = _text(
        "What people will learn (optional)",
        max_length=1000,
        rows=5,
        help_text="One point on each line, in plain English. For example, how to test a small change",
    )
    duration = _text("How long it takes (optional)", max_length=100, help_text="For example, half a day or six months")
    attendance_pay = forms.ChoiceField(
        label="Are service users and carers paid to attend?",
        choices=AttendancePay.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether service users and carers are paid to attend"},
    )
    valid_for_months = _number(
        "Months before a refresher is due (optional)",
        min_value=1,
        max_value=120,
        required=False,
        help_text="Leave empty if, once done, it is held for good. For example, 36 for three years",
    )
    open_to = forms.ChoiceField(
        label="Who can book it?",
        choices=OpenTo.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can book it"},
    )
    prerequisites = forms.MultipleChoiceField(
        label="Courses to complete first (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only from the courses listed"},
    )
    is_active = forms.BooleanField(label="Running: people can book it", required=False)

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {str(course.pk): course for course in courses}
        self.fields["prerequisites"].choices = [(pk, course.name) for pk, course in self.courses.items()]

    def chosen_prerequisites(self):
        return [self.courses[pk] for pk in self.cleaned_data["prerequisites"]]


class CohortForm(forms.Form):
    name = _text("Name of the cohort", max_length=150, required=True, help_text="For example, Spring 2027")
    place = _text("Where (optional)", max_length=300, help_text="The address or the room, if it is in person")
    is_online = forms.BooleanField(label="It is online", required=False)
    capacity = _number("Number of places", min_value=1, max_value=500)
    first_date = DateInputField(label="Date of the first session", help_text="For example, 27 3 2027")
    starts_at = TimeField(label="Start time", error_messages={"required": "Enter the start time"})
    ends_at = TimeField(label="End time", error_messages={"required": "Enter the end time"})
    session_count = _number(
        "How many sessions?",
        min_value=1,
        max_value=MAX_COHORT_SESSIONS,
        help_text=f"Up to {MAX_COHORT_SESSIONS}",
        width=2,
    )
    weeks_between = _number(
        "Weeks between sessions",
        min_value=1,
        max_value=12,
        help_text="For example, 1 for weekly or 4 for monthly. Ignored for a single session",
        width=2,
    )
    required_sessions = _number(
        "Sessions someone must attend to complete it (optional)",
        min_value=1,
        max_value=MAX_COHORT_SESSIONS,
        required=False,
        help_text="Leave empty to need every session",
        width=2,
    )
    facilitators = forms.MultipleChoiceField(
        label="Facilitators (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Staff, and service users or carers who co-facilitate. Co-facilitating is recorded as paid "
        "involvement when attendance is recorded",
        error_messages={"invalid_choice": "Choose only from the people listed"},
    )

    def __init__(self, *args, facilitators, **kwargs):
        kwargs.setdefault("initial", {"session_count": 1, "weeks_between": 1})
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in facilitators}
        self.fields["facilitators"].choices = [
            (pk, f"{person.full_name} ({person.get_kind_display().lower()})") for pk, person in self.people.items()
        ]

    def clean(self):
        cleaned = super().clean()
        first, start, end = cleaned.get("first_date"), cleaned.get("starts_at"), cleaned.get("ends_at")
        if first and first < timezone.localdate():
            self.add_error("first_date", "The first session must be today or in the future")
        if start and end and end <= start:
            self.add_error("ends_at", "The end time must be after the start time")
        if not cleaned.get("is_online") and not cleaned.get("place") and "place" not in self.errors:
            self.add_error("place", "Enter where it is, or tick that it is online")
        return cleaned

    def sessions(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        result = []
        for number in range(data["session_count"]):
            day = data["first_date"] + datetime.timedelta(weeks=number * data["weeks_between"])
            result.append(
                (
                    datetime.datetime.combine(day, data["starts_at"], tzinfo=zone),
                    datetime.datetime.combine(day, data["ends_at"], tzinfo=zone),
                )
            )
        return result

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("name", "place", "is_online", "capacity", "required_sessions")
        }

    def chosen_facilitators(self):
        return [self.people[pk] for pk in self.cleaned_data["facilitators"]]


class EnrolForm(forms.Form):
    person = forms.ChoiceField(
        label="Who are you enrolling?",
        error_messages={"required": "Select the person to enrol", "invalid_choice": "Select one of the people listed"},
    )
    override_reason = _text(
        "Reason to enrol without the courses that come first (optional)",
        max_length=500,
        rows=2,
        help_text="Only if they have not completed them: for example, they did equivalent training elsewhere",
    )
    waiting_list = forms.BooleanField(label="Put them on the waiting list, even if there is a place", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["person"].choices = [("", "Choose"), *((pk, p.full_name) for pk, p in self.people.items())]

    def chosen_person(self):
        return self.people[self.cleaned_data["person"]]


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came to this session?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who came. Everyone not ticked is recorded as not attending",
        error_messages={"invalid_choice": "Choose only people enrolled on this cohort"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(person.pk), person.full_name) for person in people]


class MarkCompleteForm(forms.Form):
    reason = _text(
        "Why are you marking it complete?",
        max_length=500,
        required=True,
        rows=2,
        help_text="For example, they caught up the missed session one to one",
    )


class CohortCancelForm(forms.Form):
    reason = _text(
        "Why the cohort is cancelled",
        max_length=500,
        required=True,
        rows=3,
        help_text="We send this to everyone booked or waiting, so write it for them. For example, the trainer is ill",
    )


RATINGS = [("5", "5: excellent"), ("4", "4: good"), ("3", "3: fair"), ("2", "2: poor"), ("1", "1: very poor")]


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label="How useful was this session?",
        choices=RATINGS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a score from 1 to 5", "invalid_choice": "Select a score from 1 to 5"},
    )
    comment = _text(
        "Anything you would like to say (optional)",
        max_length=1000,
        rows=3,
        help_text="What worked, what you will do differently, and anything about the co-facilitators",
    )
