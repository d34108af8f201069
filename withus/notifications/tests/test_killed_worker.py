"""A worker killed with SIGKILL mid-batch (issue 17): after the recovery command every message is sent, and none
twice, checked against the fake Notify's record of what it accepted. A real `db_worker` process on PostgreSQL
(CI runs the suite on PostgreSQL): the worker must see the committed rows, which SQLite's in-memory test
database cannot share with another process."""

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from withus.notifications.models import Message, MessageKind, MessageStatus
from withus.notifications.services.outbox import Notice, notify_people, notify_person
from withus.notifications.services.sending import messages_recover
from withus.notifications.tests.fake_notify import API_KEY, EMAIL_TEMPLATE_ID, SMS_TEMPLATE_ID
from withus.people.tests.factories import PersonFactory

REPO = Path(__file__).resolve().parents[3]
MESSAGES = 12


def _worker(fake, *, batch: bool) -> subprocess.Popen:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "withus.config.settings.local",
        "DATABASE_URL": url,
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_BASE_URL": fake.base_url,
        "NOTIFY_EMAIL_TEMPLATE_ID": EMAIL_TEMPLATE_ID,
        "NOTIFY_SMS_TEMPLATE_ID": SMS_TEMPLATE_ID,
    }
    arguments = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(  # noqa: S603 - fixed arguments, our own manage.py
        [*arguments, "--batch"] if batch else arguments,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: a second process must see the test database (CI runs the suite on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("bulk", [False, True], ids=["one task per message", "one task per batch (notify_people)"])
def test_a_worker_killed_mid_batch_is_recovered_and_nothing_is_sent_twice(fake_notify, settings, trust, bulk):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fake_notify.delay = 0.3
    people = PersonFactory.create_batch(MESSAGES, organisation=trust.organisation)
    if bulk:
        notices = [
            Notice(person=person, subject="Hello", body=f"Message {n}", idempotency_key=f"tests.killed:{n}")
            for n, person in enumerate(people)
        ]
        notify_people(notices=notices, template="tests.killed", kind=MessageKind.ESSENTIAL)
    for number, person in enumerate(people if not bulk else []):
        notify_person(
            person=person,
            template="tests.killed",
            kind=MessageKind.ESSENTIAL,
            subject="Hello",
            body=f"Message {number}",
            idempotency_key=f"tests.killed:{number}",
        )
    worker = _worker(fake_notify, batch=False)
    deadline = time.monotonic() + 60
    while len(fake_notify.accepted) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)  # while Notify is answering: accepted there, not yet recorded here
    worker.wait()
    assert 0 < len(fake_notify.accepted) < MESSAGES
    assert Message.objects.filter(status=MessageStatus.SENDING).count() == 1

    fake_notify.delay = 0
    messages_recover(stuck_for=datetime.timedelta(0))
    _worker(fake_notify, batch=True).wait(timeout=120)
    messages_recover(stuck_for=datetime.timedelta(0))  # safe to run again

    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    references = Counter(item["reference"] for item in fake_notify.accepted)
    assert set(references) == {str(pk) for pk in Message.objects.values_list("pk", flat=True)}
    assert max(references.values()) == 1
