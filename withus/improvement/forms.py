"""QI project forms. Error messages follow the NHS.UK style: say what went wrong and how to fix it."""

from decimal import Decimal

from django import forms

from withus.core.forms import DateInputField, SubmissionKeyField, text_field
from withus.improvement.imports import MAX_BYTES
from withus.improvement.models import (
    ActDecision,
    ChartType,
    ConsultationKind,
    Direction,
    DriverNode,
    Frequency,
    InvolvementLevel,
    LadderRung,
    MeasureKind,
    NodeKind,
    ProjectStatus,
    RulePreset,
    Stage,
    TeamRole,
)
from withus.organisations.models import Unit
from withus.people.models import Person

SORTS = (
    ("title", "Title (A to Z)"),
    ("newest", "Newest first"),
    ("stage", "Furthest on the progress scale"),
    ("updated", "Recently changed"),
)


_text = text_field


def _long_text(label: str, *, max_length: int = 1000, required: bool = False, help_text: str = "", rows: int = 3):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
    )


def _choice(label: str, choices, *, required: bool = True, widget=forms.RadioSelect, missing: str = "", help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={
            "required": missing or f"Select {label[0].lower() + label[1:]}",
            "invalid_choice": "Select one of the options",
        },
    )


def _date(label: str, *, required: bool = True, help_text: str = "For example, 27 3 2025") -> DateInputField:
    return DateInputField(label=label, required=required, help_text=help_text, min_year=2000, max_year=2100)


def _number(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=14,
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "invalid": f"{label} must be a number, like 12 or 3.5",
            "max_digits": f"{label} must be less than 10,000,000,000",
            "max_decimal_places": f"{label} can have at most 4 decimal places",
            "max_whole_digits": f"{label} must be less than 10,000,000,000",
        },
    )


