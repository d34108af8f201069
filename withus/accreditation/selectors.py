"""Reads for accreditation pages: the programme overview, a review's grid of ratings, its figures and the rule
simulator. Each runs a fixed number of queries whatever the number of units, standards or assessors."""

import datetime
from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from withus.accreditation.models import (
    Action,
    Appeal,
    Award,
    Decision,
    PanelSitting,
    Rating,
    RatingSource,
    Review,
    ReviewStatus,
    ScoringRule,
    Standard,
    TeamMember,
)
from withus.accreditation.scoring import award_for, figures_for
from withus.improvement.models import Measure
from withus.involvement.sections import Section
from withus.learning.models import Completion, CourseCode
from withus.organisations.models import Unit
from withus.people.models import Person
from withus.people.privacy import ERASED_NAME


def _ratings_by_standard(review: Review) -> dict:
    by_standard: dict = defaultdict(lambda: {"self": None, "consensus": None, "assessors": {}})
    for rating in Rating.objects.filter(review=review):
        entry = by_standard[rating.standard_id]
        if rating.source == RatingSource.ASSESSOR:
            entry["assessors"][rating.assessor_id] = rating
        else:
            entry[rating.source] = rating
    return by_standard


def _agreed(entry) -> str | None:
    """The consensus rating, or the assessors' own when they all gave the same one."""
    if entry["consensus"] is not None:
        return entry["consensus"].value
    values = {rating.value for rating in entry["assessors"].values()}
    return values.pop() if len(values) == 1 else None


def review_standards(review: Review) -> list[Standard]:
    return list(Standard.objects.filter(theme__edition_id=review.edition_id).select_related("theme"))


def review_figures(review: Review) -> tuple[dict, int]:
    """Figures from the agreed ratings, and how many standards have none yet."""
    by_standard = _ratings_by_standard(review)
    pairs, missing = [], 0
    for standard in review_standards(review):
        value = _agreed(by_standard[standard.pk])
        if value is None:
            missing += 1
        else:
            pairs.append((standard.type, value))
    return figures_for(pairs), missing


def agreed_values(review: Review) -> list[tuple[Standard, str | None]]:
    """Each standard of the review with its agreed rating (None when there is none yet)."""
    by_standard = _ratings_by_standard(review)
    return [(standard, _agreed(by_standard[standard.pk])) for standard in review_standards(review)]


def review_actions(review: Review) -> list[Action]:
    """The review's action plan, each action with its standard and, when it became a QI project, the project's
    measures (their latest variation and assurance icons). Three queries however long the plan."""
    return list(
        Action.objects.filter(review=review)
        .select_related("standard__theme", "project")
        .prefetch_related(Prefetch("project__measures", queryset=Measure.objects.order_by("position", "name")))
    )


def review_panels(review: Review) -> list[PanelSitting]:
    return list(review.panels.select_related("chair").prefetch_related("members"))


def decisions_of(review: Review):
    return Decision.objects.filter(review=review).select_related("review__unit")


def appeals_of(review: Review):
    return Appeal.objects.filter(decision__review=review).select_related("decision__review__unit")


def report_reads(review: Review) -> dict:
    """What the PDF report needs: the agreed rating of each standard, the decision and the action plan."""
    decision = decisions_of(review).select_related("chair").first()
    return {"agreed": agreed_values(review), "decision": decision, "actions": review_actions(review)}


def public_unit_award(unit) -> Decision | None:
    """A unit's current award for the public page: the latest decision (award, date, expiry only)."""
    return (
        Decision.objects.filter(review__unit=unit, review__organisation_id=unit.organisation_id)
        .order_by("-decided_on", "-created_at")
        .first()
    )


def simulate(review: Review) -> list[dict]:
    """What the unit would get under each published rule of the trust, with the figures as they stand."""
    figures, missing = review_figures(review)
    rules = ScoringRule.objects.for_organisation(review.organisation_id).filter(is_published=True)
    return [
        {"rule": rule, "award": Award(award_for(rule.snapshot(), figures)).label, "missing": missing} for rule in rules
    ]


def review_grid(review: Review) -> dict:
    """Themes with their standards, each with the self-rating, every assessor's and the consensus side by side,
    and whether they differ (flagged for the panel)."""
    team = list(
        TeamMember.objects.filter(review=review).select_related("person").order_by("-is_lead", "person__full_name")
    )
    by_standard = _ratings_by_standard(review)
    themes: dict = {}
    differences = 0
    for standard in review_standards(review):
        entry = by_standard[standard.pk]
        assessor_values = [entry["assessors"].get(member.person_id) for member in team]
        given = {r.value for r in assessor_values if r is not None}
        if entry["self"] is not None:
            given.add(entry["self"].value)
        differs = len(given) > 1
        differences += differs
        themes.setdefault(standard.theme, []).append(
            {
                "standard": standard,
                "self": entry["self"],
                "assessors": assessor_values,
                "consensus": entry["consensus"],
                "agreed": _agreed(entry),
                "differs": differs,
            }
        )
    return {"team": team, "themes": themes, "differences": differences}


