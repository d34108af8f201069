"""Payment pages: my payments, claims and approval, finance batches, the rate card and lateness.
Thin: permission, scope, service, render."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.involvement.models import InvolvementKind
from withus.payments import services
from withus.payments.forms import (
    BatchForm,
    BenefitReferenceForm,
    ClaimStartForm,
    ExpenseForm,
    LimitForm,
    LowerAmountForm,
    MyPreferenceForm,
    PaidForm,
    PreferenceForm,
    RateForm,
    ReasonForm,
    RemittanceForm,
    SettingsForm,
    SubmitForm,
)
from withus.payments.models import (
    APPROVED_STATUSES,
    BenefitReference,
    Claim,
    ClaimLine,
    ClaimStatus,
    EarningsLimit,
    LineKind,
    PaymentBatch,
    PaymentPreference,
    Rate,
    Receipt,
)
from withus.payments.money import pounds
from withus.payments.presenters import STATUS_EXPLAINED, days_between, days_text, monthly_medians, status_tag
from withus.payments.selectors import claim_limit_warnings, current_preference, earnings_summary
from withus.people.models import Person, PersonKind

HELPERS = {"pounds": pounds, "status_tag": status_tag, "days_text": days_text, "days_between": days_between}


def _my_person(request) -> Person | None:
    return Person.objects.filter(user=request.user, organisation_id=request.user.organisation_id).first()


def _page(request, queryset):
    page = Paginator(queryset, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- My payments ---------------------------------------------------------------------------------------


@permission_required("payments.view_own_payments")
def my_payments(request):
    person = _my_person(request)
    if person is None:
        raise Http404("You are not in the involvement register yet.")
    audit_view(request, person, object_type="payments")
    today = timezone.localdate()
    claims = list(Claim.objects.of_user(request.user).filter(person=person).order_by("-created_at")[:50])
    return render(
        request,
        "payments/my_payments.jinja",
        {
            "person": person,
            "claims": claims,
            "earnings": earnings_summary(person, today),
            "preference": current_preference(person),
            "unclaimed": services.unclaimed_records(person).count(),
            "today": today,
            **HELPERS,
        },
    )


@permission_required("payments.view_own_payments")
@require_http_methods(["GET", "POST"])
def my_limit_add(request):
    person = _my_person(request)
    if person is None:
        raise Http404
    today = timezone.localdate()
    references = _references_in_force(person.organisation_id, today)
    form = LimitForm(request.POST or None, references=references)
    if request.method == "POST" and form.is_valid():
        try:
            services.limit_add(person=person, actor=request.user, request=request, **form.limit_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your limit is saved. We will warn you and the team before you go over it.")
            return redirect("payments:my_payments")
    return render(request, "payments/limit_add.jinja", {"form": form})


def _references_in_force(organisation_id, today: datetime.date) -> list[BenefitReference]:
    """The newest amount in force today for each benefit (older ones stay as history)."""
    newest = {}
    for reference in BenefitReference.objects.filter(
        organisation_id=organisation_id, effective_from__lte=today
    ).order_by("benefit", "-effective_from"):
        newest.setdefault(reference.benefit, reference)
    return list(newest.values())


@permission_required("payments.view_own_payments", deny=404)
@require_POST
def my_limit_remove(request, limit_id):
    person = _my_person(request)
    limit = get_object_or_404(EarningsLimit.objects.active().filter(person=person), pk=limit_id)
    services.limit_remove(limit=limit, actor=request.user, request=request)
    messages.success(request, f"Your limit for {limit.benefit} is removed.")
    return redirect("payments:my_payments")


@permission_required("payments.view_own_payments")
@require_http_methods(["GET", "POST"])
def my_preference(request):
    person = _my_person(request)
    if person is None:
        raise Http404
    current = current_preference(person)
    form = MyPreferenceForm(request.POST or None, initial={"method": current.method if current else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(
                person=person, method=form.cleaned_data["method"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. We have saved how you would like to be paid.")
            return redirect("payments:my_payments")
    return render(request, "payments/my_preference.jinja", {"form": form})


# --- Claims --------------------------------------------------------------------------------------------


def _claims_for(request):
    """Staff who handle claims see those in their scope; everyone sees their own."""
    own = Claim.objects.of_user(request.user)
    if request.user.has_perm("payments.view_claims"):
        return Claim.objects.filter(
            Q(pk__in=Claim.objects.visible_to(request.user).values("pk")) | Q(pk__in=own.values("pk"))
        )
    return own


def _claim_for(request, claim_id) -> Claim:
    return get_object_or_404(_claims_for(request).select_related("person", "batch"), pk=claim_id)


STATUS_FILTERS = [("", "All")] + [(status.value, status_tag(status)["text"]) for status in ClaimStatus]


@permission_required("payments.view_claim")
def claim_list(request):
    status = request.GET.get("status", "")
    status = status if status in ClaimStatus.values else ""
    claims = _claims_for(request).select_related("person", "submitted_by").order_by("-created_at", "pk")
    if status:
        claims = claims.filter(status=status)
    page, query = _page(request, claims)
    staff = request.user.has_perm("payments.view_claims")
    people = []
    if request.user.has_perm("payments.claim_for_others"):
        people = list(_people_for_payments(request).order_by("full_name").values_list("pk", "full_name")[:500])
    return render(
        request,
        "payments/claim_list.jinja",
        {
            "page": page,
            "query": query,
            "status": status,
            "filters": STATUS_FILTERS,
            "staff": staff,
            "people": people,
            **HELPERS,
        },
    )


def _claimant(request) -> Person:
    """Whose claim this is: yourself, or (for a lead) someone you support, named in ?person=."""
    person_id = request.GET.get("person") or request.POST.get("person")
    if person_id and request.user.has_perm("payments.claim_for_others"):
        try:
            return _person_for_payments(request, person_id)
        except ValidationError as error:
            raise Http404 from error
    person = _my_person(request)
    if person is None:
        raise Http404("You are not in the involvement register yet.")
    return person


@permission_required("payments.claim_own")
@require_http_methods(["GET", "POST"])
def claim_new(request):
    person = _claimant(request)
    records = list(services.unclaimed_records(person)[:200])
    rates = services.rates_by_code(person.organisation_id, {record.kind.payment_activity_code for record in records})
    rows = []
    for record in records:
        rate = services.pick_rate(rates.get(record.kind.payment_activity_code, []), record.date)
        rows.append({"record": record, "rate": rate, "amount": rate.price(record.hours) if rate else None})
    choices = [(str(row["record"].pk), row["record"].source_label) for row in rows if row["rate"]]
    form = ClaimStartForm(request.POST or None, choices=choices, initial={"records": [pk for pk, _ in choices]})
    if request.method == "POST":
        # A form sent twice goes to the claim the first one made, before anything else is checked.
        key_field = SubmitForm(request.POST)
        if key_field.is_valid():
            already = submission_key_lookup(
                key=key_field.cleaned_data["submission_key"],
                organisation_id=person.organisation_id,
                object_type="claim",
            )
            if already:
                return redirect("payments:claim", claim_id=already)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["submission_key"]
        try:
            claim = services.claim_create(
                person=person,
                record_ids=form.cleaned_data["records"],
                actor=request.user,
                request=request,
                submission_key=key,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your claim is started. Add any expenses, then send it.")
            return redirect("payments:claim", claim_id=claim.pk)
    return render(
        request,
        "payments/claim_new.jinja",
        {"form": form, "person": person, "rows": rows, "for_someone": person.user_id != request.user.pk, **HELPERS},
    )


@permission_required("payments.view_claim", deny=404)
def claim_detail(request, claim_id):
    claim = _claim_for(request, claim_id)
    audit_view(request, claim)
    lines = list(claim.lines.select_related("record", "receipt").order_by("kind", "date", "created_at"))
    own = claim.person.user_id == request.user.pk
    acts_for = services.acts_for(request.user, claim.person)
    refusal = services.approval_refusal(claim, request.user) if request.user.has_perm("payments.approve_claim") else ""
    can_decide = claim.status == ClaimStatus.SUBMITTED and request.user.has_perm("payments.approve_claim")
    can_void = (claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED) and acts_for) or (
        claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
        and request.user.has_perm("payments.view_batches")
    )
    return render(
        request,
        "payments/claim_detail.jinja",
        {
            "claim": claim,
            "fees": [line for line in lines if line.kind == LineKind.FEE],
            "expenses": [line for line in lines if line.kind == LineKind.EXPENSE],
            "history": list(claim.history.select_related("changed_by").order_by("changed_at")),
            "warnings": claim_limit_warnings(claim)
            if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED)
            else [],
            "explained": STATUS_EXPLAINED[ClaimStatus(claim.status)],
            "own": own,
            "can_edit": claim.status == ClaimStatus.DRAFT and acts_for,
            "can_lower": claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED) and acts_for,
            "can_decide": can_decide,
            "refusal": refusal if can_decide else "",
            "can_void": can_void,
            "key_form": SubmitForm(),
            "preference": current_preference(claim.person),
            "on_time": {
                "submitted": days_between(claim.first_activity_on, claim.submitted_at),
                "approved": days_between(claim.first_activity_on, claim.approved_at),
                "paid": days_between(claim.first_activity_on, claim.paid_on),
            },
            **HELPERS,
        },
    )


def _service_call(request, claim, call, success: str):
    try:
        call()
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("payments:claim", claim_id=claim.pk)


@permission_required("payments.view_claim", deny=404)
@require_POST
def claim_submit(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = SubmitForm(request.POST)
    key = form.cleaned_data["submission_key"] if form.is_valid() else None
    return _service_call(
        request,
        claim,
        lambda: services.claim_submit(claim=claim, actor=request.user, request=request, submission_key=key),
        "Thank you. Your claim is sent. We will tell you when it is approved.",
    )


@permission_required("payments.approve_claim", deny=404)
@require_POST
def claim_approve(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = SubmitForm(request.POST)
    key = form.cleaned_data["submission_key"] if form.is_valid() else None
    return _service_call(
        request,
        claim,
        lambda: services.claim_approve(claim=claim, actor=request.user, request=request, submission_key=key),
        f"Claim {claim.reference} is approved. It will go in the next batch.",
    )


@permission_required("payments.approve_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_reject(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why is it not approved?"
    form.fields["reason"].help_text = "The person will see this, so say what they can do next"
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_reject(claim=claim, reason=form.cleaned_data["reason"], actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Claim {claim.reference} is not approved. The person can see why.")
            return redirect("payments:claim", claim_id=claim.pk)
    return render(request, "payments/claim_reason.jinja", {"form": form, "claim": claim, "action": "reject", **HELPERS})


@permission_required("payments.void_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_void(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why are you cancelling this claim?"
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_void(claim=claim, reason=form.cleaned_data["reason"], actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Claim {claim.reference} is cancelled. Its involvement can be claimed again.")
            return redirect("payments:claim", claim_id=claim.pk)
    return render(request, "payments/claim_reason.jinja", {"form": form, "claim": claim, "action": "void", **HELPERS})


@permission_required("payments.view_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_expense_add(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = ExpenseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("receipt")
        try:
            services.claim_add_expense(
                claim=claim,
                category=form.cleaned_data["category"],
                date=form.cleaned_data["date"],
                description=form.cleaned_data["description"],
                amount=form.cleaned_data["amount"],
                receipt_data=upload.read() if upload else None,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The expense is added to your claim.")
            return redirect("payments:claim", claim_id=claim.pk)
    return render(request, "payments/expense_add.jinja", {"form": form, "claim": claim})


@permission_required("payments.view_claim", deny=404)
@require_POST
def claim_line_remove(request, claim_id, line_id):
    claim = _claim_for(request, claim_id)
    return _service_call(
        request,
        claim,
        lambda: services.claim_remove_line(claim=claim, line_id=line_id, actor=request.user, request=request),
        "The line is removed from the claim.",
    )


@permission_required("payments.view_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_line_lower(request, claim_id, line_id):
    claim = _claim_for(request, claim_id)
    line = get_object_or_404(ClaimLine.objects.filter(claim=claim, kind=LineKind.FEE), pk=line_id)
    form = LowerAmountForm(request.POST or None, initial={"amount": f"{line.amount:.2f}"})
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_line_lower(
                claim=claim, line_id=line.pk, amount=form.cleaned_data["amount"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The amount is changed.")
            return redirect("payments:claim", claim_id=claim.pk)
    return render(request, "payments/line_lower.jinja", {"form": form, "claim": claim, "line": line, **HELPERS})


@permission_required("payments.view_claim", deny=404)
def receipt_download(request, claim_id, receipt_id):
    claim = _claim_for(request, claim_id)
    receipt = get_object_or_404(
        Receipt.objects.filter(pk__in=ClaimLine.objects.filter(claim=claim).values("receipt_id")), pk=receipt_id
    )
    audit_record(action=AuditAction.VIEW, request=request, obj=receipt, object_label=f"Receipt on {claim.reference}")
    with receipt.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=receipt.content_type)
    response["Content-Disposition"] = f'attachment; filename="{receipt.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Finance batches -----------------------------------------------------------------------------------


@permission_required("payments.view_batches", deny=404)
@require_http_methods(["GET", "POST"])
def batch_list(request):
    organisation = request.user.organisation
    form = BatchForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("payments.export_batches"):
            raise Http404
        if form.is_valid():
            key = form.cleaned_data["submission_key"]
            already = submission_key_lookup(key=key, organisation_id=organisation.pk, object_type="batch")
            if already:
                return redirect("payments:batch", batch_id=already)
            try:
                batch = services.batch_create(
                    organisation=organisation, actor=request.user, request=request, submission_key=key
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Batch {batch.reference} is ready: download it for payroll or accounts payable."
                )
                return redirect("payments:batch", batch_id=batch.pk)
    waiting = Claim.objects.for_organisation(organisation.pk).filter(status=ClaimStatus.APPROVED, batch__isnull=True)
    waiting_count = waiting.count()
    waiting_total = sum((claim.total for claim in waiting.only("fees_total", "expenses_total")), start=0)
    batches = PaymentBatch.objects.filter(organisation=organisation).defer("csv_content", "xlsx_content")
    page, query = _page(request, batches.order_by("-number"))
    return render(
        request,
        "payments/batch_list.jinja",
        {
            "form": form,
            "page": page,
            "query": query,
            "waiting_count": waiting_count,
            "waiting_total": waiting_total,
            **HELPERS,
        },
    )


def _batch_for(request, batch_id) -> PaymentBatch:
    return get_object_or_404(PaymentBatch.objects.filter(organisation_id=request.user.organisation_id), pk=batch_id)


@permission_required("payments.view_batches", deny=404)
def batch_detail(request, batch_id):
    batch = get_object_or_404(
        PaymentBatch.objects.filter(organisation_id=request.user.organisation_id).defer("csv_content", "xlsx_content"),
        pk=batch_id,
    )
    page, query = _page(request, batch.claims.select_related("person").order_by("approved_at", "pk"))
    audit_view(request, batch)
    return render(
        request,
        "payments/batch_detail.jinja",
        {
            "batch": batch,
            "page": page,
            "query": query,
            "paid_form": PaidForm(initial={"paid_on": timezone.localdate()}),
            "remittance_form": RemittanceForm(),
            "can_pay": request.user.has_perm("payments.view_batches") and batch.paid_on is None,
            **HELPERS,
        },
    )


@permission_required("payments.view_batches", deny=404)
@require_POST
def batch_paid(request, batch_id):
    batch = _batch_for(request, batch_id)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            services.batch_mark_paid(
                batch=batch,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Batch {batch.reference} and its claims are marked as paid.")
            return redirect("payments:batch", batch_id=batch.pk)
    return render(request, "payments/batch_form_error.jinja", {"form": form, "batch": batch, "title": "Mark as paid"})


@permission_required("payments.view_batches", deny=404)
@require_POST
def batch_remittance(request, batch_id):
    batch = _batch_for(request, batch_id)
    form = RemittanceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["remittance"]
        try:
            count = services.remittance_import(
                batch=batch, content=upload.read(1_000_001), actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{count} {'claim is' if count == 1 else 'claims are'} marked as paid.")
            return redirect("payments:batch", batch_id=batch.pk)
    return render(
        request, "payments/batch_form_error.jinja", {"form": form, "batch": batch, "title": "Import a remittance"}
    )


def _download(request, batch: PaymentBatch, *, content: bytes, content_type: str, extension: str) -> HttpResponse:
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=batch,
        object_label=f"Payment batch {batch.reference} ({extension.upper()})",
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="withus-payments-{batch.reference}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@permission_required("payments.view_batches", deny=404)
def batch_csv(request, batch_id):
    batch = _batch_for(request, batch_id)
    return _download(
        request, batch, content=bytes(batch.csv_content), content_type="text/csv; charset=utf-8", extension="csv"
    )


@permission_required("payments.view_batches", deny=404)
def batch_xlsx(request, batch_id):
    batch = _batch_for(request, batch_id)
    return _download(
        request,
        batch,
        content=bytes(batch.xlsx_content),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension="xlsx",
    )


# --- Rate card, reference amounts, preferences and lateness -------------------------------------------


@permission_required("payments.view_rate_card", deny=404)
def rate_list(request):
    organisation_id = request.user.organisation_id
    today = timezone.localdate()
    rates = list(Rate.objects.for_organisation(organisation_id).order_by("activity_code", "-effective_from"))
    in_force = {}
    for rate in rates:
        if rate.effective_from <= today:
            in_force.setdefault(rate.activity_code, rate)
    kinds = list(InvolvementKind.objects.filter(organisation_id=organisation_id).order_by("position", "name"))
    references = list(
        BenefitReference.objects.filter(organisation_id=organisation_id).order_by("benefit", "-effective_from")
    )
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
            for kind in InvolvementKind.objects.filter(organisation=organisation)
        }
    )
    form = RateForm(request.POST or None, codes=codes, initial={"activity_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            rate = services.rate_add(
                organisation=organisation, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The rate for {rate.activity_code} from {rate.effective_from:%-d %B %Y} is saved."
            )
            return redirect("payments:rates")
    return render(request, "payments/rate_add.jinja", {"form": form})


@permission_required("payments.edit_benefit_amounts", deny=404)
@require_http_methods(["GET", "POST"])
def benefit_reference_add(request):
    form = BenefitReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_reference_add(
                organisation=request.user.organisation, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The reference amount is saved.")
            return redirect("payments:rates")
    return render(request, "payments/benefit_add.jinja", {"form": form})


def _people_for_payments(request):
    """Leads: the people they may see. Finance: service users and carers of the trust (names only, for claims)."""
    if request.user.has_perm("payments.view_batches"):
        return Person.objects.for_organisation(request.user.organisation_id).filter(
            kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER]
        )
    return Person.objects.visible_to(request.user)


def _person_for_payments(request, person_id) -> Person:
    return get_object_or_404(_people_for_payments(request), pk=person_id)


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
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(person=person, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"How {person.full_name} is paid is saved.")
            return redirect("payments:claims")
    history = list(
        PaymentPreference.objects.filter(organisation_id=person.organisation_id, person=person).order_by("-created_at")[
            :20
        ]
    )
    audit_view(request, person, object_type="payment preference")
    return render(request, "payments/preference.jinja", {"form": form, "person": person, "history": history})


@permission_required("payments.view_lateness", deny=404)
@require_http_methods(["GET", "POST"])
def lateness(request):
    organisation = request.user.organisation
    row = services.settings_for(organisation.pk)
    form = SettingsForm(request.POST or None, initial={"lateness_target_days": row.lateness_target_days})
    if request.method == "POST":
        if not request.user.has_perm("payments.edit_settings"):
            raise Http404
        if form.is_valid():
            try:
                services.settings_update(
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
