"""Involvement pages: my involvement, a person's involvement, the spread of involvement, and the kinds
of involvement."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_record, audit_view
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.spreadsheets import csv_text
from withus.involvement import services as involvement_services
from withus.involvement.models import InvolvementKind, InvolvementRecord
from withus.opportunities.forms import KindForm
from withus.opportunities.models import ExpressionOfInterest
from withus.opportunities.presenters import hours_text, my_response_tag, totals
from withus.opportunities.selectors import SORTS, sort_rows, spread_rows
from withus.people.models import Person
from withus.people.selectors import signed_in_person


def _involvement_context(person: Person) -> dict:
    records = list(
        InvolvementRecord.objects.for_person(person)
        .select_related("kind", "unit")
        .order_by("-date", "-created_at")[:200]
    )
    summary = InvolvementRecord.objects.for_person(person).aggregate(
        hours=Sum("hours"), count=Count("pk"), first=Min("date")
    )
    year_start = timezone.localdate() - datetime.timedelta(days=365)
    last_year = InvolvementRecord.objects.for_person(person).filter(date__gte=year_start).aggregate(hours=Sum("hours"))
    return {
        "person": person,
        "records": records,
        "totals": totals(summary, last_year),
        "hours_text": hours_text,
        "by_kind": list(
            InvolvementRecord.objects.for_person(person)
            .values("kind__name")
            .annotate(hours=Sum("hours"), count=Count("pk"))
            .order_by("kind__name")
        ),
    }


@permission_required("opportunities.view_own_involvement")
def my_involvement(request):
    person = signed_in_person(request.user)
    if person is None:
        raise Http404("You are not in the involvement register yet.")
    audit_view(request, person, object_type="involvement")
    responses = list(
        ExpressionOfInterest.objects.for_person(person).select_related("opportunity").order_by("-created_at")[:50]
    )
    context = _involvement_context(person)
    context.update({"responses": responses, "response_tag": my_response_tag})
    return render(request, "opportunities/my_involvement.jinja", context)


@permission_required("opportunities.view_person_involvement", deny=404)
def person_involvement(request, person_id):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    audit_view(request, person, object_type="involvement")
    return render(request, "opportunities/person_involvement.jinja", _involvement_context(person))


@permission_required("opportunities.view_spread", deny=404)
def spread(request):
    sort = request.GET.get("sort", "unit")
    sort = sort if sort in SORTS else "unit"
    today = timezone.localdate()
    rows = sort_rows(spread_rows(organisation_id=request.user.organisation_id, today=today), sort)
    started = sum(1 for row in rows if row.started and row.unit.kind in {"ward", "team"})
    frontline = sum(1 for row in rows if row.unit.kind in {"ward", "team"})
    return render(
        request,
        "opportunities/spread.jinja",
        {"rows": rows, "sort": sort, "started": started, "frontline": frontline, "today": today},
    )


@permission_required("opportunities.export_spread", deny=404)
def spread_csv(request):
    today = timezone.localdate()
    rows = spread_rows(organisation_id=request.user.organisation_id, today=today)
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        organisation_id=request.user.organisation_id,
        object_type="spread",
        object_label="Spread of involvement (CSV)",
    )
    header = [
        "Unit",
        "Code",
        "Kind",
        "Parent code",
        "First involvement",
        "Records this quarter",
        "People this quarter",
        "Has a champion",
    ]
    parents = {row.unit.pk: row.unit.code for row in rows}
    body = csv_text(
        header,
        (
            [
                row.unit.name,
                row.unit.code,
                row.unit.get_kind_display(),
                parents.get(row.unit.parent_id, ""),
                row.first_involvement.isoformat() if row.first_involvement else "",
                row.records_this_quarter,
                row.people_this_quarter,
                "yes" if row.has_champion else "no",
            ]
            for row in rows
        ),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="involvement-spread-{today.isoformat()}.csv"'
    return response


KIND_FIELDS = ("name", "description", "payment_activity_code", "payment_description", "required_training", "is_active")


@permission_required("opportunities.change_kinds", deny=404)
def kind_list(request):
    kinds = InvolvementKind.objects.for_organisation(request.user.organisation_id)
    if not kinds.exists():
        involvement_services.kinds_ensure_defaults(organisation=request.user.organisation)
    return render(request, "opportunities/kinds.jinja", {"kinds": list(kinds)})


@permission_required("opportunities.change_kinds", deny=404)
@require_http_methods(["GET", "POST"])
def kind_edit(request, kind_id):
    kind = get_object_or_404(InvolvementKind.objects.for_organisation(request.user.organisation_id), pk=kind_id)
    form = KindForm(request.POST or None, initial={name: getattr(kind, name) for name in KIND_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            involvement_services.kind_update(kind=kind, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("opportunities:kinds")
    return render(request, "opportunities/kind_edit.jinja", {"form": form, "kind": kind})
