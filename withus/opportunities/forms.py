"""Opportunity forms. Error messages say what went wrong and how to fix it."""

import datetime
from functools import partial

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _l

from withus.core.forms import DateInputField, SubmissionKeyField, TimeField, text_field
from withus.involvement.models import MAX_SESSION_HOURS, InvolvementKind
from withus.learning.models import Course
from withus.opportunities.models import AttendanceOutcome, OpenTo
from withus.opportunities.rules import units_to_post_in
from withus.opportunities.services.opportunities import MAX_SESSIONS, OPPORTUNITY_FIELDS
from withus.organisations.models import Unit
from withus.people.models import Interest
from withus.people.on_behalf import HOW_AGREED_CHOICES

# Free text is optional on these forms unless a field says otherwise.
_text = partial(text_field, required=False)
USUAL_TRAINING, NO_TRAINING = "", "none"


class OpportunityForm(forms.Form):
    submission_key = SubmissionKeyField()
    title = _text("Title", max_length=150, required=True, help_text="For example, Interview panel for a ward manager")
    description = _text(
        "What it involves, in plain English",
        max_length=3000,
        required=True,
        rows=5,
        help_text="What people will do, who they will meet, and what difference it makes",
    )
    kind = forms.ModelChoiceField(
        label="Kind of involvement",
        queryset=InvolvementKind.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of involvement", "invalid_choice": "Select one of the options"},
    )
    unit = forms.ModelChoiceField(
        label="Ward, team or service",
        queryset=Unit.objects.none(),
        error_messages={
            "required": "Select a ward, team or service",
            "invalid_choice": "Choose a ward, team or service you work in or champion",
        },
    )
    interests = forms.ModelMultipleChoiceField(
        label="Areas of interest it fits (optional)",
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select from the options shown"},
    )
    first_date = DateInputField(label="Date of the first session", help_text="For example, 27 3 2027")
    starts_at = TimeField(label="Start time", error_messages={"required": "Enter the start time"})
    ends_at = TimeField(label="End time", error_messages={"required": "Enter the end time"})
    session_count = forms.IntegerField(
        label="How many sessions?",
        min_value=1,
        max_value=MAX_SESSIONS,
        initial=1,
        help_text=f"More than 1 makes a weekly series, up to {MAX_SESSIONS}",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "required": "Enter how many sessions there are",
            "invalid": "Enter the number of sessions as a number, like 1",
            "min_value": "Enter at least 1 session",
            "max_value": f"Enter {MAX_SESSIONS} sessions or fewer",
        },
    )
    place = _text("Where (optional)", max_length=300, help_text="The address or the room, if it is in person")
    is_online = forms.BooleanField(label="It is online", required=False)
    joining_help = _text(
        "Help with joining online (optional)",
        max_length=1000,
        rows=2,
        help_text="For example, we send a Microsoft Teams link and can do a practice call first",
    )
    accessibility = _text(
        "Accessibility (optional)", max_length=1000, rows=2, help_text="Step-free access, hearing loop, quiet room"
    )
    travel_booked = forms.BooleanField(label="We book and pay for travel", required=False)
    buddy_offered = forms.BooleanField(label="A buddy who has done this before", required=False)
    pre_meeting_offered = forms.BooleanField(label="A short meeting beforehand", required=False)
    other_support = _text("Other support (optional)", max_length=1000, rows=2)
    required_training = forms.ChoiceField(
        label="Training needed",
        required=False,
        help_text="Only people who hold this course, in date, can apply or be offered a place",
        error_messages={"invalid_choice": "Select one of the options"},
    )
    places = forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=200,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a number, like 4",
            "min_value": "Enter at least 1 place",
            "max_value": "Enter 200 places or fewer",
        },
    )
    closes_on = DateInputField(label="Closing date for interest", help_text="For example, 20 3 2027")
    open_to = forms.ChoiceField(
        label="Who can apply?",
        choices=OpenTo.choices,
        widget=forms.RadioSelect,
        initial=OpenTo.BOTH,
        error_messages={"required": "Select who can apply"},
    )
    payment_description = _text(
        "Payment, shown up-front (optional)",
        max_length=200,
        help_text="For example, £55 for the half day, paid through payroll. Leave empty to use the usual payment",
    )

    def __init__(self, *args, organisation, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = InvolvementKind.objects.filter(organisation=organisation, is_active=True)
        units = Unit.objects.for_organisation(organisation.pk).active().in_tree_order()
        if user is not None:
            # Only the units this person may post in, so nobody is offered a unit and then refused.
            units = units.filter(pk__in=[unit.pk for unit in units_to_post_in(user, units)])
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.indented_name
        self.fields["unit"].empty_label = "Choose"
        self.fields["interests"].queryset = Interest.objects.filter(organisation=organisation)
        self.courses = {str(course.pk): course for course in Course.objects.for_organisation(organisation.pk).active()}
        self.fields["required_training"].choices = [
            (USUAL_TRAINING, "The usual training for this kind of involvement"),
            (NO_TRAINING, "No training needed"),
            *((pk, course.name) for pk, course in self.courses.items()),
        ]

    def _with_courses(self, values: dict) -> dict:
        """The training chosen, as the courses the service sets: None for the kind's usual training."""
        if "required_training" in values:
            choice = values.pop("required_training")
            values["required_courses"] = (
                None if choice == USUAL_TRAINING else [] if choice == NO_TRAINING else [self.courses[choice]]
            )
        return values

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        first, start, end = cleaned.get("first_date"), cleaned.get("starts_at"), cleaned.get("ends_at")
        if first and first < today:
            self.add_error("first_date", "The first session must be today or in the future")
        elif first == today and start and start <= timezone.localtime().time():
            self.add_error("starts_at", "The first session is today, so it must start later than now")
        if start and end and end <= start:
            self.add_error("ends_at", "The end time must be after the start time")
        elif start and end and (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) > MAX_SESSION_HOURS * 60:
            self.add_error("ends_at", f"A session can be up to {MAX_SESSION_HOURS} hours long")
        closes = cleaned.get("closes_on")
        # Editing: a closing date already past may be kept as it is.
        if closes and closes < today and closes != self.initial.get("closes_on"):
            self.add_error("closes_on", "The closing date must be today or in the future")
        elif closes and first and closes > first:
            self.add_error("closes_on", "The closing date must be on or before the first session")
        if not cleaned.get("is_online") and not cleaned.get("place") and "place" not in self.errors:
            self.add_error("place", "Enter where it is, or tick that it is online")
        return cleaned

    def sessions(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        result = []
        for week in range(data["session_count"]):
            day = data["first_date"] + datetime.timedelta(weeks=week)
            result.append(
                (
                    datetime.datetime.combine(day, data["starts_at"], tzinfo=zone),
                    datetime.datetime.combine(day, data["ends_at"], tzinfo=zone),
                )
            )
        return result

    def values(self) -> dict:
        return self._with_courses({name: self.cleaned_data[name] for name in OPPORTUNITY_FIELDS})


class OpportunityEditForm(OpportunityForm):
    """The posting form without the sessions (they are not changed here). Once people have responded, who may
    take part (the kind, unit, training and who can apply) stays as it is, so those fields are shown but fixed."""

    def __init__(self, *args, opportunity, fixed=(), **kwargs):
        initial = {name: getattr(opportunity, name) for name in OPPORTUNITY_FIELDS}
        initial["interests"] = list(opportunity.interests.all())
        courses = list(opportunity.required_courses.all())
        initial["required_training"] = str(courses[0].pk) if courses else NO_TRAINING
        super().__init__(*args, organisation=opportunity.organisation, initial=initial, **kwargs)
        for name in ("submission_key", "first_date", "starts_at", "ends_at", "session_count"):
            del self.fields[name]
        for name in fixed:
            self.fields[name].disabled = True
            self.fields[name].help_text = "People have already responded, so this cannot be changed now"

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in OPPORTUNITY_FIELDS if not self.fields[name].disabled}
        values["interests"] = self.cleaned_data["interests"]
        return self._with_courses(values)


class CancelForm(forms.Form):
    reason = _text(
        "Why is it cancelled?",
        max_length=1000,
        required=True,
        rows=3,
        help_text="We will send this to everyone who was interested or had a place, so write it in plain English",
    )
    reason.error_messages.update(
        {"required": "Enter why it is cancelled", "max_length": "The reason must be 1,000 characters or fewer"}
    )


class OpportunityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_l("Kind of involvement"), required=False)
    interest = forms.ChoiceField(label=_l("Area of interest"), required=False)

    def __init__(self, *args, kinds, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", gettext("Any kind")), *((str(kind.pk), kind.name) for kind in kinds)]
        self.fields["interest"].choices = [
            ("", gettext("Any area")),
            *((str(item.pk), item.name) for item in interests),
        ]


class InterestForm(forms.Form):
    message = _text(
        "Anything you would like to tell us (optional)",
        max_length=1000,
        rows=3,
        help_text="For example, why it interests you, or what you have done before. You do not have to write anything.",
    )
    access_needs = _text(
        "Anything that would help you take part (optional)",
        max_length=1000,
        rows=3,
        help_text="For example, step-free access, a quiet room, a large-print agenda, or a break every hour",
    )
    # In the person's language (issue 26); text_field's own wording is English, so it is replaced here.
    message.label = _l("Anything you would like to tell us (optional)")
    message.help_text = _l(
        "For example, why it interests you, or what you have done before. You do not have to write anything."
    )
    message.error_messages["max_length"] = _l("What you tell us must be 1,000 characters or fewer")
    access_needs.label = _l("Anything that would help you take part (optional)")
    access_needs.help_text = _l(
        "For example, step-free access, a quiet room, a large-print agenda, or a break every hour"
    )
    access_needs.error_messages["max_length"] = _l("What would help you must be 1,000 characters or fewer")


class InterestForForm(InterestForm):
    """A lead saying someone is interested, for them (issue 26 item 5): which opportunity, and how they agreed."""

    opportunity = forms.ChoiceField(
        label="Which opportunity are they interested in?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the opportunity",
            "invalid_choice": "Choose one of the opportunities listed",
        },
    )
    how_agreed = forms.ChoiceField(
        label="How did they agree to you doing this for them?",
        widget=forms.RadioSelect,
        choices=HOW_AGREED_CHOICES,
        error_messages={
            "required": "Say how they agreed to you doing this for them",
            "invalid_choice": "Choose how they agreed from the list",
        },
    )
    person_agreed = forms.BooleanField(
        label="They agreed to me saying they are interested, for them",
        required=False,
    )

    def __init__(self, *args, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].choices = [(str(item.pk), item.title) for item in opportunities]
        self.order_fields(["opportunity", "message", "access_needs", "how_agreed", "person_agreed"])


class SelectionForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        label="Who will you offer a place to?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only people listed"},
    )
    suggested = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = _text(
        "If you changed the suggestion, why? (optional otherwise)",
        max_length=1000,
        rows=2,
        help_text="For example, needs this experience for the training pathway, or asked for a first go",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("chosen") and "chosen" not in self.errors:
            self.add_error("chosen", "Select at least one person to offer a place to")
        return cleaned

    def suggested_ids(self) -> list[str]:
        return [item for item in (self.cleaned_data.get("suggested") or "").split(",") if item]


class AttendanceForm(forms.Form):
    """One outcome and one number of hours for each selected person at one session."""

    def __init__(self, *args, responses, default_hours, initial_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = []
        initial_rows = initial_rows or {}
        for response in responses:
            person = response.person
            key = str(person.pk)
            outcome, hours = initial_rows.get(person.pk, (None, default_hours))
            self.fields[f"outcome_{key}"] = forms.ChoiceField(
                label=f"What happened for {person.full_name}?",
                choices=AttendanceOutcome.choices,
                widget=forms.RadioSelect,
                initial=outcome,
                required=False,
            )
            self.fields[f"hours_{key}"] = forms.CharField(
                label=f"Hours {person.full_name} took part",
                initial=f"{hours.normalize():f}" if hours else "",
                required=False,
                max_length=6,
                help_text=f"Up to {MAX_SESSION_HOURS} hours, like 2.5",
                widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "decimal"}),
            )
            self.people.append((person, f"outcome_{key}", f"hours_{key}"))

    def rows(self):
        for person, outcome_name, hours_name in self.people:
            yield person, self[outcome_name], self[hours_name]
