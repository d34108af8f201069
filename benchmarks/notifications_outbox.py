"""Benchmark the outbox: enqueueing N reminders, then workers draining them against the fake GOV.UK Notify.

Builds a fresh database (migrate), one trust with N people, then times:
(a) `notify_people` for N people in one transaction, with the database task backend (N outbox rows and N history
    rows by bulk_create and, on commit, one task row per 100 messages); `--one-by-one` times `notify_person`
    called N times instead (N task rows);
(b) W `db_worker` processes draining those N tasks, each sending through the real Notify client to the fake
    Notify (withus/notifications/tests/fake_notify.py) served by this process on 127.0.0.1; then checks that the
    fake accepted every message exactly once.
Not a test: run it by hand and copy the figures into docs/benchmarks.md.

    python benchmarks/notifications_outbox.py [--messages 10000] [--workers 2]

The database comes from DATABASE_URL (its name must contain "bench"); without it, var/bench/notifications.sqlite3.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "notifications.sqlite3"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--one-by-one", action="store_true", help="notify_person per person (the old path)")
    parser.add_argument("--no-drain", action="store_true", help="time only the enqueueing")
    return parser.parse_args()


def prepare_database() -> str:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    return fresh_database(DEFAULT_SQLITE)


def main() -> None:
    args = parse_args()
    url = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.local")
    from withus.notifications.tests.fake_notify import API_KEY, EMAIL_TEMPLATE_ID, SMS_TEMPLATE_ID, FakeNotify

    fake = FakeNotify().start()
    notify_env = {
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_BASE_URL": fake.base_url,
        "NOTIFY_EMAIL_TEMPLATE_ID": EMAIL_TEMPLATE_ID,
        "NOTIFY_SMS_TEMPLATE_ID": SMS_TEMPLATE_ID,
    }
    os.environ.update(notify_env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from withus.notifications.models import Message, MessageKind, MessageStatus
    from withus.notifications.services.outbox import Notice, notify_people, notify_person
    from withus.organisations.models import Organisation
    from withus.people.models import Person

    trust = Organisation.objects.create(name="Bench trust", short_name="Bench", ods_code="BEN")
    Person.objects.bulk_create(
        Person(organisation=trust, kind="service_user", full_name=f"Person {n:05d}", email=f"p{n}@example.org")
        for n in range(args.messages)
    )
    people = list(Person.objects.filter(organisation=trust))
    started = time.perf_counter()
    with transaction.atomic():
        if args.one_by_one:
            for person in people:
                notify_person(
                    person=person,
                    template="bench.reminder",
                    kind=MessageKind.REMINDERS,
                    subject="Tomorrow: a session",
                    body=f"Dear {person.full_name},\n\nA reminder that your session is tomorrow at 10:00.",
                    idempotency_key=f"bench.reminder:{person.pk}",
                )
        else:
            notify_people(
                notices=[
                    Notice(
                        person=person,
                        subject="Tomorrow: a session",
                        body=f"Dear {person.full_name},\n\nA reminder that your session is tomorrow at 10:00.",
                        idempotency_key=f"bench.reminder:{person.pk}",
                    )
                    for person in people
                ],
                template="bench.reminder",
                kind=MessageKind.REMINDERS,
            )
    enqueue = time.perf_counter() - started

    database = "PostgreSQL" if "postgres" in url else "SQLite"
    how = "notify_person one by one" if args.one_by_one else "notify_people"
    print(f"{database}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    print(f"(a) enqueue {args.messages:,} reminders ({how}): {enqueue:.1f} s ({args.messages / enqueue:,.0f} a second)")
    if args.no_drain:
        fake.stop()
        return
    env = {**os.environ, **notify_env, "DATABASE_URL": url}
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(args.workers)
    ]
    for worker in workers:
        worker.wait()
    drain = time.perf_counter() - started
    fake.stop()
    sent = Message.objects.filter(status=MessageStatus.SENT).count()
    twice = sum(1 for count in Counter(item["reference"] for item in fake.accepted).values() if count > 1)
    print(
        f"(b) {args.workers} workers drain them: {drain:.1f} s ({sent / drain:,.0f} a second); "
        f"sent {sent:,}, accepted by the fake {len(fake.accepted):,}, accepted twice {twice}"
    )


if __name__ == "__main__":
    main()
