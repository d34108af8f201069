"""The world the authorisation matrix runs in: one trust, built twice (two trusts), from the apps' factories and
their own services (so every object is in a state the application itself could reach).

Each trust has the eight roles the matrix asks as, and two sides of every kind of object:
- "own": in Willow Ward, the participant's (Amara's) own records, in the scope of the Willow Ward staff member
  and of the lead for Riverside Mental Health, on the staff member's project and panel;
- "other": in Marsh District Nursing, another participant's (Ben's) records, run by another member of staff,
  outside the scoped lead's directorate.
The second trust has the same, so its "own" side is the matrix's "other trust" object.
"""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from PIL import Image

from tests.authorisation.world_accounts import build_accounts
from tests.authorisation.world_accreditation import build_accreditation_steps
from tests.authorisation.world_api import build_api
from tests.authorisation.world_ideas import build_ideas
from tests.authorisation.world_reports import build_reports
from tests.authorisation.world_stories import build_stories
from tests.authorisation.world_support import build_support
from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.accreditation.scoring import CCQI_PRESET
from withus.accreditation.services.reviews import review_register
from withus.accreditation.services.reviews import team_member_add as accreditation_team_member_add
from withus.accreditation.services.standards import (
    edition_create,
    edition_publish,
    programme_create,
    scoring_rule_create,
    standard_add,
    standard_set_create,
    theme_add,
)
from withus.governance.models import CommitteeKind
from withus.governance.services.committees import committee_create, seat_create
from withus.governance.services.meetings import meeting_create
from withus.governance.services.panels import candidate_add, criterion_add, member_add, panel_agree, vacancy_create
from withus.improvement.models import ConsultationKind, NodeKind, Stage, TeamRole
from withus.improvement.services.data import annotation_add, recalculation_add
from withus.improvement.services.diagram import driver_node_add
from withus.improvement.services.pdsa import pdsa_cycle_create
from withus.improvement.services.projects import consultation_add, project_create, team_member_add
from withus.improvement.tests.factories import MeasureFactory, add_points
from withus.involvement.models import InvolvementKind, InvolvementSource
from withus.involvement.services import kinds_ensure_defaults
from withus.involvement.tests.factories import RecordFactory
from withus.learning.models import CompletionHow, CourseCode, Enrolment, EnrolmentStatus, SessionAttendance
from withus.learning.services.cohorts import cohort_create
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.learning.services.enrolment import enrolment_request
from withus.notifications.models import Channel, Message, MessageKind, MessageStatus
from withus.opportunities.models import ExpressionOfInterest, OpportunityStatus, ResponseStatus
from withus.opportunities.tests.factories import OpportunityFactory
from withus.organisations.models import UnitKind
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
from withus.payments.models.preferences import EarningsLimit, LimitPeriod, PaymentMethod, PaymentPreference
from withus.payments.models.rates import Rate, RateUnit
from withus.payments.services.approvals import claim_approve
from withus.payments.services.batches import batch_create
from withus.payments.services.claims import claim_add_expense, claim_create, claim_submit
from withus.people.models import ConsentTopic, DataDecision, PersonKind
from withus.people.tests.factories import ConsentStatementFactory, PersonFactory


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(output, format="PNG")
    return output.getvalue()


def _hours_ago(hours: float) -> datetime.datetime:
    return (timezone.now() - datetime.timedelta(hours=hours)).replace(second=0, microsecond=0)


