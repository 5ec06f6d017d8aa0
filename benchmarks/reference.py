"""A yardstick for reading benchmark figures: how fast this machine runs plain Python now.

Shared virtual machines change speed from minute to minute (this project's development
machine runs the same work anywhere between 1x and 1.7x). Each benchmark prints this
reference next to its figures, so a slow run can be told from a slow change: compare
figures only between runs whose reference is alike.
"""

from __future__ import annotations

import statistics
import time


def reference_seconds(runs: int = 7) -> float:
    """Median wall time of a fixed pure-Python loop (two million additions)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def describe() -> str:
    return f"machine reference (2M-addition Python loop): median {reference_seconds():.3f} s"
