"""Payment forms. Amounts arrive as text and are checked by the services as Decimal; nothing here is trusted
for who, what status or how much a line is worth."""

from django import forms
from django.utils.translation import gettext_lazy as _l

from withus.core.forms import DateInputField, SubmissionKeyField, text_field
from withus.payments.models.advances import AdvanceHow
from withus.payments.models.batches import PaymentRoute
from withus.payments.models.claims import MAX_RECEIPT_BYTES, ExpenseCategory, LimitChoice
from withus.payments.models.preferences import LimitPeriod, PaymentMethod
from withus.payments.models.rates import RateUnit


def _money(label: str, *, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=12,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}", "max_length": "Enter a shorter amount"},
    )


_text = text_field


def _person_agreed() -> forms.BooleanField:
    # Asked only when someone acts for the person; the claims service refuses without it (an on-behalf record).
    return forms.BooleanField(label="They agreed to me doing this for them", required=False)


class ClaimStartForm(forms.Form):
    submission_key = SubmissionKeyField()
    person_agreed = _person_agreed()
    records = forms.MultipleChoiceField(
        label="Involvement to claim for",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _l("Choose only involvement from the list")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].choices = choices


class ExpenseForm(forms.Form):
    category = forms.ChoiceField(
        label=_l("What was it for?"),
        choices=ExpenseCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _l("Select what the expense was for"),
            "invalid_choice": _l("Select one of the options"),
        },
    )
    date = DateInputField(label=_l("Date of the expense"), help_text=_l("For example, 27 3 2026"))
    # The helpers build their error messages from the English label; the label itself is then translated.
    description = _text(
        "What it was", max_length=200, help_text=_l("For example, Bus to Willow Ward and back, or 2 hours of childcare")
    )
    description.label = _l("What it was")
    amount = _money("Amount in pounds", help_text=_l("For example, 4.80"))
    amount.label = _l("Amount in pounds")
    receipt = forms.FileField(
        label=_l("Receipt (a photo or a PDF)"),
        required=False,
        help_text=_l("Needed for travel and care, and for anything over £10. JPEG, PNG or PDF, up to 5 MB."),
        error_messages={
            "invalid": _l("Choose the photo or PDF of your receipt"),
            "empty": _l("The selected file is empty"),
        },
    )

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload and upload.size > MAX_RECEIPT_BYTES:
            raise forms.ValidationError(_l("The receipt must be smaller than 5 MB. Take a smaller photo, or scan it"))
        return upload


class LowerAmountForm(forms.Form):
    amount = _money(
        "The amount you would like",
        help_text="Enter 0 to decline this payment. You cannot take more than the rate.",
    )


class ReasonForm(forms.Form):
    reason = _text("Reason", max_length=1000, rows=3)


class SubmitForm(forms.Form):
    submission_key = SubmissionKeyField()
    person_agreed = _person_agreed()


