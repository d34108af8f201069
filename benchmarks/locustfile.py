"""Load test (issue 25): people using WithUs as they do, against gunicorn on PostgreSQL. Traffic to 127.0.0.1 only.

Each simulated person signs in once with a demo sign-in, then reads pages with 5 to 15 seconds between them (as
people do): participants on their phones, leads looking at the register and selecting, finance at claims and
batches, QI at projects and charts. One anonymous user reads the privacy page and /health/ (the bare view) for the
ratio of each page's throughput to the cheapest. Set LOCUST_CLOSED_LOOP=1 for no waiting (throughput runs).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/withus_scale_bench WITHUS_DEMO=1 \
        gunicorn withus.config.wsgi -w 4 -b 127.0.0.1:8918   # see docs/benchmarks.md for the whole recipe
    locust -f benchmarks/locustfile.py --host http://127.0.0.1:8918 --headless -u 50 -r 1 -t 340s --reset-stats \
        --csv var/bench/load

Pages are named by what they are, not their ids, so the figures group (e.g. "project page", "chart page").
"""

from __future__ import annotations

import os
import random
import re
import time
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, task

PASSWORD = "withus-demo"  # noqa: S105 - the published demo password (WITHUS_DEMO=1 only)
DOMAIN = "demo.withus.local"
PROJECT_LINK = re.compile(r'href="(/projects/[0-9a-f-]{36}/)"')
MEASURE_LINK = re.compile(r'href="(/projects/[0-9a-f-]{36}/measures/[0-9a-f-]{36}/)"')
OPPORTUNITY_LINK = re.compile(r'href="(/opportunities/[0-9a-f-]{36}/)"')
BATCH_LINK = re.compile(r'href="(/finance/batches/[0-9a-f-]{36}/)"')
CLOSED_LOOP = os.environ.get("LOCUST_CLOSED_LOOP") == "1"
# A second app server on the same database and cache: each pause picks either server for the next page, so a
# session made on one is used on the other (the app servers hold no state of their own).
SECOND_HOST = os.environ.get("LOCUST_SECOND_HOST", "")
# Seconds from the start before anyone reads a page: every simulated person signs in first (Argon2 is slow on
# purpose), so the pages are timed without a queue of sign-ins in front of them. Use with --reset-stats.
SETTLE_SECONDS = float(os.environ.get("LOCUST_SETTLE_SECONDS", "0"))
STARTED = time.monotonic()


def pause(user) -> float:
    if SECOND_HOST:
        _allowed(SECOND_HOST)
        user.client.base_url = random.choice([user.host, SECOND_HOST])
    return 0 if CLOSED_LOOP else random.uniform(5, 15)


def _allowed(host: str) -> None:
    if urlsplit(host).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("This load test only ever talks to 127.0.0.1.")


class SignedIn(HttpUser):
    abstract = True
    sign_in = ""
    wait_time = pause

    def on_start(self) -> None:
        _allowed(self.host)
        self.client.get("/accounts/login/", name="sign-in page")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            {"login": f"{self.sign_in}@{DOMAIN}", "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )
        if "sessionid" not in self.client.cookies:
            response.failure(f"{self.sign_in} could not sign in")
        gevent.sleep(max(0.0, STARTED + SETTLE_SECONDS - time.monotonic()))

    def links(self, path: str, pattern: re.Pattern, name: str) -> list[str]:
        response = self.client.get(path, name=name)
        return sorted(set(pattern.findall(response.text)))


class Participant(SignedIn):
    """Amara, Ben and Chen on their phones: home, their record, their involvement, payments and opportunities."""

    weight = 5

    def on_start(self) -> None:
        self.sign_in = random.choice(["amara", "ben", "chen"])
        super().on_start()

    @task(3)
    def home(self):
        self.client.get("/", name="home (participant)")

    @task(2)
    def me(self):
        self.client.get("/me/", name="/me/")

    @task
    def my_involvement(self):
        self.client.get("/me/involvement/", name="/me/involvement/")

    @task
    def my_payments(self):
        self.client.get("/me/payments/", name="/me/payments/")

    @task(2)
    def opportunities(self):
        self.client.get("/opportunities/", name="opportunities (participant)")


class Lead(SignedIn):
    """The People Participation lead: home, the register (filtered and paged), opportunities and selection."""

    weight = 3
    sign_in = "lead"

    def on_start(self) -> None:
        super().on_start()
        self.opportunities = self.links("/opportunities/", OPPORTUNITY_LINK, "opportunities (lead)")

    @task(2)
    def home(self):
        self.client.get("/", name="home (lead)")

    @task(3)
    def register(self):
        self.client.get("/people/", name="register")

    @task
    def register_filtered(self):
        self.client.get("/people/?status=active&page=3", name="register, filtered and paged")

    @task
    def register_search(self):
        self.client.get(f"/people/?q={random.choice(['ahm', 'smith', 'li', 'sarah'])}", name="register search")

    @task
    def opportunities_list(self):
        self.client.get("/opportunities/", name="opportunities (lead)")

    @task
    def selection(self):
        if self.opportunities:
            self.client.get(random.choice(self.opportunities), name="opportunity and selection")

    @task
    def committees(self):
        self.client.get("/committees/", name="committees")


class Finance(SignedIn):
    """The finance approver: claims to approve, batches, a batch's page."""

    weight = 1
    sign_in = "finance"

    def on_start(self) -> None:
        super().on_start()
        self.batches = self.links("/finance/batches/", BATCH_LINK, "batches")

    @task(3)
    def claims(self):
        self.client.get("/claims/", name="claims")

    @task
    def claims_submitted(self):
        self.client.get("/claims/?status=submitted", name="claims, submitted")

    @task
    def batches_list(self):
        self.client.get("/finance/batches/", name="batches")

    @task
    def batch(self):
        if self.batches:
            self.client.get(random.choice(self.batches), name="batch page")


class Improvement(SignedIn):
    """The QI advisor: the portfolio, a project, a measure's chart page."""

    weight = 2
    sign_in = "qi"

    def on_start(self) -> None:
        super().on_start()
        self.projects = self.links("/projects/", PROJECT_LINK, "projects")[:20]
        self.measures = []
        for project in self.projects[:5]:
            self.measures += self.links(project, MEASURE_LINK, "project page")

    @task
    def portfolio(self):
        self.client.get("/projects/", name="projects")

    @task(2)
    def project(self):
        if self.projects:
            self.client.get(random.choice(self.projects), name="project page")

    @task(3)
    def measure(self):
        if self.measures:
            self.client.get(random.choice(self.measures), name="chart page (measure)")

    @task
    def learning(self):
        self.client.get("/learning/", name="learning")


class Anonymous(HttpUser):
    """The cheapest pages, for the throughput ratio: the privacy page and the load balancer's health check."""

    weight = 1
    wait_time = pause

    def on_start(self) -> None:
        _allowed(self.host)
        gevent.sleep(max(0.0, STARTED + SETTLE_SECONDS - time.monotonic()))

    @task
    def privacy(self):
        self.client.get("/privacy/", name="privacy (anonymous)")

    @task
    def health(self):
        self.client.get("/health/", name="/health/ (bare view)")
