"""Benchmark of seedsoil.spread on this machine (a benchmark, not a timed test).

    .venv/bin/python benchmarks/spread.py

Prints medians of repeated runs, because the machine is shared and noisy.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from coursekit.bench import simulate_loop
from seedsoil import spread


def median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def random_chain(n_sites: int, seed: int) -> spread.Chain:
    rng = np.random.default_rng(seed)
    M = rng.random((n_sites, n_sites)) + 0.01
    return spread.Chain(tuple(f"site{i}" for i in range(n_sites)), M / M.sum(axis=1, keepdims=True))


def main() -> None:
    chain = spread.illustrative_model()
    n, steps = 100_000, 10
    vec = median_seconds(lambda: spread.simulate(chain, "breast", steps=steps, n=n, seed=1), repeats=7)
    # The loop is slow; time 10,000 patients and scale linearly (the loop is linear in patients).
    loop_small = median_seconds(lambda: simulate_loop(chain, "breast", steps=steps, n=10_000, seed=1), repeats=3)
    loop = loop_small * n / 10_000
    print(
        f"vectorised: {n:,} trajectories of {steps} steps in {vec:.3f} s "
        f"({n / vec:,.0f} trajectories per second)  [goal: under 1 s]"
    )
    print(f"plain Python loop: {loop:.2f} s for the same work (from 10,000 patients × 10)")
    print(f"speed-up: {loop / vec:.0f}×  [goal: at least 20×]")

    big = random_chain(30, seed=3)
    for name, fn in (
        ("stationary distribution", lambda: spread.stationary(big)),
        ("mean first-passage times", lambda: spread.mean_first_passage(big)),
        ("10-step distribution", lambda: spread.k_step(big, "site0", 10)),
    ):
        t = median_seconds(fn, repeats=50)
        print(f"30-site chain, {name}: {1000 * t:.2f} ms  [goal: milliseconds]")


if __name__ == "__main__":
    main()
