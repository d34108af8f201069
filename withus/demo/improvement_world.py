"""The demo trust's QI projects: Willow Ward's racist-incidents project and about 30 others across the trust.

Idempotent (a project already there is left alone) and deterministic (its own random stream, dates counted
back from the Monday of the current week).
"""

import datetime
import random

from django.utils import timezone

from withus.improvement.models import (
    ActDecision,
    Annotation,
    Consultation,
    ConsultationKind,
    DataPoint,
    DriverNode,
    LadderRung,
    Measure,
    NodeKind,
    PdsaCycle,
    Project,
    ProjectStatus,
    ProjectUnit,
    Recalculation,
    Stage,
    StageChange,
    TeamMember,
    TeamRole,
)
from withus.improvement.services.measures import measure_refresh_summary
from withus.people.models import MembershipStatus, Person, PersonKind

RACISM_TITLE = "Reducing racist incidents on Willow Ward"
WEEKS = 80
CHANGE_WEEK = 40
NEW_PHASE_WEEK = CHANGE_WEEK + 12  # new limits once the changes were all in place (the last 28 weeks)

OTHER_PROJECTS = [
    ("Fewer falls on Birch Ward", "BIRCH", "Falls per 1,000 occupied bed-days", "down"),
    (
        "Physical health checks for people on Hawthorn House",
        "HAWTHORN",
        "People with a health check this month (%)",
        "up",
    ),
    (
        "Shorter waits for a first appointment at Riverside CMHT North",
        "CMHT-N",
        "Median days to first appointment",
        "down",
    ),
    (
        "Carers welcomed at the first meeting in Riverside CMHT South",
        "CMHT-S",
        "First meetings with a carer invited",
        "up",
    ),
    ("Same-day crisis assessments", "CRISIS", "Assessments within 24 hours (%)", "up"),
    ("Early Intervention: keeping people in work or study", "EIP", "People in work or study", "up"),
    ("Reducing restraint on Cedar Ward", "CEDAR", "Restraint incidents per week", "down"),
    ("Pressure ulcers in Marsh District Nursing", "DN", "New pressure ulcers per month", "down"),
    ("Missed visits in Marsh District Nursing", "DN", "Missed visits per week", "down"),
    ("Therapy goals set with children and families", "CHILD-TH", "Goals set together (%)", "up"),
    ("Perinatal: seen within two weeks of referral", "PERINATAL", "Seen within two weeks (%)", "up"),
    ("Eating Disorders: fewer missed first appointments", "EDS", "Missed first appointments per month", "down"),
    ("Welcoming new admissions on Willow Ward", "WILLOW", "Admissions with a welcome pack on day one (%)", "up"),
    ("Ward rounds that service users lead", "CEDAR", "Ward rounds where the person spoke first (%)", "up"),
    ("Medication explained in plain English", "BIRCH", "People who understood their medicines (%)", "up"),
    ("Discharge letters sent within 24 hours", "HAWTHORN", "Letters sent within 24 hours (%)", "up"),
    ("Activities every evening on Hawthorn House", "HAWTHORN", "Evenings with an activity per week", "up"),
    ("Peer support in the Crisis Resolution Team", "CRISIS", "Contacts with a peer supporter per week", "up"),
    ("Reducing did-not-attend in Riverside CMHT North", "CMHT-N", "Did-not-attend rate (%)", "down"),
    ("Care plans written with service users", "CMHT-S", "Care plans signed by the person (%)", "up"),
    ("Smoke-free wards with support to quit", "WILLOW", "People offered support to stop smoking (%)", "up"),
    ("Safer insulin at home", "DN", "Insulin errors per month", "down"),
    ("Family meals on the Eating Disorders Service", "EDS", "Family meals held per week", "up"),
    (
        "Interpreters booked for every first appointment",
        "PERINATAL",
        "First appointments with an interpreter booked (%)",
        "up",
    ),
    ("Sleep without night-time checks waking people", "BIRCH", "Nights with unbroken sleep per week", "up"),
    ("Transition from children's to adult services", "CHILD-TH", "Young people with a transition plan at 17 (%)", "up"),
    ("Reducing waiting lists for addictions treatment", "ADDICT", "People waiting more than four weeks", "down"),
    ("Rehabilitation goals that matter to people", "MCH-REHAB", "Goals chosen by the person (%)", "up"),
    ("Fewer readmissions within 30 days", "RMH-ACUTE", "Readmissions within 30 days per month", "down"),
    ("Welcoming carers onto the wards", "RMH-OLDER", "Carers offered a carer's assessment (%)", "up"),
]


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _first_of_month(day: datetime.date, months_back: int) -> datetime.date:
    months = day.year * 12 + (day.month - 1) - months_back
    return datetime.date(months // 12, months % 12 + 1, 1)


def _person(trust, full_name: str) -> Person | None:
    return Person.objects.filter(organisation=trust, full_name=full_name).first()


def _pool(trust, kinds) -> list[Person]:
    return list(
        Person.objects.filter(organisation=trust, kind__in=kinds)
        .exclude(status__in=[MembershipStatus.LEFT, MembershipStatus.ENQUIRY])
        .order_by("full_name")
    )


def build_improvement_world(*, trust, units: dict, seed: int = 4004) -> int:
    """Add the demo's QI projects. Returns how many projects were added this time."""
    rng = random.Random(seed)
    today = timezone.localdate()
    this_monday = _monday(today)
    staff = _pool(trust, [PersonKind.STAFF])
    participants = _pool(trust, [PersonKind.SERVICE_USER, PersonKind.CARER])
    if not staff or not participants:
        return 0
    created = 0
    if not Project.objects.filter(organisation=trust, title=RACISM_TITLE).exists():
        _racism_project(trust, units, this_monday, staff, participants, rng)
        created += 1
    for index, (title, unit_code, measure_name, direction) in enumerate(OTHER_PROJECTS):
        project_rng = random.Random(seed * 1000 + index)
        if unit_code not in units or Project.objects.filter(organisation=trust, title=title).exists():
            continue
        _other_project(trust, units[unit_code], title, measure_name, direction, today, staff, participants, project_rng)
        created += 1
    return created


def _racism_project(trust, units, this_monday, staff, participants, rng) -> Project:
    start = this_monday - datetime.timedelta(weeks=WEEKS + 2)
    amara = _person(trust, "Amara Bello")
    ellen = _person(trust, "Ellen Park") or staff[0]
    others = [person for person in participants if person.kind == PersonKind.SERVICE_USER and person != amara]
    second = others[0] if others else participants[0]
    project = Project.objects.create(
        organisation=trust,
        title=RACISM_TITLE,
        problem=(
            "Service users and staff on Willow Ward told us that racist remarks and abuse happened often, were "
            "rarely reported and were not challenged. People from Black and minority ethnic communities said they "
            "did not feel safe on the ward."
        ),
        aim="Reduce racist incidents on Willow Ward by 75% within 18 months of starting to test changes.",
        start_date=start,
        approved_on=start + datetime.timedelta(weeks=3),
        status=ProjectStatus.ACTIVE,
        stage=Stage.S45,
        initiated_by=amara,
        ladder_rung=LadderRung.CO_PRODUCTION,
        ladder_justification=(
            "Service users on the ward proposed the project, chose the change ideas with staff, and lead the "
            "community meetings and the peer-support role."
        ),
        participants_can_contribute=True,
    )
    ProjectUnit.objects.create(project=project, unit=units["WILLOW"])
    for weeks, stage in (
        (0, Stage.S10),
        (4, Stage.S15),
        (20, Stage.S20),
        (44, Stage.S25),
        (56, Stage.S35),
        (70, Stage.S45),
    ):
        StageChange.objects.create(
            organisation=trust,
            project=project,
            stage=stage,
            changed_on=start + datetime.timedelta(weeks=weeks),
            note="Agreed at the QI forum",
        )
    team = [(ellen, TeamRole.LEAD, 0), (second, TeamRole.MEMBER, 2)]
    if amara:
        team.insert(1, (amara, TeamRole.MEMBER, 0))
    spare_staff = [person for person in staff if person != ellen]
    for person, role in zip(spare_staff[:3], (TeamRole.CO_LEAD, TeamRole.COACH, TeamRole.SPONSOR), strict=False):
        team.append((person, role, 1))
    for person, role, weeks in team:
        TeamMember.objects.create(
            organisation=trust,
            project=project,
            person=person,
            role=role,
            joined_on=start + datetime.timedelta(weeks=weeks),
        )
    Consultation.objects.create(
        organisation=trust,
        project=project,
        kind=ConsultationKind.WORKING_TOGETHER,
        held_on=start + datetime.timedelta(weeks=5),
        people_count=14,
        note="The Working Together group asked for service users to lead the community meetings.",
    )

    def node(kind, name, parent=None, position=0):
        return DriverNode.objects.create(
            organisation=trust, project=project, kind=kind, name=name, parent=parent, position=position
        )

    culture = node(NodeKind.PRIMARY, "A ward culture where racism is named and challenged", position=0)
    safety = node(NodeKind.PRIMARY, "Service users feel safe to speak up and report", position=1)
    staff_driver = node(NodeKind.PRIMARY, "Staff confident to respond", position=2)
    expectations = node(NodeKind.SECONDARY, "Shared expectations of behaviour", culture, 0)
    voices = node(NodeKind.SECONDARY, "Service users' voices heard every week", safety, 0)
    agreement = node(NodeKind.CHANGE_IDEA, "A ward agreement co-produced with service users", expectations, 0)
    call_it_out = node(NodeKind.CHANGE_IDEA, "A “call it out” peer-support role", voices, 0)
    meetings = node(NodeKind.CHANGE_IDEA, "Community meetings led by service users", voices, 1)
    reporting = node(NodeKind.CHANGE_IDEA, "Reporting made easy, on paper or a tablet", safety, 1)
    training = node(NodeKind.CHANGE_IDEA, "Training for staff co-delivered by service users", staff_driver, 0)
    cycles = [
        (agreement, "Draft the ward agreement with five service users", CHANGE_WEEK, ActDecision.ADAPT),
        (agreement, "Agreement read out at every admission", CHANGE_WEEK + 4, ActDecision.ADAPT),
        (agreement, "Agreement on the wall in four languages", CHANGE_WEEK + 8, ActDecision.ADOPT),
        (call_it_out, "One peer supporter on Tuesday and Thursday shifts", CHANGE_WEEK + 6, ActDecision.ADAPT),
        (call_it_out, "Peer supporters on every day shift", CHANGE_WEEK + 12, ActDecision.ADOPT),
        (meetings, "First community meeting chaired by a service user", CHANGE_WEEK + 10, ActDecision.ADOPT),
        (reporting, "Paper reporting cards in the lounge", CHANGE_WEEK + 2, ActDecision.ABANDON),
        (training, "One training session for the night staff", CHANGE_WEEK + 16, ActDecision.ADOPT),
    ]
    for idea, title, weeks, act in cycles:
        starts = start + datetime.timedelta(weeks=weeks + 2)
        PdsaCycle.objects.create(
            organisation=trust,
            project=project,
            change_idea=idea,
            title=title,
            question=f"Will “{idea.name.lower()}” make racism easier to name and challenge on the ward?",
            prediction="Fewer incidents in the weeks after, and more reports of those that happen.",
            plan="Ward manager and two service users; for two weeks; on Willow Ward.",
            data_to_collect="Incidents each week; what people say in the community meeting.",
            starts_on=starts,
            do_notes="Went ahead as planned; the service users on the team led it.",
            study_notes="Incidents were lower than predicted; staff said they felt more confident.",
            act=act,
            ends_on=starts + datetime.timedelta(weeks=2),
        )
    incidents = Measure.objects.create(
        organisation=trust,
        project=project,
        name="Racist incidents each week",
        kind="outcome",
        definition=(
            "Incidents on Willow Ward recorded in the incident reporting system with the category 'racist abuse', "
            "counted by the week (Monday to Sunday) in which they happened."
        ),
        unit_label="incidents",
        frequency="weekly",
        chart="c",
        preset="mdc",
        direction="down",
        target=2,
        position=0,
    )
    incidents.change_ideas.set([agreement, call_it_out, meetings, reporting, training])
    first_week = this_monday - datetime.timedelta(weeks=WEEKS)
    values = []
    for week in range(WEEKS):
        if week < CHANGE_WEEK:
            mean = 6.5
        elif week < CHANGE_WEEK + 12:
            mean = 6.5 - (week - CHANGE_WEEK) * 0.45
        else:
            mean = 0.5
        values.append(max(0, round(rng.gauss(mean, max(0.6, mean**0.5)))))
    values[-10:] = [min(value, 1) for value in values[-10:]]
    _points(trust, incidents, first_week, values, weeks=True)
    _incidents_phases(trust, incidents, first_week)
    meetings_measure = Measure.objects.create(
        organisation=trust,
        project=project,
        name="Community meetings led by service users",
        kind="process",
        definition="Community meetings on Willow Ward chaired by a service user, counted each week.",
        unit_label="meetings",
        frequency="weekly",
        chart="run",
        preset="mdc",
        direction="up",
        position=1,
    )
    meetings_measure.change_ideas.set([meetings])
    meeting_values = [0 if week < CHANGE_WEEK + 10 else rng.choice([1, 1, 2, 2, 2]) for week in range(WEEKS)]
    _points(trust, meetings_measure, first_week, meeting_values, weeks=True)
    restraint = Measure.objects.create(
        organisation=trust,
        project=project,
        name="Restraint incidents each week",
        kind="balancing",
        definition="Incidents involving restraint on Willow Ward, counted each week, to check nothing got worse.",
        unit_label="incidents",
        frequency="weekly",
        chart="c",
        preset="mdc",
        direction="down",
        position=2,
    )
    _points(trust, restraint, first_week, [max(0, round(rng.gauss(3, 1.5))) for _ in range(WEEKS)], weeks=True)
    for measure in (incidents, meetings_measure, restraint):
        measure_refresh_summary(measure=measure)
    return project


def _incidents_phases(trust, incidents, first_week) -> None:
    """Told the way an NHS analyst would: limits frozen on the 40 weeks before the changes, then worked out again
    once the fall had lasted (a shift below the baseline through the 12 weeks of PDSA ramps)."""
    incidents.baseline_name = "Before the changes"
    incidents.baseline_reason = "The 40 weeks before the team tested its first change"
    incidents.baseline_until = first_week + datetime.timedelta(weeks=CHANGE_WEEK - 1)
    incidents.save(update_fields=["baseline_name", "baseline_reason", "baseline_until"])
    Recalculation.objects.create(
        organisation=trust,
        measure=incidents,
        period=first_week + datetime.timedelta(weeks=NEW_PHASE_WEEK),
        name="After the changes",
        reason="Every week since the ward agreement and the peer supporters started has been below the baseline "
        "average: the fall has lasted",
    )
    Annotation.objects.create(
        organisation=trust,
        measure=incidents,
        on=first_week + datetime.timedelta(weeks=CHANGE_WEEK),
        text="Changes start",
    )


def _points(trust, measure, first, values, *, weeks: bool) -> None:
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                organisation=trust,
                measure=measure,
                period=first + datetime.timedelta(weeks=index) if weeks else _first_of_month(first, -index),
                value=value,
            )
            for index, value in enumerate(values)
        ]
    )


