"""The demo trust's accreditation: a standard set written with service users (6 themes, 30 standards), the two
kinds of scoring rule, Willow Ward holding Gold, Birch Ward at Silver, Hawthorn House deferred with an action
turned into a QI project, Riverside CMHT North's interim review overdue, and Cedar Ward mid-visit with ratings for
Amara Bello (a trained assessor) to enter. Idempotent and deterministic (ADR 24, ADR 25).
"""

import datetime
import random

from django.utils import timezone

from withus.accounts.models import User
from withus.accreditation.models import Decision, EvidencedBy, PanelKind, Programme, Standard, StandardSet
from withus.accreditation.scoring import CCQI_PRESET, ESSENTIALS_POINTS_PRESET
from withus.accreditation.services.panels import panel_sitting_record, report_agree
from withus.accreditation.services.plans import action_to_project, action_update
from withus.accreditation.services.reviews import (
    decision_make,
    is_trained_assessor,
    rating_record,
    review_advance,
    review_register,
    review_visit_plan,
    team_member_add,
)
from withus.accreditation.services.standards import (
    edition_create,
    edition_draft_next,
    edition_publish,
    edition_send_for_review,
    programme_create,
    scoring_rule_create,
    standard_add,
    standard_change,
    standard_remove,
    standard_set_create,
    theme_add,
)
from withus.core.dates import add_months
from withus.improvement.models import DataPoint
from withus.improvement.services.measures import measure_create, measure_refresh_summary
from withus.learning.models import CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.organisations.models import Unit
from withus.people.models import MembershipStatus, Person, PersonKind

SEED = 18_2026
DOMAIN = "demo.withus.local"
SET_NAME = "Our ward standards"

# Each theme: its title and five standards (text from the service user's view, type, how evidenced).
T, OB, R, S, C = (
    EvidencedBy.TALKING,
    EvidencedBy.OBSERVATION,
    EvidencedBy.RECORD_CHECK,
    EvidencedBy.SELF_REVIEW,
    EvidencedBy.CARER_SURVEY,
)
THEMES = [
    (
        "Being welcomed",
        [
            ("Someone showed me around and told me what would happen on my first day", 1, T),
            ("I was given information about the ward in a way I could understand", 2, T),
            ("My family or carer was told how to contact the ward", 2, C),
            ("I know the name of my named nurse", 2, T),
            ("The ward felt calm and welcoming when I arrived", 3, OB),
        ],
    ),
    (
        "Being listened to",
        [
            ("I am involved in writing my care plan and have a copy", 1, R),
            ("Staff ask me what matters to me, not only what is the matter with me", 2, T),
            ("I have one-to-one time with a member of staff every day", 2, R),
            ("There is a community meeting each week and things change because of it", 2, S),
            ("My carer is asked for their views", 3, C),
        ],
    ),
    (
        "Safety and dignity",
        [
            ("I feel safe on the ward, day and night", 1, T),
            ("Restraint is used only as a last resort and talked through with me afterwards", 1, R),
            ("I have a private space and somewhere to keep my things safe", 2, OB),
            ("Staff knock and wait before coming into my room", 2, OB),
            ("I can have a same-gender member of staff when I ask", 2, T),
        ],
    ),
    (
        "Rights and information",
        [
            ("My rights under the Mental Health Act were explained to me, more than once", 1, R),
            ("I know how to get an advocate", 1, T),
            ("I know how to make a complaint or give a compliment", 2, T),
            ("Information about my medicines was explained in a way I understood", 2, T),
            ("Leaflets are available in the languages people on the ward speak", 3, OB),
        ],
    ),
    (
        "Things to do and staying well",
        [
            ("There are activities every day, including evenings and weekends", 2, OB),
            ("I can get fresh air every day", 2, T),
            ("My physical health is checked and I am told the results", 1, R),
            ("Peer support workers are part of the ward team", 3, S),
            ("I can keep up with my faith, culture and interests", 3, T),
        ],
    ),
    (
        "Leaving the ward",
        [
            ("I am involved in planning my discharge from the start", 1, R),
            ("I know who to contact in a crisis after I leave", 1, T),
            ("My community team met me before I left", 2, R),
            ("My carer was involved in planning for me coming home", 2, C),
            ("I was asked about my experience of the ward before I left", 3, S),
        ],
    ),
]


