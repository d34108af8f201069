"""Benchmark withus_spc against the installed Python SPC packages, on identical data.

Workloads (issue 3):
  (a) long: one 100,000-point XmR chart with rules;
  (b) many: 1,000 separate series of 60 points;
  (c) huge: one 10,000,000-point XmR chart (this engine only, in a fresh process so
      that its peak memory is its own; the peers would take minutes to hours).

Peers are optional (the ``spc-peers`` dependency group); any that is not installed is
reported as such. pyqicharts is run only with ``--with-slow`` (it takes over a minute).
Times are the best of ``--repeat`` runs after one warm-up run, wall clock.

    python benchmarks/spc_peers.py [--repeat 3] [--with-slow] [--skip-huge]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

# Run against this checkout's engine even where the package is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spc"))

import withus_spc as spc

LONG_POINTS = 100_000
MANY_SERIES, MANY_POINTS = 1_000, 60
HUGE_POINTS = 10_000_000
HUGE_REPEAT = 3
SEED = 20_240_101


def make_data() -> tuple[np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(SEED)
    long = rng.normal(100, 10, LONG_POINTS)
    many = list(rng.normal(100, 10, (MANY_SERIES, MANY_POINTS)))
    return long, many


# Each adapter takes one series (a numpy array) and runs an XmR / I chart with the
# package's rules, the closest each offers to "an XmR chart with special-cause rules".


def withus_long(values: np.ndarray) -> object:
    return spc.analyse(values)


def withus_many(series: list[np.ndarray]) -> object:
    return spc.analyse_many(series)


def qikit_chart(values: np.ndarray) -> object:
    import qikit

    return qikit.qic(y=values, chart="i")


def shewhart_chart(values: np.ndarray) -> object:
    import pandas as pd
    import shewhart

    return shewhart.imr(pd.DataFrame({"v": values}), value="v", rules="nelson")


def pycontrolcharts_chart(values: np.ndarray) -> object:
    import pandas as pd
    import pycontrolcharts

    return pycontrolcharts.calc_xmr(pd.Series(values), run_tests=True)


def abspc_chart(values: np.ndarray) -> object:
    import abspc
    import pandas as pd

    limits = abspc.calculate_control_limits(pd.DataFrame({"value": values}), "XmR")
    return abspc.detect_special_causes(limits)


def pyqicharts_chart(values: np.ndarray) -> object:
    import pandas as pd
    import pyqicharts

    frame = pd.DataFrame({"x": np.arange(values.size), "y": values})
    return pyqicharts.qic_table(frame, x="x", y="y", chart="i")


PEERS: dict[str, tuple[str, Callable[[np.ndarray], object], bool]] = {
    "clinical-qikit": ("qikit", qikit_chart, False),
    "shewhart": ("shewhart", shewhart_chart, False),
    "pycontrolcharts": ("pycontrolcharts", pycontrolcharts_chart, False),
    "abspc": ("abspc", abspc_chart, False),
    "pyqicharts": ("pyqicharts", pyqicharts_chart, True),
}


def best_time(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: imports, caches
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def package_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def run_huge_in_child() -> dict[str, float]:
    completed = subprocess.run(  # noqa: S603 - this interpreter, this script
        [sys.executable, __file__, "--huge-child"], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


def huge_child() -> None:
    values = np.random.default_rng(SEED).normal(100, 10, HUGE_POINTS)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    spc.analyse(values[:1000])
    times = []
    for _ in range(HUGE_REPEAT):
        started = time.perf_counter()
        spc.analyse(values)
        times.append(time.perf_counter() - started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": min(times),
                "worst_seconds": max(times),
                "peak_rss_mib": peak_kib / 1024,
                "rss_before_mib": before / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (best is kept)")
    parser.add_argument("--with-slow", action="store_true", help="include pyqicharts (over a minute)")
    parser.add_argument("--skip-huge", action="store_true", help="skip the 10,000,000-point run")
    parser.add_argument("--huge-peers", action="store_true", help="also time each peer once on (c); slow")
    parser.add_argument("--huge-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.huge_child:
        huge_child()
        return
    warnings.simplefilter("ignore")  # peers' deprecation chatter would bury the table

    long, many = make_data()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"(a) long: 1 x {LONG_POINTS:,} points   (b) many: {MANY_SERIES:,} x {MANY_POINTS} points")
    ours_long = best_time(lambda: withus_long(long), max(args.repeat, 5))
    ours_many = best_time(lambda: withus_many(many), max(args.repeat, 5))
    rows = [("withus_spc", "this checkout", ours_long, ours_many)]
    for distribution, (module, chart, slow) in PEERS.items():
        if importlib.util.find_spec(module) is None or (slow and not args.with_slow):
            reason = "not installed" if importlib.util.find_spec(module) is None else "skipped (--with-slow)"
            rows.append((distribution, reason, float("nan"), float("nan")))
            continue
        peer_long = best_time(lambda chart=chart: chart(long), args.repeat)
        peer_many = best_time(lambda chart=chart: [chart(series) for series in many], args.repeat)
        rows.append((distribution, package_version(distribution), peer_long, peer_many))

    print(f"\n{'engine':<18}{'version':<16}{'(a) long s':>12}{'x ours':>9}{'(b) many s':>12}{'x ours':>9}")
    for name, version, long_seconds, many_seconds in rows:
        print(
            f"{name:<18}{version:<16}{long_seconds:>12.4f}{long_seconds / ours_long:>9.1f}"
            f"{many_seconds:>12.4f}{many_seconds / ours_many:>9.1f}"
        )
    timed_peers = [row for row in rows[1:] if row[2] == row[2]]
    if timed_peers:
        fastest_long = min(row[2] for row in timed_peers)
        fastest_many = min(row[3] for row in timed_peers)
        print(
            f"\nfastest peer / withus_spc: (a) {fastest_long / ours_long:.1f}x, "
            f"(b) {fastest_many / ours_many:.1f}x (target: at least 20x)"
        )
    huge = {"seconds": float("nan")}
    if not args.skip_huge:
        huge = run_huge_in_child()
        print(
            f"(c) huge: 1 x {HUGE_POINTS:,} points: {huge['seconds']:.2f} s "
            f"(best of {HUGE_REPEAT}; worst {huge['worst_seconds']:.2f} s), "
            f"peak RSS {huge['peak_rss_mib']:.0f} MiB of which {huge['rss_before_mib']:.0f} MiB is the "
            f"interpreter, numpy and the input (target: under 2 s and 1 GB)"
        )
    if args.huge_peers:
        values = np.random.default_rng(SEED).normal(100, 10, HUGE_POINTS)
        for distribution, (module, chart, slow) in PEERS.items():
            if importlib.util.find_spec(module) is None or (slow and not args.with_slow):
                continue
            started = time.perf_counter()
            chart(values)
            seconds = time.perf_counter() - started
            print(f"(c) huge, {distribution}: {seconds:.1f} s ({seconds / huge['seconds']:.0f}x ours)")


if __name__ == "__main__":
    main()
