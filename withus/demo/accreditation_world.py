"""The demo trust's accreditation: a standard set written with service users (6 themes, 30 standards), the two
kinds of scoring rule, Willow Ward holding Gold, and Cedar Ward mid-visit with ratings for Amara Bello (a trained
assessor) to enter. Idempotent and deterministic (ADR 24).
"""

import datetime
import random

from django.utils import timezone

from withus.accounts.models import User
from withus.accreditation.models import EvidencedBy, Programme, StandardSet
from withus.accreditation.scoring import CCQI_PRESET, ESSENTIALS_POINTS_PRESET
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
    edition_publish,
    programme_create,
    scoring_rule_create,
    standard_add,
    standard_set_create,
    theme_add,
)
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
    if StandardSet.objects.filter(organisation=trust, name=SET_NAME).exists():
        return {"standards": 0}
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
    assessors = _assessors(trust, today, exclude_units=[units["WILLOW"], units["CEDAR"]])
    _willow_gold(programme, units["WILLOW"], standards, assessors, lead, today)
    _cedar_mid_visit(programme, units["CEDAR"], standards, assessors, lead, today, rng)
    return {"standards": len(standards), "assessors": len(assessors)}


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
    team_member_add(review=review, person=leader, is_lead=True, actor=lead)
    for person in people:
        if person != leader:
            team_member_add(review=review, person=person, actor=lead)
    return people


def _willow_gold(programme: Programme, unit, standards, assessors, lead, today) -> None:
    """Willow Ward: visited and decided Gold seven months ago, on the CCQI rule."""
    review = review_register(programme=programme, unit=unit, actor=lead)
    team = _team(review, [p for p in assessors if p.user_id is None][:3], lead)
    review_advance(review=review, actor=lead)
    for standard in standards:
        rating_record(review=review, standard=standard, source="self", value="met", actor=lead)
    review_visit_plan(review=review, visit_date=today - datetime.timedelta(days=230), actor=lead)
    review_advance(review=review, actor=lead)
    for standard in standards:
        for person in team:
            rating_record(review=review, standard=standard, source="assessor", value="met", assessor=person, actor=lead)
    review_advance(review=review, actor=lead)
    chair = next(person for person in team if person.kind == PersonKind.SERVICE_USER)
    decision_make(review=review, chair=chair, actor=lead, decided_on=today - datetime.timedelta(days=210))


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
