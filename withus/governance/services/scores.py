"""Writes for scoring: each member's score sheets, the combined results and the panel's decision."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.governance.models import (
    Candidate,
    Criterion,
    PanelDecision,
    PanelMember,
    PanelStatus,
    Score,
    ScoreSheet,
    Vacancy,
)
from withus.governance.rules import may_record_decision
from withus.governance.scoring import CandidateResult, combine
from withus.governance.services.panels import _locked, _status_change


def _check_scores(vacancy: Vacancy, criteria: list[Criterion], scores: dict) -> dict:
    cleaned = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        if raw in (None, ""):
            raise ValidationError({f"criterion_{criterion.pk}": f"Choose a score for “{criterion.text}”"})
        try:
            value = int(str(raw).strip())
        except ValueError as error:
            raise ValidationError(
                {f"criterion_{criterion.pk}": f"Choose a score from 0 to {vacancy.score_max}"}
            ) from error
        if not 0 <= value <= vacancy.score_max:
            raise ValidationError({f"criterion_{criterion.pk}": f"Choose a score from 0 to {vacancy.score_max}"})
        cleaned[criterion.pk] = value
    return cleaned


def _check_can_score(vacancy: Vacancy, member: PanelMember, candidate: Candidate, actor: User) -> None:
    if member.vacancy_id != vacancy.pk or candidate.vacancy_id != vacancy.pk:
        raise ValidationError("This candidate is not on this panel.")
    if member.user_id != actor.pk:
        raise ValidationError("Only the panel member can give or change their own scores.")
    if vacancy.status == PanelStatus.SETTING_UP:
        raise ValidationError("The panel has not agreed its criteria yet, so scoring has not started.")
    if vacancy.status == PanelStatus.DECIDED:
        raise ValidationError("The panel has recorded its decision, so scores can no longer be given or changed.")


@transaction.atomic
def score_sheet_submit(
    *, vacancy: Vacancy, member: PanelMember, candidate: Candidate, scores: dict, actor: User, request=None
) -> ScoreSheet:
    """A member's own scores for one candidate, every criterion scored. Only one sheet per member and candidate:
    if two submissions race, the database keeps the first and the second is refused."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    _check_can_score(vacancy, member, candidate, actor)
    criteria = list(vacancy.criteria.all())
    cleaned = _check_scores(vacancy, criteria, scores)
    sheet = ScoreSheet(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        member=member,
        candidate=candidate,
        submitted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError as error:
        raise ValidationError(
            "You have already sent your scores for this candidate. You can change them until the panel decides."
        ) from error
    Score.objects.bulk_create([Score(sheet=sheet, criterion_id=pk, value=value) for pk, value in cleaned.items()])
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=sheet, changed_fields=["scores"]
    )  # fmt: skip
    return sheet


@transaction.atomic
def score_sheet_change(*, sheet: ScoreSheet, scores: dict, actor: User, request=None) -> ScoreSheet:
    """Change a submitted sheet: only its member, only before the decision; every change is audited."""
    sheet = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("member", "candidate", "vacancy")
        .get(pk=sheet.pk)
    )
    vacancy = Vacancy.objects.select_for_update().get(pk=sheet.vacancy_id)
    _check_can_score(vacancy, sheet.member, sheet.candidate, actor)
    criteria = list(vacancy.criteria.all())
    cleaned = _check_scores(vacancy, criteria, scores)
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    changed = []
    for criterion in criteria:
        score = existing[criterion.pk]
        if score.value != cleaned[criterion.pk]:
            score.value = cleaned[criterion.pk]
            score.save(update_fields=["value"])
            changed.append(f"criterion {criterion.position}")
    if changed:
        sheet.changed_at = timezone.now()
        sheet.save(update_fields=["changed_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=sheet, changed_fields=changed)
    return sheet


def sheet_values(sheets: Iterable[ScoreSheet]) -> dict:
    """sheet id → {criterion id → score}, from sheets with their scores prefetched."""
    return {sheet.pk: {score.criterion_id: score.value for score in sheet.scores.all()} for sheet in sheets}


def candidate_results(vacancy: Vacancy) -> dict:
    """candidate id → CandidateResult, from the sheets submitted so far. Three queries."""
    criteria = list(vacancy.criteria.all())
    sheets = list(ScoreSheet.objects.filter(vacancy=vacancy).prefetch_related("scores"))
    values = sheet_values(sheets)
    by_candidate: dict = {}
    for sheet in sheets:
        by_candidate.setdefault(sheet.candidate_id, []).append(values[sheet.pk])
    return {
        candidate.pk: combine(
            candidate_id=candidate.pk,
            criteria=criteria,
            sheets=by_candidate.get(candidate.pk, []),
            score_max=vacancy.score_max,
        )
        for candidate in vacancy.candidates.all()
    }


@transaction.atomic
def decision_record(
    *, vacancy: Vacancy, appointed: Candidate | None, reasons: str, actor: User, request=None
) -> PanelDecision:
    """The panel's decision and its reasons, once every member has scored every candidate."""
    vacancy = _locked(vacancy)
    if not may_record_decision(actor, vacancy):
        raise ValidationError("Only the panel's chair or the recruiting manager can record the decision.")
    if vacancy.status == PanelStatus.DECIDED:
        raise ValidationError("The panel's decision is already recorded.")
    if vacancy.status != PanelStatus.SCORING:
        raise ValidationError("The panel has not agreed its criteria yet.")
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": "Enter the reasons for the panel's decision"})
    candidates = list(vacancy.candidates.all())
    if not candidates:
        raise ValidationError("Add the candidates and their scores first.")
    members = vacancy.members.count()
    missing = members * len(candidates) - ScoreSheet.objects.filter(vacancy=vacancy).count()
    if missing:
        raise ValidationError(
            f"Every member needs to score every candidate before the decision: {missing} "
            f"{'score sheet is' if missing == 1 else 'score sheets are'} still to come."
        )
    if appointed is not None and appointed.vacancy_id != vacancy.pk:
        raise ValidationError({"appointed": "Choose a candidate from this panel"})
    results = candidate_results(vacancy)
    if appointed is not None and not results[appointed.pk].appointable:
        raise ValidationError(
            {"appointed": "This candidate scored 0 on an essential criterion, so cannot be appointed"}
        )
    for candidate in candidates:
        result = results[candidate.pk]
        candidate.combined_score = result.combined
        candidate.appointable = result.appointable
        candidate.save(update_fields=["combined_score", "appointable", "updated_at"])
    decision = PanelDecision.objects.create(
        organisation_id=vacancy.organisation_id,
        vacancy=vacancy,
        appointed=appointed,
        reasons=reasons,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=decision, changed_fields=["appointed", "reasons"]
    )
    _status_change(vacancy, PanelStatus.DECIDED, actor, request)
    return decision


def result_for(vacancy: Vacancy, candidate: Candidate) -> CandidateResult:
    return candidate_results(vacancy)[candidate.pk]
