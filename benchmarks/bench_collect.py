"""Benchmark `nestaudit collect`: live on this machine, and on a root with 500 domain XMLs.

Run by hand: `python benchmarks/bench_collect.py [--runs N]`. Prints the median wall time
and the peak resident memory of each case, each a fresh `python -m nestaudit collect`
process (Python start-up included). Targets: live under 0.15 s, 500 domains under 1 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reference import describe

REPO = Path(__file__).resolve().parent.parent
DOMAIN = (
    REPO / "samples" / "roots" / "intel-l0-rhel10-nested-on" / "etc" / "libvirt" / "qemu"
    / "rhel9.6-l1.xml"
)


def make_root(base: Path, count: int) -> Path:
    """A copy of the Intel sample root with `count` domain XMLs (half of them running)."""
    root = base / "root"
    shutil.copytree(REPO / "samples" / "roots" / "intel-l0-rhel10-nested-on", root, symlinks=True)
    template = DOMAIN.read_text()
    qemu = root / "etc" / "libvirt" / "qemu"
    run = root / "run" / "libvirt" / "qemu"
    for i in range(count):
        name = f"bench-{i:04d}"
        xml = template.replace("rhel9.6-l1", name)
        (qemu / f"{name}.xml").write_text(xml)
        if i % 2 == 0:
            (run / f"{name}.xml").write_text(
                f"<domstatus state='running' reason='booted' pid='{1000 + i}'>\n"
                f"{xml}</domstatus>\n"
            )
    return root


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    times = []
    peak = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return statistics.median(times), peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--domains", type=int, default=500)
    args = parser.parse_args()
    base = [sys.executable, "-m", "nestaudit", "collect", "-q", "-o", "/dev/null"]
    # An installed wheel carries its bytecode; compile once to measure what users run.
    import compileall

    compileall.compile_dir(str(REPO / "nestaudit"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(Path(tmp), args.domains)
        live = measure(base, args.runs)
        big = measure([*base, "--root", str(root)], args.runs)
        start = measure([sys.executable, "-c", "pass"], args.runs)
    print(describe())
    print(f"python start-up alone:       median {start[0]:.3f} s")
    print(f"collect live:                median {live[0]:.3f} s  (peak RSS {live[1]:.0f} MiB)")
    print(
        f"collect root, {args.domains} domains: median {big[0]:.3f} s  "
        f"(peak RSS {big[1]:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
