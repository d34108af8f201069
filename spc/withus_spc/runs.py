"""Runs analysis: longest run and crossings of the centre line, with their critical values.

The critical values are computed, not looked up, so any number of points works:

* Anhøj (qicharts2): a run longer than ``round(log2(n) + 3)`` or fewer crossings than
  the 5th percentile of Binomial(n - 1, 1/2) is a signal.
* Swed-Eisenhart (the runs test behind the IHI run-chart table): too few or too many
  runs for the number of points above and below the centre, 2.5 % in each tail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

CROSSINGS_QUANTILE = 0.05
# Above these sizes exact big-integer sums get slow; the float paths are accurate far
# beyond the precision that could move a quantile.
EXACT_BINOMIAL_LIMIT = 2000
EXACT_RUNS_LIMIT = 400
RUNS_TEST_Z = 1.959963984540054  # two-sided 5 %


@dataclass(frozen=True)
class RunsByPartition:
    """Runs analysis of every partition of a batch (arrays indexed by partition)."""

    n_useful: np.ndarray
    n_above: np.ndarray
    longest_run: np.ndarray
    crossings: np.ndarray


def analyse_runs(side: np.ndarray, partition: np.ndarray, n_partitions: int) -> RunsByPartition:
    """Count runs of points on one side of the centre line, per partition.

    ``side`` is -1/0/+1 for each assessed point in order, ``partition`` its partition.
    Points on the centre line (side 0) neither break nor extend a run.
    """
    useful = side != 0
    side = side[useful]
    if n_partitions == 1:
        return _runs_of_one_partition(side)
    partition = partition[useful]
    n_useful = np.bincount(partition, minlength=n_partitions)
    n_above = np.bincount(partition, weights=side > 0, minlength=n_partitions).astype(np.int64)
    longest = np.zeros(n_partitions, dtype=np.int64)
    crossings = np.zeros(n_partitions, dtype=np.int64)
    if side.size:
        run_starts = np.empty(side.size, dtype=bool)
        run_starts[0] = True
        np.not_equal(side[1:], side[:-1], out=run_starts[1:])
        run_starts[1:] |= partition[1:] != partition[:-1]
        start_positions = np.flatnonzero(run_starts)
        run_lengths = np.diff(np.append(start_positions, side.size))
        run_partition = partition[start_positions]
        runs_per_partition = np.bincount(run_partition, minlength=n_partitions)
        has_runs = runs_per_partition > 0
        first_run = np.cumsum(runs_per_partition) - runs_per_partition
        longest[has_runs] = np.maximum.reduceat(run_lengths, first_run[has_runs])
        crossings = np.maximum(runs_per_partition - 1, 0)
    return RunsByPartition(n_useful=n_useful, n_above=n_above, longest_run=longest, crossings=crossings)


def _runs_of_one_partition(side: np.ndarray) -> RunsByPartition:
    # The same counts without per-point partition arrays: a 10-million-point chart saves ~0.2 s.
    count = np.array([side.size])
    if not side.size:
        zero = np.zeros(1, dtype=np.int64)
        return RunsByPartition(n_useful=count, n_above=zero, longest_run=zero, crossings=zero)
    changes = np.flatnonzero(side[1:] != side[:-1]) + 1
    run_lengths = np.diff(changes, prepend=0, append=side.size)
    return RunsByPartition(
        n_useful=count,
        n_above=np.array([np.count_nonzero(side > 0)]),
        longest_run=np.array([run_lengths.max()]),
        crossings=np.array([changes.size]),
    )


def longest_run_max(n_useful: np.ndarray) -> np.ndarray:
    """Anhøj's limit for the longest run: a longer run signals a shift."""
    with np.errstate(divide="ignore"):
        limit = np.round(np.log2(n_useful.astype(float)) + 3)
    return np.where(n_useful > 0, limit, 0).astype(np.int64)


