import datetime

from django import forms

from withus.core.dates import add_months, month_end
from withus.core.forms import DateInputField, text_field
from withus.reports.models import ActionStatus, Competency, SelfRating, SignOffRole

QUARTERS_OFFERED = 8


def finished_quarters(today: datetime.date, count: int = QUARTERS_OFFERED) -> list[tuple[datetime.date, datetime.date]]:
    """The latest `count` calendar quarters that have ended, newest first, as (first day, last day)."""
    start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _ in range(count):
        start = add_months(start, -3)
        quarters.append((start, month_end(add_months(start, 2))))
    return quarters


def _quarter_label(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%B} to {end:%B %Y}"


class PackCreateForm(forms.Form):
    quarter = forms.ChoiceField(
        label="Which quarter is the pack for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the quarter the pack is for",
            "invalid_choice": "Choose one of the quarters listed",
        },
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {start.isoformat(): (start, end) for start, end in finished_quarters(today)}
        self.fields["quarter"].choices = [
            (key, _quarter_label(start, end)) for key, (start, end) in self.quarters.items()
        ]

    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.quarters[self.cleaned_data["quarter"]]


class NarrativeForm(forms.Form):
    says = text_field("What the chart says (optional)", max_length=2000, required=False, rows=4)
    why = text_field("Why (optional)", max_length=2000, required=False, rows=4)
    doing = text_field("What we are doing (optional)", max_length=2000, required=False, rows=4)


class SignForm(forms.Form):
    role = forms.ChoiceField(
        label="Sign as",
        widget=forms.RadioSelect,
        choices=SignOffRole.choices,
        error_messages={"required": "Choose who you are signing as", "invalid_choice": "Choose one of the options"},
    )


class ExecutiveLeadForm(forms.Form):
    executive_lead = forms.ModelChoiceField(
        label="Executive lead",
        queryset=None,
        error_messages={
            "required": "Choose the executive lead",
            "invalid_choice": "Choose a member of staff from the list",
        },
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executive_lead"].queryset = staff


POPULATION_MAX_BYTES = 2 * 1024 * 1024


class PopulationUploadForm(forms.Form):
    """A Census 2021 TS021 file (or the trust's caseload in the same layout) for the equity comparisons."""

    kind = forms.ChoiceField(
        label="What do the figures describe?",
        widget=forms.RadioSelect,
        choices=[
            ("population", "The resident population of the trust's area (Census 2021, TS021)"),
            ("caseload", "The trust's own caseload, in the same layout"),
        ],
        error_messages={"required": "Choose what the figures describe", "invalid_choice": "Choose one of the options"},
    )
    name = text_field(
        "Name",
        max_length=200,
        help_text="Shown on the equity pages, for example Census 2021: Riverside and Marsh",
    )
    source = text_field(
        "Where the figures come from (optional)",
        max_length=300,
        required=False,
        help_text="For example, ONS Census 2021 TS021, downloaded from Nomis on 3 December 2026",
    )
    areas = text_field(
        "Local authority codes (optional)",
        max_length=500,
        required=False,
        help_text="The codes of the local authorities the trust serves, separated by commas, for example "
        "E09000002, E09000030. Leave empty to add up every row of the file.",
    )
    upload = forms.FileField(
        label="The CSV file",
        help_text="Up to 2 MB, in the layout of the Nomis bulk download of TS021: geography, geography code, the "
        "total and one column for each ethnic group category.",
        error_messages={"required": "Choose the CSV file to upload", "empty": "The file is empty"},
    )

    def clean_areas(self) -> list[str]:
        codes = [code.strip().upper() for code in self.cleaned_data["areas"].split(",") if code.strip()]
        bad = [code for code in codes if not code.isalnum() or len(code) > 12]
        if bad:
            raise forms.ValidationError(
                f"“{bad[0]}” is not a local authority code: use codes like E09000002, separated by commas"
            )
        return codes

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > POPULATION_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB. Keep only the rows of the trust's area")
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not a CSV saved as UTF-8 text. Save it again as “CSV UTF-8” and upload that"
            ) from None
        return upload


# --- PCREF workspace ---------------------------------------------------------------------------------------


class PcrefActionForm(forms.Form):
    title = text_field("What will be done", max_length=200)
    co_produced_with = text_field(
        "Co-produced with",
        max_length=300,
        help_text="The community groups who agreed the action with the trust, for example Marsh African Caribbean "
        "Carers Forum",
    )
    co_produced_with.error_messages["required"] = "Name the community groups the action is co-produced with"
    competency = forms.ChoiceField(
        label="Which competency is it for?",
        widget=forms.RadioSelect,
        choices=Competency.choices,
        error_messages={
            "required": "Choose the competency the action is for",
            "invalid_choice": "Choose one of the six",
        },
    )
    owner = text_field("Owner", max_length=150, help_text="The person or team who will see it done")
    due_on = DateInputField(label="Due", help_text="For example, 31 3 2027")


class PcrefActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        choices=ActionStatus.choices,
        error_messages={"required": "Choose the action's status", "invalid_choice": "Choose one of the options"},
    )


class PcrefAssessmentForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Rating",
        widget=forms.RadioSelect,
        choices=SelfRating.choices,
        coerce=int,
        error_messages={"required": "Choose a rating from 0 to 3", "invalid_choice": "Choose a rating from 0 to 3"},
    )
    evidence = text_field(
        "What the rating is based on",
        max_length=2000,
        rows=6,
        help_text="The evidence, and who agreed the rating (community groups, service users and carers, staff)",
    )


class PcrefMonitoringForm(forms.Form):
    met_on = DateInputField(label="Date of the meeting", help_text="For example, 12 11 2026")
    meeting = text_field("Meeting", max_length=200, help_text="For example, Trust Board (public session)")
    note = text_field("What was looked at (optional)", max_length=500, required=False)


class EdsScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Score",
        widget=forms.RadioSelect,
        choices=SelfRating.choices,
        coerce=int,
        error_messages={"required": "Choose a score from 0 to 3", "invalid_choice": "Choose a score from 0 to 3"},
    )
    evidence = text_field(
        "What the score is based on",
        max_length=2000,
        rows=6,
        help_text="The evidence looked at: figures, stories, what community groups and staff said",
    )
    scored_by = text_field(
        "Who agreed the score",
        max_length=300,
        help_text="For example, the EDS panel: two service users, Marsh Bangladeshi Elders, the equality lead",
    )
