"""The demo trust's learning pathway: past, current and future cohorts with enrolments, attendance, completions,
certificates and a waiting list; staff training co-delivered by service users, with evaluations; and role
trainings that gate opportunities. Idempotent and deterministic.

Amara has completed the introduction and QI Fundamentals and is on the current Improvement Leaders Programme;
she is a trained recruitment panel member. Chen has done nothing yet.
"""

import datetime

from django.utils import timezone

from withus.accounts.models import User
from withus.involvement.models import InvolvementKind
from withus.learning.models import (
    Cohort,
    Completion,
    CompletionHow,
    Course,
    CourseCode,
    CourseKind,
    Enrolment,
    EnrolmentChange,
    EnrolmentStatus,
    Evaluation,
    OpenTo,
)
from withus.learning.services.attendance import attendance_record
from withus.learning.services.cohorts import cohort_create
from withus.learning.services.courses import completion_record, courses_ensure_defaults, courses_for_kind
from withus.learning.services.enrolment import enrolment_request
from withus.opportunities.models import ExpressionOfInterest, Opportunity, OpportunityStatus, Session
from withus.organisations.models import Unit
from withus.people.models import MembershipStatus, Person, PersonKind

LEAD_EMAIL = "lead@demo.withus.local"
STAFF_COURSE_CODE = "care-planning-together"
GATED_KINDS = ("interview-panel", "accreditation")
COMMENTS = [
    "Hearing it from someone who has been on the ward changed how I write care plans.",
    "Really useful. The co-facilitators made it real.",
    "Good session; a bit rushed at the end.",
    "I will ask people what matters to them first from now on.",
    "",
]