def crossings_min(n_useful: np.ndarray) -> np.ndarray:
    """Anhøj's minimum number of crossings: fewer signals a shift."""
    unique, inverse = np.unique(n_useful, return_inverse=True)
    quantiles = np.array([binomial_half_quantile(max(int(n) - 1, 0)) for n in unique], dtype=np.int64)
    return quantiles[inverse].reshape(n_useful.shape)


@lru_cache(maxsize=4096)
def binomial_half_quantile(trials: int, probability: float = CROSSINGS_QUANTILE) -> int:
    """Smallest k with P(X <= k) >= probability for X ~ Binomial(trials, 1/2) (R's qbinom)."""
    if trials <= 0:
        return 0
    if trials <= EXACT_BINOMIAL_LIMIT:
        return _exact_binomial_half_quantile(trials, probability)
    return _float_binomial_half_quantile(trials, probability)


def _exact_binomial_half_quantile(trials: int, probability: float) -> int:
    # Compare integer counts with the float probability's exact rational value.
    numerator, denominator = probability.as_integer_ratio()
    total = 1 << trials
    cumulative = 0
    ways = 1
    for k in range(trials + 1):
        cumulative += ways
        if cumulative * denominator >= numerator * total:
            return k
        ways = ways * (trials - k) // (k + 1)
    return trials


def _float_binomial_half_quantile(trials: int, probability: float) -> int:
    # Sum the lower tail in log space from far below the mean, where the mass is negligible.
    half_width = math.ceil(40 * math.sqrt(trials) / 2)
    low = max(0, trials // 2 - half_width)
    high = trials // 2 + 1
    log_first = math.lgamma(trials + 1) - math.lgamma(low + 1) - math.lgamma(trials - low + 1)
    k = np.arange(low, high, dtype=np.float64)
    log_ratio = np.log((trials - k[:-1]) / (k[:-1] + 1))
    log_pmf = np.concatenate(([log_first], log_first + np.cumsum(log_ratio))) - trials * math.log(2)
    cumulative = np.cumsum(np.exp(log_pmf))
    return int(low + np.searchsorted(cumulative, probability))


def swed_eisenhart_crossing_bounds(n_above: np.ndarray, n_below: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fewest and most crossings that are not a signal, per partition (runs test, 5 % two-sided)."""
    pairs = np.stack([n_above, n_below], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    bounds = np.array([_runs_bounds(int(a), int(b)) for a, b in unique], dtype=np.int64).reshape(-1, 2)
    inverse = inverse.reshape(-1)
    return bounds[inverse, 0] - 1, bounds[inverse, 1] - 1


@lru_cache(maxsize=4096)
def _runs_bounds(above: int, below: int) -> tuple[int, int]:
    """Smallest and largest number of runs that is not a signal."""
    if above == 0 or below == 0:
        return 1, 1
    total = above + below
    if total > EXACT_RUNS_LIMIT:
        mean = 2 * above * below / total + 1
        variance = 2 * above * below * (2 * above * below - total) / (total**2 * (total - 1))
        spread = RUNS_TEST_Z * math.sqrt(variance)
        return math.ceil(mean - spread), math.floor(mean + spread)
    ways = [_ways_to_make_runs(runs, above, below) for runs in range(total + 1)]
    all_ways = math.comb(total, above)
    # 2.5 % in each tail: signal when P(R <= r) or P(R >= r) is at most 1/40.
    fewest = 1
    cumulative = 0
    for runs, count in enumerate(ways):
        cumulative += count
        if cumulative * 40 > all_ways:
            fewest = runs
            break
    most = total
    cumulative = 0
    for runs in range(total, -1, -1):
        cumulative += ways[runs]
        if cumulative * 40 > all_ways:
            most = runs
            break
    return fewest, most


def _ways_to_make_runs(runs: int, above: int, below: int) -> int:
    if runs < 2:
        return 0
    half = runs // 2
    if runs % 2 == 0:
        return 2 * math.comb(above - 1, half - 1) * math.comb(below - 1, half - 1)
    return math.comb(above - 1, half) * math.comb(below - 1, half - 1) + math.comb(above - 1, half - 1) * math.comb(
        below - 1, half
    )
