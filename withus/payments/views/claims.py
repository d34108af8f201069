"""Claims: the list, starting one, its page, expenses and receipts, sending, approving, rejecting and
cancelling."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from withus.accounts.models import Role
from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.core.submit import submit
from withus.payments.forms import (
    ClaimStartForm,
    ExpenseForm,
    LimitDecisionForm,
    LowerAmountForm,
    ReasonForm,
    SubmitForm,
)
from withus.payments.models.advances import Advance
from withus.payments.models.claims import Claim, ClaimStatus, LimitChoice, LineKind, Receipt
from withus.payments.presenters import claim_explained, days_between, status_tag
from withus.payments.rules import approval_refusal
from withus.payments.selectors import claim_limit_warnings, current_preference, pick_rate, rates_by_code
from withus.payments.services import approvals as approval_services
from withus.payments.services import claims as claim_services
from withus.payments.services import safeguards as safeguard_services
from withus.payments.services.safeguards import approval_blockers
from withus.payments.views.common import HELPERS, _page, _people_for_payments, _person_for_payments
from withus.people.models import Person
from withus.people.selectors import signed_in_person

logger = logging.getLogger(__name__)


def _claims_for(request):
    """Staff who handle claims see those in their scope; everyone sees their own."""
    if request.user.has_perm("payments.view_claims"):
        return Claim.objects.visible_or_own(request.user)
    return Claim.objects.of_user(request.user)


def _claim_for(request, claim_id) -> Claim:
    return get_object_or_404(_claims_for(request).select_related("person", "batch"), pk=claim_id)


HELD = "held"
STATUS_FILTERS = [
    ("", "All"),
    *[(status.value, status_tag(status)["text"]) for status in ClaimStatus],
    (HELD, "On hold: to talk about a limit"),
]


@permission_required("payments.view_claim")
def claim_list(request):
    status = request.GET.get("status", "")
    status = status if status in (*ClaimStatus.values, HELD) else ""
    claims = _claims_for(request).select_related("person", "submitted_by").order_by("-created_at", "pk")
    if status == HELD:
        claims = claims.held_for_a_talk()
    elif status:
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
    person = signed_in_person(request.user)
    if person is None:
        raise Http404("You are not in the involvement register yet.")
    return person


@permission_required("payments.claim_own")
@require_http_methods(["GET", "POST"])
def claim_new(request):
    person = _claimant(request)
    records = list(claim_services.unclaimed_records(person)[:200])
    rates = rates_by_code(person.organisation_id, {record.kind.payment_activity_code for record in records})
    rows = []
    for record in records:
        rate = pick_rate(rates.get(record.kind.payment_activity_code, []), record.date)
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
            claim = claim_services.claim_create(
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
    return _claim_page(request, claim)


def _claim_page(request, claim: Claim, *, limit_form: LimitDecisionForm | None = None):
    lines = list(claim.lines.select_related("record", "receipt").order_by("kind", "date", "created_at"))
    own = claim.person.user_id == request.user.pk
    acts_for = request.user.has_perm("payments.act_for_person", claim.person)
    refusal = approval_refusal(claim, request.user) if request.user.has_perm("payments.approve_claim") else ""
    can_decide = claim.status == ClaimStatus.SUBMITTED and request.user.has_perm("payments.approve_claim")
    can_void = (claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED) and acts_for) or (
        claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
        and request.user.has_perm("payments.view_batches")
    )
    warnings = claim_limit_warnings(claim) if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED) else []
    return render(
        request,
        "payments/claim_detail.jinja",
        {
            "claim": claim,
            "limit_form": limit_form or (LimitDecisionForm() if can_decide and warnings else None),
            "form": limit_form if limit_form is not None and limit_form.is_bound else None,  # the error summary
            "blocker": approval_blockers(claim) if can_decide else "",
            "fees": [line for line in lines if line.kind == LineKind.FEE],
            "expenses": [line for line in lines if line.kind == LineKind.EXPENSE],
            "history": list(claim.history.select_related("changed_by").order_by("changed_at")),
            "warnings": warnings,
            "explained": claim_explained(claim),
            "own": own,
            "can_edit": claim.status == ClaimStatus.DRAFT and acts_for,
            "can_lower": claim.status == ClaimStatus.DRAFT and acts_for,
            "can_return": claim.status == ClaimStatus.SUBMITTED
            and not own
            and request.user.has_perm("payments.return_claim")
            and (request.user.has_role(Role.FINANCE_APPROVER) or acts_for),
            "can_decide": can_decide,
            "refusal": refusal if can_decide else "",
            "can_void": can_void,
            "key_form": SubmitForm(),
            "preference": current_preference(claim.person),
            "advances": list(
                Advance.objects.for_person(claim.person).filter(date__in={line.date for line in lines}).order_by("date")
            ),
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
        lambda: claim_services.claim_submit(claim=claim, actor=request.user, request=request, submission_key=key),
        "Thank you. Your claim is sent. We will tell you when it is approved.",
    )


@permission_required("payments.approve_claim", deny=404)
@require_POST
def claim_approve(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = SubmitForm(request.POST)
    key = form.cleaned_data["submission_key"] if form.is_valid() else None
    if claim.status == ClaimStatus.SUBMITTED and claim_limit_warnings(claim):
        return _approve_over_a_limit(request, claim, key)
    return _service_call(
        request,
        claim,
        lambda: approval_services.claim_approve(claim=claim, actor=request.user, request=request, submission_key=key),
        f"Claim {claim.reference} is approved. It will go in the next batch.",
    )


def _approve_over_a_limit(request, claim: Claim, key):
    """Finance must choose (and the person must have agreed) before a claim over their limit is approved."""
    form = LimitDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["limit_choice"] == LimitChoice.HOLD:
                safeguard_services.claim_hold(claim=claim, note=data["limit_note"], actor=request.user, request=request)
                messages.success(
                    request,
                    f"Claim {claim.reference} is held. Leads see it under “On hold: to talk about a limit” on the "
                    f"claims page, and {claim.person.full_name}'s claim page tells them why it is not paid yet.",
                )
                return redirect("payments:claim", claim_id=claim.pk)
            decision = safeguard_services.LimitDecision(
                choice=data["limit_choice"],
                note=data["limit_note"],
                agreed_amount=data["agreed_amount"],
                charity=data["limit_charity"],
            )
            approval_services.claim_approve(
                claim=claim, actor=request.user, request=request, submission_key=key, limit_decision=decision
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Claim {claim.reference} is approved. It will go in the next batch.")
            return redirect("payments:claim", claim_id=claim.pk)
    claim = _claim_for(request, claim.pk)
    return _claim_page(request, claim, limit_form=form)


@permission_required("payments.approve_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_reject(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why is it not approved?"
    form.fields["reason"].help_text = "The person will see this, so say what they can do next"
    if request.method == "POST" and form.is_valid():
        try:
            approval_services.claim_reject(
                claim=claim, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Claim {claim.reference} is not approved. The person can see why.")
            return redirect("payments:claim", claim_id=claim.pk)
    return render(request, "payments/claim_reason.jinja", {"form": form, "claim": claim, "action": "reject", **HELPERS})


@permission_required("payments.return_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_return(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "What needs changing?"
    form.fields["reason"].help_text = "The person will see this on their claim"
    if request.method == "POST" and form.is_valid():
        try:
            approval_services.claim_return(
                claim=claim, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Claim {claim.reference} is returned to {claim.person.full_name}. They can see why on the claim, and "
                "their involvement can be claimed again in a new claim.",
            )
            return redirect("payments:claim", claim_id=claim.pk)
    return render(request, "payments/claim_reason.jinja", {"form": form, "claim": claim, "action": "return", **HELPERS})


@permission_required("payments.void_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_void(request, claim_id):
    claim = _claim_for(request, claim_id)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why are you cancelling this claim?"
    if request.method == "POST" and form.is_valid():
        try:
            approval_services.claim_void(
                claim=claim, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
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
            claim_services.claim_add_expense(
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
        lambda: claim_services.claim_remove_line(claim=claim, line_id=line_id, actor=request.user, request=request),
        "The line is removed from the claim.",
    )


@permission_required("payments.view_claim", deny=404)
@require_http_methods(["GET", "POST"])
def claim_line_lower(request, claim_id, line_id):
    claim = _claim_for(request, claim_id)
    line = get_object_or_404(claim.lines.filter(kind=LineKind.FEE), pk=line_id)
    form = LowerAmountForm(request.POST or None, initial={"amount": f"{line.amount:.2f}"})
    changed = submit(
        request,
        form,
        lambda data: claim_services.claim_line_lower(
            claim=claim, line_id=line.pk, amount=data["amount"], actor=request.user, request=request
        ),
        "The amount is changed.",
        reverse("payments:claim", kwargs={"claim_id": claim.pk}),
    )
    context = {"form": form, "claim": claim, "line": line, **HELPERS}
    return changed or render(request, "payments/line_lower.jinja", context)


@permission_required("payments.view_claim", deny=404)
def receipt_download(request, claim_id, receipt_id):
    claim = _claim_for(request, claim_id)
    receipt = get_object_or_404(Receipt.objects.on_claim(claim), pk=receipt_id)
    audit_record(action=AuditAction.VIEW, request=request, obj=receipt, object_label=f"Receipt on {claim.reference}")
    try:
        with receipt.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        # The row is there but the file is not (a lost disk, a restore without files): say so kindly, and log it
        # so whoever runs the service restores it. Never a 500.
        logger.error("Receipt %s on claim %s: its file %s is missing", receipt.pk, claim.reference, receipt.file.name)
        return render(request, "payments/receipt_missing.jinja", {"claim": claim}, status=404)
    response = HttpResponse(content, content_type=receipt.content_type)
    response["Content-Disposition"] = f'attachment; filename="{receipt.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
