"""Finance batches: exporting approved claims, recording payment and downloading the files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.submissions import submission_key_lookup
from withus.payments import selectors as batch_selectors
from withus.payments.forms import BatchForm, PaidForm, RemittanceForm
from withus.payments.models.batches import PaymentBatch
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.services import batches as batch_services
from withus.payments.views.common import HELPERS, _page


@permission_required("payments.view_batches", deny=404)
@require_http_methods(["GET", "POST"])
def batch_list(request):
    organisation = request.user.organisation
    waiting_by_route = batch_selectors.waiting_by_route(organisation.pk)
    form = BatchForm(request.POST or None, waiting=waiting_by_route)
    if request.method == "POST":
        if not request.user.has_perm("payments.export_batches"):
            raise Http404
        if form.is_valid():
            key = form.cleaned_data["submission_key"]
            already = submission_key_lookup(key=key, organisation_id=organisation.pk, object_type="batch")
            if already:
                return redirect("payments:batch", batch_id=already)
            try:
                batch = batch_services.batch_create(
                    organisation=organisation,
                    route=form.cleaned_data["route"],
                    actor=request.user,
                    request=request,
                    submission_key=key,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Batch {batch.reference} is ready: download it for {batch.get_route_display().lower()}."
                )
                return redirect("payments:batch", batch_id=batch.pk)
    waiting = Claim.objects.for_organisation(organisation.pk).filter(status=ClaimStatus.APPROVED, batch__isnull=True)
    waiting_count, waiting_total = batch_selectors.count_and_total(waiting)
    batches = PaymentBatch.objects.for_organisation(organisation.pk).defer("csv_content", "xlsx_content")
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
    return get_object_or_404(PaymentBatch.objects.for_organisation(request.user.organisation_id), pk=batch_id)


@permission_required("payments.view_batches", deny=404)
def batch_detail(request, batch_id):
    batch = get_object_or_404(
        PaymentBatch.objects.for_organisation(request.user.organisation_id).defer("csv_content", "xlsx_content"),
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
            batch_services.batch_mark_paid(
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
            count = batch_services.remittance_import(
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


def _download(
    request, batch: PaymentBatch, *, content: bytes, content_type: str, extension: str, part: str = ""
) -> HttpResponse:
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=batch,
        object_label=f"Payment batch {batch.reference} ({part + ' ' if part else ''}{extension.upper()})",
    )
    name = f"withus-payments-{batch.reference}{'-' + part if part else ''}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
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


@permission_required("payments.view_batches", deny=404)
def batch_summary_csv(request, batch_id):
    batch = _batch_for(request, batch_id)
    if not batch.route:
        raise Http404
    return _download(
        request,
        batch,
        content=bytes(batch.summary_csv_content),
        content_type="text/csv; charset=utf-8",
        extension="csv",
        part="summary",
    )


@permission_required("payments.view_batches", deny=404)
def batch_lines_csv(request, batch_id):
    batch = _batch_for(request, batch_id)
    if not batch.route:
        raise Http404
    return _download(
        request,
        batch,
        content=bytes(batch.lines_csv_content),
        content_type="text/csv; charset=utf-8",
        extension="csv",
        part="lines",
    )
