"""Board reporting pages (ADR 29): board packs drawn from their frozen snapshot only, the live metric page, the
People Participation annual report and the race-equity page (counts only, small numbers suppressed)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import json_script
from django.views.decorators.http import require_http_methods

from withus.accounts.models import STAFF_SIDE_ROLES, User
from withus.core.audit import audit_record
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.pdf import render_pdf
from withus.core.permissions import permission_required
from withus.core.replica import reads_from_replica
from withus.reports import annual as annual_selectors
from withus.reports import presenters
from withus.reports.equity import representation
from withus.reports.forms import ExecutiveLeadForm, NarrativeForm, PackCreateForm, PopulationUploadForm, SignForm
from withus.reports.models import BoardPack, MetricDefinition, Narrative, PopulationBenchmark, SignOff
from withus.reports.population import PopulationFileError
from withus.reports.services import (
    narrative_save,
    pack_create,
    pack_set_executive_lead,
    pack_sign_off,
    population_load,
)
from withus.reports.snapshots import metric_figures, months_up_to

STORY_SLOT = (
    "No story is shown: the stories part of WithUs is not in use yet. When it is, one story with the teller's "
    "consent is checked again each time the pack is shown or downloaded."
)


def _pack_or_404(request, pack_id) -> BoardPack:
    packs = BoardPack.objects.for_organisation(request.user.organisation_id).select_related(
        "snapshot", "author", "executive_lead"
    )
    return get_object_or_404(packs, pk=pack_id)


def _pack_context(request, pack: BoardPack) -> dict:
    figures = pack.snapshot.figures
    narratives = {narrative.metric_code: narrative for narrative in Narrative.objects.for_pack(pack)}
    return {
        "pack": pack,
        "figures": figures,
        "metrics": presenters.metric_views(figures, narratives),
        "months": figures["months"],
        "sign_offs": list(SignOff.objects.for_pack(pack).select_related("signed_by")),
        "story_slot": STORY_SLOT,
        "svg_data": presenters.svg_data,
        "month_label": presenters.month_label,
    }


@permission_required("reports.view_board_pack", deny=404)
@require_http_methods(["GET", "POST"])
@reads_from_replica
def pack_list(request):
    can_make = request.user.has_perm("reports.make_board_pack")
    form = (
        PackCreateForm(request.POST if request.method == "POST" else None, today=timezone.localdate())
        if can_make
        else None
    )
    if request.method == "POST":
        if not can_make:
            raise Http404
        if form.is_valid():
            start, end = form.period()
            try:
                pack, created = pack_create(
                    organisation=request.user.organisation,
                    period_start=start,
                    period_end=end,
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if created:
                    messages.success(
                        request,
                        "The pack is made. Its figures are frozen: later changes to the data do not alter them.",
                    )
                else:
                    messages.info(
                        request, "A pack for that quarter already exists, so here it is. Its figures have not changed."
                    )
                return redirect("reports:pack", pack_id=pack.pk)
    packs = BoardPack.objects.for_organisation(request.user.organisation_id).select_related("author")
    # Everyone who reads packs reads the annual report too (the same readers, ADR 29 and 39).
    this_year = timezone.localdate().year
    years = [this_year - 1, this_year - 2]
    return render(request, "reports/board.jinja", {"packs": packs, "form": form, "annual_years": years})


@permission_required("reports.view_board_pack", deny=404)
@reads_from_replica
def pack_detail(request, pack_id):
    pack = _pack_or_404(request, pack_id)
    context = _pack_context(request, pack)
    context["can_edit"] = request.user.has_perm("reports.make_board_pack") and not pack.is_issued
    context["can_sign"] = request.user.has_perm("reports.sign_board_pack") and not pack.is_issued
    return render(request, "reports/pack.jinja", context)


@permission_required("reports.view_board_pack", deny=404)
def pack_pdf(request, pack_id):
    pack = _pack_or_404(request, pack_id)
    pdf = render_pdf("reports/pack_pdf.jinja", _pack_context(request, pack), title=pack.title)
    audit_record(action=AuditAction.EXPORT, request=request, obj=pack)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-pack-{pack.period_end:%Y-%m}.pdf"'
    return response


@permission_required("reports.make_board_pack", deny=404)
@require_http_methods(["GET", "POST"])
def pack_narrative(request, pack_id, metric_code):
    pack = _pack_or_404(request, pack_id)
    metric = next((m for m in pack.snapshot.figures["metrics"] if m["code"] == metric_code), None)
    if metric is None:
        raise Http404
    narrative = Narrative.objects.for_pack(pack).filter(metric_code=metric_code).first()
    initial = {"says": narrative.says, "why": narrative.why, "doing": narrative.doing} if narrative else {}
    form = NarrativeForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if pack.is_issued:
        form = None
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        try:
            narrative_save(pack=pack, metric_code=metric_code, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The narrative for “{metric['name']}” is saved.")
            return redirect(f"{pack.get_absolute_url()}#metric-{metric_code}")
    context = {"pack": pack, "metric": metric, "form": form}
    return render(request, "reports/narrative.jinja", context, status=status)


@permission_required("reports.sign_board_pack", deny=404)
@require_http_methods(["GET", "POST"])
def pack_sign(request, pack_id):
    pack = _pack_or_404(request, pack_id)
    staff = (
        User.objects.for_organisation(pack.organisation_id)
        .filter(is_active=True, roles__role__in=STAFF_SIDE_ROLES)
        .distinct()
    )
    can_name_lead = request.user.has_perm("reports.make_board_pack")
    # Naming the executive lead is the second form on the page; anything else sent is a signature.
    naming_lead = request.method == "POST" and request.POST.get("action") == "lead" and can_name_lead
    sign_form = SignForm(request.POST if request.method == "POST" and not naming_lead else None)
    lead_form = ExecutiveLeadForm(
        request.POST if naming_lead else None, staff=staff, initial={"executive_lead": pack.executive_lead_id}
    )
    form = lead_form if naming_lead else sign_form
    if request.method == "POST" and form.is_valid():
        try:
            if naming_lead:
                pack_set_executive_lead(
                    pack=pack, executive_lead=form.cleaned_data["executive_lead"], actor=request.user, request=request
                )
                messages.success(request, f"{pack.executive_lead} is the pack's executive lead.")
                return redirect("reports:sign", pack_id=pack.pk)
            pack_sign_off(pack=pack, role=form.cleaned_data["role"], actor=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            pack.refresh_from_db()
            messages.success(
                request,
                "You have signed the pack. It is now issued and can no longer change."
                if pack.is_issued
                else "You have signed the pack.",
            )
            return redirect("reports:pack", pack_id=pack.pk)
    context = {
        "pack": pack,
        "sign_form": sign_form,
        "lead_form": lead_form if can_name_lead else None,
        "form": form,
        "sign_offs": list(SignOff.objects.for_pack(pack).select_related("signed_by")),
    }
    return render(request, "reports/sign.jinja", context)


def _period_end(request) -> datetime.date | None:
    """`?until=YYYY-MM-DD` (an ended day), else the end of last month; None if it is not a usable date."""
    today = timezone.localdate()
    text = request.GET.get("until", "").strip()
    if not text:
        return today.replace(day=1) - datetime.timedelta(days=1)
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return day if datetime.date(2000, 1, 1) <= day < today else None


@permission_required("reports.view_metrics", deny=404)
@reads_from_replica
def metric_live(request, metric_code):
    """A metric worked out now from live data, for any ended period: the same code a pack freezes with, so its
    icons match the pack's for the same period (until the data changes)."""
    definition = get_object_or_404(
        MetricDefinition.objects.for_organisation(request.user.organisation_id).prefetch_related("rebases"),
        code=metric_code,
    )
    period_end = _period_end(request)
    if period_end is None:
        context = {
            "definition": definition,
            "error": "Enter the end of the period as a date before today, like 2026-09-30.",
        }
        return render(request, "reports/metric.jinja", context, status=400)
    months = months_up_to(period_end)
    metric = metric_figures(definition, request.user.organisation_id, months)
    context = {
        "definition": definition,
        "metric": presenters.MetricView(metric, None),
        "months": [month.isoformat() for month in months],
        "period_end": period_end,
        "svg_data": presenters.svg_data,
        "month_label": presenters.month_label,
    }
    return render(request, "reports/metric.jinja", context)


