"""Scoring pages: a member's score sheet, the combined results and the panel's decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from withus.core.audit import audit_view
from withus.core.forms import add_service_errors
from withus.core.permissions import permission_required
from withus.governance.forms import DecisionForm, ScoreForm, score_label
from withus.governance.models import PanelStatus
from withus.governance.scoring import combine
from withus.governance.services import scores as score_services
from withus.governance.views.panels import Panel, _candidate


@permission_required("governance.score_candidates", deny=404)
@require_http_methods(["GET", "POST"])
def score(request, vacancy_id, candidate_id):
    panel = Panel(request, vacancy_id)
    if panel.member is None:
        raise Http404
    vacancy = panel.vacancy
    candidate = _candidate(panel, candidate_id)
    sheet = panel.member.score_sheets.filter(candidate=candidate).prefetch_related("scores").first()
    if vacancy.status != PanelStatus.SCORING:
        if vacancy.status == PanelStatus.DECIDED:
            messages.info(request, "The panel has recorded its decision, so scores can no longer be given or changed.")
        else:
            messages.info(request, "Scoring starts when the panel has agreed its questions and criteria.")
        return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    criteria = list(vacancy.criteria.all())
    initial = {f"criterion_{score.criterion_id}": str(score.value) for score in sheet.scores.all()} if sheet else {}
    changing = sheet is not None and (request.method == "POST" or request.GET.get("change") == "1")
    if sheet is not None and not changing:
        return redirect("governance:result", vacancy_id=vacancy.pk, candidate_id=candidate.pk)
    form = ScoreForm(request.POST or None, criteria=criteria, score_max=vacancy.score_max, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if sheet is None:
                score_services.score_sheet_submit(
                    vacancy=vacancy,
                    member=panel.member,
                    candidate=candidate,
                    scores=form.scores(),
                    actor=request.user,
                    request=request,
                )
                messages.success(request, f"Thank you. Your scores for candidate {candidate.reference} are sent.")
            else:
                score_services.score_sheet_change(
                    sheet=sheet, scores=form.scores(), actor=request.user, request=request
                )
                messages.success(request, f"Your scores for candidate {candidate.reference} are changed.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("governance:result", vacancy_id=vacancy.pk, candidate_id=candidate.pk)
    candidates = list(vacancy.candidates.all())
    return render(
        request,
        "governance/score.jinja",
        {
            "form": form,
            "vacancy": vacancy,
            "candidate": candidate,
            "number": [c.pk for c in candidates].index(candidate.pk) + 1,
            "total": len(candidates),
            "changing": sheet is not None,
        },
    )


@permission_required("governance.open_panel", deny=404)
def result(request, vacancy_id, candidate_id):
    panel = Panel(request, vacancy_id)
    vacancy = panel.vacancy
    candidate = _candidate(panel, candidate_id)
    scored = panel.my_scored()
    if not panel.may_see_results(candidate.pk, scored):
        if panel.member is not None:
            messages.info(request, "Send your own scores first. You will see everyone's scores after that.")
            return redirect("governance:score", vacancy_id=vacancy.pk, candidate_id=candidate.pk)
        messages.info(request, "The panel's scores are shown here after the panel records its decision.")
        return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    sheets = list(
        candidate.score_sheets.select_related("member__user").prefetch_related("scores").order_by("submitted_at")
    )
    criteria = list(vacancy.criteria.all())
    values = score_services.sheet_values(sheets)
    combined = combine(
        candidate_id=candidate.pk, criteria=criteria, sheets=[values[s.pk] for s in sheets], score_max=vacancy.score_max
    )
    audit_view(request, candidate)
    next_candidate = (
        next((c for c in vacancy.candidates.all() if c.pk not in scored), None)
        if panel.member and vacancy.status == PanelStatus.SCORING
        else None
    )
    return render(
        request,
        "governance/result.jinja",
        {
            "vacancy": vacancy,
            "candidate": candidate,
            "result": combined,
            "criteria": criteria,
            "sheets": sheets,
            "values": values,
            "member_count": len(panel.members),
            "mine": panel.member,
            "can_change": panel.member is not None and vacancy.status == PanelStatus.SCORING,
            "next_candidate": next_candidate,
            "deleted": vacancy.sheets_deleted_at is not None,
            "score_label": score_label,
        },
    )


@permission_required("governance.open_panel", deny=404)
@require_http_methods(["GET", "POST"])
def decision(request, vacancy_id):
    panel = Panel(request, vacancy_id)
    vacancy = panel.vacancy
    if not request.user.has_perm("governance.record_this_decision", vacancy):
        raise Http404
    if vacancy.status != PanelStatus.SCORING:
        messages.info(request, "The decision can be recorded while the panel is scoring, once, by its chair.")
        return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    candidates = list(vacancy.candidates.all())
    results = score_services.candidate_results(vacancy)
    form = DecisionForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            score_services.decision_record(
                vacancy=vacancy,
                appointed=form.appointed_candidate(),
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The panel's decision is recorded. Scores can no longer be changed.")
            return redirect("governance:vacancy", vacancy_id=vacancy.pk)
    return render(
        request,
        "governance/decision.jinja",
        {"form": form, "vacancy": vacancy, "candidates": candidates, "results": results, "members": panel.members},
    )
