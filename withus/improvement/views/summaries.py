"""Summaries across projects: measures by unit, all measures, and who is involved."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.html import json_script

from withus.core.audit import audit_record
from withus.core.charts import RunChartLabels, percent_run_chart_spec
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.improvement.models import Measure, Project
from withus.improvement.presenters import involvement_headline
from withus.improvement.selectors import big_i_results, involvement_headline_facts
from withus.improvement.views.common import _render
from withus.organisations.models import Unit


@permission_required("improvement.view_summaries")
def unit_summary(request, unit_id):
    unit = get_object_or_404(Unit.objects.for_organisation(request.user.organisation_id), pk=unit_id)
    projects = Project.objects.visible_to(request.user).in_units([unit])
    measures = list(
        Measure.objects.in_projects(projects).select_related("project").order_by("project__title", "position", "name")
    )
    audit_record(action=AuditAction.VIEW, request=request, obj=unit, object_type="unit_measures")
    return _render(request, "improvement/unit_summary.jinja", {"unit": unit, "measures": measures})


@permission_required("improvement.view_summaries")
def summaries(request):
    units = list(
        Unit.objects.for_organisation(request.user.organisation_id)
        .active()
        .in_tree_order()
        .annotate(project_count=Count("projectunit"))
    )
    return _render(request, "improvement/summaries.jinja", {"units": units})


@permission_required("improvement.view_summaries")
def involvement(request):
    headline = involvement_headline(involvement_headline_facts(request.user.organisation_id))
    latest = {group: headline["table"][group][-1] for group in headline["groups"]}
    description = "; ".join(
        f"{group}: {row['percent']:.0f}% of {row['active']} active projects"
        for group, row in latest.items()
        if row["percent"] is not None
    )
    spec = percent_run_chart_spec(
        title="Active projects with Big I involvement",
        rows=headline["series"],
        labels=RunChartLabels(y="Projects with Big I (%)", value="Big I (%)", count="Projects"),
        description="Percentage of active projects with service users or carers on the team, by month. "
        f"Latest: {description}.",
    )
    audit_record(
        action=AuditAction.VIEW, request=request, object_type="involvement_headline", object_label="Big I headline"
    )
    return _render(
        request,
        "improvement/involvement.jinja",
        {
            "headline": headline,
            "latest": latest,
            "spec_script": json_script(spec, "measure-chart-spec"),
            "results": big_i_results(request.user),
        },
    )