def build_trust(name: str, domain: str) -> SimpleNamespace:
    """One trust, its users (one per role, plus those who own the other side) and both sides of objects."""
    organisation = OrganisationFactory(name=name)
    units = _units(organisation)
    users = _users(organisation, units, domain)
    for topic in ConsentTopic.values:
        ConsentStatementFactory(organisation=organisation, topic=topic, effective_from=datetime.date(2024, 4, 1))
    kinds_ensure_defaults(organisation=organisation)
    for code in set(
        InvolvementKind.objects.filter(organisation=organisation).values_list("payment_activity_code", flat=True)
    ):
        Rate.objects.create(
            organisation=organisation,
            activity_code=code,
            name=code,
            unit=RateUnit.PER_HOUR,
            amount=Decimal("20.00"),
            effective_from=datetime.date(2020, 4, 1),
        )
    courses = courses_ensure_defaults(organisation=organisation)
    people = _people(organisation, units, users)
    world = SimpleNamespace(organisation=organisation, units=units, users=users, courses=courses, people=people)
    world.own = _side(world, unit=units.willow, person=people.amara, staff=users.staff, staff_person=people.ellen)
    world.other = _side(world, unit=units.nursing, person=people.ben, staff=users.staff2, staff_person=people.owen)
    # Trust-wide things (one of each; "other" does not apply to them).
    world.own.committee, world.own.seat, world.own.meeting = _committee(world)
    world.own.batch = _batch(world)
    world.own.kind = InvolvementKind.objects.get(organisation=organisation, code="qi-team")
    world.own.course = courses[CourseCode.INTRO_QI]
    _accreditation(world)
    build_stories(world)
    build_accreditation_steps(world)
    build_ideas(world)
    build_support(world)
    build_api(world)
    build_accounts(world)
    build_reports(world)
    return world


def _units(organisation) -> SimpleNamespace:
    directorate = UnitFactory(
        organisation=organisation, name="Riverside Mental Health", code="RMH", kind=UnitKind.DIRECTORATE
    )
    acute = UnitFactory(
        organisation=organisation, name="Adult Acute", code="ACUTE", kind=UnitKind.SERVICE, parent=directorate
    )
    willow = UnitFactory(organisation=organisation, name="Willow Ward", code="WILLOW", parent=acute)
    community = UnitFactory(
        organisation=organisation, name="Marsh Community Health", code="MCH", kind=UnitKind.DIRECTORATE
    )
    nursing = UnitFactory(
        organisation=organisation, name="Marsh District Nursing", code="DN", kind=UnitKind.TEAM, parent=community
    )
    return SimpleNamespace(directorate=directorate, acute=acute, willow=willow, community=community, nursing=nursing)


def _users(organisation, units, domain: str) -> SimpleNamespace:
    def user(local_part: str, role: Role, unit=None, full_name: str = ""):
        return UserFactory(
            organisation=organisation,
            email=f"{local_part}@{domain}",
            full_name=full_name or local_part.title(),
            roles=[(role, unit)],
        )

    return SimpleNamespace(
        participant=user("amara", Role.PARTICIPANT, full_name="Amara Bello"),
        ben=user("ben", Role.PARTICIPANT, full_name="Ben Hughes"),
        staff=user("staff", Role.STAFF, units.willow, "Ellen Park"),
        staff2=user("staff2", Role.STAFF, units.nursing, "Owen Price"),
        scoped_lead=user("scoped-lead", Role.PARTICIPATION_LEAD, units.directorate, "Priya Shah"),
        lead=user("lead", Role.PARTICIPATION_LEAD, None, "Lena Grant"),
        qi=user("qi", Role.IMPROVEMENT_ADVISOR, None, "Tom Reilly"),
        finance=user("finance", Role.FINANCE_APPROVER, None, "Grace Mensah"),
        admin=user("admin", Role.ADMINISTRATOR, None, "Sam Okafor"),
        # Not a column of the matrix (ROLES): test_board_member checks what a board member reaches.
        board=user("board", Role.BOARD_MEMBER, None, "Margaret Osei"),
    )


def _people(organisation, units, users) -> SimpleNamespace:
    def person(user, full_name, kind, unit):
        return PersonFactory(organisation=organisation, user=user, full_name=full_name, kind=kind, units=[unit])

    people = SimpleNamespace(
        amara=person(users.participant, "Amara Bello", PersonKind.SERVICE_USER, units.willow),
        ben=person(users.ben, "Ben Hughes", PersonKind.CARER, units.nursing),
        ellen=person(users.staff, "Ellen Park", PersonKind.STAFF, units.willow),
        owen=person(users.staff2, "Owen Price", PersonKind.STAFF, units.nursing),
    )
    panel_training = courses_ensure_defaults(organisation=organisation)[CourseCode.RECRUITMENT_PANEL]
    for someone in (people.amara, people.ben):
        completion_record(
            person=someone,
            course=panel_training,
            completed_on=timezone.localdate() - datetime.timedelta(days=30),
            how=CompletionHow.ATTENDED,
            actor=None,
        )
        # Each withdrew their agreement to WithUs keeping their information: the lead's to-do is open.
        DataDecision.objects.create(organisation=organisation, person=someone, withdrawn_on=timezone.localdate())
    return people


