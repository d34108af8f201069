"""The scale world (issue 25): one large trust (the demo trust, topped up) and any number of small trusts beside it
in one database, for load tests and for row-level security across many trusts. Built with bulk inserts,
deterministic for a seed, with realistic skew (a few big units, projects and very involved people; long tails).

Parts being built elsewhere (stories, ideas, support, reports, API tokens) add one function to
`withus.demo.scale.activities` (or a module of their own here) and one line in `build_trust`."""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from withus.demo.scale import activities, payments, register, voice, work
from withus.demo.scale.common import SIZES, Inserter, TrustWorld
from withus.demo.world import TRUST_NAME, build_world
from withus.organisations.models import Organisation, Unit
from withus.organisations.services import organisation_create

SCALE_UNIT_CODE = "S0000"  # the first unit a scale build adds: its presence means the trust is already built


def build_scale_world(
    *, trusts: int, size: str, seed: int, fraction: float = 1.0, today: datetime.date | None = None, log=print
) -> dict:
    """Build `trusts` trusts of `size`. A large build tops up the demo trust first (so the demo sign-ins see the
    large data); small ones are new trusts named "Scale Trust NN". A trust already built is left alone."""
    sizes = SIZES[size].scaled(fraction)
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    timings = []
    for index in range(trusts):
        started = time.perf_counter()
        if size == "large" and index == 0:
            organisation = build_world(with_sign_ins=True)["organisation"]
            reuse = True
        else:
            name = f"Scale Trust {index + 1:02d}" if size == "small" else f"Scale Large Trust {index + 1:02d}"
            organisation = Organisation.objects.filter(name=name).first() or organisation_create(
                name=name, short_name=name, ods_code=f"S{index + 1:02d}"
            )
            reuse = False
        if Unit.objects.filter(organisation=organisation, code=SCALE_UNIT_CODE).exists():
            log(f"{organisation.name}: already built, left as it is.")
            continue
        world = TrustWorld(
            organisation=organisation,
            sizes=sizes,
            rng=random.Random(f"{seed}:{size}:{index}"),
            today=today,
            now=timezone.now(),
            inserter=Inserter(),
        )
        build_trust(world, reuse_existing=reuse, log=log)
        for label, count in world.inserter.counts.items():
            counts[label] = counts.get(label, 0) + count
        timings.append((organisation.name, time.perf_counter() - started))
        log(f"{organisation.name}: built in {timings[-1][1]:.1f} s.")
    refresh_statistics()
    return {"counts": counts, "timings": timings}


def build_trust(world: TrustWorld, *, reuse_existing: bool, log=print) -> None:
    """One trust, part by part, each part one transaction (a failure leaves earlier parts whole)."""
    steps = [
        ("frame", lambda: register.trust_frame(world, reuse_existing=reuse_existing)),
        ("register", lambda: register.register(world)),
        ("projects and data points", lambda: work.projects(world)),
        ("involvement and claims", lambda: _involvement_and_claims(world)),
        ("opportunities", lambda: activities.opportunities(world)),
        ("committees and panels", lambda: activities.committees_and_panels(world)),
        ("learning", lambda: activities.learning(world)),
        ("accreditation reviews", lambda: activities.reviews(world)),
        ("outbox", lambda: activities.outbox(world)),
        ("stories", lambda: voice.stories(world)),
        ("ideas", lambda: voice.ideas(world)),
        ("survey answers", lambda: voice.survey_answers(world)),
    ]
    for label, step in steps:
        started = time.perf_counter()
        with transaction.atomic():
            step()
        log(f"  {label}: {time.perf_counter() - started:.1f} s")


def _involvement_and_claims(world: TrustWorld) -> None:
    work.plan_involvement_records(world)
    plans, locks, methods = payments.plan_claims(world)
    work.write_involvement_records(world, locks)
    payments.write_claims(world, plans, methods)


def refresh_statistics() -> None:
    """After a bulk load, give PostgreSQL's planner the statistics autovacuum would within minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


__all__ = ["TRUST_NAME", "build_scale_world"]
