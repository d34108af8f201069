"""Register forms. Error messages follow the NHS.UK style: say what went wrong and how to fix it."""

import re

from django import forms

from withus.core.forms import DateInputField, SubmissionKeyField, text_field
from withus.core.phone import spaced_mobile, uk_mobile
from withus.core.text import single_line
from withus.organisations.models import Unit
from withus.people.models import (
    AgeBand,
    CommunicationNeed,
    ContactMethod,
    DataDecisionOutcome,
    EthnicCategory,
    Interest,
    MaritalStatus,
    MembershipStatus,
    Need,
    PersonKind,
    Religion,
    Sex,
    SexualOrientation,
    YesNo,
)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{7,20}$")


def uk_phone(value: str) -> str:
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    if value and (not PHONE_PATTERN.match(value) or not 10 <= len(digits) <= 13):
        raise forms.ValidationError("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
    return value


def _text(label: str, *, max_length: int, required: bool = False, help_text: str = "", **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs) if attrs else forms.TextInput,
        validators=[single_line],
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _long_text(label: str, *, max_length: int = 1000, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer"},
    )


def _email(label: str = "E-mail address", *, required: bool = False, help_text: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
            "required": "Enter an e-mail address",
            "max_length": "E-mail address must be 254 characters or fewer",
        },
    )


def _choice(
    label: str, choices, *, required: bool = True, widget=forms.RadioSelect, help_text: str = "", missing: str = ""
):
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


def _many(label: str, *, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "invalid_choice": "Select from the options shown",
            "invalid_pk_value": "Select from the options shown",
        },
    )


# The same needs as the person reads them about themselves (the register's words are about "them").
OWN_COMMUNICATION_LABELS = {
    CommunicationNeed.EASY_READ.value: "Easy read",
    CommunicationNeed.LARGE_PRINT.value: "Large print",
    CommunicationNeed.BSL.value: "A British Sign Language (BSL) interpreter",
    CommunicationNeed.SPOKEN_LANGUAGE.value: "An interpreter for another language",
    CommunicationNeed.BRAILLE.value: "Braille",
    CommunicationNeed.AUDIO.value: "Audio: things read out or recorded",
    CommunicationNeed.READ_WITH.value: "Someone to read things with me",
    CommunicationNeed.PHONE.value: "A phone call, not a letter or e-mail",
}


def _communication_needs(label: str, *, own: bool, help_text: str) -> forms.MultipleChoiceField:
    choices = [(need.value, OWN_COMMUNICATION_LABELS[need.value] if own else need.label) for need in CommunicationNeed]
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose communication needs from the list"},
    )


def _communication_language(label: str) -> forms.CharField:
    return _text(label, max_length=60, help_text="For example, Bengali, Somali or Polish")