class PortfolioFilterForm(forms.Form):
    """The portfolio's search, filters and sort (GET). Unknown values are ignored rather than shown as errors."""

    q = forms.CharField(label="Search titles, aims and problems", required=False, max_length=100)
    unit = forms.ChoiceField(label="Ward, team or service", required=False, widget=forms.Select)
    stage = forms.ChoiceField(
        label="Stage", required=False, widget=forms.Select, choices=[("", "Any stage"), *Stage.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, widget=forms.Select, choices=[("", "Any status"), *ProjectStatus.choices]
    )
    involvement = forms.ChoiceField(
        label="Involvement",
        required=False,
        widget=forms.Select,
        choices=[("", "Any involvement"), *InvolvementLevel.choices],
    )
    sort = forms.ChoiceField(label="Sort by", required=False, widget=forms.Select, choices=SORTS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Any"), *((str(unit.pk), unit.indented_name) for unit in units)]


class ProjectForm(forms.Form):
    title = _text("Project title", max_length=200)
    units = forms.ModelMultipleChoiceField(
        label="Wards, teams or services",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one ward, team or service",
            "invalid_choice": "Select from the options shown",
            "invalid_pk_value": "Select from the options shown",
        },
    )
    problem = _long_text(
        "The problem, in plain English",
        max_length=2000,
        required=True,
        help_text="What is wrong, for whom, and how do you know? Avoid jargon and abbreviations.",
    )
    aim = _long_text(
        "Aim statement",
        required=True,
        help_text="What will improve, by how much, by when. For example: reduce racist incidents on Willow Ward "
        "by 50% by March 2026.",
    )
    start_date = _date("Start date")
    approved_on = _date("Date approved at a QI forum (optional)", required=False)
    status = _choice("Status", ProjectStatus.choices)
    ended_on = _date("Date the project ended (if completed or stopped)", required=False)
    initiated_by = forms.ModelChoiceField(
        label="Initiated by a service user or carer (optional)",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.Select,
        empty_label="Not initiated by a service user or carer",
        error_messages={"invalid_choice": "Select from the options shown"},
    )
    ladder_rung = forms.TypedChoiceField(
        label="Rung on the ladder of co-production (optional)",
        choices=[("", "Not assessed yet"), *LadderRung.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select,
        error_messages={"invalid_choice": "Select one of the options"},
    )
    ladder_justification = _long_text(
        "Why this rung? (needed if you chose a rung)",
        help_text="For example: service users chose the change ideas and run the community meetings.",
    )
    participants_can_contribute = forms.BooleanField(
        label="Service users and carers on the team can add data and PDSA notes", required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.for_organisation(organisation.pk).active().in_tree_order()
        self.fields["initiated_by"].queryset = Person.objects.for_organisation(organisation.pk).filter(
            kind__in=("service_user", "carer")
        )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status and status != ProjectStatus.ACTIVE and not cleaned.get("ended_on") and "ended_on" not in self.errors:
            self.add_error("ended_on", "Enter the date the project ended")
        if cleaned.get("ladder_rung") and not (cleaned.get("ladder_justification") or "").strip():
            self.add_error("ladder_justification", "Say briefly why the project is on this rung of the ladder")
        return cleaned


class ProjectCreateForm(ProjectForm):
    submission_key = SubmissionKeyField()
    stage = _choice("Stage on the progress scale", Stage.choices)


class StageForm(forms.Form):
    stage = _choice("Stage on the progress scale", Stage.choices)
    changed_on = _date("Date reached")
    note = _long_text("What shows the project is at this stage? (optional)")


class TeamMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        widget=forms.Select,
        empty_label="Choose someone from the register",
        error_messages={"required": "Select a person", "invalid_choice": "Select from the options shown"},
    )
    role = _choice("Role on the team", TeamRole.choices)
    joined_on = _date("Date they joined")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_organisation(organisation.pk).exclude(status="left")
        self.fields["person"].label_from_instance = lambda person: f"{person.full_name} ({person.get_kind_display()})"


class LeaveForm(forms.Form):
    left_on = _date("Date they left the team")


class ConsultationForm(forms.Form):
    kind = _choice("How were people consulted?", ConsultationKind.choices)
    held_on = _date("Date")
    people_count = forms.IntegerField(
        label="Number of people consulted",
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of people consulted",
            "invalid": "Number of people must be a whole number, like 12",
            "min_value": "Number of people must be 1 or more",
            "max_value": "Number of people must be 100,000 or fewer",
        },
    )
    note = _long_text("What did you learn? (optional)")


class NodeForm(forms.Form):
    name = _text("Name", max_length=300)


class NodeAddForm(forms.Form):
    kind = _choice("What are you adding?", NodeKind.choices)
    name = _text("Name", max_length=300)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, NodeKind(kind).label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]


