"""Panel coverage: how many interview panels had a service user or carer member, by month."""

from django.shortcuts import render
from django.utils.html import json_script

from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.governance import presenters
from withus.improvement import charts


@permission_required("governance.view_coverage")
def coverage(request):
    figures = presenters.coverage(request.user.organisation_id)
    latest = {
        group: next((row for row in reversed(figures["table"][group]) if row["percent"] is not None), None)
        for group in figures["groups"]
    }
    description = "; ".join(
        f"{group}: median {item['median']:.0f}%"
        for group, item in figures["analysis"].items()
        if item["median"] is not None
    )
    spec = charts.run_chart_spec(
        title="Interview panels with a service user or carer member",
        rows=figures["series"],
        y_title="Panels with a service user or carer (%)",
        description="Percentage of interview panels with a service user or carer member, by month and directorate. "
        f"{description}.",
    )
    _relabel_tooltips(spec)
    audit_record(action=AuditAction.VIEW, request=request, object_type="panel_coverage", object_label="Panel coverage")
    return render(
        request,
        "governance/coverage.jinja",
        {"figures": figures, "latest": latest, "spec_script": json_script(spec, "measure-chart-spec")},
    )


def _relabel_tooltips(spec: dict) -> None:
    """The improvement run chart's tooltips name projects; these points are panels."""
    for layer in spec.get("layer", []):
        for tooltip in layer.get("encoding", {}).get("tooltip", []) or []:
            if tooltip.get("field") == "percent":
                tooltip["title"] = "Panels with a service user or carer (%)"
            if tooltip.get("field") == "label":
                tooltip["title"] = "Panels"