class BatchForm(forms.Form):
    submission_key = SubmissionKeyField()
    route = forms.ChoiceField(
        label="Which payments?",
        choices=PaymentRoute.choices,
        widget=forms.RadioSelect,
        help_text="A batch is for one way of paying, so each file goes to one finance system. Claims paid "
        "another way wait for their own batch.",
        error_messages={"required": "Select payroll, accounts payable or vouchers", "invalid_choice": "Select one"},
    )

    def __init__(self, *args, waiting: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if waiting is not None:
            self.fields["route"].choices = [
                (value, f"{label} ({waiting.get(value, 0)} waiting)") for value, label in PaymentRoute.choices
            ]


class PaidForm(forms.Form):
    paid_on = DateInputField(label="Date paid", help_text="For example, 30 11 2026")
    reference = _text(
        "Payment reference (optional)", max_length=100, required=False, help_text="For example, BACS run 2026-48"
    )


class RemittanceForm(forms.Form):
    remittance = forms.FileField(
        label="Remittance CSV file",
        help_text="With the columns Claim reference and Paid on (year-month-day). Up to 1 MB.",
        error_messages={"required": "Choose the remittance CSV file", "empty": "The selected file is empty"},
    )


class RateForm(forms.Form):
    activity_code = forms.ChoiceField(
        label="Activity code",
        error_messages={"required": "Select the activity code", "invalid_choice": "Select one of the options"},
    )
    name = _text("Name", max_length=100, help_text="For example, Interview panel (standard rate)")
    unit = forms.ChoiceField(
        label="Paid for",
        choices=RateUnit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the rate is paid for", "invalid_choice": "Select one of the options"},
    )
    amount = _money("Amount in pounds", help_text="For example, 20.00")
    effective_from = DateInputField(label="In force from", help_text="For example, 1 4 2026")
    note = _text("Note (optional)", max_length=300, required=False, help_text="For example, where the rate comes from")

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_code"].choices = [("", "Choose a code"), *codes]


class BenefitReferenceForm(forms.Form):
    benefit = _text("Benefit and rule", max_length=150, help_text="For example, ESA permitted earnings (higher limit)")
    period = forms.ChoiceField(
        label="Each",
        choices=LimitPeriod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a week or a month", "invalid_choice": "Select one of the options"},
    )
    amount = _money("Amount in pounds")
    effective_from = DateInputField(label="In force from", help_text="For example, 7 4 2025")
    source = _text("Source (optional)", max_length=300, required=False)


class LimitForm(forms.Form):
    reference = forms.ChoiceField(
        label="Which limit?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a limit, or choose to set your own",
            "invalid_choice": "Select one of the options",
        },
    )
    benefit = _text(
        "Name of your limit (optional)",
        max_length=150,
        required=False,
        help_text="Only if you set your own, for example My Universal Credit work allowance",
    )
    period = forms.ChoiceField(
        label="Each",
        choices=LimitPeriod.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select one of the options"},
    )
    amount = forms.CharField(
        label="Amount in pounds (optional)",
        required=False,
        max_length=12,
        help_text="Leave empty to use the amount shown above",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    never_over = forms.BooleanField(
        label="Never pay me over this limit",
        required=False,
        help_text="Then a payment that would take you over it cannot be approved as it is: you will be asked "
        "to take less, give it to a charity, or wait.",
    )

    def __init__(self, *args, references, **kwargs):
        super().__init__(*args, **kwargs)
        self.references = {str(reference.pk): reference for reference in references}
        choices = [
            (
                str(reference.pk),
                f"{reference.benefit}: £{reference.amount:,.2f} a {reference.period} (from "
                f"{reference.effective_from.day} {reference.effective_from:%B %Y})",
            )
            for reference in references
        ]
        self.fields["reference"].choices = [*choices, ("own", "I will set my own")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reference") == "own":
            if not (cleaned.get("benefit") or "").strip():
                self.add_error("benefit", "Enter a name for your limit")
            if not cleaned.get("period"):
                self.add_error("period", "Select a week or a month")
            if not (cleaned.get("amount") or "").strip():
                self.add_error("amount", "Enter the amount of your limit")
        reference = self.references.get(cleaned.get("reference") or "")
        period = cleaned.get("period")
        if (
            reference is not None
            and period
            and period != reference.period
            and not (cleaned.get("amount") or "").strip()
        ):
            # The reference amount is for its own period: never save it against another one.
            self.add_error(
                "amount",
                f"{reference.benefit} is £{reference.amount:,.2f} a {reference.period}. "
                f"To set a limit for a {period}, enter the amount for a {period}",
            )
        return cleaned

    def limit_values(self) -> dict:
        data = self.cleaned_data
        reference = self.references.get(data["reference"])
        never_over = bool(data.get("never_over"))
        if reference is None:
            return {
                "benefit": data["benefit"],
                "period": data["period"],
                "amount": data["amount"],
                "never_over": never_over,
            }
        return {
            "benefit": reference.benefit,
            # A period chosen with its own amount is the person's own limit for that period.
            "period": data.get("period") or reference.period,
            "amount": (data.get("amount") or "").strip() or str(reference.amount),
            "never_over": never_over,
        }


# How each way of being paid reads to the person being paid, without finance's words.
PLAIN_METHODS = {
    PaymentMethod.SUPPLIER: "As a supplier: you send the trust an invoice and its finance team pays it",
}


class MyPreferenceForm(forms.Form):
    method = forms.ChoiceField(
        label="How would you like to be paid?",
        choices=[(value, PLAIN_METHODS.get(value, label)) for value, label in PaymentMethod.choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how you would like to be paid",
            "invalid_choice": "Select one of the options",
        },
    )


class PreferenceForm(MyPreferenceForm):
    payroll_number = _text("Payroll number (optional)", max_length=20, required=False)
    supplier_number = _text("Supplier number (optional)", max_length=20, required=False)
    chosen_on = DateInputField(label="Date chosen", help_text="For example, 1 4 2026")
    benefits_advice_offered_on = DateInputField(
        label="Date benefits advice was offered (optional)", required=False, help_text="For example, 1 4 2026"
    )


class SettingsForm(forms.Form):
    lateness_target_days = forms.IntegerField(
        label="Target: days from taking part to being paid",
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of days",
            "invalid": "Enter a whole number of days, like 30",
            "min_value": "Enter a number of days between 1 and 365",
            "max_value": "Enter a number of days between 1 and 365",
        },
    )


class LimitDecisionForm(forms.Form):
    """Finance's choice for a claim that would take the person over a limit they set (issue 16 item 1)."""

    limit_choice = forms.ChoiceField(
        label="This claim would go over a limit the person set. What have you agreed with them?",
        choices=LimitChoice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what to do about the limit before you approve",
            "invalid_choice": "Select one of the options",
        },
    )
    limit_note = forms.CharField(
        label="What the person agreed, and when",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to pay it anyway or to hold it. For example, agreed by phone on 3 December to be paid "
        "in full",
    )
    agreed_amount = forms.CharField(
        label="Amount the person agreed to, in pounds",
        required=False,
        max_length=12,
        help_text="Needed to pay a lower amount: the involvement payments are lowered to this, latest first",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    limit_charity = _text(
        "Name of the charity the person chose",
        max_length=200,
        required=False,
        help_text="Needed to pay a charity. The payment then does not count as the person's earnings",
    )


class AdvanceForm(forms.Form):
    """An expense the trust paid in advance for someone (issue 16 item 5)."""

    how = forms.ChoiceField(
        label="How was it paid?",
        choices=AdvanceHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the trust bought it or gave cash", "invalid_choice": "Select one"},
    )
    category = forms.ChoiceField(
        label="What was it for?",
        choices=ExpenseCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what it was for", "invalid_choice": "Select one of the options"},
    )
    date = DateInputField(label="Date of the occasion", help_text="For example, 27 3 2026")
    occasion = _text("The occasion", max_length=200, help_text="For example, Accreditation visit to Cedar Ward")
    description = _text("What was paid for", max_length=200, help_text="For example, Return train ticket")
    amount = _money("Amount in pounds", help_text="For example, 23.40")
