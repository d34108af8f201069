"""The demo trust's board reporting (issue 22): the standard board metrics, an illustrative population for the
fictional Riverside and Marsh area, equality answers in the register that make one gap visible (Black service
users and carers under-represented on interview panels against the population), and board packs for the three
quarters before the last, the oldest signed off and issued (the lead makes last quarter's). Idempotent and
deterministic (ADR 29)."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, RoleAssignment, User
from withus.governance.models import LIVED_EXPERIENCE_KINDS, PanelMember, PanelStatus, Vacancy
from withus.improvement.models import PARTICIPANT_KINDS
from withus.learning.models import CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.people.ethnicity import CENSUS_CATEGORIES
from withus.people.models import EqualityRecord, MembershipStatus, Person
from withus.people.services import equality_record_save
from withus.reports.forms import finished_quarters
from withus.reports.models import BoardPack, MetricRebase, PopulationBenchmark, SignOffRole
from withus.reports.population import GROUP_HEADINGS, PREFIX, TOTAL_LABEL
from withus.reports.services import (
    metrics_ensure_defaults,
    pack_create,
    pack_set_executive_lead,
    pack_sign_off,
    population_load,
)

SEED = 22_2026
DOMAIN = "demo.withus.local"
POPULATION_NAME = "Riverside and Marsh (illustrative population, not census data)"
# Residents per census category in the two fictional local authorities: a diverse urban area, about 30 % Black.
ILLUSTRATIVE = {
    "ZZ000001": {  # Riverside (fictional)
        "asian_bangladeshi": 21_400, "asian_chinese": 4_100, "asian_indian": 13_200, "asian_pakistani": 7_900,
        "asian_other": 6_300, "black_african": 52_800, "black_caribbean": 31_700, "black_other": 9_200,
        "mixed_white_asian": 3_100, "mixed_white_black_african": 2_600, "mixed_white_black_caribbean": 4_400,
        "mixed_other": 3_300, "white_british": 61_500, "white_irish": 3_200, "white_gypsy_traveller": 300,
        "white_roma": 900, "white_other": 22_600, "other_arab": 2_100, "other_any": 6_400,
    },
    "ZZ000002": {  # Marsh (fictional)
        "asian_bangladeshi": 6_200, "asian_chinese": 2_300, "asian_indian": 9_800, "asian_pakistani": 5_100,
        "asian_other": 3_400, "black_african": 31_900, "black_caribbean": 19_600, "black_other": 6_100,
        "mixed_white_asian": 2_200, "mixed_white_black_african": 1_700, "mixed_white_black_caribbean": 3_000,
        "mixed_other": 2_100, "white_british": 88_400, "white_irish": 2_100, "white_gypsy_traveller": 400,
        "white_roma": 600, "white_other": 14_900, "other_arab": 1_200, "other_any": 3_300,
    },
}  # fmt: skip
PLACE_NAMES = {"ZZ000001": "Riverside (fictional)", "ZZ000002": "Marsh (fictional)"}
# NHS codes given to register people by share: Black people are about a third of the register, as of the area.
REGISTER_MIX = (
    ("A", 24), ("C", 6), ("B", 2), ("H", 4), ("K", 5), ("J", 3), ("L", 2), ("R", 2), ("N", 14), ("M", 10),
    ("P", 4), ("D", 2), ("E", 1), ("F", 1), ("G", 1), ("S", 3), ("Z", 2),
)  # fmt: skip
# Panel members by group, counting those already on a panel: five Black people against every other member
# available (the gap the demo shows); the three of
# mixed background show as "fewer than 5".
PANEL_PICKS = (("white", 30), ("asian", 12), ("black", 5), ("mixed", 3), ("other", 6))


def illustrative_csv() -> str:
    """The illustrative population in the ONS TS021 layout, so the demo loads it through the real loader."""
    groups = {
        "asian": "Asian, Asian British or Asian Welsh",
        "black": "Black, Black British, Black Welsh, Caribbean or African",
        "mixed": "Mixed or Multiple ethnic groups",
        "white": "White",
        "other": "Other ethnic group",
    }
    if set(groups.values()) != GROUP_HEADINGS:  # a typo here would make the demo's own file fail to load
        raise ValueError("The demo's census group headings do not match the loader's")
    headers = ["date", "geography", "geography code", f"{PREFIX}: {TOTAL_LABEL}"]
    order = list(CENSUS_CATEGORIES)
    for code in order:
        label = CENSUS_CATEGORIES[code][0]
        headers.append(f"{PREFIX}: {groups[CENSUS_CATEGORIES[code][1]]}: {label}")
    lines = [",".join(f'"{header}"' for header in headers)]
    for place, counts in ILLUSTRATIVE.items():
        row = ["2021", PLACE_NAMES[place], place, str(sum(counts.values()))] + [str(counts[code]) for code in order]
        lines.append(",".join(f'"{cell}"' for cell in row))
    return "\n".join(lines) + "\n"


def build_reports(*, trust, seed: int = SEED) -> None:
    rng = random.Random(seed)
    lead = User.objects.filter(email=f"lead@{DOMAIN}").first()
    admin = User.objects.filter(email=f"admin@{DOMAIN}").first()
    with transaction.atomic():
        metrics_ensure_defaults(organisation=trust, actor=lead)
        _rebase_example(trust)
        if not PopulationBenchmark.objects.for_organisation(trust.pk).exists():
            population_load(
                organisation=trust,
                text=illustrative_csv(),
                name=POPULATION_NAME,
                source="Illustrative figures in the ONS Census 2021 TS021 layout, made up for the demonstration area",
                actor=lead,
                is_illustrative=True,
            )
        _equality_answers(trust, rng)
        _panel_members(trust, rng, lead)
    if lead is not None:
        _packs(trust, lead, admin)
        _pcref(trust, lead, admin)


def _rebase_example(trust) -> None:
    """Panel coverage's limits start again from April 2025, when every panel had to include a service user."""
    from withus.reports.models import MetricDefinition

    metric = MetricDefinition.objects.filter(organisation=trust, code="panel-coverage-percent").first()
    if metric and not metric.rebases.exists():
        MetricRebase.objects.create(
            organisation=trust,
            metric=metric,
            starts_on=datetime.date(2025, 4, 1),
            reason="From April 2025 every interview panel must include a service user or carer",
        )


