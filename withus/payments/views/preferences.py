"""Staff record how a person is paid (leads for the people they support, finance for anyone)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_view
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.payments.forms import AdvanceForm, PreferenceForm
from withus.payments.models.advances import Advance
from withus.payments.models.preferences import PaymentPreference
from withus.payments.selectors import current_preference
from withus.payments.services import advances as advance_services
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
        {
            "form": form,
            "person": person,
            "history": history,
            "this_year": this_year,
            "advances": list(Advance.objects.for_person(person).select_related("settled_line__claim")[:20]),
            **HELPERS,
        },
    )


@permission_required("payments.record_advance", deny=404)
@require_http_methods(["GET", "POST"])
def advance_add(request, person_id):
    """Record a ticket the trust bought for someone, or cash given beforehand, so it is never paid back twice."""
    person = _person_for_payments(request, person_id)
    form = AdvanceForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda data: advance_services.advance_record(person=person, actor=request.user, request=request, **data),
        lambda advance: (
            f"{advance.description} for {person.full_name} on {advance.date:%-d %B %Y} is recorded. "
            "It shows on their claim and will not be paid back again."
        ),
        redirect_to=reverse("payments:person_preference", args=[person.pk]),
    )
    return saved or render(request, "payments/advance_add.jinja", {"form": form, "person": person})