def _side(world, *, unit, person, staff, staff_person) -> SimpleNamespace:
    side = SimpleNamespace(unit=unit, person=person, staff=staff)
    _improvement(side, world, unit=unit, person=person, staff=staff, staff_person=staff_person)
    _opportunity(side, world, unit=unit, person=person, staff=staff)
    _learning(side, world, person=person, staff_person=staff_person)
    _payments(side, world, person=person, payroll_number=f"P{person.pk.int % 1_000_000:06d}")
    _panel(side, world, unit=unit, person=person, staff=staff)
    _notifications(side, world, person=person)
    return side


def _notifications(side, world, *, person) -> None:
    """A failed e-mail (to re-send) and a letter waiting to be posted, both to the side's participant."""
    side.message = Message.objects.create(
        organisation=world.organisation,
        person=person,
        channel=Channel.EMAIL,
        kind=MessageKind.ESSENTIAL,
        template="tests.example",
        subject="About your place",
        body="You have a place.",
        personalisation={"subject": "About your place", "body": "You have a place."},
        to_address=person.email,
        idempotency_key=f"matrix-email:{person.pk}",
        status=MessageStatus.FAILED,
    )
    side.letter = Message.objects.create(
        organisation=world.organisation,
        person=person,
        channel=Channel.LETTER,
        kind=MessageKind.ESSENTIAL,
        template="tests.example",
        subject="About your place",
        body="You have a place.",
        to_address="1 High Street, London E1 1AA",
        idempotency_key=f"matrix-letter:{person.pk}",
        status=MessageStatus.FOR_STAFF,
    )


def _improvement(side, world, *, unit, person, staff, staff_person) -> None:
    today = timezone.localdate()
    project = project_create(
        organisation=world.organisation,
        values={
            "title": f"Fewer restraints on {unit.name}",
            "problem": "Too many restraints.",
            "aim": "Halve restraints by March 2027.",
            "start_date": datetime.date(2025, 1, 6),
            "participants_can_contribute": True,
        },
        units=[unit],
        stage=Stage.S15,
        actor=staff,
    )
    # Starting the project made its member of staff (staff_person) the project lead: only the team changes it.
    assert project.team.filter(person=staff_person, role=TeamRole.LEAD).exists()
    side.team_member = team_member_add(
        project=project, person=person, role=TeamRole.MEMBER, joined_on=project.start_date, actor=staff
    )
    consultation_add(
        project=project,
        values={"kind": ConsultationKind.SURVEY, "held_on": today, "people_count": 12},
        actor=staff,
    )
    side.primary = driver_node_add(project=project, parent=None, kind=NodeKind.PRIMARY, name="Calm wards", actor=staff)
    side.node = driver_node_add(
        project=project, parent=side.primary, kind=NodeKind.CHANGE_IDEA, name="Safety huddles", actor=staff
    )
    side.pdsa = pdsa_cycle_create(
        project=project,
        values={
            "change_idea": side.node,
            "title": "Huddle at handover",
            "question": "Will a huddle help?",
            "prediction": "Fewer incidents.",
            "starts_on": datetime.date(2025, 3, 3),
        },
        actor=staff,
    )
    measure = MeasureFactory(project=project, organisation=world.organisation)
    # 24 points: a phase needs at least 12 on each side of a recalculation.
    points = add_points(measure, [5, 7, 6, 8, 4, 6, 7, 5, 6, 9, 4, 5] * 2)
    side.point = points[-1]
    side.recalculation = recalculation_add(measure=measure, period=points[12].period, reason="New huddles", actor=staff)
    side.annotation = annotation_add(measure=measure, on=points[3].period, text="Huddles began", actor=staff)
    side.project, side.measure = project, measure


