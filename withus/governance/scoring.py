"""How a panel's score sheets combine: every member counts the same.

Each member scores every agreed criterion for a candidate (a sheet is only accepted complete). A member's total
is the sum of their scores; the combined score is the mean of the members' totals, so each member's sheet carries
exactly 1/n of the result whoever they are. A 0 from any member on an essential criterion makes the candidate
not appointable, whatever the combined score.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: object
    text: str
    essential: bool
    mean: Decimal
    scores: list[int]
    zero_from_someone: bool


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: object
    sheets: int
    member_totals: list[int]
    combined: Decimal | None
    out_of: int
    criteria: list[CriterionResult] = field(default_factory=list)
    essential_zeros: list[str] = field(default_factory=list)

    @property
    def appointable(self) -> bool:
        return self.sheets > 0 and not self.essential_zeros


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def combine(*, candidate_id, criteria: list, sheets: list[dict], score_max: int) -> CandidateResult:
    """Combine complete sheets for one candidate.

    `criteria`: objects with `pk`, `text` and `essential`, in the panel's order.
    `sheets`: one mapping per member, criterion id → score.
    """
    totals = [sum(sheet[criterion.pk] for criterion in criteria) for sheet in sheets]
    combined = _two_places(Decimal(sum(totals)) / len(totals)) if totals else None
    rows = []
    zeros = []
    for criterion in criteria:
        scores = [sheet[criterion.pk] for sheet in sheets]
        mean = _two_places(Decimal(sum(scores)) / len(scores)) if scores else Decimal(0)
        zero = any(score == 0 for score in scores)
        rows.append(CriterionResult(criterion.pk, criterion.text, criterion.essential, mean, scores, zero))
        if zero and criterion.essential:
            zeros.append(criterion.text)
    return CandidateResult(
        candidate_id=candidate_id,
        sheets=len(sheets),
        member_totals=totals,
        combined=combined,
        out_of=score_max * len(criteria),
        criteria=rows,
        essential_zeros=zeros,
    )
