"""Measures: adding and editing one, its SPC chart and downloads, its data points (typed or imported),
recalculations and notes."""

import itertools

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.charts import render_png, render_svg
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.spreadsheets import csv_text
from withus.core.submit import submit
from withus.improvement import analysis
from withus.improvement.charts import measure_chart_spec
from withus.improvement.forms import AnnotationForm, ConfirmForm, ImportForm, MeasureForm, PointForm, RecalculationForm
from withus.improvement.imports import ImportRefused, table_from_text, table_from_upload
from withus.improvement.models import Measure, PdsaCycle
from withus.improvement.services import data as data_services
from withus.improvement.services import measures as measure_services
from withus.improvement.views.common import _measure, _project, _render


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def measure_add(request, project_id):
    project = _project(request, project_id, need="improvement.change_project")
    form = MeasureForm(
        request.POST or None,
        project=project,
        initial={"preset": "mdc", "chart": "xmr", "frequency": "weekly", "direction": "up"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = measure_services.measure_create(
                project=project,
                values=form.cleaned_data,
                change_ideas=form.cleaned_data.get("change_ideas"),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The measure “{measure.name}” has been added. Now add its data.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(request, "improvement/measure_form.jinja", {"form": form, "project": project, "creating": True})


@permission_required("improvement.change_projects", deny=404)
@require_http_methods(["GET", "POST"])
def measure_edit(request, project_id, measure_id):
    project = _project(request, project_id, need="improvement.change_project")
    measure = _measure(project, measure_id)
    initial = {key: getattr(measure, key) for key in measure_services.MEASURE_FIELDS}
    initial["change_ideas"] = list(measure.change_ideas.all())
    form = MeasureForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measure_services.measure_update(
                measure=measure,
                values=form.cleaned_data,
                change_ideas=form.cleaned_data.get("change_ideas"),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The measure has been saved.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/measure_form.jinja",
        {"form": form, "project": project, "measure": measure, "creating": False},
    )


def _measure_chart(measure: Measure, recalculations=None, notes=None, *, every_point=False) -> analysis.MeasureAnalysis:
    """Four queries: points, recalculations, notes and the PDSA cycles of the measure's change ideas. The analysis
    uses every point; pages and charts keep the latest WITHUS_MEASURE_POINTS_SHOWN (data.csv has `every_point`)."""
    points, total = analysis.points_to_analyse(measure)
    cycles = PdsaCycle.objects.for_measure(measure).order_by("starts_on")
    chart = analysis.analyse_measure(
        measure,
        points,
        recalculations=list(measure.recalculations.all()) if recalculations is None else recalculations,
        annotations=list(measure.annotations.all()) if notes is None else notes,
        pdsa_cycles=list(cycles),
        total=total,
    )
    return chart if every_point else chart.latest(settings.WITHUS_MEASURE_POINTS_SHOWN)


@permission_required("improvement.view_project", deny=404)
def measure_detail(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    recalculations = list(measure.recalculations.all())
    notes = list(measure.annotations.all())
    chart = _measure_chart(measure, recalculations, notes)
    spec = measure_chart_spec(measure, chart)
    audit_view(request, measure)
    return _render(
        request,
        "improvement/measure_detail.jinja",
        {
            "project": project,
            "measure": measure,
            "chart": chart,
            "spec_script": json_script(spec, "measure-chart-spec"),
            "recalculations": recalculations,
            "notes": notes,
            "can_change": request.user.has_perm("improvement.change_project", project),
            "can_contribute": request.user.has_perm("improvement.contribute", project),
            "rule_labels": analysis.RULE_LABELS,
            "category_labels": analysis.CATEGORY_LABELS,
        },
    )


def _export_audit(request, measure: Measure, what: str) -> None:
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        obj=measure,
        object_label=f"{what} of {measure.name}"[:200],
    )


@permission_required("improvement.view_project", deny=404)
def measure_svg(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    svg = render_svg(measure_chart_spec(measure, _measure_chart(measure)))
    _export_audit(request, measure, "Chart (SVG)")
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.svg"'
    return response


@permission_required("improvement.view_project", deny=404)
def measure_png(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    png = render_png(measure_chart_spec(measure, _measure_chart(measure)))
    _export_audit(request, measure, "Chart (PNG)")
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.png"'
    return response


def _figure(value) -> str:
    if value is None:
        return ""
    return f"{value:.6g}" if isinstance(value, float) else str(value)


@permission_required("improvement.view_project", deny=404)
def measure_csv(request, project_id, measure_id):
    project = _project(request, project_id)
    measure = _measure(project, measure_id)
    chart = _measure_chart(measure, every_point=True)
    # A measure over the points limit (imported before it) is analysed over its latest points; the earlier ones
    # are still in the file, with their date and value only.
    earlier = (
        []
        if chart.analysed_every_point or not chart.points
        else analysis.points_before(measure, chart.points[0].period)
    )
    body = csv_text(
        ["date", "value", "centre", "lower", "upper", "category"],
        itertools.chain(
            ([period.isoformat(), _figure(value), "", "", "", ""] for period, value in earlier),
            (
                [
                    point.period.isoformat(),
                    _figure(point.value),
                    _figure(point.centre),
                    _figure(point.lower),
                    _figure(point.upper),
                    point.category,
                ]
                for point in chart.points
            ),
        ),
    )
    _export_audit(request, measure, "Data (CSV)")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.csv"'
    return response


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def point_add(request, project_id, measure_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    form = PointForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            data_services.point_add(measure=measure, values=form.cleaned_data, actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The point has been added to the chart.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(request, "improvement/point_form.jinja", {"form": form, "project": project, "measure": measure})


def _to_measure(measure: Measure) -> str:
    return reverse("improvement:measure", kwargs={"project_id": measure.project_id, "measure_id": measure.pk})


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def point_edit(request, project_id, measure_id, point_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    point = get_object_or_404(measure.points, pk=point_id)
    initial = {key: getattr(point, key) for key in ("period", "value", "denominator", "ghost", "note")}
    form = PointForm(request.POST or None, measure=measure, initial=initial)
    changed = submit(
        request,
        form,
        lambda data: data_services.point_update(point=point, values=data, actor=request.user, request=request),
        "The point has been changed.",
        _to_measure(measure),
    )
    return changed or _render(
        request,
        "improvement/point_form.jinja",
        {"form": form, "project": project, "measure": measure, "point": point},
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def point_delete(request, project_id, measure_id, point_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    point = get_object_or_404(measure.points, pk=point_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data_services.point_delete(point=point, actor=request.user, request=request)
        messages.success(request, f"The point for {point.period:%d/%m/%Y} has been deleted.")
        return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/point_delete.jinja",
        {"project": project, "measure": measure, "point": point, "confirm": form},
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def points_import(request, project_id, measure_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        try:
            table = table_from_upload(upload) if upload else table_from_text(form.cleaned_data["pasted"])
            count = data_services.points_import(
                measure=measure,
                table=table,
                actor=request.user,
                request=request,
                source=f"file {upload.name}"[:80] if upload else "pasted",
            )
        except ImportRefused as error:
            refused = error
            form.add_error(
                "upload" if upload else "pasted",
                f"Nothing was added: fix the {len(error.problems):,} "
                f"problem{'s' if len(error.problems) != 1 else ''} listed, then try again",
            )
        else:
            for note in table.notes:
                messages.info(request, note)
            messages.success(request, f"{count:,} point{'s' if count != 1 else ''} added to the chart.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request,
        "improvement/import_form.jinja",
        {"form": form, "project": project, "measure": measure, "refused": refused},
    )


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def recalculation_add(request, project_id, measure_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    form = RecalculationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_services.recalculation_add(measure=measure, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The limits are now recalculated from that date.")
            return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
    return _render(
        request, "improvement/recalculation_form.jinja", {"form": form, "project": project, "measure": measure}
    )


@permission_required("improvement.view_project", deny=404)
@require_POST
def recalculation_delete(request, project_id, measure_id, recalculation_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    recalculation = get_object_or_404(measure.recalculations, pk=recalculation_id)
    data_services.recalculation_delete(recalculation=recalculation, actor=request.user, request=request)
    messages.success(request, "The recalculation has been removed.")
    return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)


@permission_required("improvement.view_project", deny=404)
@require_http_methods(["GET", "POST"])
def annotation_add(request, project_id, measure_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    form = AnnotationForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: data_services.annotation_add(measure=measure, actor=request.user, request=request, **data),
        "The note has been added to the chart.",
        _to_measure(measure),
    )
    context = {"form": form, "project": project, "measure": measure}
    return added or _render(request, "improvement/annotation_form.jinja", context)


@permission_required("improvement.view_project", deny=404)
@require_POST
def annotation_delete(request, project_id, measure_id, annotation_id):
    project = _project(request, project_id, need="improvement.contribute")
    measure = _measure(project, measure_id)
    annotation = get_object_or_404(measure.annotations, pk=annotation_id)
    data_services.annotation_delete(annotation=annotation, actor=request.user, request=request)
    messages.success(request, "The note has been removed from the chart.")
    return redirect("improvement:measure", project_id=project.pk, measure_id=measure.pk)
