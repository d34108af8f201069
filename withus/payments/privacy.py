"""Payments' part of the subject access export (claims and how the person is paid). Registered with
withus.people.registry in PaymentsConfig.ready(). Payment records are kept when other information is erased."""

from withus.payments.models.claims import Claim
from withus.payments.models.preferences import PaymentPreference
from withus.people.models import Person
from withus.people.registry import AccessSection


def access_sections(person: Person) -> list[AccessSection]:
    claims = Claim.objects.filter(organisation_id=person.organisation_id, person=person).order_by("created_at")
    preferences = PaymentPreference.objects.filter(organisation_id=person.organisation_id, person=person)
    return [
        AccessSection(
            "Claims for payment",
            [
                {
                    "Claim": claim.reference,
                    "Started": claim.created_at.date().isoformat(),
                    "Status": claim.get_status_display(),
                    "Total": f"£{claim.total:,.2f}",
                    "Paid on": claim.paid_on.isoformat() if claim.paid_on else "",
                }
                for claim in claims
            ],
        ),
        AccessSection(
            "How you are paid",
            [
                {
                    "Chosen on": preference.chosen_on.isoformat(),
                    "Method": preference.get_method_display(),
                    "Payroll number": preference.payroll_number,
                    "Supplier number": preference.supplier_number,
                }
                for preference in preferences.order_by("chosen_on")
            ],
        ),
    ]
