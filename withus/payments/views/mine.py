"""My payments: a participant's own claims, earnings limits and how they would like to be paid."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.easy_read import render_readable
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.payments.forms import LimitForm, MyPreferenceForm
from withus.payments.models.claims import Claim
from withus.payments.models.preferences import BenefitReference, EarningsLimit
from withus.payments.selectors import current_preference, earnings_summary
from withus.payments.services import claims as claim_services
from withus.payments.services import preferences as preference_services
from withus.payments.tax_year import TaxYear, summary_filename, summary_pdf, year_payments, years_with_payments
from withus.payments.views.common import HELPERS
from withus.people.selectors import signed_in_person, signed_in_person_or_404


@permission_required("payments.view_own_payments")
def my_payments(request):
    person = signed_in_person_or_404(request.user)
    audit_view(request, person, object_type="payments")
    today = timezone.localdate()
    claims = list(Claim.objects.of_user(request.user).filter(person=person).order_by("-created_at")[:50])
    preference = current_preference(person)
    return render_readable(
        request,
        "payments/my_payments.jinja",
        {
            "person": person,
            "claims": claims,
            "earnings": earnings_summary(person, today),
            "this_year": year_payments(
                person, TaxYear.containing(today), method=preference.method if preference else ""
            ),
            "years": years_with_payments(person),
            "preference": preference,
            "unclaimed": claim_services.unclaimed_records(person).count(),
            "today": today,
            **HELPERS,
        },
    )


@permission_required("payments.view_own_payments")
@require_http_methods(["GET", "POST"])
def my_limit_add(request):
    person = signed_in_person_or_404(request.user)
    today = timezone.localdate()
    references = _references_in_force(person.organisation_id, today)
    form = LimitForm(request.POST or None, references=references)
    saved = submit(
        request,
        form,
        lambda data: preference_services.limit_add(
            person=person, actor=request.user, request=request, **form.limit_values()
        ),
        "Your limit is saved. We will warn you and the team before you go over it.",
        "payments:my_payments",
    )
    return saved or render(request, "payments/limit_add.jinja", {"form": form})


def _references_in_force(organisation_id, today: datetime.date) -> list[BenefitReference]:
    """The newest amount in force today for each benefit (older ones stay as history)."""
    newest = {}
    for reference in (
        BenefitReference.objects.for_organisation(organisation_id)
        .effective_on(today)
        .order_by("benefit", "-effective_from")
    ):
        newest.setdefault(reference.benefit, reference)
    return list(newest.values())


@permission_required("payments.view_own_payments", deny=404)
@require_POST
def my_limit_remove(request, limit_id):
    person = signed_in_person(request.user)
    limit = get_object_or_404(EarningsLimit.objects.active().filter(person=person), pk=limit_id)
    preference_services.limit_remove(limit=limit, actor=request.user, request=request)
    messages.success(request, f"Your limit for {limit.benefit} is removed.")
    return redirect("payments:my_payments")


@permission_required("payments.view_own_payments")
@require_http_methods(["GET", "POST"])
def my_preference(request):
    person = signed_in_person_or_404(request.user)
    current = current_preference(person)
    form = MyPreferenceForm(request.POST or None, initial={"method": current.method if current else None})
    saved = submit(
        request,
        form,
        lambda data: preference_services.preference_set(
            person=person, method=data["method"], actor=request.user, request=request
        ),
        "Thank you. We have saved how you would like to be paid.",
        "payments:my_payments",
    )
    return saved or render(request, "payments/my_preference.jinja", {"form": form})


def _method(person) -> str:
    preference = current_preference(person)
    return preference.method if preference else ""


@permission_required("payments.view_own_payments", deny=404)
def my_tax_year_summary(request, tax_year: str):
    """A year-end summary of every payment, for the person's records or a benefits assessment (a PDF)."""
    person = signed_in_person(request.user)
    year = TaxYear.from_label(tax_year)
    if person is None or year is None:
        raise Http404
    pdf = summary_pdf(
        person,
        year,
        trust_name=request.user.organisation.name,
        method=_method(person),
        today=timezone.localdate(),
    )
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=person,
        object_type="payments",
        object_label=f"Tax year summary {year.label} for {person.full_name}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_filename(year)}"'
    return response