def build_accreditation(*, trust, seed: int = SEED) -> dict:
    existing = StandardSet.objects.filter(organisation=trust, name=SET_NAME).first()
    if existing is not None:
        return {"standards": 0, "next_edition": _draft_next_edition(existing)}
    rng = random.Random(seed)
    today = timezone.localdate()
    lead = User.objects.filter(email=f"lead@{DOMAIN}").first()
    units = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    writers = list(
        Person.objects.filter(
            organisation=trust, kind=PersonKind.SERVICE_USER, status=MembershipStatus.ACTIVE
        ).order_by("full_name")[:12]
    )
    standard_set = standard_set_create(organisation=trust, name=SET_NAME, applies_to="Inpatient wards", actor=lead)
    edition = edition_create(standard_set=standard_set, actor=lead)
    standards = []
    for number, (title, rows) in enumerate(THEMES, start=1):
        theme = theme_add(edition=edition, number=number, title=title, actor=lead)
        for position, (text, type_, evidenced_by) in enumerate(rows, start=1):
            standards.append(
                standard_add(
                    theme=theme,
                    code=f"{number}.{position}",
                    text=text,
                    type=type_,
                    evidenced_by=evidenced_by,
                    proposed_by=writers[(number + position) % len(writers)] if writers else None,
                    actor=lead,
                )
            )
    edition = edition_publish(edition=edition, effective_from=datetime.date(today.year, 1, 1), actor=lead)
    ccqi = scoring_rule_create(
        organisation=trust, name="CCQI thresholds", kind="thresholds", parameters=CCQI_PRESET, actor=lead, publish=True
    )
    scoring_rule_create(
        organisation=trust,
        name="All essentials, then points",
        kind="essentials_points",
        parameters=ESSENTIALS_POINTS_PRESET,
        actor=lead,
        publish=True,
    )
    programme = programme_create(organisation=trust, name="Ward accreditation", edition=edition, rule=ccqi, actor=lead)
    reviewed = [units[code] for code in ("WILLOW", "CEDAR", "BIRCH", "HAWTHORN", "CMHT-N")]
    assessors = _assessors(trust, today, exclude_units=reviewed)
    _willow_gold(programme, units["WILLOW"], standards, assessors, lead, today)
    birch_team = _pick(assessors, 5)
    _decided(programme, units["BIRCH"], standards, birch_team, lead, today - datetime.timedelta(days=100), 0.2)
    _cmht_interim_overdue(programme, units["CMHT-N"], standards, assessors, lead, today)
    _hawthorn_deferred(trust, programme, units["HAWTHORN"], standards, assessors, lead, today)
    _cedar_mid_visit(programme, units["CEDAR"], standards, assessors, lead, today, rng)
    next_edition = _draft_next_edition(standard_set)
    return {"standards": len(standards), "assessors": len(assessors), "next_edition": next_edition}


# Edition 2, drafted with the service-user standards group and sent for review: one standard reworded, one made
# essential, one better evidenced, one new (from a service user), one taken out (issue 18 item 1, ADR 35).
NEXT_CHANGES = {
    "2.3": {"text": "I have time with a member of staff every day, at a time that suits me"},
    "3.5": {"type": 1},
    "5.2": {"evidenced_by": EvidencedBy.OBSERVATION, "guidance": "Look at the garden and courtyard rota for a week."},
}
NEXT_NEW = ("3.6", "I can keep my phone and stay in touch with the people who matter to me", 2, EvidencedBy.TALKING)
NEXT_REMOVED = "5.4"


