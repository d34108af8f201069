"""Build the scale world of issue 25: `manage.py build_scale_world --trusts 1 --size large`, then
`--trusts 20 --size small` for twenty small trusts beside it. Development and benchmarks only."""

import time

from django.core.management.base import BaseCommand, CommandError

from withus.demo.scale import build_scale_world
from withus.demo.scale.common import SIZES
from withus.demo.world import refuse_in_production


class Command(BaseCommand):
    help = "Build one large trust (the demo trust, topped up) or many small ones with bulk inserts, for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--trusts", type=int, default=1, help="how many trusts of this size (default 1)")
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed builds the same rows")
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="build this share of every count (e.g. 0.05 while developing)"
        )

    def handle(self, *args, trusts, size, seed, fraction, **options):
        refuse_in_production()
        if trusts < 1 or trusts > 200:
            raise CommandError("Give --trusts a number from 1 to 200.")
        if not 0 < fraction <= 1:
            raise CommandError("Give --fraction a number above 0 and at most 1.")
        started = time.perf_counter()
        result = build_scale_world(trusts=trusts, size=size, seed=seed, fraction=fraction, log=self.stdout.write)
        total = sum(result["counts"].values())
        for label, count in sorted(result["counts"].items()):
            self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(f"Built {total:,} rows in {time.perf_counter() - started:.1f} s.")
