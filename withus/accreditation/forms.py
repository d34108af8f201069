"""Forms for accreditation pages: an assessor's ratings and the panel's decision."""

from django import forms
from django.utils import timezone

from withus.accreditation.models import ActionStatus, AppealOutcome, Award, RatingValue
from withus.core.forms import DateInputField, text_field
from withus.learning.models import Completion, CourseCode
from withus.people.models import Person, PersonKind


def _panel_people(organisation_id):
    return Person.objects.filter(organisation_id=organisation_id).order_by("full_name")


def _panel_members(organisation_id):
    """Panel members are offered from the people holding in-date assessor training (as tick boxes)."""
    return Person.objects.filter(
        organisation_id=organisation_id,
        pk__in=Completion.objects.holders_of(
            organisation_id=organisation_id, course_code=CourseCode.ACCREDITATION_ASSESSOR, on=timezone.localdate()
        ),
    ).order_by("full_name")


def _members_field(label):
    return forms.ModelMultipleChoiceField(
        label=label,
        help_text="People holding in-date assessor training",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RatingsForm(forms.Form):
    """One radio group (and an optional note) per standard; a standard left unrated is left as it was."""

    def __init__(self, *args, standards, ratings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = standards
        for standard in standards:
            rating = ratings.get(standard.pk)
            self.fields[f"value_{standard.pk}"] = forms.ChoiceField(
                label=f"{standard.code} {standard.text}",
                choices=RatingValue.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=rating.value if rating else None,
            )
            notes = text_field(f"What you saw or heard for {standard.code} (optional)", max_length=1000, required=False)
            notes.initial = rating.notes if rating else ""
            self.fields[f"notes_{standard.pk}"] = notes

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"value_{standard.pk}") for standard in self.standards):
            raise forms.ValidationError("Choose a rating for at least one standard")
        return cleaned

    def values(self) -> dict:
        return {
            standard: (self.cleaned_data[f"value_{standard.pk}"], self.cleaned_data[f"notes_{standard.pk}"] or "")
            for standard in self.standards
            if self.cleaned_data.get(f"value_{standard.pk}")
        }


class ConsensusForm(RatingsForm):
    """The agreed rating for each standard the assessors differ on (or have not all rated), with a reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for standard in self.standards:
            self.fields[f"notes_{standard.pk}"].label = f"Why the team agreed this for {standard.code}"

    def clean(self):
        cleaned = super().clean()
        for standard in self.standards:
            if cleaned.get(f"value_{standard.pk}") and not cleaned.get(f"notes_{standard.pk}"):
                self.add_error(f"notes_{standard.pk}", f"Give the reason for the agreed rating of {standard.code}")
        return cleaned


class SelfReviewForm(RatingsForm):
    """The unit team's own rating of each standard, with the evidence for it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for standard in self.standards:
            self.fields[f"notes_{standard.pk}"].label = f"Your evidence for {standard.code} (optional)"


class TeamMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Assessor",
        help_text="People holding in-date assessor training, fewest visits in the last 12 months first",
        queryset=Person.objects.none(),
        empty_label="Choose an assessor",
    )
    is_lead = forms.BooleanField(label="Lead assessor (a service user)", required=False)

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[row["person"].pk for row in pool])
        self.fields["person"].label_from_instance = lambda person: person.full_name


class RegisterForm(forms.Form):
    programme = forms.ModelChoiceField(label="Programme", queryset=None, empty_label="Choose a programme")
    unit = forms.ModelChoiceField(label="Ward, team or service", queryset=None, empty_label="Choose a unit")

    def __init__(self, *args, programmes, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["unit"].queryset = units


class DecisionForm(forms.Form):
    chair = forms.ModelChoiceField(
        label="Who chaired the panel",
        help_text="The panel is chaired by a service user or carer",
        queryset=Person.objects.none(),
        empty_label="Choose the chair",
    )
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[("award", "Award what the rule gives"), ("defer", "Defer with conditions")],
        widget=forms.RadioSelect,
    )
    conditions = text_field("Conditions, if deferred", max_length=1000, required=False)
    evidence_due = DateInputField(label="Evidence due, if deferred", required=False)
    members = _members_field("Who else sat on the final panel")

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _panel_members(organisation_id)
        self.fields["members"].label_from_instance = lambda person: f"{person.full_name} ({person.get_kind_display()})"
        self.fields["chair"].queryset = Person.objects.filter(
            organisation_id=organisation_id, kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER]
        ).order_by("full_name")
        self.fields["chair"].label_from_instance = lambda person: f"{person.full_name} ({person.get_kind_display()})"