def _draft_next_edition(standard_set: StandardSet) -> int:
    """A draft of the next edition, in review, with a few changed standards. Only once: if the set has any edition
    after the first (this draft, or one a demo user has since published), nothing is done."""
    if standard_set.editions.filter(number__gt=1).exists():
        return 0
    trust = standard_set.organisation
    lead = User.objects.filter(email=f"lead@{DOMAIN}").first()
    edition = edition_draft_next(standard_set=standard_set, actor=lead)
    standards = {standard.code: standard for standard in Standard.objects.filter(theme__edition=edition)}
    for code, changes in NEXT_CHANGES.items():
        standard = standards[code]
        values = {
            name: getattr(standard, name)
            for name in ("theme", "code", "text", "guidance", "type", "evidenced_by", "proposed_by")
        }
        standard_change(standard=standard, actor=lead, **{**values, **changes})
    proposer = (
        Person.objects.filter(organisation=trust, kind=PersonKind.SERVICE_USER, status=MembershipStatus.ACTIVE)
        .order_by("full_name")
        .first()
    )
    code, text, type_, evidenced_by = NEXT_NEW
    standard_add(
        theme=standards["3.1"].theme,
        code=code,
        text=text,
        type=type_,
        evidenced_by=evidenced_by,
        proposed_by=proposer,
        actor=lead,
    )
    standard_remove(standard=standards[NEXT_REMOVED], actor=lead)
    edition_send_for_review(edition=edition, actor=lead)
    return edition.number


def _assessors(trust, today, *, exclude_units) -> list[Person]:
    """Amara Bello and nine more service users and carers from the register, all holding assessor training."""
    course = courses_ensure_defaults(organisation=trust)[CourseCode.ACCREDITATION_ASSESSOR]
    amara = Person.objects.filter(organisation=trust, user__email=f"amara@{DOMAIN}").first()
    others = list(
        Person.objects.filter(
            organisation=trust,
            kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER],
            status=MembershipStatus.ACTIVE,
            user__isnull=True,
        )
        .exclude(units__in=Unit.objects.filter(pk__in=[u.pk for u in exclude_units]))
        .distinct()
        .order_by("full_name")[:9]
    )
    people = ([amara] if amara else []) + others
    for person in people:
        if not is_trained_assessor(person, today):
            completion_record(
                person=person,
                course=course,
                completed_on=today - datetime.timedelta(days=60),
                how=CompletionHow.RECORDED,
                reason="Assessor training before WithUs",
                actor=None,
            )
    return people


def _team(review, people, lead) -> list[Person]:
    leader = next(person for person in people if person.kind == PersonKind.SERVICE_USER)
    people = [leader, *[person for person in people if person != leader]]
    team_member_add(review=review, person=leader, is_lead=True, actor=lead)
    for person in people:
        if person != leader:
            team_member_add(review=review, person=person, actor=lead)
    return people


def _willow_gold(programme: Programme, unit, standards, assessors, lead, today) -> None:
    """Willow Ward: visited and decided Gold seven months ago, on the CCQI rule."""
    _decided(programme, unit, standards, [p for p in assessors if p.user_id is None][:3], lead, today - DAYS_210, 0)


DAYS_210 = datetime.timedelta(days=210)


def _pick(assessors, start: int) -> list[Person]:
    """Three assessors from `start`, led by a service user (the first in the pool when the three have none)."""
    team = assessors[start : start + 3]
    if not any(person.kind == PersonKind.SERVICE_USER for person in team):
        leader = next(
            person
            for person in assessors
            if person.kind == PersonKind.SERVICE_USER and person not in team and person.user_id is None
        )
        team = [leader, *team[:2]]
    return team


def _decided(programme, unit, standards, team_people, lead, decided_on, short_share, *, defer=False) -> Decision:
    """A review taken through every step to a decision on `decided_on`: the team's self-review, the visit (every
    assessor gives the same ratings), the report agreed, the service-user panel and the final panel. `short_share`
    of the type 2 and 3 standards (evenly spread) are rated "not met"."""
    review = review_register(programme=programme, unit=unit, actor=lead)
    team = _team(review, team_people, lead)
    review_advance(review=review, actor=lead)
    for standard in standards:
        rating_record(review=review, standard=standard, source="self", value="met", actor=lead)
    review_visit_plan(review=review, visit_date=decided_on - datetime.timedelta(days=20), actor=lead)
    review_advance(review=review, actor=lead)
    step = round(1 / short_share) if short_share else 0
    optional = [standard for standard in standards if standard.type != 1]
    short = {standard.pk for standard in optional[::step]} if step else set()
    for standard in standards:
        value = "not_met" if standard.pk in short else "met"
        for person in team:
            rating_record(review=review, standard=standard, source="assessor", value=value, assessor=person, actor=lead)
    review_advance(review=review, actor=lead)  # report drafted
    report_agree(review=review, actor=lead, agreed_on=decided_on - datetime.timedelta(days=14))
    review_advance(review=review, actor=lead)  # service-user panel
    chair = next(person for person in team if person.kind == PersonKind.SERVICE_USER)
    panel_sitting_record(
        review=review,
        kind=PanelKind.SERVICE_USER,
        chair=chair,
        members=team[1:],
        held_on=decided_on - datetime.timedelta(days=7),
        actor=lead,
    )
    review_advance(review=review, actor=lead)  # final panel
    return decision_make(
        review=review,
        chair=chair,
        actor=lead,
        decided_on=decided_on,
        defer=defer,
        conditions="Show that every new patient is given information about the ward in a way they understand, "
        "and that staff ask each patient what matters to them, with three months of evidence."
        if defer
        else "",
        evidence_due=decided_on + datetime.timedelta(days=90) if defer else None,
    )


