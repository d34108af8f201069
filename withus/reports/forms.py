import datetime

from django import forms

from withus.core.dates import add_months, month_end
from withus.core.forms import text_field
from withus.reports.models import SignOffRole

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