def _other_project(trust, unit, title, measure_name, direction, today, staff, participants, rng) -> Project:
    months_ago = rng.randint(3, 40)
    start = _first_of_month(today, months_ago) + datetime.timedelta(days=rng.randint(0, 20))
    status = ProjectStatus.ACTIVE
    ended_on = None
    if months_ago > 18 and rng.random() < 0.35:
        status = rng.choice([ProjectStatus.COMPLETED, ProjectStatus.COMPLETED, ProjectStatus.STOPPED])
        ended_on = min(today, start + datetime.timedelta(days=rng.randint(300, 500)))
    stages = list(Stage)
    stage = stages[min(len(stages) - 1, rng.randint(0, max(1, months_ago // 4)))]
    involvement = rng.choices(["big", "little", "none"], weights=[5, 3, 2])[0]
    project = Project.objects.create(
        organisation=trust,
        title=title,
        problem=f"People using {unit.name} told us this needs to get better, and the numbers agree.",
        aim=f"{measure_name}: a clear improvement within 12 months.",
        start_date=start,
        approved_on=start + datetime.timedelta(days=21) if rng.random() < 0.7 else None,
        status=status,
        ended_on=ended_on,
        stage=stage,
        ladder_rung=rng.choice([LadderRung.ENGAGEMENT, LadderRung.CO_DESIGN, LadderRung.CO_PRODUCTION])
        if involvement == "big"
        else (LadderRung.CONSULTATION if involvement == "little" else None),
        ladder_justification="Assessed with the team at the QI forum." if involvement != "none" else "",
        participants_can_contribute=involvement == "big" and rng.random() < 0.5,
        initiated_by=rng.choice(participants) if involvement == "big" and rng.random() < 0.3 else None,
    )
    ProjectUnit.objects.create(project=project, unit=unit)
    StageChange.objects.create(organisation=trust, project=project, stage=stage, changed_on=start, note="Recorded")
    TeamMember.objects.create(
        organisation=trust, project=project, person=rng.choice(staff), role=TeamRole.LEAD, joined_on=start
    )
    if involvement == "big":
        for person in rng.sample(participants, k=min(len(participants), rng.randint(1, 2))):
            joined = start + datetime.timedelta(days=rng.randint(0, 200))
            TeamMember.objects.create(
                organisation=trust,
                project=project,
                person=person,
                role=TeamRole.MEMBER,
                joined_on=min(joined, today),
            )
    elif involvement == "little":
        Consultation.objects.create(
            organisation=trust,
            project=project,
            kind=rng.choice(list(ConsultationKind)),
            held_on=min(today, start + datetime.timedelta(days=rng.randint(10, 90))),
            people_count=rng.randint(4, 40),
        )
    primary = DriverNode.objects.create(
        organisation=trust, project=project, kind=NodeKind.PRIMARY, name="What people experience", position=0
    )
    idea = DriverNode.objects.create(
        organisation=trust,
        project=project,
        kind=NodeKind.CHANGE_IDEA,
        name="Ask people what would help",
        parent=primary,
    )
    monthly = rng.random() < 0.5
    measure = Measure.objects.create(
        organisation=trust,
        project=project,
        name=measure_name,
        kind="outcome",
        definition=f"{measure_name}, from the service's records.",
        unit_label="%" if "%" in measure_name else "",
        frequency="monthly" if monthly else "weekly",
        chart="xmr",
        preset="mdc",
        direction=direction,
        target=None if rng.random() < 0.4 else (90 if "%" in measure_name else 5),
        position=0,
    )
    measure.change_ideas.set([idea])
    count = rng.randint(14, 30) if monthly else rng.randint(20, 60)
    level = 60.0 if "%" in measure_name else 12.0
    improving = rng.random() < 0.6
    values = []
    for index in range(count):
        drift = (index - count / 2) * (0.8 if improving else 0) * (1 if direction == "up" else -1)
        value = max(0.0, level + drift * (0.5 if "%" not in measure_name else 1) + rng.gauss(0, level * 0.08))
        values.append(round(min(value, 100.0) if "%" in measure_name else value, 1))
    first = _first_of_month(today, count) if monthly else _monday(today) - datetime.timedelta(weeks=count)
    _points(trust, measure, first, values, weeks=not monthly)
    PdsaCycle.objects.create(
        organisation=trust,
        project=project,
        change_idea=idea,
        title="Ask five people on one day",
        question="What would make the biggest difference?",
        prediction="People will name waiting and information.",
        starts_on=min(today, start + datetime.timedelta(days=30)),
    )
    measure_refresh_summary(measure=measure)
    return project