def my_ratings(review: Review, person) -> dict:
    """The standards of a review with this assessor's own ratings (never the others': each rates alone)."""
    mine = {r.standard_id: r for r in Rating.objects.filter(review=review, assessor=person)}
    themes: dict = {}
    for standard in review_standards(review):
        themes.setdefault(standard.theme, []).append({"standard": standard, "rating": mine.get(standard.pk)})
    return {"themes": themes, "rated": len(mine)}


def programme_overview(user, today: datetime.date | None = None) -> dict:
    """Every unit with a review the user may see: its latest award, date and expiry, and any review in progress;
    the overdue interim reviews, the tree of units coloured by award and the run chart's rows. Two queries."""
    from withus.accounts.models import Role
    from withus.accreditation.programme import award_run_rows, award_tree, overdue_interims

    today = today or timezone.localdate()
    # Plain values, not model instances: 2,000 reviews with their units and decisions are read in one query, and
    # building 8,000 model objects from them was most of the page's time (benchmarks/accreditation_pages.py).
    reviews = (
        Review.objects.visible_to(user)
        .order_by("unit__path", "-created_at")
        .values(
            "id",
            "unit_id",
            "unit__name",
            "unit__path",
            "status",
            "decision__id",
            "decision__award",
            "decision__decided_on",
            "decision__expires_on",
            "decision__interim_due",
            "decision__created_at",
        )
    )
    units: dict = {}
    decisions_by_unit: dict = defaultdict(list)
    for review in reviews:
        row = units.get(review["unit_id"])
        if row is None:
            unit = SimpleNamespace(pk=review["unit_id"], name=review["unit__name"], path=review["unit__path"])
            row = units[review["unit_id"]] = {"unit": unit, "award": None, "in_progress": None}
        if review["status"] == ReviewStatus.DECIDED:
            if review["decision__id"] is not None:
                decisions_by_unit[review["unit_id"]].append(
                    SimpleNamespace(
                        pk=review["decision__id"],
                        review_id=review["id"],
                        award=review["decision__award"],
                        decided_on=review["decision__decided_on"],
                        expires_on=review["decision__expires_on"],
                        interim_due=review["decision__interim_due"],
                        created_at=review["decision__created_at"],
                    )
                )
        elif row["in_progress"] is None:
            row["in_progress"] = SimpleNamespace(pk=review["id"], status=review["status"])
    for unit_id, decisions in decisions_by_unit.items():
        decisions.sort(key=lambda decision: (decision.decided_on, decision.created_at), reverse=True)
        units[unit_id]["award"] = decisions[0]
    rows = list(units.values())
    tree_units = Unit.objects.for_organisation(user.organisation_id).active().in_tree_order()
    scope = user.units_for(Role.PARTICIPATION_LEAD, Role.STAFF, Role.IMPROVEMENT_ADVISOR, Role.ADMINISTRATOR)
    if scope is not None:
        tree_units = tree_units.within(scope)
    return {
        "rows": rows,
        "overdue": overdue_interims(rows, today),
        "tree": award_tree(tree_units.only("pk", "name", "parent_id", "path", "depth"), rows, today),
        "run_rows": award_run_rows(decisions_by_unit, len(rows), today),
        "today": today,
    }


def my_visits(person) -> list[TeamMember]:
    """The visits a person is on, newest first, with the review and unit (one query)."""
    return list(
        TeamMember.objects.filter(person=person, review__organisation_id=person.organisation_id)
        .select_related("review__unit", "review__programme")
        .order_by("-review__created_at")[:50]
    )


def my_panels(person) -> list[PanelSitting]:
    """The panels a person chaired or sat on, newest first (one query)."""
    return list(
        PanelSitting.objects.filter(Q(chair=person) | Q(members=person), review__organisation_id=person.organisation_id)
        .select_related("review__unit")
        .distinct()
        .order_by("-held_on")[:50]
    )


def my_involvement_visits(person):
    """The "Accreditation visits" section of a person's "My involvement" page, when they are on any team."""
    visits = my_visits(person)
    return Section("accreditation/_my_visits.jinja", {"visits": visits}) if visits else None


def assessor_pool(review: Review) -> list[dict]:
    """Everyone holding in-date assessor training: their visits in the last 12 months (to share the work fairly)
    and, where they may not assess this unit, why. Three queries whatever the size of the pool."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=365)
    recent = (
        TeamMember.objects.filter(person=OuterRef("pk"), review__visit_date__gte=since)
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    people = (
        Person.objects.filter(
            organisation_id=review.organisation_id,
            pk__in=Completion.objects.holders_of(
                organisation_id=review.organisation_id, course_code=CourseCode.ACCREDITATION_ASSESSOR, on=today
            ),
        )
        .annotate(visits=Coalesce(Subquery(recent, output_field=IntegerField()), 0))
        .prefetch_related("units")
        .order_by("visits", "full_name")
    )
    on_team = set(TeamMember.objects.filter(review=review).values_list("person_id", flat=True))
    pool = []
    for person in people:
        if person.full_name == ERASED_NAME and person.pk not in on_team:
            continue  # their information is erased (ADR 35): no longer offered as an assessor
        inside = [unit for unit in person.units.all() if unit.path.startswith(review.unit.path)]
        pool.append(
            {
                "person": person,
                "visits": person.visits,
                "on_team": person.pk in on_team,
                "conflict": f"Belongs to {inside[0].name}" if inside else "",
            }
        )
    return pool