def _equality_answers(trust, rng: random.Random) -> None:
    """The register's equality answers in the mix above (NHS codes), dealt out in a fixed order so a second run
    changes nothing. The personas' own answers (people with a demo sign-in) are left as the story has them."""
    codes = [code for code, weight in REGISTER_MIX for _ in range(weight)]
    rng.shuffle(codes)
    people = Person.objects.filter(organisation=trust, kind__in=PARTICIPANT_KINDS).select_related("user")
    index = 0
    for person in people.order_by("full_name", "pk"):
        if person.user_id and not (person.user.email or "").startswith("register-"):
            continue
        equality_record_save(person=person, values={"ethnic_category": codes[index % len(codes)]}, actor=None)
        index += 1


def _panel_members(trust, rng: random.Random, actor) -> None:
    """Register people who sat on the decided panels of the past year, chosen so the panel gap shows. Each group is
    topped up to its number in PANEL_PICKS (people already on a panel count), so a second run adds nothing."""
    from withus.people.ethnicity import group_of_nhs_code

    vacancies = list(
        Vacancy.objects.filter(organisation=trust, status=PanelStatus.DECIDED).order_by("interview_on", "job_title")
    )
    if not vacancies:
        return
    seated = set(
        PanelMember.objects.filter(
            organisation=trust, vacancy__in=vacancies, kind__in=LIVED_EXPERIENCE_KINDS, person__isnull=False
        ).values_list("person_id", flat=True)
    )
    pool: dict[str, list[Person]] = {}
    already: dict[str, int] = {}
    records = EqualityRecord.objects.filter(organisation=trust, person__kind__in=PARTICIPANT_KINDS).exclude(
        person__status=MembershipStatus.LEFT
    )
    for record in records.select_related("person").order_by("person__full_name", "person_id"):
        group = group_of_nhs_code(record.ethnic_category)
        if record.person_id in seated:
            already[group] = already.get(group, 0) + 1
        else:
            pool.setdefault(group, []).append(record.person)
    course = courses_ensure_defaults(organisation=trust)[CourseCode.RECRUITMENT_PANEL]
    today = timezone.localdate()
    slot = 0
    for group, wanted in PANEL_PICKS:
        candidates = pool.get(group, [])
        for person in rng.sample(candidates, max(0, min(wanted - already.get(group, 0), len(candidates)))):
            user = person.user or _participant_user(trust, person)
            vacancy = vacancies[slot % len(vacancies)]
            slot += 1
            completion_record(
                person=person,
                course=course,
                completed_on=today - datetime.timedelta(days=500),
                how=CompletionHow.ATTENDED,
                actor=actor,
            )
            # The panel is decided, so the panels service refuses new members; the demo writes the history.
            PanelMember.objects.create(
                organisation=trust, vacancy=vacancy, user=user, person=person, kind=person.kind, added_by=actor
            )


