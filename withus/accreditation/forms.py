"""Forms for accreditation pages: an assessor's ratings and the panel's decision."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from withus.accreditation.models import (
    ActionStatus,
    AppealOutcome,
    Award,
    EvidencedBy,
    RatingValue,
    Standard,
    StandardType,
    Theme,
)
from withus.accreditation.presenters import is_erased, named
from withus.core.forms import DateInputField, text_field
from withus.learning.models import Completion, CourseCode
from withus.people.models import Person, PersonKind
from withus.people.privacy import ERASED_NAME
from withus.voice.models.ideas import Idea
from withus.voice.models.stories import Story


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


# --- Standards: drafting a new edition (issue 18 item 1, ADR 35) ---------------------------------------------


class ThemeForm(forms.Form):
    number = forms.IntegerField(
        label="Theme number",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Enter the theme's number, for example 3",
            "invalid": "Enter the theme's number as a whole number, for example 3",
            "min_value": "The theme's number must be 1 or more",
            "max_value": "The theme's number must be 99 or less",
        },
    )
    title = text_field("Theme title", max_length=200)


class StandardForm(forms.Form):
    theme = forms.ModelChoiceField(label="Theme", queryset=None, empty_label="Choose a theme")
    code = text_field("Code", max_length=20, help_text="For example 3.2.1. Each code is used once in an edition.")
    text = text_field(
        "The standard",
        max_length=500,
        rows=3,
        help_text="Written from the service user's point of view, for example: I know the name of my named nurse",
    )
    guidance = text_field("Guidance for assessors (optional)", max_length=2000, required=False, rows=4)
    type = forms.TypedChoiceField(
        label="Type",
        choices=StandardType.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose type 1, 2 or 3"},
    )
    evidenced_by = forms.ChoiceField(
        label="How it is evidenced",
        choices=EvidencedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the standard is evidenced"},
    )
    proposed_by = forms.ModelChoiceField(
        label="Who proposed it (optional)",
        help_text="A person on the register, usually a service user or carer",
        queryset=None,
        required=False,
        empty_label="Nobody named",
    )
    source_idea = forms.ModelChoiceField(
        label="The idea it came from (optional)", queryset=None, required=False, empty_label="Not from an idea"
    )
    source_story = forms.ModelChoiceField(
        label="The story it came from (optional)",
        help_text="Published stories the teller agreed may be used inside the trust",
        queryset=None,
        required=False,
        empty_label="Not from a story",
    )

    def __init__(self, *args, edition, user, current: Standard | None = None, **kwargs):
        if current is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "theme": current.theme_id,
                "code": current.code,
                "text": current.text,
                "guidance": current.guidance,
                "type": current.type,
                "evidenced_by": current.evidenced_by,
                "proposed_by": current.proposed_by_id,
                "source_idea": current.source_idea_id,
                "source_story": current.source_story_id,
            }
        super().__init__(*args, **kwargs)
        organisation_id = edition.organisation_id
        self.fields["theme"].queryset = Theme.objects.filter(edition=edition).order_by("number")
        # Everyone on the register but the erased; a proposer already linked stays (named as no longer on it).
        kept = current.proposed_by_id if current is not None else None
        self.fields["proposed_by"].queryset = Person.objects.filter(
            Q(organisation_id=organisation_id) & (~Q(full_name=ERASED_NAME) | Q(pk=kept))
        ).order_by("full_name")
        self.fields["proposed_by"].label_from_instance = lambda person: (
            named(person, "proposer") if is_erased(person) else f"{person.full_name} ({person.get_kind_display()})"
        )
        ideas = Idea.objects.visible_to(user).order_by("-created_at")[:200]
        stories = Story.objects.for_organisation(organisation_id).listed_under(public=False, on=timezone.localdate())
        keep = [current.source_idea_id] if current is not None and current.source_idea_id else []
        keep_story = [current.source_story_id] if current is not None and current.source_story_id else []
        # The ideas this person may see (the latest 200) and the idea already linked, so saving keeps it.
        self.fields["source_idea"].queryset = Idea.objects.filter(
            Q(pk__in=[idea.pk for idea in ideas]) | Q(pk__in=keep)
        ).order_by("title")
        self.fields["source_story"].queryset = Story.objects.filter(
            Q(pk__in=stories.values("pk")) | Q(pk__in=keep_story), organisation_id=organisation_id
        ).order_by("title")

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("theme", "code", "text", "type", "evidenced_by", "proposed_by")} | {
            "guidance": data.get("guidance") or "",
            "source_idea": data.get("source_idea"),
            "source_story": data.get("source_story"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source_idea") and cleaned.get("source_story"):
            self.add_error("source_story", "Choose the idea or the story it came from, not both")
        return cleaned


class PublishForm(forms.Form):
    effective_from = DateInputField(label="When the edition comes into use")