class PdsaForm(forms.Form):
    submission_key = SubmissionKeyField(required=False)
    change_idea = forms.ModelChoiceField(
        label="Change idea being tested",
        queryset=DriverNode.objects.none(),
        widget=forms.Select,
        empty_label="Choose a change idea",
        error_messages={
            "required": "Select the change idea being tested",
            "invalid_choice": "Select from the options shown",
        },
    )
    title = _text("Short title of the test", max_length=200)
    question = _long_text("Plan: what question does this test answer?", required=True)
    prediction = _long_text("Plan: what do you predict will happen?", required=True)
    plan = _long_text("Plan: who, what, when and where", max_length=2000)
    data_to_collect = _long_text("Plan: data to collect")
    starts_on = _date("Date the test starts")
    do_notes = _long_text("Do: what happened?", max_length=2000)
    study_notes = _long_text("Study: how did it compare with the prediction?", max_length=2000)
    act = _choice("Act: what will you do next?", [("", "Not decided yet"), *ActDecision.choices], required=False)
    act_notes = _long_text("Act: notes (optional)")
    ends_on = _date("Date the test ended (optional)", required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = DriverNode.objects.filter(project=project, kind=NodeKind.CHANGE_IDEA)


class MeasureForm(forms.Form):
    name = _text("Measure name", max_length=200)
    kind = _choice("Type of measure", MeasureKind.choices)
    definition = _long_text(
        "Operational definition",
        max_length=2000,
        required=True,
        help_text="Exactly what is counted, from which source, and how, so anyone would get the same number.",
    )
    unit_label = _text("Unit (optional)", max_length=60, required=False, help_text="For example, incidents or %")
    frequency = _choice("How often is it measured?", Frequency.choices)
    chart = _choice("Chart", ChartType.choices)
    preset = _choice("Rules for special causes", RulePreset.choices)
    direction = _choice("Which direction is better?", Direction.choices)
    target = _number("Target (optional)", required=False)
    baseline_name = _text(
        "Name of the first phase (optional)",
        max_length=100,
        required=False,
        help_text="Shown on the chart. For example, Before the changes",
    )
    baseline_reason = _text("What the first phase is (optional)", max_length=300, required=False)
    baseline_until = _date(
        "Freeze the baseline limits on the points up to (optional)",
        required=False,
        help_text="The centre line and limits are worked out from these points only, then extended forward so "
        "you can see change against them. At least 12 points. For example, 23 2 2026",
    )
    change_ideas = forms.ModelMultipleChoiceField(
        label="Change ideas this measure follows (optional)",
        queryset=DriverNode.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their PDSA cycles are marked on the chart.",
        error_messages={
            "invalid_choice": "Select from the options shown",
            "invalid_pk_value": "Select from the options shown",
        },
    )

    def __init__(self, *args, project, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:  # a frozen baseline needs data: it is set once there are points
            del self.fields["baseline_until"]
        self.fields["change_ideas"].queryset = DriverNode.objects.filter(project=project, kind=NodeKind.CHANGE_IDEA)
        if not self.fields["change_ideas"].queryset.exists():
            del self.fields["change_ideas"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target") is not None and cleaned.get("direction") == Direction.NEITHER:
            self.add_error(
                "target", "A target needs a direction: choose higher or lower is better, or remove the target"
            )
        return cleaned


class PointForm(forms.Form):
    period = _date("Date of the period", help_text="The first day of the period. For example, 27 3 2025")
    value = _number("Value")
    denominator = _number("Denominator", required=False)
    ghost = forms.BooleanField(label="Leave this point out of the calculations (a ghost point)", required=False)
    note = _text("Note (optional)", max_length=200, required=False)

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        if measure.needs_denominator:
            self.fields["denominator"].required = True
        else:
            del self.fields["denominator"]


class ImportForm(forms.Form):
    pasted = forms.CharField(
        label="Paste two columns from a spreadsheet",
        required=False,
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="Dates in the first column, values in the second (and denominators in the third, if the chart "
        "needs them). A header row is fine.",
        error_messages={"max_length": "That is too much to paste: upload a file instead"},
    )
    upload = forms.FileField(
        label="Or upload a CSV or Excel (.xlsx) file",
        required=False,
        help_text="Up to 5 MB and 100,000 rows, laid out the same way. Only the first sheet of a workbook is read.",
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB. Split the data into smaller files")
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("pasted") or "").strip() and not cleaned.get("upload"):
            self.add_error("pasted", "Paste the data, or choose a file to upload")
        return cleaned


class RecalculationForm(forms.Form):
    name = _text(
        "Name of the new phase", max_length=100, help_text="Shown on the chart. For example, After the changes"
    )
    period = _date(
        "Start the new phase on",
        help_text="The date of its first point. It needs at least 12 points from this date",
    )
    reason = _text("Reason", max_length=300, help_text="For example: new ward agreement in place from this week")


class AnnotationForm(forms.Form):
    on = _date("Date")
    text = _text("Note", max_length=200)


class ConfirmForm(forms.Form):
    """A POST with only the CSRF token: used to confirm a deletion."""


def decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
