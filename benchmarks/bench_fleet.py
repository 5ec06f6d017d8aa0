"""Benchmark `nestaudit fleet` (and `check B1..BN`) on fleets of varied bundles.

Run by hand: `python benchmarks/bench_fleet.py [--sizes 1000 4000 10000] [--check]`.
The bundles are made by benchmarks/fleet_bundles.py (each with its own cpuinfo) into
--dir, once, and reused. Each run is a fresh process; wall time, bundles per second and
peak resident memory (of the whole process tree, sampled every 20 ms) are printed, and
the CPU time of the run and its workers, which a machine busy with other work does not
inflate as it does wall time. Targets on the project's 2-core machine: 10,000 bundles in
at most 10 s and 500 MiB, at least 1,000 bundles/s from 4,000 up. --check also times `check`
of the same bundles (--check-tree runs another checkout's, for a before/after figure).
The interpreter running this script runs nestaudit, and its build counts: Debian 12's
python3 (an optimised build) judged this fleet in about a tenth less CPU than a Python built
from source with the default options (as pyenv builds it), so the first line names it.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_bundles import write_bundles  # noqa: E402
from reference import describe  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


def _tree_rss(pid: int) -> int:
    todo, total = [pid], 0
    while todo:
        p = todo.pop()
        total += _rss_kib(p)
        todo.extend(_children(p))
    return total


class Run:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.peak_tree = 0
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                self.peak_tree = max(self.peak_tree, _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        done.set()
        sampler.join()
        self.wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU of the run and its workers: what a busy machine cannot inflate
        self.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        self.code = proc.returncode
        lines = err.decode(errors="replace").strip().splitlines()
        self.error = lines[-1:] if proc.returncode > 1 else []


def _bundles(folder: Path, count: int) -> Path:
    target = folder / str(count)
    if target.is_dir() and len(os.listdir(target)) == count:
        return target
    shutil.rmtree(target, ignore_errors=True)
    print(f"making {count} bundles in {target} ...", flush=True)
    write_bundles(target, count, gzip_every=4)
    return target


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    return env


def _fleet(bundles: Path, count: int, tree: Path, jobs: int) -> str:
    out = Path(tempfile.mkdtemp(prefix="bench-fleet-")) / "report"
    argv = [sys.executable, "-m", "nestaudit", "fleet", str(bundles), "-o", str(out), "-q"]
    if jobs:
        argv += ["-j", str(jobs)]
    run = Run(argv, _env(tree))
    shutil.rmtree(out.parent, ignore_errors=True)
    return _line("fleet", count, run)


def _check(bundles: Path, count: int, tree: Path) -> str:
    files = sorted(str(p) for p in bundles.iterdir())
    argv = [sys.executable, "-m", "nestaudit", "check", "--format", "json", "-o", os.devnull,
            *files]
    return _line(f"check ({tree})", count, Run(argv, _env(tree)))


def _line(what: str, count: int, run: Run) -> str:
    problem = f"  FAILED: exit {run.code} {' '.join(run.error)}" if run.code > 1 else ""
    return (f"{what:<34} {count:>6} bundles: wall {run.wall:7.2f} s, "
            f"{count / run.wall:7.0f} bundles/s, peak RSS {run.peak_tree / 1024:7.0f} MiB"
            f" (process tree), CPU {run.cpu:7.2f} s ({run.cpu / count * 1000:.2f} ms/bundle)"
            f"{problem}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "nestaudit-bench-fleet",
                        help="where the bundles are made and kept between runs")
    parser.add_argument("--jobs", type=int, default=0, help="fleet -j (default: one per CPU)")
    parser.add_argument("--check", action="store_true", help="also time check B1..BN")
    parser.add_argument("--check-tree", type=Path, default=REPO,
                        help="the checkout whose check is timed (default: this one)")
    parser.add_argument("--check-max", type=int, default=4000,
                        help="time check only up to this many bundles (it is slow)")
    args = parser.parse_args()
    import compileall  # measure what an installed wheel runs: compiled bytecode

    for tree in {REPO, args.check_tree}:
        compileall.compile_dir(str(tree / "nestaudit"), quiet=1)
    print(describe(), f"; {os.cpu_count()} CPUs; Python {platform.python_version()} "
          f"({sys.executable})", flush=True)
    for count in args.sizes:
        bundles = _bundles(args.dir, count)
        print(_fleet(bundles, count, REPO, args.jobs), flush=True)
        if args.check and count <= args.check_max:
            print(_check(bundles, count, args.check_tree), flush=True)
    print(describe(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