def _cmht_interim_overdue(programme, unit, standards, assessors, lead, today) -> None:
    """Riverside CMHT North: Bronze 20 months ago, so its 18-month interim review is two months overdue."""
    _decided(programme, unit, standards, _pick(assessors, 2), lead, add_months(today, -20), 0.34)


def _hawthorn_deferred(trust, programme, unit, standards, assessors, lead, today) -> None:
    """Hawthorn House: deferred six weeks ago with conditions; its first action (information for new patients)
    became a QI project (started by the QI advisor) with a weekly measure, so the review page shows its icons."""
    decision = _decided(
        programme, unit, standards, _pick(assessors, 6), lead, today - datetime.timedelta(days=42), 0.25, defer=True
    )
    qi = User.objects.filter(email=f"qi@{DOMAIN}").first() or lead
    actions = list(decision.review.actions.select_related("standard").order_by("standard__code"))
    for index, action in enumerate(actions):
        action_update(
            action=action,
            owner="Ward manager, Hawthorn House",
            due_on=decision.evidence_due,
            status="in_progress" if index == 0 else "open",
            evidence="",
            actor=lead,
        )
    # A QI project needs someone allowed to start one: without the demo sign-ins the action stays an action.
    if actions and qi is not None:
        project = action_to_project(action=actions[0], actor=qi)
        _project_measure(trust, project, qi, today)


def _project_measure(trust, project, actor, today) -> None:
    """Twenty weeks of the share of new patients given the ward's welcome information on their first day, rising
    after the change in week 12."""
    measure = measure_create(
        project=project,
        values={
            "name": "New patients given the welcome information on their first day",
            "kind": "process",
            "definition": "Of the patients admitted each week, the percentage given the ward's welcome information "
            "(easy read or their language) on their first day, from the admission checklist.",
            "unit_label": "%",
            "frequency": "weekly",
            "chart": "xmr",
            "preset": "mdc",
            "direction": "up",
        },
        actor=actor,
    )
    first = today - datetime.timedelta(weeks=20)
    first -= datetime.timedelta(days=first.weekday())
    values = [40, 50, 33, 45, 38, 50, 42, 36, 48, 40, 44, 39, 70, 75, 80, 78, 83, 80, 88, 85]
    DataPoint.objects.bulk_create(
        [
            DataPoint(organisation=trust, measure=measure, period=first + datetime.timedelta(weeks=i), value=value)
            for i, value in enumerate(values)
        ]
    )
    measure_refresh_summary(measure=measure)


def _cedar_mid_visit(programme: Programme, unit, standards, assessors, lead, today, rng) -> None:
    """Cedar Ward: visited yesterday; two assessors have rated every standard, Amara Bello has not yet."""
    review = review_register(programme=programme, unit=unit, actor=lead)
    amara = next((p for p in assessors if p.user_id is not None), None)
    others = [p for p in assessors if p.user_id is None][3:5]
    team = _team(review, ([amara] if amara else []) + others, lead)
    review_advance(review=review, actor=lead)
    choices = ["met"] * 6 + ["partly", "not_met"]
    for standard in standards:
        rating_record(review=review, standard=standard, source="self", value="met", actor=lead)
    review_visit_plan(review=review, visit_date=today - datetime.timedelta(days=1), actor=lead)
    review_advance(review=review, actor=lead)
    for person in team:
        if person is amara:
            continue
        for standard in standards:
            rating_record(
                review=review,
                standard=standard,
                source="assessor",
                value=rng.choice(choices),
                assessor=person,
                actor=lead,
            )
