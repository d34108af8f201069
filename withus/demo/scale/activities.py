"""A scale trust's opportunities, committees, recruitment panels, courses and enrolments, accreditation reviews
and outbox messages. Parts still being built elsewhere (stories, ideas, support, reports, API tokens) add their
own function here and one line in `withus.demo.scale.build_trust`, in the same bulk style."""

from __future__ import annotations

import datetime

from withus.accreditation.models import Edition, Programme, Review, ReviewStatusChange, ScoringRule, StandardSet
from withus.accreditation.scoring import CCQI_PRESET
from withus.demo.scale.common import Skewed, TrustWorld, new_id
from withus.governance.models import Committee, Meeting, PanelMember, PanelStatusChange, Vacancy
from withus.learning.models import Cohort, Course, Enrolment, EnrolmentChange
from withus.notifications.models import Message, MessageStatusChange
from withus.opportunities.models import ExpressionOfInterest, Opportunity, Session

PANEL_BANDS = ["3", "4", "5", "5", "6", "6", "7", "8a"]
JOBS = ["Staff Nurse", "Healthcare Assistant", "Peer Support Worker", "Occupational Therapist", "Ward Manager"]
PATHS = {
    "registered": ["registered"],
    "self_review": ["registered", "self_review"],
    "visit": ["registered", "self_review", "visit"],
    "panel": ["registered", "self_review", "visit", "panel"],
}


def opportunities(world: TrustWorld) -> None:
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    units, people = Skewed(world.units), Skewed(world.people, exponent=0.8)
    kinds = Skewed(world.kinds, exponent=0.8)
    for number in range(world.sizes.opportunities):
        closes = world.today + datetime.timedelta(days=rng.randint(-700, 60))
        status = "open" if rng.random() < 0.9 else rng.choice(["requested", "cancelled"])
        opportunity = add(
            Opportunity(
                id=new_id(rng),
                organisation=trust,
                kind=kinds.pick(rng),
                unit=units.pick(rng),
                title=f"Help us improve: session {number + 1}",
                description="Bulk-loaded scale data.",
                place="Trust headquarters, meeting room 2",
                places=rng.choice([1, 2, 3, 4, 6, 8]),
                closes_on=closes,
                status=status,
                organiser=rng.choice(world.staff),
                approved_by=rng.choice(world.staff) if status != "requested" else None,
                cancelled_reason="Bulk-loaded scale data" if status == "cancelled" else "",
                cancelled_by=rng.choice(world.staff) if status == "cancelled" else None,
                cancelled_at=world.now if status == "cancelled" else None,
            )
        )
        starts = datetime.datetime.combine(closes + datetime.timedelta(days=7), datetime.time(10), world.now.tzinfo)
        add(
            Session(
                organisation=trust,
                opportunity=opportunity,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
            )
        )
        place = 0
        for person in {people.pick(rng) for _ in range(rng.randint(0, 8))}:
            selected = place < opportunity.places and rng.random() < 0.5
            place += selected
            add(
                ExpressionOfInterest(
                    organisation=trust,
                    opportunity=opportunity,
                    person=person,
                    status="selected" if selected else "interested",
                    place_number=place if selected else None,
                )
            )
    world.inserter.flush()


