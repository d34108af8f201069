"""The spread of involvement across wards and teams (a person's own involvement and the kinds of involvement are
the involvement log's pages: withus.involvement.views)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.spreadsheets import csv_text
from withus.opportunities.selectors import SORTS, champions_report, sort_rows, spread_rows


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


@permission_required("opportunities.view_champions", deny=404)
def champions(request):
    """Champions by unit, what each has started, and where no champion has reached yet."""
    report = champions_report(request.user.organisation_id)
    return render(request, "opportunities/champions.jinja", {"report": report})


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
