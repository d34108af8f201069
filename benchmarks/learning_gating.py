"""Benchmark the learning pathway at scale: training-gated fair selection, and the funnel.

Builds a fresh database (migrate, a trust, a ward, the standard kinds and courses), bulk-loads ``--people``
people who have all said they are interested in one interview panel that requires recruitment panel training,
with completions of the pathway and of panel training (some in date, some lapsed) and a cohort a fortnight
for two years with places taken. Then times, over ``--repeat`` runs after a warm-up: the fair-selection facts
with the training check (``candidates``), the selection page, the opportunity list a participant sees
(``eligible_for``), the funnel and the waiting list, and the funnel page. Not a test: copy the figures into
docs/benchmarks.md.

    python benchmarks/learning_gating.py [--people 5000] [--repeat 10]

The database comes from DATABASE_URL; without it, a fresh SQLite file under var/bench/. A PostgreSQL
database is dropped and created again each run, so its name must contain "bench":

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/withus_learning_bench python benchmarks/learning_gating.py
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import suggest_fairly as shared  # the same database set-up and timing helpers

SEED = 20_261_126
BATCH = 2_000
shared.DEFAULT_SQLITE = shared.REPO / "var" / "bench" / "learning_gating.sqlite3"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5_000, help="interested people (default 5,000)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs (default 10)")
    return parser.parse_args()


def load(people: int):
    from django.db import transaction
    from django.utils import timezone

    from withus.accounts.models import Role, RoleAssignment, User
    from withus.involvement.services import kinds_ensure_defaults
    from withus.learning.models import Cohort, Completion, CompletionHow, CourseCode, Enrolment, EnrolmentStatus
    from withus.learning.services.courses import courses_ensure_defaults
    from withus.opportunities.models import ExpressionOfInterest, Opportunity, Session
    from withus.organisations.models import UnitKind
    from withus.organisations.services import organisation_create, unit_create
    from withus.people.models import Person, PersonKind

    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        trust = organisation_create(name="Benchmark NHS Trust", short_name="Benchmark")
        ward = unit_create(organisation=trust, name="Willow Ward", code="WILLOW", kind=UnitKind.WARD, parent=None)
        kinds = {kind.code: kind for kind in kinds_ensure_defaults(organisation=trust)}
        courses = courses_ensure_defaults(organisation=trust)
        lead = User.objects.create_user("lead@bench.local", full_name="Lead", organisation=trust)
        RoleAssignment.objects.create(organisation=trust, user=lead, role=Role.PARTICIPATION_LEAD)
        target = Opportunity.objects.create(
            organisation=trust,
            kind=kinds["interview-panel"],
            unit=ward,
            title="Interview panel: ward manager",
            description="Sit on an interview panel.",
            place="Willow Ward",
            places=4,
            closes_on=today + datetime.timedelta(days=3),
        )
        target.required_courses.set([courses[CourseCode.RECRUITMENT_PANEL]])
        start = timezone.now() + datetime.timedelta(days=7)
        Session.objects.create(
            organisation=trust, opportunity=target, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
        )
        persons = [
            Person(
                id=uuid.UUID(int=rng.getrandbits(128)),
                organisation=trust,
                kind=rng.choice([PersonKind.SERVICE_USER, PersonKind.CARER]),
                full_name=f"Person {number:05d}",
                email=f"person{number}@example.org",
            )
            for number in range(people)
        ]
        Person.objects.bulk_create(persons, batch_size=BATCH)
        ExpressionOfInterest.objects.bulk_create(
            [ExpressionOfInterest(organisation=trust, opportunity=target, person=person) for person in persons],
            batch_size=BATCH,
        )
        completions = []

        def done(person, code, days_ago):
            course = courses[code]
            completed = today - datetime.timedelta(days=days_ago)
            completions.append(
                Completion(
                    organisation=trust,
                    person=person,
                    course=course,
                    completed_on=completed,
                    valid_until=course.valid_until(completed),
                    how=CompletionHow.ATTENDED,
                )
            )

        for person in persons:
            if rng.random() < 0.6:
                done(person, CourseCode.RECRUITMENT_PANEL, rng.randint(10, 1800))  # some have lapsed
            steps = [CourseCode.INTRO_QI, CourseCode.QI_FUNDAMENTALS, CourseCode.IMPROVEMENT_LEADERS]
            days = rng.randint(400, 730)
            for code in steps[: rng.choice([0, 0, 1, 1, 2, 3])]:
                done(person, code, days)
                days = max(1, days - rng.randint(60, 300))
        Completion.objects.bulk_create(completions, batch_size=BATCH)
        cohorts = []
        for number in range(52):
            code = rng.choice([CourseCode.INTRO_QI, CourseCode.QI_FUNDAMENTALS, CourseCode.IMPROVEMENT_LEADERS])
            cohorts.append(
                Cohort(
                    organisation=trust,
                    course=courses[code],
                    name=f"Cohort {number}",
                    capacity=20,
                    starts_at=timezone.now() - datetime.timedelta(days=14 * number),
                )
            )
        Cohort.objects.bulk_create(cohorts)
        Enrolment.objects.bulk_create(
            [
                Enrolment(organisation=trust, cohort=cohort, person=person, status=EnrolmentStatus.ENROLLED)
                for cohort in cohorts
                for person in rng.sample(persons, 20)
            ],
            batch_size=BATCH,
        )
    return target, lead, persons[0], len(completions)


def main() -> None:
    args = parse_args()
    url = shared.prepare_database()
    shared.setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    opportunity, lead, person, completion_count = load(args.people)
    print(f"Database: {connection.vendor} ({url.split('@')[-1]})")
    print(
        f"Loaded {args.people:,} interested people and {completion_count:,} completions "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")

    from withus.learning.selectors import funnel, waiting_too_long
    from withus.opportunities.models import Opportunity
    from withus.opportunities.selection import candidates
    from withus.people.models import Person

    settings.DEBUG = True  # so connection.queries is kept
    times, queries = shared.timed(lambda: candidates(opportunity), args.repeat)
    shared.report("facts with the training check", times, queries)
    rows = candidates(opportunity)
    print(f"Can be offered a place: {sum(1 for row in rows if not row.ineligible_reason):,} of {len(rows):,}")
    times, queries = shared.timed(
        lambda: list(Opportunity.objects.open_for_interest().eligible_for(person)), args.repeat
    )
    shared.report("opportunities open to one participant", times, queries)
    organisation_id = opportunity.organisation_id
    times, queries = shared.timed(lambda: funnel(organisation_id=organisation_id), args.repeat)
    shared.report("funnel (4 quarters x 4 steps)", times, queries)
    everyone = Person.objects.filter(organisation_id=organisation_id).values("pk")
    times, queries = shared.timed(
        lambda: waiting_too_long(organisation_id=organisation_id, people=everyone), args.repeat
    )
    shared.report("waiting more than six months", times, queries)

    client = Client()
    client.force_login(lead)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for label, path in (
            ("selection page with ?suggest=1", f"/opportunities/{opportunity.pk}/selection/?suggest=1"),
            ("funnel page", "/learning/funnel/"),
        ):
            assert client.get(path).status_code == 200
            times, queries = shared.timed(lambda path=path: client.get(path), max(3, args.repeat // 2))
            shared.report(label, times, queries)


if __name__ == "__main__":
    main()