def _opportunity(side, world, *, unit, person, staff) -> None:
    opportunity = OpportunityFactory(
        organisation=world.organisation,
        kind=InvolvementKind.objects.get(organisation=world.organisation, code="focus-group"),
        unit=unit,
        title=f"Focus group on {unit.name}",
        status=OpportunityStatus.OPEN,
        organiser=staff,
        approved_by=world.users.lead,
        sessions="past",
    )
    side.opportunity, side.opportunity_session = opportunity, opportunity.sessions.get()
    side.response = ExpressionOfInterest.objects.create(
        organisation=world.organisation, opportunity=opportunity, person=person, status=ResponseStatus.SELECTED
    )


def _learning(side, world, *, person, staff_person) -> None:
    courses = world.courses
    side.cohort = cohort_create(
        course=courses[CourseCode.INTRO_QI],
        values={"name": f"Introduction to QI for {person.full_name}", "place": "Room 1", "capacity": 10},
        sessions=[
            (timezone.now() + datetime.timedelta(days=14), timezone.now() + datetime.timedelta(days=14, hours=3))
        ],
        actor=world.users.lead,
    )
    side.enrolment = enrolment_request(cohort=side.cohort, person=person, actor=person.user)
    assert side.enrolment.status == EnrolmentStatus.ENROLLED
    side.cohort_session = side.cohort.sessions.get()
    side.completion = completion_record(
        person=person,
        course=courses[CourseCode.QI_FUNDAMENTALS],
        completed_on=timezone.localdate() - datetime.timedelta(days=60),
        how=CompletionHow.RECORDED,
        actor=None,
    )
    # Staff training co-delivered by service users: the member of staff attended a session and may give feedback.
    training = cohort_create(
        course=courses[CourseCode.CO_DELIVERING],
        values={"name": f"Planning care together with {staff_person.full_name}", "place": "Room 2", "capacity": 10},
        sessions=[(_hours_ago(72), _hours_ago(69))],
        actor=world.users.lead,
    )
    Enrolment.objects.create(
        organisation=world.organisation, cohort=training, person=staff_person, status=EnrolmentStatus.ENROLLED
    )
    side.staff_session = training.sessions.get()
    SessionAttendance.objects.create(
        organisation=world.organisation, session=side.staff_session, person=staff_person, attended=True
    )


def _payments(side, world, *, person, payroll_number: str) -> None:
    today = timezone.localdate()
    kind = InvolvementKind.objects.get(organisation=world.organisation, code="focus-group")
    PaymentPreference.objects.create(
        organisation=world.organisation,
        person=person,
        method=PaymentMethod.PAYROLL,
        payroll_number=payroll_number,
        chosen_on=today,
    )
    side.limit = EarningsLimit.objects.create(
        organisation=world.organisation,
        person=person,
        benefit="ESA permitted earnings",
        period=LimitPeriod.WEEK,
        amount=Decimal("45.00"),
    )
    record = RecordFactory(
        person=person, kind=kind, date=today - datetime.timedelta(days=5), source_type=InvolvementSource.OPPORTUNITY
    )
    claim = claim_create(person=person, record_ids=[record.pk], actor=person.user)
    expense = claim_add_expense(
        claim=claim,
        category="travel",
        date=today - datetime.timedelta(days=5),
        description="Bus fare",
        amount="4.80",
        receipt_data=_png(),
        actor=person.user,
    )
    side.claim = claim_submit(claim=claim, actor=person.user)
    side.line, side.receipt = claim.lines.get(kind="fee"), expense.receipt
    side.unclaimed = RecordFactory(
        person=person, kind=kind, date=today - datetime.timedelta(days=4), source_type=InvolvementSource.OPPORTUNITY
    )


