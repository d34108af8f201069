"""Benchmark `make test`: wall-clock and CPU time of whole runs, with the machine's load around each.

Runs `make test` in one or more checkouts, taking turns (A, B, A, B, ...) so that both see the same load on a
shared machine, and prints each run and then the best and median per checkout. CPU time is the user + system
time of `make` and everything it started (less sensitive to other people's jobs than wall time). Each checkout
must already be installed (`make install`). Not a test: run it by hand and copy the figures into
docs/benchmarks.md.

    python benchmarks/make_test.py [--repo PATH ...] [--repeat 3] [--cold]

`--cold` deletes the migrated SQLite test template (var/test-template-*.sqlite3) before each run, as in a fresh
clone or after a migration changes; without it the template from the previous run is used, as on a developer's
machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"^\d+ passed.*$", re.MULTILINE)


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_once(repo: Path, *, cold: bool) -> dict:
    if cold:
        for template in (repo / "var").glob("test-template-*.sqlite3"):
            template.unlink()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = _load()
    started = time.perf_counter()
    result = subprocess.run(
        ["make", "--no-print-directory", "test"],  # noqa: S607 - make from PATH, as a developer runs it
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = SUMMARY.findall(result.stdout + result.stderr)
    return {
        "repo": repo,
        "ok": result.returncode == 0,
        "wall": wall,
        "cpu": cpu,
        "load_before": load_before,
        "load_after": _load(),
        "summary": summary[-1] if summary else "(no pytest summary)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, action="append", help="checkout to run `make test` in (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="delete the migrated test template before each run")
    arguments = parser.parse_args()
    repos = [repo.resolve() for repo in arguments.repo or [REPO]]
    print(f"{os.cpu_count()} CPUs; load average now {_load()}")
    runs = []
    for number in range(arguments.repeat):
        for repo in repos:
            run = run_once(repo, cold=arguments.cold)
            runs.append(run)
            print(
                f"run {number + 1} {repo}: {'ok' if run['ok'] else 'FAILED'}  wall {run['wall']:.1f} s  "
                f"CPU {run['cpu']:.1f} s  load {run['load_before']} -> {run['load_after']}  {run['summary']}",
                flush=True,
            )
    for repo in repos:
        walls = [run["wall"] for run in runs if run["repo"] == repo]
        cpus = [run["cpu"] for run in runs if run["repo"] == repo]
        print(
            f"{repo}: wall best {min(walls):.1f} s, median {statistics.median(walls):.1f} s; "
            f"CPU best {min(cpus):.1f} s, median {statistics.median(cpus):.1f} s ({len(walls)} runs)"
        )


if __name__ == "__main__":
    main()
