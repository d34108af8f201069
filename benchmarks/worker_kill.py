"""Kill app-server workers while people write, then check nothing was half-written (issue 25, "a worker killed
under load: no half-written claim or batch, checked after the run").

Against gunicorn on PostgreSQL (the recipe in docs/benchmarks.md), for `--seconds`:
- `--writers` leads each make a claim for someone they support (the claim form, every payable record ticked) and
  send it for approval, again and again;
- one finance approver approves what is waiting and, every few claims, makes a payment batch of what is approved;
- a killer sends SIGKILL to one gunicorn worker, chosen at random, every `--kill-every` seconds. The master starts a
  new one; the request the worker was serving gets no answer.

Afterwards, in process on the same database: the ledger check (`ledger_problems`: every claim's status is where its
history ends, totals match lines, approvals and batches agree with the ledger), and three checks of its own: no
claim without lines, no involvement record on two live claims, no batch without claims. Each request made on a
killed worker rolled back with its transaction (`ATOMIC_REQUESTS`), so each check should find nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/withus_scale_bench WITHUS_DEMO=1 \
        python benchmarks/worker_kill.py --host http://127.0.0.1:8918 --master-pid $(cat var/bench/gunicorn.pid)

Traffic to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import signal
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests

PASSWORD = "withus-demo"  # noqa: S105 - the published demo password (WITHUS_DEMO=1 only)
DOMAIN = "demo.withus.local"
RECORD_BOX = re.compile(r'name="records"[^>]*value="([0-9a-f-]{36})"|value="([0-9a-f-]{36})"[^>]*name="records"')
CLAIM_PAGE = re.compile(r"/claims/([0-9a-f-]{36})/$")
SUBMITTED_CLAIM = re.compile(r'href="/claims/([0-9a-f-]{36})/"')


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()

    def add(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1


def signed_in(host: str, who: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{host}/accounts/login/", timeout=30)
    session.post(
        f"{host}/accounts/login/",
        {"login": f"{who}@{DOMAIN}", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies.get("csrftoken")},
        headers={"Referer": f"{host}/accounts/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"{who} could not sign in")
    return session


def post(session: requests.Session, host: str, path: str, data: dict, tally: Tally, what: str):
    data = {"csrfmiddlewaretoken": session.cookies.get("csrftoken"), **data}
    try:
        response = session.post(f"{host}{path}", data, headers={"Referer": f"{host}{path}"}, timeout=60)
    except requests.ConnectionError:
        tally.add(f"{what}: no answer (worker killed)")
        return None
    tally.add(f"{what}: {response.status_code}")
    return response


def lead_writes(session: requests.Session, host: str, people: list[str], stop: float, tally: Tally) -> None:
    while time.monotonic() < stop and people:
        person = people.pop()
        try:
            page = session.get(f"{host}/claims/new/", params={"person": person}, timeout=60)
        except requests.ConnectionError:
            tally.add("claim form: no answer (worker killed)")
            continue
        records = [a or b for a, b in RECORD_BOX.findall(page.text)]
        if not records:
            tally.add("claim form: nothing to claim")
            continue
        made = post(
            session,
            host,
            f"/claims/new/?person={person}",
            {"person": person, "records": records, "submission_key": str(uuid.uuid4()), "person_agreed": "on"},
            tally,
            "make a claim",
        )
        claim = CLAIM_PAGE.search(urlsplit(made.url).path) if made is not None else None
        if claim:
            key = str(uuid.uuid4())
            post(
                session,
                host,
                f"/claims/{claim[1]}/submit/",
                {"submission_key": key, "person_agreed": "on"},
                tally,
                "send for approval",
            )


def finance_writes(session: requests.Session, host: str, stop: float, tally: Tally) -> None:
    tried, approved, routes = set(), 0, ["vouchers", "accounts_payable", "payroll"]
    while time.monotonic() < stop:
        try:
            listed = session.get(f"{host}/claims/", params={"status": "submitted"}, timeout=60).text
        except requests.ConnectionError:
            tally.add("claims list: no answer (worker killed)")
            continue
        for claim in [claim for claim in SUBMITTED_CLAIM.findall(listed) if claim not in tried][:5]:
            tried.add(claim)
            response = post(
                session, host, f"/claims/{claim}/approve/", {"submission_key": str(uuid.uuid4())}, tally, "approve"
            )
            approved += response is not None
        if approved >= 10:
            for route in routes:  # whichever way the approved claims are paid
                made = post(
                    session,
                    host,
                    "/finance/batches/",
                    {"submission_key": str(uuid.uuid4()), "route": route},
                    tally,
                    "make a batch",
                )
                if made is not None and "/finance/batches/" in made.url and made.url.rstrip("/").count("/") > 4:
                    tally.add(f"make a batch: made ({route})")
            approved = 0
        time.sleep(0.2)


def killer(master_pid: int, every: float, stop: float, tally: Tally) -> None:
    while time.monotonic() < stop:
        time.sleep(every)
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        if children:
            os.kill(int(random.choice(children)), signal.SIGKILL)
            tally.add("workers killed")


def people_with_something_to_claim(limit: int) -> list[str]:
    from withus.accounts.models import User
    from withus.involvement.models import InvolvementRecord
    from withus.payments.models.claims import ClaimLine
    from withus.people.models import Person

    lead = User.objects.get(email=f"lead@{DOMAIN}")
    claimed = ClaimLine.objects.filter(live=True, record__isnull=False).values("record_id")
    with_records = (
        InvolvementRecord.objects.filter(organisation_id=lead.organisation_id, payable=True)
        .exclude(pk__in=claimed)
        .values("person_id")
    )
    visible = Person.objects.visible_to(lead).filter(pk__in=with_records, user__isnull=True)
    return [str(pk) for pk in visible.values_list("pk", flat=True)[:limit]]


def half_written(organisation_id) -> list[str]:
    from django.db.models import Count

    from withus.payments.models.batches import PaymentBatch
    from withus.payments.models.claims import Claim, ClaimLine
    from withus.payments.services.ledger import ledger_problems

    problems = list(ledger_problems(organisation_id))
    claims = Claim.objects.filter(organisation_id=organisation_id)
    problems += [f"claim {c} has no lines" for c in claims.filter(lines__isnull=True).values_list("pk", flat=True)]
    twice = (
        ClaimLine.objects.filter(organisation_id=organisation_id, live=True, record__isnull=False)
        .values("record_id")
        .annotate(n=Count("claim_id", distinct=True))
        .filter(n__gt=1)
    )
    problems += [f"involvement record {row['record_id']} is on {row['n']} live claims" for row in twice]
    empty = PaymentBatch.objects.filter(organisation_id=organisation_id).annotate(n=Count("claims"))
    problems += [f"batch {b.pk} has no claims" for b in empty.filter(n=0)]
    return problems


def written_since(organisation_id, began) -> list[tuple[str, int]]:
    from django.db.models import Count

    from withus.payments.models.batches import PaymentBatch
    from withus.payments.models.claims import ClaimStatusChange

    changes = (
        ClaimStatusChange.objects.filter(organisation_id=organisation_id, changed_at__gte=began)
        .values_list("to_status")
        .annotate(n=Count("pk"))
        .order_by("to_status")
    )
    made = PaymentBatch.objects.filter(organisation_id=organisation_id, created_at__gte=began).count()
    return [(f"claims moved to {status}", n) for status, n in changes] + [("batches made", made)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8918")
    parser.add_argument("--master-pid", type=int, required=True, help="the gunicorn master's process id")
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--kill-every", type=float, default=2.0)
    args = parser.parse_args()
    if urlsplit(args.host).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("This drill only ever talks to 127.0.0.1.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.local")
    import django

    django.setup()
    from django.utils import timezone

    from withus.accounts.models import User

    organisation_id = User.objects.get(email=f"lead@{DOMAIN}").organisation_id
    before = half_written(organisation_id)
    people = people_with_something_to_claim(5000)
    random.Random(2026).shuffle(people)
    print(f"Before: {len(before)} problems; {len(people)} people with something to claim.")
    # Everyone signs in, and the approved claims already waiting go in one batch, before the killer starts: the
    # batches made under the killer are then of the claims approved during the run (seconds each, not minutes).
    leads = [signed_in(args.host, "lead") for _ in range(args.writers)]
    finance = signed_in(args.host, "finance")
    tally = Tally()
    started = time.monotonic()
    for route in ["payroll", "accounts_payable", "vouchers"]:
        post(
            finance,
            args.host,
            "/finance/batches/",
            {"submission_key": str(uuid.uuid4()), "route": route},
            tally,
            "make a batch of the backlog",
        )
    print(f"The backlog's batches: {time.monotonic() - started:.1f} s.")
    began = timezone.now()
    stop = time.monotonic() + args.seconds
    threads = [threading.Thread(target=lead_writes, args=(lead, args.host, people, stop, tally)) for lead in leads]
    threads += [
        threading.Thread(target=finance_writes, args=(finance, args.host, stop, tally)),
        threading.Thread(target=killer, args=(args.master_pid, args.kill_every, stop, tally)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for what, count in sorted(tally.counts.items()):
        print(f"  {what}: {count}")
    print("Written during the run (from the database; an approval can be refused, e.g. no payroll number):")
    for what, count in written_since(organisation_id, began):
        print(f"  {what}: {count}")
    after = half_written(organisation_id)
    print(f"After: {len(after)} problems.")
    for problem in after[:50]:
        print("  ", problem)
    raise SystemExit(1 if len(after) > len(before) else 0)


if __name__ == "__main__":
    main()
