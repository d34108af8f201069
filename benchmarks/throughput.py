"""Throughput of each key page against the cheapest Django view on the same stack (issues 23 and 25).

Closed loop, one page at a time: `--clients` concurrent clients, each signed in before the clock starts (Argon2
sign-ins are not what we measure), request the same page again and again for `--seconds`; the page's requests a
second are divided by those of the bare view (`/health/`) measured the same way. Run against gunicorn with 4 workers
on PostgreSQL (see docs/benchmarks.md for the whole recipe). Traffic to 127.0.0.1 only.

    python benchmarks/throughput.py --host http://127.0.0.1:8918 --seconds 15 --clients 8

With `--second-host`, every other request goes to a second app server: the sessions made on one are used on the
other, which shows the app servers hold no state of their own.
"""

from __future__ import annotations

import argparse
import re
import statistics
import threading
import time
from urllib.parse import urlsplit

import requests

PASSWORD = "withus-demo"  # noqa: S105 - the published demo password (WITHUS_DEMO=1 only)
DOMAIN = "demo.withus.local"
DEMO_API_TOKEN = "wu_demoDataWarehouseToken-not-for-real-use-0001"  # noqa: S105 - the demo's published token
LINKS = {
    "project": re.compile(r'href="(/projects/[0-9a-f-]{36}/)"'),
    "measure": re.compile(r'href="(/projects/[0-9a-f-]{36}/measures/[0-9a-f-]{36}/)"'),
    "opportunity": re.compile(r'href="(/opportunities/[0-9a-f-]{36}/)"'),
    "batch": re.compile(r'href="(/finance/batches/[0-9a-f-]{36}/)"'),
}

# (label, who signs in or None, path or a (list page, link pattern) to follow to its first link)
PAGES = [
    ("/health/ (bare view)", None, "/health/"),
    ("privacy (anonymous)", None, "/privacy/"),
    ("sign-in page", None, "/accounts/login/"),
    ("home (participant)", "amara", "/"),
    ("/me/", "amara", "/me/"),
    ("/me/involvement/", "amara", "/me/involvement/"),
    ("/me/payments/", "amara", "/me/payments/"),
    ("opportunities (participant)", "amara", "/opportunities/"),
    ("home (lead)", "lead", "/"),
    ("register", "lead", "/people/"),
    ("register, filtered and paged", "lead", "/people/?status=active&page=3"),
    ("opportunities (lead)", "lead", "/opportunities/"),
    ("opportunity and selection", "lead", ("/opportunities/", "opportunity")),
    ("committees", "lead", "/committees/"),
    ("claims", "finance", "/claims/"),
    ("batches", "finance", "/finance/batches/"),
    ("batch page", "finance", ("/finance/batches/", "batch")),
    ("projects", "qi", "/projects/"),
    ("project page", "qi", ("/projects/", "project")),
    ("learning", "qi", "/learning/"),
    ("API measures list", "token", "/api/v1/measures/"),
]


def signed_in_session(host: str, who: str | None) -> requests.Session:
    session = requests.Session()
    if who == "token":
        session.headers["Authorization"] = f"Bearer {DEMO_API_TOKEN}"
    elif who:
        session.get(f"{host}/accounts/login/")
        response = session.post(
            f"{host}/accounts/login/",
            {"login": f"{who}@{DOMAIN}", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": f"{host}/accounts/login/"},
        )
        if "sessionid" not in session.cookies:
            raise SystemExit(f"{who} could not sign in ({response.status_code}).")
    return session


def resolve(host: str, session: requests.Session, path) -> str:
    if isinstance(path, str):
        return path
    listing, kind = path
    found = LINKS[kind].findall(session.get(f"{host}{listing}").text)
    if not found:
        raise SystemExit(f"No {kind} link on {listing}.")
    return sorted(set(found))[0]


def hammer(hosts: list[str], sessions: list[requests.Session], path: str, seconds: float) -> tuple[int, list, int]:
    """Every client requests `path` until the time is up; returns (requests, latencies in ms, failures)."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int, session: requests.Session) -> None:
        mine, bad, turn = [], 0, number
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = session.get(f"{hosts[turn % len(hosts)]}{path}", allow_redirects=False)
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status_code != 200
            turn += 1
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client, args=(n, s)) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8918")
    parser.add_argument("--second-host", help="a second app server on the same database and cache")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--only", help="only pages whose label contains this")
    args = parser.parse_args()
    hosts = [args.host] + ([args.second_host] if args.second_host else [])
    for host in hosts:
        if urlsplit(host).hostname not in {"127.0.0.1", "localhost"}:
            raise SystemExit("This benchmark only ever talks to 127.0.0.1.")
    print(f"{args.clients} clients, {args.seconds:.0f} s per page, app servers: {', '.join(hosts)}")
    print("| Page | Requests/s | Ratio to bare view | p50 ms | p95 ms | Non-200 |")
    print("|---|---:|---:|---:|---:|---:|")
    bare = None
    for label, who, path in PAGES:
        if args.only and args.only not in label and label != "/health/ (bare view)":
            continue
        sessions = [signed_in_session(args.host, who) for _ in range(args.clients)]
        url = resolve(args.host, sessions[0], path)
        count, latencies, failures = hammer(hosts, sessions, url, args.seconds)
        rate = count / args.seconds
        bare = bare or rate
        cuts = statistics.quantiles(latencies, n=20)
        print(
            f"| {label} | {rate:.1f} | {rate / bare:.2f} | {statistics.median(latencies):.0f} | {cuts[18]:.0f} "
            f"| {failures} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