class ContactDetailsMixin(forms.Form):
    def clean_phone(self):
        return uk_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_contact")
        if method == ContactMethod.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter an e-mail address, or choose another way to be contacted")
        if (
            method in {ContactMethod.PHONE, ContactMethod.TEXT}
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter a phone number, or choose another way to be contacted")
        if method == ContactMethod.LETTER and not cleaned.get("postal_address") and "postal_address" not in self.errors:
            self.add_error("postal_address", "Enter a postal address, or choose another way to be contacted")
        return cleaned


class PersonForm(ContactDetailsMixin, forms.Form):
    """Everything a participation lead records about someone in the register."""

    kind = _choice("Who is this person?", PersonKind.choices, missing="Select service user, carer or staff colleague")
    full_name = _text("Full name", max_length=200, required=True, autocomplete="off", spellcheck="false")
    preferred_name = _text("Preferred name (optional)", max_length=100, help_text="What they like to be called")
    pronouns = _text("Pronouns (optional)", max_length=40, help_text="For example, she/her, he/him or they/them")
    email = _email(
        "Contact e-mail address (optional)",
        help_text="For contacting them. It never changes the e-mail address they sign in to WithUs with: "
        "only they can change that.",
    )
    phone = _text("Phone number (optional)", max_length=30, autocomplete="off", inputmode="tel")
    postal_address = _long_text("Postal address (optional)", max_length=500)
    preferred_contact = _choice(
        "How do they prefer to be contacted?", ContactMethod.choices, missing="Select how they prefer to be contacted"
    )
    communication_needs = _communication_needs(
        "Communication needs (optional)",
        own=False,
        help_text="The Accessible Information Standard: how they need information and contact. Staff who contact "
        "them or plan for them see these.",
    )
    communication_language = _communication_language("Which language should the interpreter speak? (optional)")
    communication_notes = _long_text(
        "Anything else about communication and accessibility (optional)",
        help_text="For example, prefers not to use the phone before noon",
    )
    support_notes = _long_text(
        "Support needs (optional)", help_text="For example, brings a supporter, needs breaks, a quiet room"
    )
    needs = _many("Needs to plan for (optional)")
    interests = _many("Areas of interest (optional)")
    units = _many("Wards, teams or services they are connected with (optional)")
    champion_units = _many(
        "Involvement champion for (optional)",
        help_text="Only for staff colleagues who champion involvement in their wards or teams",
    )
    agreement_signed_on = DateInputField(
        label="Date the involvement agreement was signed (optional)",
        required=False,
        help_text="For example, 27 3 2026",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.for_organisation(organisation.pk).active().in_tree_order()
        self.fields["needs"].queryset = Need.objects.filter(organisation=organisation)
        self.fields["interests"].queryset = Interest.objects.filter(organisation=organisation)
        self.fields["units"].queryset = units
        self.fields["champion_units"].queryset = units
        self.fields["units"].label_from_instance = lambda unit: unit.indented_name
        self.fields["champion_units"].label_from_instance = lambda unit: unit.indented_name

    def clean(self):
        cleaned = super().clean()
        # The champion choice is shown under "Staff colleague" only: for anyone else, boxes ticked before the
        # kind was changed are dropped rather than refused with an error on a question no longer shown.
        if cleaned.get("champion_units") and cleaned.get("kind") != PersonKind.STAFF:
            cleaned["champion_units"] = cleaned["champion_units"].none()
        return cleaned


class PersonCreateForm(PersonForm):
    submission_key = SubmissionKeyField()
    consent_contact = forms.BooleanField(label="They agree to be contacted about opportunities", required=False)
    consent_data = forms.BooleanField(label="They agree to WithUs keeping and using their information", required=False)
    give_sign_in = forms.BooleanField(
        label="Give them a WithUs sign-in",
        required=False,
        help_text="They will sign in with a code sent to their contact e-mail address, or, if they have none, "
        "by text message to their UK mobile number. No password is needed.",
    )
    not_a_duplicate = forms.BooleanField(label="I have checked: this is a different person", required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("give_sign_in")
            and not cleaned.get("email")
            and not uk_mobile(cleaned.get("phone"))
            and "email" not in self.errors
        ):
            self.add_error(
                "email",
                "Enter an e-mail address or a UK mobile number so they can sign in with a code",
            )
        return cleaned


class GiveSignInForm(forms.Form):
    """How a person will sign in: only the ways their record allows are offered (people.services)."""

    how = forms.ChoiceField(
        label="How will they sign in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they will sign in", "invalid_choice": "Select one of the ways shown"},
    )

    def __init__(self, *args, person, ways: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "email": f"With a code sent by e-mail to {person.email}",
            "text": f"With a code sent by text message to {spaced_mobile(uk_mobile(person.phone))}",
        }
        self.fields["how"].choices = [(way, labels[way]) for way in ways]
        if len(ways) == 1:
            self.fields["how"].initial = ways[0]


class StatusChangeForm(forms.Form):
    to_status = _choice("New status", MembershipStatus.choices, missing="Select the new status")
    reason = forms.CharField(
        label="Why is the status changing?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the status is changing",
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )


class ConsentForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="What has the person decided?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "They agree"), ("no", "They withdraw their agreement")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they agree or withdraw"},
    )


class DataDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What have you agreed with them?",
        choices=DataDecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you agreed with them",
            "invalid_choice": "Select what you agreed with them",
        },
    )
    note = text_field("Note (optional)", max_length=1000, required=False, rows=4)


def _optional_answer(label: str, choices) -> forms.ChoiceField:
    """An equality question: optional, with 'Not answered' as well as each list's 'Prefer not to say'."""
    return _choice(label, [("", "Not answered"), *choices], required=False, widget=forms.Select)