def _when(today: datetime.date, days: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        today + datetime.timedelta(days=days), datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _sessions(today, first_day: int, count: int, *, every_days: int = 28, hours: int = 3):
    return [
        (_when(today, first_day + number * every_days), _when(today, first_day + number * every_days, 10 + hours))
        for number in range(count)
    ]


def _enrol_directly(cohort: Cohort, people: list[Person], actor: User | None) -> None:
    """Demo history only: places on cohorts that began in the past (booking refuses those, rightly)."""
    for person in people:
        if Enrolment.objects.filter(cohort=cohort, person=person).exists():
            continue
        enrolment = Enrolment.objects.create(
            organisation_id=cohort.organisation_id, cohort=cohort, person=person, status=EnrolmentStatus.ENROLLED
        )
        EnrolmentChange.objects.create(
            organisation_id=cohort.organisation_id,
            enrolment=enrolment,
            status=EnrolmentStatus.ENROLLED,
            changed_by=actor,
        )


def _cohort(
    course,
    name,
    sessions,
    *,
    capacity,
    facilitators=(),
    place="Trust headquarters, training room 1",
    online=False,
    actor=None,
):
    existing = Cohort.objects.filter(course=course, name=name).first()
    if existing is not None:
        return existing, False
    cohort = cohort_create(
        course=course,
        values={
            "name": name,
            "place": "" if online else place,
            "is_online": online,
            "capacity": capacity,
            "required_sessions": None,
        },
        sessions=sessions,
        facilitators=[person for person in facilitators if person is not None],
        actor=actor,
    )
    return cohort, True


def _attend(cohort: Cohort, people: list[Person], actor, *, missed=(), until=None) -> None:
    """Record attendance for the cohort's sessions that have started (up to `until` sessions)."""
    now = timezone.now()
    sessions = [session for session in cohort.sessions.all() if session.starts_at <= now]
    for session in sessions[:until]:
        attendance_record(
            session=session,
            attended={str(person.pk): person not in missed for person in people},
            actor=actor,
        )


def _past_run(
    course,
    name,
    first_day,
    people,
    today,
    actor,
    *,
    count=1,
    every_days=28,
    hours=3,
    facilitators=(),
    missed=(),
    capacity=16,
):
    """A finished cohort: everyone enrolled, attendance recorded, completions and certificates made."""
    people = list(dict.fromkeys(person for person in people if person is not None))
    cohort, created = _cohort(
        course,
        name,
        _sessions(today, first_day, count, every_days=every_days, hours=hours),
        capacity=max(capacity, len(people)),
        facilitators=facilitators,
        actor=actor,
    )
    if created:
        already = set(Completion.objects.filter(course=course).values_list("person_id", flat=True))
        people = [person for person in people if person.pk not in already]
        _enrol_directly(cohort, people, actor)
        _attend(cohort, people, actor, missed=missed)
    return cohort


def _current_wave(ilp, today, lead, people, facilitators, missed) -> None:
    """The wave of the Improvement Leaders Programme running now: Amara is on it, with staff."""
    wave, created = _cohort(
        ilp,
        "Improvement Leaders Programme: wave 2",
        _sessions(today, -70, 6, hours=6),
        capacity=20,
        facilitators=facilitators,
        actor=lead,
    )
    if created:
        people = [person for person in people if person is not None]
        _enrol_directly(wave, people, lead)
        _attend(wave, people, lead, missed=missed)


def _trained_responders(trust, kind_code: str, *, exclude) -> list[Person]:
    """The people who offered for panels (or accreditation visits) are mostly trained for them: everyone but
    one on each opportunity with enough people to spare, whom the selection page shows as needing training."""
    trained, untrained = set(), set()
    for opportunity in Opportunity.objects.filter(organisation=trust, kind__code=kind_code).order_by("title"):
        responders = [
            response.person
            for response in ExpressionOfInterest.objects.filter(opportunity=opportunity)
            .select_related("person")
            .order_by("person__full_name")
            if response.person not in exclude
        ]
        if len(responders) - 1 >= opportunity.places and responders[-1].full_name != "Amara Bello":
            untrained.add(responders.pop())
        trained.update(responders)
    return sorted(trained - untrained, key=lambda person: person.full_name)


def build_learning(*, trust) -> dict:
    """Add the demo's learning pathway. Running it again adds nothing already there."""
    today = timezone.localdate()
    lead = User.objects.filter(email=LEAD_EMAIL).first()
    courses = courses_ensure_defaults(organisation=trust)
    staff_course, _ = Course.objects.get_or_create(
        organisation=trust,
        code=STAFF_COURSE_CODE,
        defaults={
            "name": "Planning care together: what service users want you to know",
            "kind": CourseKind.STAFF,
            "open_to": OpenTo.STAFF,
            "duration": "Half a day",
            "learning_outcomes": "What service users and carers want from planning their care\n"
            "How to plan care together, not for someone",
            "summary": "For staff of every discipline, co-delivered by service users and carers who have lived "
            "experience of care planning.",
            "position": 20,
        },
    )
    active = [MembershipStatus.ACTIVE, MembershipStatus.WELCOME]
    people = list(Person.objects.filter(organisation=trust, status__in=active).order_by("full_name"))
    named = {person.full_name: person for person in Person.objects.filter(organisation=trust)}
    amara, ben, ellen = named.get("Amara Bello"), named.get("Ben Hughes"), named.get("Ellen Park")
    chen = named.get("Chen Li")
    participants = [
        person
        for person in people
        if person.kind in (PersonKind.SERVICE_USER, PersonKind.CARER) and person not in (amara, ben, chen)
    ]
    staff = [person for person in people if person.kind == PersonKind.STAFF and person != ellen]
    group = lambda start, size: participants[start : start + size]  # noqa: E731 - a slice of the register

    intro, fundamentals = courses[CourseCode.INTRO_QI], courses[CourseCode.QI_FUNDAMENTALS]
    ilp, coach = courses[CourseCode.IMPROVEMENT_LEADERS], courses[CourseCode.QI_COACH]
    panel, co_delivering = courses[CourseCode.RECRUITMENT_PANEL], courses[CourseCode.CO_DELIVERING]
    assessor = courses[CourseCode.ACCREDITATION_ASSESSOR]
    panel_people = _trained_responders(trust, "interview-panel", exclude=[chen])
    assessor_people = _trained_responders(trust, "accreditation", exclude=[chen])
    qi_staff = staff[:1] or ([ellen] if ellen else [])
    coaches = group(0, 2)
    trainer = staff[4:5] or qi_staff
    # (course, cohort, first session in days from today, who came, options) — finished cohorts.
    finished = [
        # The introduction: Amara's own cohort long ago, then one most quarters.
        (intro, "Introduction to QI: spring 2025", -600, [amara, *group(0, 6)], {"facilitators": qi_staff}),
        (intro, "Introduction to QI: February 2026", -290, [ben, *group(6, 6)], {"missed": group(11, 1)}),
        (intro, "Introduction to QI: June 2026", -165, group(12, 5), {"facilitators": [*qi_staff, *coaches]}),
        (intro, "Introduction to QI: October 2026", -45, group(17, 6), {"missed": group(22, 1)}),
        # QI Fundamentals: Amara's cohort, and two more.
        (fundamentals, "QI Fundamentals: autumn 2025", -420, [amara, *group(0, 4)], {"hours": 6}),
        (fundamentals, "QI Fundamentals: May 2026", -200, group(6, 3), {"hours": 6}),
        (fundamentals, "QI Fundamentals: September 2026", -62, group(12, 3), {"hours": 6}),
        # The first wave of the Improvement Leaders Programme, mixing service users and staff.
        (ilp, "Improvement Leaders Programme: wave 1", -390, [*group(0, 3), *staff[1:3]], {"count": 6, "hours": 6}),
        # Role trainings: recruitment panel (in date for Amara and others, lapsed for one), co-delivering.
        (panel, "Recruitment panel member training: March 2025", -610, [amara, *group(2, 2), *panel_people], {}),
        (assessor, "Accreditation assessor training: May 2025", -560, assessor_people, {}),
        (panel, "Recruitment panel member training: June 2023", -1250, group(14, 1), {}),
        (panel, "Recruitment panel member training: August 2026", -100, group(16, 2), {}),
        (co_delivering, "Co-delivering staff training: spring 2026", -230, [*coaches, *group(4, 1)], {}),
    ]
    for course, name, first_day, who, options in finished:
        options.setdefault("facilitators", [*qi_staff, *coaches] if course.kind == CourseKind.PATHWAY else trainer)
        _past_run(course, name, first_day, who, today, lead, **options)
    # Cohorts coming up: the introduction with room for Chen, a full Fundamentals day with a waiting list.
    upcoming = [
        (intro, "Introduction to QI: January 2027", 48, 12, group(23, 3), {}),
        (fundamentals, "QI Fundamentals: February 2027", 75, 2, [*group(17, 2), *group(19, 2)], {"hours": 6}),
        (panel, "Recruitment panel member training: March 2027", 100, 10, [], {}),
        (ilp, "Improvement Leaders Programme: wave 3", 130, 24, group(12, 2), {"hours": 6}),
    ]
    for course, name, first_day, capacity, who, options in upcoming:
        cohort, created = _cohort(
            course,
            name,
            _sessions(today, first_day, 1, **options),
            capacity=capacity,
            facilitators=[*qi_staff, *coaches] if course.kind == CourseKind.PATHWAY else trainer,
            actor=lead,
        )
        for person in who if created else []:
            enrolment_request(cohort=cohort, person=person, actor=lead)
    _current_wave(ilp, today, lead, [amara, *group(6, 2), ellen, *staff[3:4]], [*qi_staff, *coaches], group(7, 1))
    # One wave-1 graduate went on to become a QI coach; the others are still waiting for that step.
    for person in group(0, 1):
        if not Completion.objects.filter(person=person, course=coach).exists():
            completion_record(
                person=person,
                course=coach,
                completed_on=today - datetime.timedelta(days=100),
                how=CompletionHow.MARKED,
                reason="Coached two project teams with the QI team",
                actor=lead,
            )

    # Staff training co-delivered by service users, with evaluations from the staff who came.
    co_facilitators = [*coaches, *group(4, 1)]
    attendees = [person for person in [ellen, *staff] if person is not None][:6]
    staff_run = _past_run(
        staff_course,
        "Planning care together: October 2026",
        -35,
        attendees,
        today,
        lead,
        facilitators=[*staff[4:5], *co_facilitators],
        capacity=12,
    )
    session = staff_run.sessions.first()
    for number, person in enumerate(attendees):
        if session and not Evaluation.objects.filter(session=session, person=person).exists():
            Evaluation.objects.create(
                organisation=trust,
                session=session,
                person=person,
                rating=5 - number % 3,
                comment=COMMENTS[number % len(COMMENTS)],
            )
    _cohort(
        staff_course,
        "Planning care together: February 2027",
        _sessions(today, 80, 1),
        capacity=16,
        facilitators=[*staff[4:5], *co_facilitators],
        actor=lead,
    )

    # Panels and accreditation visits now require their training, held in date.
    required = 0
    for opportunity in Opportunity.objects.filter(
        organisation=trust, kind__code__in=GATED_KINDS, required_courses=None
    ).select_related("kind"):
        opportunity.required_courses.set(courses_for_kind(opportunity.kind))
        required += 1
    _qi_team_opportunity(trust, intro, today)
    return {"cohorts": Cohort.objects.filter(organisation=trust).count(), "opportunities_requiring": required}


QI_TEAM_TITLE = "Join the Willow Ward QI team: fewer restraints at night"
QI_TEAM_NOTES = [
    "I was restrained on a ward years ago and want to help stop it happening to others.",
    "",
    "I can come to daytime meetings only.",
]


def _qi_team_opportunity(trust, intro: Course, today: datetime.date) -> None:
    """An open opportunity needing Introduction to QI, with people who hold it and people who do not, so that
    Suggest fairly can be seen to offer places only to holders. Added once."""
    if Opportunity.objects.filter(organisation=trust, title=QI_TEAM_TITLE).exists():
        return
    kind = InvolvementKind.objects.get(organisation=trust, code="qi-team")
    zone = timezone.get_current_timezone()
    opportunity = Opportunity.objects.create(
        organisation=trust,
        kind=kind,
        unit=Unit.objects.get(organisation=trust, code="WILLOW"),
        title=QI_TEAM_TITLE,
        description="Work with ward staff to test changes that make restraint at night rarer, meeting monthly.",
        place="Willow Ward, meeting room 2",
        accessibility="Step-free access, a hearing loop and a quiet room are available.",
        pre_meeting_offered=True,
        required_training=intro.name,
        places=2,
        closes_on=today + datetime.timedelta(days=12),
        payment_description=kind.payment_description,
        status=OpportunityStatus.OPEN,
    )
    opportunity.required_courses.set([intro])
    first = today + datetime.timedelta(days=24)
    Session.objects.create(
        organisation=trust,
        opportunity=opportunity,
        starts_at=datetime.datetime.combine(first, datetime.time(14), tzinfo=zone),
        ends_at=datetime.datetime.combine(first, datetime.time(16), tzinfo=zone),
    )
    holders = Completion.objects.for_organisation(trust.pk).in_date(today).filter(course=intro).values("person_id")
    people = Person.objects.filter(
        organisation=trust, status=MembershipStatus.ACTIVE, kind__in=(PersonKind.SERVICE_USER, PersonKind.CARER)
    ).exclude(full_name__in=("Amara Bello", "Ben Hughes", "Chen Li"))
    chosen = [
        *people.filter(pk__in=holders).order_by("full_name")[:3],
        *people.exclude(pk__in=holders).order_by("full_name")[:2],
    ]
    for number, person in enumerate(chosen):
        ExpressionOfInterest.objects.create(
            organisation=trust,
            opportunity=opportunity,
            person=person,
            message=QI_TEAM_NOTES[number % len(QI_TEAM_NOTES)],
        )