def _panel(side, world, *, unit, person, staff) -> None:
    today = timezone.localdate()
    vacancy = vacancy_create(
        organisation=world.organisation,
        unit=unit,
        job_title=f"Ward manager, {unit.name}",
        band="7",
        closing_date=today + datetime.timedelta(days=7),
        interview_on=today + datetime.timedelta(days=14),
        recruiting_manager=staff,
        actor=world.users.admin,
    )
    member_add(vacancy=vacancy, user=staff, is_chair=True, actor=staff)
    side.panel_member = member_add(vacancy=vacancy, user=person.user, actor=staff)
    criterion_add(vacancy=vacancy, text="Involves service users", essential=True, actor=staff)
    side.candidate = candidate_add(vacancy=vacancy, reference="WW-001", initials="AB", actor=staff)
    panel_agree(vacancy=vacancy, actor=staff)
    vacancy.refresh_from_db()
    side.vacancy = vacancy


def _committee(world):
    committee = committee_create(
        organisation=world.organisation, name="Trust Board", kind=CommitteeKind.BOARD, actor=world.users.admin
    )
    seat = seat_create(committee=committee, title="Service user seat", actor=world.users.admin)
    today = timezone.localdate()
    meeting = meeting_create(
        committee=committee,
        held_on=today - datetime.timedelta(days=7),
        papers_on=today - datetime.timedelta(days=14),
        actor=world.users.admin,
    )
    return committee, seat, meeting


def _batch(world):
    """An exported batch: a second claim of the participant, approved by finance."""
    person = world.people.amara
    kind = InvolvementKind.objects.get(organisation=world.organisation, code="story")
    record = RecordFactory(
        person=person,
        kind=kind,
        date=timezone.localdate() - datetime.timedelta(days=20),
        source_type=InvolvementSource.OTHER,
    )
    claim = claim_create(person=person, record_ids=[record.pk], actor=person.user)
    claim_submit(claim=claim, actor=person.user)
    claim_approve(claim=claim, actor=world.users.finance)
    return batch_create(organisation=world.organisation, route="payroll", actor=world.users.finance)


def _accreditation(world) -> None:
    """A published edition, a rule and a programme; Willow Ward's review (own) has Ben on its visit team and
    Marsh District Nursing's (other) has Amara, both trained assessors, so each is on the other side's team."""
    lead, people = world.users.lead, world.people
    for someone in (people.amara, people.ben):
        completion_record(
            person=someone,
            course=world.courses[CourseCode.ACCREDITATION_ASSESSOR],
            completed_on=timezone.localdate() - datetime.timedelta(days=30),
            how=CompletionHow.ATTENDED,
            actor=None,
        )
    standard_set = standard_set_create(organisation=world.organisation, name="Ward standards", actor=lead)
    edition = edition_create(standard_set=standard_set, actor=lead)
    theme = theme_add(edition=edition, number=1, title="Being listened to", actor=lead)
    standard_add(theme=theme, code="1.1", text="Staff listen to me", type=1, evidenced_by="talking", actor=lead)
    edition = edition_publish(edition=edition, effective_from=datetime.date(2026, 1, 1), actor=lead)
    rule = scoring_rule_create(
        organisation=world.organisation,
        name="CCQI",
        kind="thresholds",
        parameters=CCQI_PRESET,
        actor=lead,
        publish=True,
    )
    programme = programme_create(organisation=world.organisation, name="Wards", edition=edition, rule=rule, actor=lead)
    for side, assessor in ((world.own, people.ben), (world.other, people.amara)):
        side.review = review_register(programme=programme, unit=side.unit, actor=lead)
        accreditation_team_member_add(review=side.review, person=assessor, actor=lead)


def build() -> SimpleNamespace:
    """Both trusts. The matrix signs in as the first trust's users."""
    home = build_trust("Riverside and Marsh NHS Foundation Trust", "riverside.example.org")
    away = build_trust("Estuary NHS Foundation Trust", "estuary.example.org")
    return SimpleNamespace(home=home, away=away, sides={"own": home.own, "other": home.other, "other_trust": away.own})


__all__ = ["build"]
