from django import forms

from withus.core.forms import DateInputField, text_field
from withus.core.languages import LANGUAGES, TRANSLATED
from withus.core.text import single_line
from withus.organisations.models import Unit, UnitKind, WcagStatus


class UnitForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        validators=[single_line],
        error_messages={
            "required": "Enter the unit's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    code = forms.RegexField(
        label="Code",
        max_length=20,
        regex=r"^[A-Za-z0-9\-]+$",
        help_text="Letters, numbers and hyphens, like WILLOW",
        error_messages={
            "required": "Enter a code",
            "invalid": "Code must only include letters, numbers and hyphens",
            "max_length": "Code must be 20 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Type of unit",
        choices=UnitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of unit"},
    )
    parent = forms.ModelChoiceField(
        label="Part of (optional)",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Nothing: this is a directorate",
        error_messages={"invalid_choice": "Select a unit from the list"},
    )
    is_active = forms.BooleanField(label="This unit is active", required=False, initial=True)

    def __init__(self, *args, organisation, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.unit = unit
        self.fields["parent"].queryset = Unit.objects.for_organisation(organisation.pk).in_tree_order()
        self.fields["parent"].label_from_instance = lambda unit: unit.indented_name

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        clash = Unit.objects.for_organisation(self.organisation.pk).filter(code=code)
        if self.unit is not None:
            clash = clash.exclude(pk=self.unit.pk)
        if clash.exists():
            raise forms.ValidationError("Another unit already uses this code. Enter a different code")
        return code


def _email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an e-mail address in the correct format, like team@nhs.net"},
    )


class TrustInformationForm(forms.Form):
    """What the trust publishes: the team's contact details, feedback, privacy notice and accessibility statement."""

    team_name = text_field("Team name", max_length=100)
    team_phone = text_field("Phone number", max_length=30, required=False)
    team_email = _email("E-mail address")
    team_hours = text_field(
        "When the team is available",
        max_length=200,
        required=False,
        help_text="For example, Monday to Friday, 9am to 5pm",
    )
    feedback_url = forms.URLField(
        assume_scheme="https",
        label="Feedback form web address",
        required=False,
        max_length=500,
        help_text="Where the 'feedback' link on every page goes. Leave it empty to use the team's e-mail address",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.nhs.uk/feedback"
        },
    )
    controller = text_field(
        "Data controller", max_length=1000, required=False, rows=3, help_text="The trust's name and address"
    )
    dpo_name = text_field("Data Protection Officer", max_length=200, required=False)
    dpo_email = _email("Data Protection Officer's e-mail address")
    dpo_phone = text_field("Data Protection Officer's phone number", max_length=30, required=False)
    lawful_basis_details = text_field("Contact details and involvement", max_length=2000, required=False, rows=3)
    lawful_basis_special = text_field(
        "Health, needs and equality monitoring",
        max_length=2000,
        required=False,
        rows=3,
        help_text="Special category data",
    )
    lawful_basis_payments = text_field("Payments and benefits", max_length=2000, required=False, rows=3)
    lawful_basis_stories = text_field("Stories, photos and quotes", max_length=2000, required=False, rows=3)
    retention = text_field(
        "How long we keep information",
        max_length=3000,
        required=False,
        rows=4,
        help_text="One line for each kind of information",
    )
    ico_complaint = text_field("How to complain", max_length=2000, rows=4)
    wcag_status = forms.ChoiceField(
        label="How far does WithUs meet WCAG 2.2 AA?",
        choices=WcagStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how far WithUs meets WCAG 2.2 AA"},
    )
    known_problems = text_field(
        "What is known not to work", max_length=3000, required=False, rows=4, help_text="One line for each problem"
    )
    report_problem = text_field("How to report an accessibility problem", max_length=2000, required=False, rows=3)
    enforcement = text_field("Enforcement procedure", max_length=2000, rows=4)
    statement_prepared_on = DateInputField(label="Statement prepared on", required=False)
    statement_reviewed_on = DateInputField(label="Statement last reviewed on", required=False)

    SECTIONS = (
        ("People Participation team", ("team_name", "team_phone", "team_email", "team_hours", "feedback_url")),
        ("Privacy notice: who is responsible", ("controller", "dpo_name", "dpo_email", "dpo_phone")),
        (
            "Privacy notice: lawful basis for each kind of information",
            ("lawful_basis_details", "lawful_basis_special", "lawful_basis_payments", "lawful_basis_stories"),
        ),
        ("Privacy notice: keeping information and complaints", ("retention", "ico_complaint")),
        (
            "Accessibility statement",
            (
                "wcag_status",
                "known_problems",
                "report_problem",
                "enforcement",
                "statement_prepared_on",
                "statement_reviewed_on",
            ),
        ),
    )

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


class LanguagesForm(forms.Form):
    """Which translations people may choose (issue 26). English is always offered."""

    languages = forms.MultipleChoiceField(
        label="Languages people can choose besides English",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (choice.code, f"{choice.english_name} ({choice.own_name})")
            for choice in LANGUAGES
            if choice.code in TRANSLATED
        ],
        help_text="Offer a language only once people who speak it have read its pages and are happy with them.",
    )
