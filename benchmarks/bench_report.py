"""Benchmark judging and reporting on big hosts: 211 and 1,000 libvirt domains.

Run by hand: `python benchmarks/bench_report.py [--runs N] [--domains N ...]`. Builds each
host with `tests/bighost.py` (the Intel sample root with copies of its domains, the same
hosts `tests/test_big_hosts.py` holds to its size limits), collects it with
`nestaudit.collect.collect(root=...)`, and prints, for each host, the size of its HTML,
Markdown and PDF reports and the median wall time of:

- `nestaudit check BUNDLE --format json` as a fresh process (start-up included)
- HTML rendering of the report, in-process (the report is built once)
- PDF rendering of the same report, in-process

and once, `nestaudit --version` as a fresh process (target 0.15 s). The targets are for
the 211-domain host; the 1,000-domain figures are for reading how reports grow.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bighost import SIZES, big_bundle  # noqa: E402
from reference import describe  # noqa: E402

# (case, target in seconds on the 211-domain host)
TARGETS = {"check": 0.5, "html": 0.3, "pdf": 3.0}


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_process(argv: list[str]) -> Callable[[], object]:
    def action() -> object:
        return subprocess.run(argv, stdout=subprocess.DEVNULL, cwd=REPO, check=False)

    return action


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def bench_host(domains: int, runs: int) -> list[str]:
    """The lines printed for one host."""
    import pypdf

    from nestaudit.judge import assess
    from nestaudit.render import OutputFormat, render

    with tempfile.TemporaryDirectory() as tmp:
        bundle = big_bundle(Path(tmp), domains)
        path = Path(tmp) / "bundle.json"
        path.write_text(json.dumps(bundle.data), encoding="utf-8")
        report = assess([bundle])
        host = report.hosts[0]
        check = [sys.executable, "-m", "nestaudit", "check", str(path), "--format", "json"]
        run_process(check)()  # warm the page cache and the bytecode once before timing
        times = {
            "check": median_time(run_process(check), runs),
            "html": median_time(lambda: render(report, OutputFormat.HTML), runs),
            "pdf": median_time(lambda: render(report, OutputFormat.PDF), max(1, runs // 3)),
        }
        html = render(report, OutputFormat.HTML)
        markdown = render(report, OutputFormat.MD)
        pdf = render(report, OutputFormat.PDF)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    domains_seen = len(host.summary.domains) if host.summary else 0
    lines = [
        f"host with {domains_seen} domains, {len(host.findings)} findings",
        f"  HTML {kib(len(html))}, Markdown {kib(len(markdown))}, "
        f"PDF {kib(len(pdf))} ({pages} pages)",
    ]
    labels = {
        "check": "check BUNDLE --format json (process)",
        "html": "HTML rendering (in-process)",
        "pdf": "PDF rendering (in-process)",
    }
    for case, seconds in times.items():
        target = TARGETS[case]
        verdict = ("ok" if seconds < target else "MISSED") if domains == SIZES[0] else ""
        lines.append(f"  {labels[case]:40} {seconds:8.3f}s  target {target:4.2f}s {verdict}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--domains", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()

    print(describe())
    nestaudit = [sys.executable, "-m", "nestaudit"]
    version = median_time(run_process([*nestaudit, "--version"]), args.runs)
    print(f"--version (process) {version:.3f}s, target 0.15s")
    for domains in args.domains:
        print("\n".join(bench_host(domains, args.runs)))
    print(describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
