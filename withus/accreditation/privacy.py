"""What accreditation holds about a person, for a subject access request: the visits they were on, the ratings
they gave, the standards they proposed and the panels they chaired; and what happens to it when their
information is erased (ADR 35)."""

import re

from django.db.models import Q
from django.utils import timezone

from withus.accreditation.models import Action, Appeal, Decision, Rating, Review, Standard, TeamMember
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.people.models import Person
from withus.people.privacy import ERASED_NAME
from withus.people.registry import AccessSection

NAME_REMOVED = "[name removed]"


def access_sections(person: Person) -> list[AccessSection]:
    visits = TeamMember.objects.filter(person=person, review__organisation_id=person.organisation_id)
    ratings = Rating.objects.filter(assessor=person, review__organisation_id=person.organisation_id)
    proposed = Standard.objects.filter(proposed_by=person, theme__edition__organisation_id=person.organisation_id)
    chaired = Decision.objects.filter(chair=person, review__organisation_id=person.organisation_id)
    return [
        AccessSection(
            "Accreditation visits",
            [
                {
                    "Ward, team or service": member.review.unit.name,
                    "Role": "Lead assessor" if member.is_lead else "Assessor",
                    "Visit date": member.review.visit_date.isoformat() if member.review.visit_date else "",
                }
                for member in visits.select_related("review__unit").order_by("created_at")
            ],
        ),
        AccessSection(
            "Accreditation ratings you gave",
            [
                {
                    "Ward, team or service": rating.review.unit.name,
                    "Standard": rating.standard.code,
                    "Rating": rating.get_value_display(),
                    "Notes": rating.notes,
                }
                for rating in ratings.select_related("review__unit", "standard").order_by("created_at")
            ],
        ),
        AccessSection(
            "Accreditation standards you proposed",
            [{"Standard": f"{standard.code} {standard.text}"} for standard in proposed.order_by("created_at")],
        ),
        AccessSection(
            "Accreditation panels you chaired",
            [
                {"Ward, team or service": decision.review.unit.name, "Decided on": decision.decided_on.isoformat()}
                for decision in chaired.select_related("review__unit").order_by("decided_on")
            ],
        ),
    ]


def _name_pattern(person: Person):
    names = {name.strip() for name in (person.full_name, person.preferred_name) if name and name.strip()}
    names.discard(ERASED_NAME)
    if not names:
        return None
    words = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({words})(?!\w)", re.IGNORECASE)


def _scrub(rows, fields, pattern, organisation_id) -> int:
    """Replace the person's name in these free-text fields of these rows; audit each row changed."""
    changed_rows = 0
    for row in rows:
        changed = []
        for name in fields:
            value = getattr(row, name)
            if value and pattern.search(value):
                setattr(row, name, pattern.sub(NAME_REMOVED, value))
                changed.append(name)
        if changed:
            row.updated_at = timezone.now()
            row.save(update_fields=[*changed, "updated_at"])
            audit_record(
                action=AuditAction.UPDATE,
                organisation_id=organisation_id,
                obj=row,
                object_label=f"{row._meta.verbose_name} (a name erased)",  # noqa: SLF001 - Django's documented metadata
                changed_fields=changed,
            )
            changed_rows += 1
    return changed_rows


def erase(*, person: Person) -> None:
    """When a person's information is erased, accreditation keeps every review, rating and decision as it was
    (who rated what stays linked to the person's row, whose name the register replaces), so no award changes.
    Pages then call them "a former assessor" (presenters.named). Here their name is taken out of the review's
    free text, wherever it was written: assessors' and the team's notes, consensus reasons, action owners and
    evidence, decision conditions and appeals. Called before the register blanks the name."""
    pattern = _name_pattern(person)
    if pattern is None:
        return
    organisation_id = person.organisation_id
    reviews = (
        Review.objects.for_organisation(organisation_id)
        .filter(
            Q(team__person=person)
            | Q(ratings__assessor=person)
            | Q(panels__chair=person)
            | Q(panels__members=person)
            | Q(decision__chair=person)
        )
        .values("pk")
        .distinct()
    )
    review_ids = [row["pk"] for row in reviews]
    if not review_ids:
        return
    _scrub(Rating.objects.filter(review_id__in=review_ids).exclude(notes=""), ("notes",), pattern, organisation_id)
    _scrub(Action.objects.filter(review_id__in=review_ids), ("owner", "evidence"), pattern, organisation_id)
    _scrub(Decision.objects.filter(review_id__in=review_ids), ("conditions",), pattern, organisation_id)
    _scrub(Appeal.objects.filter(decision__review_id__in=review_ids), ("grounds", "reasons"), pattern, organisation_id)