def committees_and_panels(world: TrustWorld) -> None:
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    existing = set(Committee.objects.filter(organisation=trust).values_list("name", flat=True))
    for number in range(max(3, world.sizes.panels // 20)):
        name = f"Service user and carer forum {number + 1}"
        if name in existing:
            continue
        committee = add(Committee(organisation=trust, name=name, kind="steering_group", position=100 + number))
        for month in range(1, 13):
            held = world.today - datetime.timedelta(days=30 * month)
            add(
                Meeting(
                    organisation=trust, committee=committee, held_on=held, papers_on=held - datetime.timedelta(days=7)
                )
            )
    units = Skewed(world.units)
    for number in range(world.sizes.panels):
        status = rng.choice(["setting_up", "scoring", "decided", "decided", "decided"])
        manager = rng.choice(world.staff)
        vacancy = add(
            Vacancy(
                id=new_id(rng),
                organisation=trust,
                unit=units.pick(rng),
                job_title=f"{rng.choice(JOBS)} ({number + 1})",
                band=rng.choice(PANEL_BANDS),
                closing_date=world.days_ago(rng.randint(-30, 700)),
                recruiting_manager=manager,
                status=status,
            )
        )
        previous = ""
        for step in ["setting_up", "scoring", "decided"][: ["setting_up", "scoring", "decided"].index(status) + 1]:
            add(
                PanelStatusChange(
                    organisation=trust, vacancy=vacancy, from_status=previous, to_status=step, changed_by=manager
                )
            )
            previous = step
        add(PanelMember(organisation=trust, vacancy=vacancy, user=manager, kind="staff", is_chair=True))
    world.inserter.flush()


def learning(world: TrustWorld) -> None:
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    courses = list(Course.objects.filter(organisation=trust).order_by("position", "code"))
    if not courses:
        courses = Course.objects.bulk_create(
            [
                Course(organisation=trust, code=code, name=name, kind=kind, position=position)
                for position, (code, name, kind) in enumerate(
                    [
                        ("QI-101", "Quality improvement: the basics", "pathway"),
                        ("PANEL", "Sitting on an interview panel", "role"),
                        ("CO-DEL", "Co-delivering staff training", "staff"),
                    ]
                )
            ]
        )
    cohorts, remaining = [], world.sizes.enrolments
    while remaining > 0:
        capacity = rng.choice([8, 12, 16, 20, 30])
        cohort = add(
            Cohort(
                id=new_id(rng),
                organisation=trust,
                course=rng.choice(courses),
                name=f"Cohort {len(cohorts) + 1}",
                capacity=capacity,
                starts_at=world.moment(rng.randint(-60, 700)),
                created_by=rng.choice(world.staff),
            )
        )
        cohorts.append((cohort, capacity))
        remaining -= capacity
    people = Skewed(world.people, exponent=0.5)
    made = 0
    for cohort, capacity in cohorts:
        for place, person in enumerate(
            {people.pick(rng) for _ in range(min(capacity + 3, world.sizes.enrolments - made))}
        ):
            status = "enrolled" if place < capacity else "waiting"
            enrolment = add(
                Enrolment(
                    organisation=trust,
                    cohort=cohort,
                    person=person,
                    status=status,
                    waiting_since=world.now if status == "waiting" else None,
                )
            )
            add(EnrolmentChange(organisation=trust, enrolment=enrolment, status=status, changed_by=cohort.created_by))
            made += 1
    world.inserter.flush()


def reviews(world: TrustWorld) -> None:
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    programme = Programme.objects.filter(organisation=trust).order_by("name").first()
    if programme is None:
        standard_set = StandardSet.objects.create(organisation=trust, name="Scale standards", applies_to="Wards")
        edition = Edition.objects.create(organisation=trust, standard_set=standard_set, number=1, status="published")
        rule = ScoringRule.objects.create(
            organisation=trust, name="CCQI thresholds", kind="thresholds", parameters=CCQI_PRESET, is_published=True
        )
        programme = Programme.objects.create(organisation=trust, name="Ward accreditation", edition=edition, rule=rule)
    reviewed = set(Review.objects.filter(programme=programme).values_list("unit_id", flat=True))
    units = [unit for unit in world.units if unit.pk not in reviewed][: world.sizes.reviews]
    for unit in units:
        status = rng.choice(list(PATHS))
        review = add(
            Review(organisation=trust, programme=programme, unit=unit, edition_id=programme.edition_id, status=status)
        )
        previous = ""
        for step in PATHS[status]:
            add(ReviewStatusChange(review=review, from_status=previous, to_status=step))
            previous = step
    world.inserter.flush()


def outbox(world: TrustWorld) -> None:
    """The outbox as a busy trust has it: mostly delivered, a queue waiting, some failed and some for staff."""
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    people = Skewed(world.people, exponent=0.8)
    statuses = ["delivered"] * 14 + ["sent"] * 3 + ["queued"] * 2 + ["failed", "for_staff"]
    for number in range(world.sizes.messages):
        person = people.pick(rng)
        status = rng.choice(statuses)
        channel = rng.choice(["email"] * 6 + ["sms"] * 3 + ["letter"])
        message = add(
            Message(
                id=new_id(rng),
                organisation=trust,
                person=person,
                channel=channel,
                kind=rng.choice(["opportunities", "reminders", "payments", "outcomes", "essential"]),
                template="scale",
                subject="A new opportunity you may like",
                body="Bulk-loaded scale data.",
                to_address=person.email if channel == "email" else person.phone,
                idempotency_key=f"scale:{trust.pk.hex}:{number}",
                status=status,
                attempts=0 if status == "queued" else 1,
                sent_at=None if status in {"queued", "failed", "for_staff"} else world.moment(rng.randint(0, 700)),
            )
        )
        add(MessageStatusChange(message=message, status="queued"))
        if status != "queued":
            add(MessageStatusChange(message=message, status=status))
    world.inserter.flush()
