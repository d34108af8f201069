"""Panel coverage: how many interview panels had a service user or carer member, by month."""

from django.shortcuts import render
from django.utils.html import json_script

from withus.core.audit import audit_record
from withus.core.charts import RunChartLabels, percent_run_chart_spec
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.governance import presenters, selectors


@permission_required("governance.view_coverage")
def coverage(request):
    figures = presenters.coverage(*selectors.panel_coverage_facts(request.user.organisation_id))
    latest = {
        group: next((row for row in reversed(figures["table"][group]) if row["percent"] is not None), None)
        for group in figures["groups"]
    }
    description = "; ".join(
        f"{group}: median {item['median']:.0f}%"
        for group, item in figures["analysis"].items()
        if item["median"] is not None
    )
    spec = percent_run_chart_spec(
        title="Interview panels with a service user or carer member",
        rows=figures["series"],
        labels=RunChartLabels(
            y="Panels with a service user or carer (%)",
            value="Panels with a service user or carer (%)",
            count="Panels",
        ),
        description="Percentage of interview panels with a service user or carer member, by month and directorate. "
        f"{description}.",
    )
    audit_record(action=AuditAction.VIEW, request=request, object_type="panel_coverage", object_label="Panel coverage")
    return render(
        request,
        "governance/coverage.jinja",
        {"figures": figures, "latest": latest, "spec_script": json_script(spec, "measure-chart-spec")},
    )
