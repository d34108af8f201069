"""Finance settings and reports: the rate card, the benefit reference amounts and late payments."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.involvement.models import InvolvementKind
from withus.payments.forms import BenefitReferenceForm, RateForm, SettingsForm
from withus.payments.models.claims import APPROVED_STATUSES, Claim, ClaimStatus
from withus.payments.models.preferences import BenefitReference
from withus.payments.models.rates import Rate
from withus.payments.presenters import monthly_medians
from withus.payments.services import rates as rate_services
from withus.payments.views.common import HELPERS, _page


@permission_required("payments.view_rate_card", deny=404)
def rate_list(request):
    organisation_id = request.user.organisation_id
    today = timezone.localdate()
    rates = list(Rate.objects.for_organisation(organisation_id).order_by("activity_code", "-effective_from"))
    in_force = {}
    for rate in rates:
        if rate.effective_from <= today:
            in_force.setdefault(rate.activity_code, rate)
    kinds = list(InvolvementKind.objects.for_organisation(organisation_id).order_by("position", "name"))
    references = list(BenefitReference.objects.for_organisation(organisation_id).order_by("benefit", "-effective_from"))
    return render(
        request,
        "payments/rates.jinja",
        {
            "rates": rates,
            "in_force": {rate.pk for rate in in_force.values()},
            "kinds": kinds,
            "references": references,
            "today": today,
            "can_edit": request.user.has_perm("payments.edit_rate_card"),
            **HELPERS,
        },
    )


@permission_required("payments.edit_rate_card", deny=404)
@require_http_methods(["GET", "POST"])
def rate_add(request):
    organisation = request.user.organisation
    codes = sorted(
        {
            (kind.payment_activity_code, f"{kind.payment_activity_code} ({kind.name})")
            for kind in InvolvementKind.objects.for_organisation(organisation.pk)
        }
    )
    form = RateForm(request.POST or None, codes=codes, initial={"activity_code": request.GET.get("code", "")})
    saved = submit(
        request,
        form,
        lambda data: rate_services.rate_add(organisation=organisation, actor=request.user, request=request, **data),
        lambda rate: f"The rate for {rate.activity_code} from {rate.effective_from:%-d %B %Y} is saved.",
        "payments:rates",
    )
    return saved or render(request, "payments/rate_add.jinja", {"form": form})


@permission_required("payments.edit_benefit_amounts", deny=404)
@require_http_methods(["GET", "POST"])
def benefit_reference_add(request):
    form = BenefitReferenceForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda data: rate_services.benefit_reference_add(
            organisation=request.user.organisation, actor=request.user, request=request, **data
        ),
        "The reference amount is saved.",
        "payments:rates",
    )
    return saved or render(request, "payments/benefit_add.jinja", {"form": form})


@permission_required("payments.view_lateness", deny=404)
@require_http_methods(["GET", "POST"])
def lateness(request):
    organisation = request.user.organisation
    row = rate_services.settings_for(organisation.pk)
    form = SettingsForm(request.POST or None, initial={"lateness_target_days": row.lateness_target_days})
    if request.method == "POST":
        if not request.user.has_perm("payments.edit_settings"):
            raise Http404
        if form.is_valid():
            try:
                rate_services.settings_update(
                    organisation=organisation,
                    lateness_target_days=form.cleaned_data["lateness_target_days"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The target is saved.")
                return redirect("payments:lateness")
    today = timezone.localdate()
    target = row.lateness_target_days
    cutoff = today - datetime.timedelta(days=target)
    claims = Claim.objects.visible_to(request.user)
    late = (
        claims.exclude(status__in=[ClaimStatus.PAID, ClaimStatus.VOID, ClaimStatus.REJECTED])
        .filter(first_activity_on__lt=cutoff)
        .select_related("person")
        .order_by("first_activity_on", "pk")
    )
    page, query = _page(request, late)
    year_ago = today - datetime.timedelta(days=365)
    paid = claims.filter(status=ClaimStatus.PAID, paid_on__gte=year_ago, first_activity_on__isnull=False).values_list(
        "paid_on", "first_activity_on"
    )
    medians = monthly_medians([(paid_on, (paid_on - first).days) for paid_on, first in paid])
    return render(
        request,
        "payments/lateness.jinja",
        {
            "form": form,
            "page": page,
            "query": query,
            "target": target,
            "today": today,
            "medians": medians,
            "can_edit": request.user.has_perm("payments.edit_settings"),
            "approved_statuses": APPROVED_STATUSES,
            **HELPERS,
        },
    )