class _PanelForm(forms.Form):
    """A panel's chair (a service user or carer: the service refuses anyone else, with a reason) and members."""

    chair = forms.ModelChoiceField(
        label="Who chaired the panel",
        help_text="The panel is chaired by a service user or carer",
        queryset=Person.objects.none(),
        empty_label="Choose the chair",
    )
    members = _members_field("Who else sat on the panel")
    held_on = DateInputField(label="When the panel met")

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone on the register is offered: a chair who is not a service user or carer is refused by name.
        self.fields["chair"].queryset = _panel_people(organisation_id)
        self.fields["members"].queryset = _panel_members(organisation_id)
        for name in ("chair", "members"):
            self.fields[name].label_from_instance = lambda person: f"{person.full_name} ({person.get_kind_display()})"


class ServiceUserPanelForm(_PanelForm):
    pass


class ReportAgreedForm(forms.Form):
    agreed_on = DateInputField(label="When the report was agreed with the unit")


class ActionForm(forms.Form):
    owner = text_field("Who owns this action", max_length=200, required=False)
    due_on = DateInputField(label="Due by", required=False)
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect)
    evidence = text_field("Evidence that the standard is now met", max_length=2000, required=False, rows=3)


class AppealForm(forms.Form):
    grounds = text_field("Why the unit is appealing", max_length=2000, rows=4)


class AppealHearingForm(_PanelForm):
    outcome = forms.ChoiceField(
        label="The appeal panel's outcome",
        choices=[
            (AppealOutcome.UPHELD, AppealOutcome.UPHELD.label),
            (AppealOutcome.DISMISSED, AppealOutcome.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    new_award = forms.ChoiceField(
        label="The award, if the appeal is upheld",
        choices=[("", "Choose an award"), *[(a, Award(a).label) for a in ("gold", "silver", "bronze", "none")]],
        required=False,
    )
    reasons = text_field("The panel's reasons", max_length=2000, rows=4)


LEVELS = (("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze"))
TYPES = (("1", "type 1 (essential)"), ("2", "type 2 (expected)"), ("3", "type 3 (desirable)"))


class RuleParametersForm(forms.Form):
    """A rule's parameters as boxes. The rules engine (scoring.parameters_check) says what is wrong, by field."""

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        parameters = rule.parameters
        if rule.kind == "thresholds":
            for level, level_label in LEVELS:
                for type_, type_label in TYPES:
                    self._box(
                        f"{level}_{type_}",
                        f"{level_label}: {type_label} standards met (%)",
                        parameters.get(level, {}).get(type_),
                    )
        else:
            for type_, type_label in TYPES[1:]:
                self._box(
                    f"points_{type_}",
                    f"Points for each {type_label} standard met (0 to 10)",
                    parameters.get("points", {}).get(type_),
                )
            for level, level_label in LEVELS:
                self._box(level, f"{level_label}: share of the points (%)", parameters.get(level))

    def _box(self, name, label, initial):
        self.fields[name] = forms.CharField(
            label=label,
            initial="" if initial is None else f"{initial:g}" if isinstance(initial, float) else str(initial),
            max_length=6,
            error_messages={"required": f"Enter {label[0].lower() + label[1:]}"},
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
        )

    @staticmethod
    def _number(text):
        try:
            number = float(text)
        except (TypeError, ValueError):
            return text  # the rules engine names the box and says what to enter
        return int(number) if number.is_integer() else number

    def parameters(self) -> dict:
        data = self.cleaned_data
        if self.rule.kind == "thresholds":
            return {level: {type_: self._number(data[f"{level}_{type_}"]) for type_, _ in TYPES} for level, _ in LEVELS}
        return {
            "points": {type_: self._number(data[f"points_{type_}"]) for type_, _ in TYPES[1:]},
            **{level: self._number(data[level]) for level, _ in LEVELS},
        }

    def add_rule_errors(self, error) -> None:
        for key, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            name = key.replace(".", "_")
            self.add_error(name if name in self.fields else None, messages)
