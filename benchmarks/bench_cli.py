"""Benchmark start-up and `check`: `nestaudit --version`, and `check` on a 200-domain bundle.

Run by hand: `python benchmarks/bench_cli.py [--runs N]`. Each measurement is a fresh
process, Python start-up included. Targets: --version under 0.15 s, check under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_collect import make_root  # noqa: E402
from reference import describe  # noqa: E402

from nestaudit.collect import collect  # noqa: E402


def median_time(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--domains", type=int, default=200)
    args = parser.parse_args()
    # An installed wheel carries its bytecode; this environment may set
    # PYTHONDONTWRITEBYTECODE, so compile once to measure what users run.
    import compileall

    before = describe()
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "nestaudit"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(Path(tmp), args.domains)
        bundle = Path(tmp) / "bundle.json"
        bundle.write_text(json.dumps(collect(root=str(root))))
        py = sys.executable
        start = median_time([py, "-c", "pass"], args.runs)
        version = median_time([py, "-m", "nestaudit", "--version"], args.runs)
        check = median_time([py, "-m", "nestaudit", "check", str(bundle), "--format", "json"],
                            args.runs)
        text = median_time([py, "-m", "nestaudit", "check", str(bundle)], args.runs)
    print(before)
    print(f"python start-up alone:                 median {start:.3f} s")
    print(f"nestaudit --version:                   median {version:.3f} s  (target < 0.15 s)")
    print(f"check --format json, {args.domains} domains:   median {check:.3f} s  (target < 0.5 s)")
    print(f"check (text), {args.domains} domains:          median {text:.3f} s")
    print(describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