def _participant_user(trust, person: Person) -> User:
    email = f"register-{person.pk.hex[:12]}@{DOMAIN}"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, full_name=person.full_name, organisation=trust
    )
    RoleAssignment.objects.get_or_create(organisation=trust, user=user, role=Role.PARTICIPANT, unit=None)
    Person.objects.filter(pk=person.pk).update(user=user)
    person.user = user
    return user


def _packs(trust, lead, admin) -> None:
    """Packs for the three quarters before the last finished one (the oldest signed off by its author and the
    executive lead): the lead makes last quarter's pack in the demo, as the issue's walk-through does."""
    quarters = finished_quarters(timezone.localdate(), count=4)[1:]
    for start, end in reversed(quarters):
        pack, created = pack_create(organisation=trust, period_start=start, period_end=end, actor=lead)
        if created and (start, end) == quarters[-1] and admin is not None:
            pack_set_executive_lead(pack=pack, executive_lead=admin, actor=lead)
            pack_sign_off(pack=pack, role=SignOffRole.AUTHOR, actor=lead)
            pack_sign_off(pack=BoardPack.objects.get(pk=pack.pk), role=SignOffRole.EXECUTIVE, actor=admin)


PCREF_ACTIONS = (
    # (what, co-produced with, competency, owner, months from now it is due, status)
    ("Co-design a carers' café for Somali families", "Riverside Somali Women's Group", "co_production",
     "People Participation team", 2, "in_progress"),
    ("Race equality training co-delivered by service users for every ward manager",
     "Marsh African Caribbean Carers Forum", "staff_knowledge", "Learning and development", 4, "not_started"),
    ("Recruit Black service users and carers to interview panels through community partners",
     "Marsh African Caribbean Carers Forum; Riverside Black Mental Health Network", "partnership",
     "Recruitment and People Participation", -1, "in_progress"),
    ("Translate the involvement leaflet into Bengali, Somali and Urdu", "Marsh Bangladeshi Elders",
     "cultural_awareness", "Communications", -3, "done"),
)  # fmt: skip


def _pcref(trust, lead, admin) -> None:
    """The demo's PCREF plan: the executive lead, four actions agreed with named community groups, last year's
    self-assessment of three competencies and two board meetings that monitored it. Added once."""
    from withus.core.dates import add_months
    from withus.reports.models import PcrefAction
    from withus.reports.services_pcref import (
        eds_score_save,
        pcref_action_add,
        pcref_action_set_status,
        pcref_assessment_save,
        pcref_monitoring_add,
        pcref_set_executive_lead,
    )

    if PcrefAction.objects.for_organisation(trust.pk).exists():
        return
    today = timezone.localdate()
    if admin is not None:
        pcref_set_executive_lead(organisation=trust, executive_lead=admin, actor=lead)
    for title, groups, competency, owner, months, status in PCREF_ACTIONS:
        action = pcref_action_add(
            organisation=trust, title=title, co_produced_with=groups, competency=competency, owner=owner,
            due_on=add_months(today.replace(day=1), months), actor=lead,
        )  # fmt: skip
        if status != action.status:
            pcref_action_set_status(action=action, status=status, actor=lead)
    for competency, rating, evidence in (
        ("co_production", 1, "Two actions agreed with community groups; none finished yet."),
        ("partnership", 2, "Standing agreements with three community organisations, reviewed at the forum."),
        ("workforce", 1, "Panel membership still under-represents Black service users (see the equity page)."),
    ):
        pcref_assessment_save(
            organisation=trust, year=today.year - 1, competency=competency, rating=rating, evidence=evidence,
            actor=lead,
        )  # fmt: skip
    # EDS 2022 domain 1 (services) scored for last year with service users and community groups.
    for outcome, score, evidence in (
        ("1A", 1, "Black service users are under-represented on panels and in involvement (see the equity page)."),
        ("1B", 2, "Support plans record each person's access needs, reviewed with them before meetings."),
        ("1C", 1, "Stories about racist abuse on wards; a co-produced QI project is being set up."),
        ("1D", 2, "The monthly experience survey, read by ethnic group with the community forum."),
    ):
        eds_score_save(
            organisation=trust, year=today.year - 1, outcome=outcome, score=score, evidence=evidence,
            scored_by="EDS panel: two service users, Marsh Bangladeshi Elders and the equality lead", actor=lead,
        )  # fmt: skip
    for months, meeting in ((-7, "Trust Board (public session)"), (-1, "Quality and Safety Committee")):
        pcref_monitoring_add(
            organisation=trust, met_on=add_months(today.replace(day=12), months), meeting=meeting,
            note="The PCREF plan's actions and the panel gap by ethnic group", actor=lead,
        )  # fmt: skip