def _year_or_404(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404


@permission_required("reports.view_annual_report", deny=404)
@reads_from_replica
def annual_report(request, year):
    _year_or_404(year)
    report = annual_selectors.annual_report(request.user.organisation_id, year)
    return render(request, "reports/annual.jinja", {"report": report, "year": year, "p": presenters, "pdf": False})


@permission_required("reports.view_annual_report", deny=404)
def annual_report_pdf(request, year):
    _year_or_404(year)
    report = annual_selectors.annual_report(request.user.organisation_id, year)
    title = f"People Participation annual report {year}"
    pdf = render_pdf(
        "reports/annual_pdf.jinja", {"report": report, "year": year, "p": presenters, "pdf": True}, title=title
    )
    audit_record(
        action=AuditAction.EXPORT, request=request, object_type="annual report", object_id=str(year), object_label=title
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="people-participation-{year}.pdf"'
    return response


@permission_required("reports.view_equity", deny=404)
@reads_from_replica
def equity(request):
    period_end = _period_end(request)
    if period_end is None:
        return render(
            request,
            "reports/equity.jinja",
            {"error": "Enter the end of the year as a date before today, like 2026-09-30.", "charts": []},
            status=400,
        )
    report = representation(request.user.organisation_id, period_end=period_end)
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        object_type="equity report",
        object_label=f"Race equity report to {period_end:%-d %B %Y}",
    )
    # A cohort with every figure hidden (fewer than 5 known in each quarter) gets its sentence, not an empty chart.
    charts = [
        (cohort, json_script(presenters.over_time_chart(cohort), f"equity-{cohort.code}-spec") if cohort.shown else "")
        for cohort in report.over_time
    ]
    return render(request, "reports/equity.jinja", {"report": report, "p": presenters, "charts": charts})


@permission_required("reports.load_population", deny=404)
@require_http_methods(["GET", "POST"])
def population_upload(request):
    """Load the population (or caseload) figures equity is compared against. A file with any problem loads nothing
    and every problem is named."""
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            benchmark = population_load(
                organisation=request.user.organisation,
                text=form.text,
                name=form.cleaned_data["name"],
                source=form.cleaned_data["source"] or f"Uploaded file {form.cleaned_data['upload'].name}",
                geography_codes=form.cleaned_data["areas"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
                request=request,
            )
        except PopulationFileError as error:
            problems = error.problems
            form.add_error(
                "upload",
                "Nothing was loaded: the file has a problem. Fix it and upload the file again"
                if len(problems) == 1
                else f"Nothing was loaded: the file has {len(problems)} problems. Fix them and upload the file again",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{benchmark.name}” is loaded: {benchmark.total:,} people. The equity page compares against it now.",
            )
            return redirect("reports:equity")
    benchmarks = PopulationBenchmark.objects.for_organisation(request.user.organisation_id).select_related("loaded_by")
    context = {"form": form, "problems": problems, "benchmarks": benchmarks[:10]}
    return render(request, "reports/population.jinja", context)
