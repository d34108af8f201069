"""Staff record how a person is paid (leads for the people they support, finance for anyone)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_view
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.payments.forms import PreferenceForm
from withus.payments.models.preferences import PaymentPreference
from withus.payments.selectors import current_preference
from withus.payments.services import preferences as preference_services
from withus.payments.tax_year import TaxYear, year_payments
from withus.payments.views.common import HELPERS, _person_for_payments


@permission_required("payments.edit_preference", deny=404)
@require_http_methods(["GET", "POST"])
def person_preference(request, person_id):
    person = _person_for_payments(request, person_id)
    current = current_preference(person)
    initial = {"chosen_on": timezone.localdate()}
    if current:
        initial.update(
            {
                "method": current.method,
                "payroll_number": current.payroll_number,
                "supplier_number": current.supplier_number,
                "benefits_advice_offered_on": current.benefits_advice_offered_on,
            }
        )
    form = PreferenceForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: preference_services.preference_set(person=person, actor=request.user, request=request, **data),
        f"How {person.full_name} is paid is saved.",
        "payments:claims",
    )
    if saved:
        return saved
    history = list(PaymentPreference.objects.for_person(person).order_by("-created_at")[:20])
    audit_view(request, person, object_type="payment preference")
    this_year = year_payments(
        person, TaxYear.containing(timezone.localdate()), method=current.method if current else ""
    )
    return render(
        request,
        "payments/preference.jinja",
        {"form": form, "person": person, "history": history, "this_year": this_year, **HELPERS},
    )
