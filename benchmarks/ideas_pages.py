"""Benchmark the ideas list (/ideas/) and a unit's "you said, we did" page with 50,000 ideas (issue 20).

Takes an already seeded demo database (``seed_demo``) by DATABASE_URL — it must be a copy whose name contains
"bench", as rows are added — bulk-loads ideas (with their units and history) up to ``--ideas``, and times the pages
through Django's test client as the demo lead (one directorate) and administrator (whole trust): median and p95
server time, the median CPU time of this process (less swayed by other work on a shared machine) and the SQL
queries per request. Not a test: run it by hand and copy the figures into
docs/benchmarks.md.

    cp /tmp/demo.sqlite3 /tmp/ideas-bench.sqlite3
    WITHUS_DEMO=1 DATABASE_URL=sqlite:////tmp/ideas-bench.sqlite3 python benchmarks/ideas_pages.py
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if "bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Point DATABASE_URL at a copy of a seeded demo database whose name contains 'bench'.")
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    load(args.ideas)
    measure(args.repeat)


def load(target: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from withus.organisations.models import Organisation, Unit
    from withus.people.models import Person
    from withus.voice.models.ideas import Idea, IdeaState, IdeaStateChange, IdeaUnit, StateKind

    trust = Organisation.objects.get(name__startswith="Riverside and Marsh")
    have = Idea.objects.filter(organisation=trust).count()
    if have >= target:
        return
    rng = random.Random(20)
    units = list(Unit.objects.for_organisation(trust.pk).filter(kind__in=["ward", "team"]))
    people = list(Person.objects.filter(organisation=trust).values_list("pk", "user_id"))
    states = {state.kind: state for state in IdeaState.objects.for_organisation(trust.pk)}
    lead = Person.objects.filter(organisation=trust).exclude(user=None).first().user
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(have, target, 2_000):
            ideas, links, history = [], [], []
            for number in range(start, min(start + 2_000, target)):
                raised = now - datetime.timedelta(days=rng.randint(0, 540), minutes=rng.randint(0, 1440))
                state = states[rng.choice(list(states))]
                person_id, _ = rng.choice(people)
                idea = Idea(
                    organisation=trust,
                    title=f"Idea {number}",
                    detail="What would help.",
                    public_summary="Summary.",
                    theme="other",
                    person_id=person_id,
                    raised_by=lead,
                    state=state,
                    state_changed_at=raised,
                    first_answer_due=raised.date() + datetime.timedelta(days=14),
                    first_answered_at=None if state.kind == StateKind.RECEIVED else raised,
                    revisit_on=raised.date() + datetime.timedelta(days=400)
                    if state.kind == StateKind.NOT_NOW
                    else None,
                    created_at=raised,
                )
                ideas.append(idea)
                links.append(IdeaUnit(idea=idea, unit=rng.choice(units)))
                history.append(
                    IdeaStateChange(
                        organisation=trust,
                        idea=idea,
                        state=state,
                        state_name=state.name,
                        state_kind=state.kind,
                        public_meaning=state.public_meaning,
                        answer="An answer.",
                        changed_at=raised,
                        reason="A reason." if state.kind == StateKind.NOT_NOW else "",
                        revisit_on=idea.revisit_on,
                    )
                )
            Idea.objects.bulk_create(ideas)
            IdeaUnit.objects.bulk_create(links)
            IdeaStateChange.objects.bulk_create(history)
    print(f"Loaded {target - have:,} ideas in {time.perf_counter() - started:.1f} s")


def measure(repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from withus.accounts.models import User
    from withus.organisations.models import Unit

    willow = Unit.objects.get(code="WILLOW")
    month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    pages = [
        ("lead@demo.withus.local", "/ideas/"),
        ("lead@demo.withus.local", "/ideas/?page=40"),
        ("lead@demo.withus.local", "/ideas/?overdue=on"),
        ("admin@demo.withus.local", "/ideas/"),
        ("admin@demo.withus.local", "/ideas/forum/"),
        ("lead@demo.withus.local", "/ideas/charts/"),
        (None, f"/you-said-we-did/{willow.pk}/"),
        (None, f"/you-said-we-did/{willow.pk}/?month={month:%Y-%m}"),
    ]
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    print(f"{'who':<26} {'page':<46} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'queries':>7}")
    for email, path in pages:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        client.get(path)
        times, cpu = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{email or 'public':<26} {path[:46]:<46} {statistics.median(times):>9.0f} {p95:>7.0f} "
            f"{statistics.median(cpu):>7.0f} {len(queries):>7}"
        )
    print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
