"""The fleet verb's progress line on standard error, as `collect.cli.progress` is collect's."""

from __future__ import annotations

import sys
from collections.abc import Callable


def progress(quiet: bool) -> Callable[[int, int], None] | None:
    """done/total, rate and time left on one line of a terminal, ten times a second."""
    if quiet or not sys.stderr.isatty():
        return None
    import time

    start = time.monotonic()
    shown = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - shown[0] < 0.1:
            return
        shown[0] = now
        rate = done / max(now - start, 1e-6)
        left = (total - done) / rate if rate else 0.0
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rnestaudit: {done}/{total} inputs judged, {rate:.0f}/s, "
                         f"{left:.0f} s left {end}")
        sys.stderr.flush()

    return show
