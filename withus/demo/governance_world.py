"""The demo trust's board and committees, and its recruitment panels. Idempotent and deterministic.

The board has two service-user members; the People Participation sub-committee (chaired by the trust chair)
has Ben Hughes in its carer seat, a seat being advertised and a term ending soon; the Quality and Safety
committee has an empty seat. Past meetings have attendance (and so involvement records). Ten vacancies have
panels in every state, one without a service user or carer; Amara Bello has scored on one panel and not yet
on another. Terms from before WithUs are recorded as they were (no advert); new ones go through an opportunity.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from withus.accounts.models import User
from withus.core.dates import add_months
from withus.governance.models import (
    Committee,
    CommitteeKind,
    PanelDecision,
    PanelStatus,
    ReservedFor,
    Seat,
    SeatTerm,
    Vacancy,
)
from withus.governance.services.committees import committee_create, seat_advertise, seat_create
from withus.governance.services.meetings import meeting_attendance_record, meeting_create, seat_holders_on
from withus.governance.services.panels import candidate_add, criterion_add, member_add, panel_agree, vacancy_create
from withus.governance.services.retention import score_sheets_delete_expired
from withus.governance.services.scores import candidate_results, decision_record, score_sheet_submit
from withus.learning.models import Completion, CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.opportunities.models import Opportunity
from withus.organisations.models import Unit
from withus.people.models import MembershipStatus, Person, PersonKind

SEED = 8_2026
DOMAIN = "demo.withus.local"
CHAIR = "Professor Helen Ward, Trust Chair"

# (name, kind, chair, reports to, purpose, [(seat title, reserved for, term months)])
COMMITTEES = [
    (
        "Trust Board",
        CommitteeKind.BOARD,
        CHAIR,
        None,
        "The board of directors: sets the trust's direction and holds it to account. Two seats are held by "
        "service users.",
        [("Service user member (first seat)", ReservedFor.SERVICE_USER, 36),
         ("Service user member (second seat)", ReservedFor.SERVICE_USER, 36)],
    ),
    (
        "People Participation Sub-Committee",
        CommitteeKind.SUB_COMMITTEE,
        CHAIR,
        "Trust Board",
        "Holds the trust to account for involving service users and carers in everything it does.",
        [("Carer member", ReservedFor.CARER, 24),
         ("Service user member", ReservedFor.SERVICE_USER, 24),
         ("Young people's representative", ReservedFor.EITHER, 24)],
    ),
    (
        "Quality and Safety Committee",
        CommitteeKind.SUB_COMMITTEE,
        "Dr Marcus Webb, Non-executive Director",
        "Trust Board",
        "Looks at the quality and safety of care, incidents and what the trust learns from them.",
        [("Service user member", ReservedFor.SERVICE_USER, 24), ("Carer member", ReservedFor.CARER, 24)],
    ),
    (
        "Riverside QI Forum",
        CommitteeKind.QI_FORUM,
        "Tom Reilly, Improvement Advisor",
        None,
        "The monthly forum that approves and supports QI projects in Riverside Mental Health.",
        [("Service user co-chair", ReservedFor.EITHER, 12)],
    ),
]  # fmt: skip

# Members: (sign-in, is chair); "amara-todo" means Amara is on the panel and has not scored yet.
SCORING, SETTING_UP, DECIDED = PanelStatus.SCORING, PanelStatus.SETTING_UP, PanelStatus.DECIDED


@dataclass(frozen=True)
class DemoVacancy:
    title: str
    band: str
    unit: str
    months_ago: int  # of the interview
    state: str
    members: tuple
    candidates: int
    decided_months_ago: int = 0


VACANCIES = [
    DemoVacancy("Ward manager, Willow Ward", "7", "WILLOW", 0, SCORING,
                (("staff", True), ("lead", False), ("amara-todo", False)), 3),
    DemoVacancy("Staff nurse, Cedar Ward", "5", "CEDAR", 0, SCORING,
                (("staff", True), ("amara", False), ("qi", False)), 3),
    DemoVacancy("Care coordinator, Early Intervention in Psychosis", "6", "EIP", 0, SCORING,
                (("staff", True), ("lead", False), ("ben-todo", False)), 2),
    DemoVacancy("Healthcare assistant, Birch Ward", "3", "BIRCH", -1, SETTING_UP, (("staff", True),), 0),
    DemoVacancy("Children's physiotherapist, Marsh Children's Therapies", "6", "CHILD-TH", -1, SETTING_UP,
                (("admin", True), ("amara", False)), 2),
    DemoVacancy("Occupational therapist, Hawthorn House", "6", "HAWTHORN", 2, DECIDED,
                (("staff", True), ("lead", False), ("amara", False)), 3, 2),
    DemoVacancy("Consultant psychiatrist, Crisis Resolution Team", "medical", "CRISIS", 4, DECIDED,
                (("staff", True), ("lead", False)), 2, 4),
    DemoVacancy("District nurse, Marsh District Nursing", "6", "DN", 5, DECIDED,
                (("admin", True), ("ben", False), ("qi", False)), 3, 5),
    DemoVacancy("Eating disorders therapist, Eating Disorders Service", "7", "EDS", 3, DECIDED,
                (("admin", True), ("amara", False), ("qi", False)), 2, 3),
    DemoVacancy("Peer support worker, Riverside CMHT North", "4", "CMHT-N", 8, DECIDED,
                (("staff", True), ("ben", False), ("lead", False)), 3, 8),
]  # fmt: skip

CRITERIA = [
    ("Shows how they involve service users and carers in decisions about care", True),
    ("Explains how they keep people safe and respond when things go wrong", True),
    ("Describes a time they changed their practice after feedback", False),
    ("Experience of quality improvement projects", False),
]


def build_governance(*, trust, seed: int = SEED) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    users = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(organisation=trust, email__endswith=f"@{DOMAIN}").prefetch_related("roles")
    }
    committees = _committees(trust, today, rng, users)
    vacancies = _vacancies(trust, today, rng, users) if {"staff", "lead", "admin", "amara", "ben"} <= set(users) else 0
    return {"committees": committees, "vacancies": vacancies}


def _register_people(trust, kind: str) -> list[Person]:
    return list(
        Person.objects.filter(
            organisation=trust, kind=kind, status=MembershipStatus.ACTIVE, user__isnull=True
        ).order_by("full_name")
    )


def _committees(trust, today, rng, users) -> int:
    existing = {committee.name: committee for committee in Committee.objects.for_organisation(trust.pk)}
    service_users = _register_people(trust, PersonKind.SERVICE_USER)
    carers = _register_people(trust, PersonKind.CARER)
    ben = Person.objects.filter(organisation=trust, full_name="Ben Hughes").first()
    lead = users.get("lead")
    made = 0
    for position, (name, kind, chair, reports_to, purpose, seats) in enumerate(COMMITTEES):
        committee = existing.get(name)
        if committee is None:
            committee = committee_create(
                organisation=trust,
                name=name,
                kind=kind,
                chair=chair,
                purpose=purpose,
                reports_to=existing.get(reports_to),
                position=position,
                actor=None,
            )
            existing[name] = committee
            made += 1
        for seat_position, (title, reserved_for, months) in enumerate(seats):
            seat = committee.seats.filter(title=title).first() or seat_create(
                committee=committee,
                title=title,
                reserved_for=reserved_for,
                term_months=months,
                position=seat_position,
                actor=None,
            )
            if seat.terms.exists() or not (service_users and carers):
                continue
            _past_terms(seat, name, title, today, service_users, carers, ben)
        if not committee.meetings.exists():
            _meetings(committee, today, rng, lead)
    _advertise_the_open_seat(trust, today, lead)
    return made


def _term(seat: Seat, person: Person, starts_on: datetime.date, ends_on: datetime.date) -> None:
    # Terms that began before WithUs are recorded as they were, without an advert.
    SeatTerm.objects.create(
        organisation_id=seat.organisation_id, seat=seat, person=person, starts_on=starts_on, ends_on=ends_on
    )


def _past_terms(seat, committee_name, title, today, service_users, carers, ben) -> None:
    days = datetime.timedelta
    if committee_name == "Trust Board":
        person = service_users[0] if "first" in title else service_users[1]
        _term(seat, person, today - days(days=400), today + days(days=690))
    elif committee_name == "People Participation Sub-Committee":
        if title == "Carer member" and ben is not None:
            _term(seat, carers[0], today - days(days=1100), today - days(days=370))
            # Ben's term ends within the warning period, so leads are told ahead of time.
            _term(seat, ben, today - days(days=369), today + days(days=60))
        elif title == "Service user member":
            _term(seat, service_users[2], today - days(days=200), today + days(days=530))
        # The young people's seat is empty: it is advertised below.
    elif committee_name == "Quality and Safety Committee":
        if title == "Service user member":
            _term(seat, service_users[3], today - days(days=500), today + days(days=230))
        else:
            # The carer seat fell empty a month ago.
            _term(seat, carers[1], today - days(days=760), today - days(days=31))
    elif committee_name == "Riverside QI Forum":
        _term(seat, service_users[4], today - days(days=100), today + days(days=265))


def _meetings(committee, today, rng, lead) -> None:
    """Six past meetings a month apart, and the next one; attendance recorded for the past ones."""
    this_month = today.replace(day=10)
    latest = this_month if this_month <= today else add_months(this_month, -1)
    dates = [add_months(latest, -months_ago) for months_ago in range(5, -1, -1)]
    dates.append(add_months(latest, 1))
    for held_on in dates:
        meeting = meeting_create(
            committee=committee,
            held_on=held_on,
            papers_on=held_on - datetime.timedelta(days=7),
            hours=Decimal("2.5") if committee.kind == CommitteeKind.BOARD else Decimal(2),
            actor=None,
        )
        if held_on > today:
            continue
        holders = seat_holders_on(committee, held_on)
        came = [term.person_id for term in holders if rng.random() < 0.85]
        if holders:
            meeting_attendance_record(meeting=meeting, attended_ids=came, actor=lead)


def _advertise_the_open_seat(trust, today, lead) -> None:
    seat = Seat.objects.filter(
        organisation=trust, committee__name="People Participation Sub-Committee", title="Young people's representative"
    ).first()
    if seat is None or seat.advert_id or seat.terms.exists() or lead is None:
        return
    unit = Unit.objects.get(organisation=trust, code="RMH")
    meets_at = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=30), datetime.time(14)))
    existing = Opportunity.objects.filter(organisation=trust, title__startswith=seat.title).first()
    if existing is None:
        seat_advertise(
            seat=seat, unit=unit, closes_on=today + datetime.timedelta(days=14), meets_at=meets_at, actor=lead
        )


def _ensure_training(trust, people: list[Person], today) -> None:
    """Non-staff panel members hold in-date recruitment panel training; anyone with any completion is left."""
    course = courses_ensure_defaults(organisation=trust)[CourseCode.RECRUITMENT_PANEL]
    for person in people:
        if Completion.objects.filter(person=person, course=course).exists():
            continue
        completion_record(
            person=person,
            course=course,
            completed_on=today - datetime.timedelta(days=420),
            how=CompletionHow.RECORDED,
            reason="Recruitment panel training before WithUs",
            actor=None,
        )


def _vacancies(trust, today, rng, users) -> int:
    _ensure_training(trust, [users["amara"].person, users["ben"].person], today)
    units = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    made = 0
    for index, spec in enumerate(VACANCIES):
        if Vacancy.objects.filter(organisation=trust, job_title=spec.title).exists():
            continue
        made += 1
        _vacancy(trust, index, spec, today, rng, users, units)
    # Panels decided more than six months ago have their score sheets deleted, as the scheduled command does.
    score_sheets_delete_expired()
    return made


def _vacancy(trust, index, spec: DemoVacancy, today, rng, users, units) -> None:
    interview_on = add_months(today, -spec.months_ago) - datetime.timedelta(days=int(spec.months_ago == 0))
    chair = next(users[name.split("-")[0]] for name, is_chair in spec.members if is_chair)
    vacancy = vacancy_create(
        organisation=trust,
        unit=units[spec.unit],
        job_title=spec.title,
        band=spec.band,
        closing_date=interview_on - datetime.timedelta(days=14),
        interview_on=interview_on,
        recruiting_manager=chair,
        actor=users["admin"],
    )
    panel = [
        (member_add(vacancy=vacancy, user=users[name.split("-")[0]], is_chair=is_chair, actor=chair),
         name.endswith("-todo"))
        for name, is_chair in spec.members
    ]  # fmt: skip
    for text, essential in CRITERIA[: 3 if index % 2 else 4]:
        criterion_add(vacancy=vacancy, text=text, essential=essential, actor=chair)
    candidates = [
        candidate_add(
            vacancy=vacancy,
            reference=f"{spec.unit}-26{index:02d}{number}",
            initials=rng.choice("ABCDEFGHJKLMNPRSTW") + rng.choice("ABCDEFGHJKLMNPRSTW"),
            actor=chair,
        )
        for number in range(1, spec.candidates + 1)
    ]
    if spec.state == SETTING_UP:
        return
    panel_agree(vacancy=vacancy, actor=chair)
    _score(vacancy, index, spec, panel, candidates, rng)
    if spec.state == DECIDED:
        _decide(vacancy, candidates, chair, spec)


def _score(vacancy, index, spec, panel, candidates, rng) -> None:
    strong = rng.randrange(len(candidates))
    weak = (strong + 1) % len(candidates)
    criteria = list(vacancy.criteria.all())
    for member, still_to_score in panel:
        if still_to_score:
            continue
        for number, candidate in enumerate(candidates):
            # Staff on the Cedar Ward panel have scored one candidate so far; everyone else has finished.
            if spec.state == SCORING and member.kind == "staff" and number > 0 and index == 1:
                continue
            scores = {}
            for criterion in criteria:
                base = 2 if number == strong else 1 + rng.randrange(2)
                if number == weak and criterion.essential and member.kind != "staff" and rng.random() < 0.5:
                    base = 0
                scores[criterion.pk] = min(vacancy.score_max, base + (rng.random() < 0.3))
            score_sheet_submit(vacancy=vacancy, member=member, candidate=candidate, scores=scores, actor=member.user)


def _decide(vacancy, candidates, chair, spec) -> None:
    results = candidate_results(vacancy)
    appointable = [candidate for candidate in candidates if results[candidate.pk].appointable]
    best = max(appointable, key=lambda candidate: results[candidate.pk].combined, default=None)
    reasons = (
        f"The panel agreed candidate {best.reference} showed the strongest evidence across the essential "
        "criteria, particularly on involving service users and carers in decisions."
        if best
        else "No candidate met every essential criterion. The post will be advertised again."
    )
    decision = decision_record(vacancy=vacancy, appointed=best, reasons=reasons, actor=chair)
    decided_at = timezone.now() - datetime.timedelta(days=30 * spec.decided_months_ago + 2)
    PanelDecision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