class EqualityForm(forms.Form):
    ethnic_category = _choice(
        "Ethnic group", EthnicCategory.choices, widget=forms.Select, missing="Select an ethnic group, or not stated"
    )
    age_band = _optional_answer("Age", AgeBand.choices)
    sex = _optional_answer("Sex", Sex.choices)
    gender_same_as_at_birth = _optional_answer(
        "Is their gender identity the same as the sex registered at birth?", YesNo.choices
    )
    sexual_orientation = _optional_answer("Sexual orientation", SexualOrientation.choices)
    disability = _optional_answer("Do they consider themselves disabled?", YesNo.choices)
    religion = _optional_answer("Religion or belief", Religion.choices)
    marital_status = _optional_answer("Marriage and civil partnership", MaritalStatus.choices)
    pregnancy_or_maternity = _optional_answer("Pregnant or on maternity leave", YesNo.choices)


class MyDetailsForm(ContactDetailsMixin, forms.Form):
    """What a participant can correct themselves, in plain English."""

    preferred_name = _text("What would you like us to call you? (optional)", max_length=100)
    pronouns = _text("Your pronouns (optional)", max_length=40, help_text="For example, she/her, he/him or they/them")
    email = _email(
        "Your e-mail address for contacting you (optional)",
        help_text="This does not change the e-mail address you sign in with.",
    )
    phone = _text("Your phone number (optional)", max_length=30, autocomplete="tel", inputmode="tel")
    postal_address = _long_text("Your postal address (optional)", max_length=500)
    preferred_contact = _choice(
        "How would you like us to contact you?",
        ContactMethod.choices,
        missing="Select how you would like us to contact you",
    )
    communication_needs = _communication_needs(
        "How do you need us to give you information? (optional)",
        own=True,
        help_text="Tick all that help. Staff who contact you or plan for you will see this.",
    )
    communication_language = _communication_language("If you need an interpreter, which language? (optional)")
    communication_notes = _long_text(
        "Is there anything else that helps you communicate or take part? (optional)",
        help_text="For example, no phone calls before noon",
    )
    support_notes = _long_text(
        "What support would help you? (optional)",
        help_text="For example, bringing a supporter, or regular breaks",
    )
    needs = _many("Needs we should plan for (optional)")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = Need.objects.filter(organisation=organisation)


class RegisterFilterForm(forms.Form):
    """The register's search and filters (GET). Unknown values are ignored rather than shown as errors."""

    q = forms.CharField(
        label="Search by name or e-mail",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search by name or e-mail must be 100 characters or fewer"},
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *MembershipStatus.choices])
    kind = forms.ChoiceField(label="Type", required=False, choices=[("", "Anyone"), *PersonKind.choices])
    unit = forms.ChoiceField(label="Ward, team or service", required=False)
    interest = forms.ChoiceField(label="Interest", required=False)
    need = forms.ChoiceField(label="Access or support need", required=False)
    # The Accessible Information Standard's needs (ADR 41). A value not on the list (a changed link) is refused
    # with a message, like a search that cannot be used: never ignored to list everyone as if they had it.
    communication_need = forms.ChoiceField(
        label="Communication need",
        required=False,
        choices=[("", "Any"), *CommunicationNeed.choices],
        error_messages={"invalid_choice": "Choose a communication need from the list"},
    )

    def __init__(self, *args, units, interests, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Any"), *((str(u.pk), u.indented_name) for u in units)]
        self.fields["interest"].choices = [("", "Any"), *((str(i.pk), i.name) for i in interests)]
        self.fields["need"].choices = [("", "Any"), *((str(n.pk), n.name) for n in needs)]
        for name in ("status", "kind", "unit", "interest", "need", "communication_need"):
            self.fields[name].widget = forms.Select()


class LeadForm(forms.Form):
    """Who is the person's People Participation lead: one of the trust's active leads, or nobody yet."""

    lead = forms.ModelChoiceField(
        label="People Participation lead",
        queryset=None,
        required=False,
        empty_label="Nobody yet",
        widget=forms.Select,
        help_text="The person sees their lead's name on their My details page",
        error_messages={"invalid_choice": "Select a People Participation lead from the list"},
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
