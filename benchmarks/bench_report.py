"""Benchmark judging and reporting on a host with 200 libvirt domains.

Run by hand: `python benchmarks/bench_report.py [--runs N] [--domains N]`. Builds a copy of
the Intel sample root with N extra domain XMLs (a mix of the sample's domains: some pass
the CPU through, some hide vmx, some run an OS outside the tables, half of them running),
collects it with `nestaudit.collect.collect(root=...)`, and prints the median wall time of:

- `nestaudit check BUNDLE --format json` as a fresh process (start-up included), target 0.5 s
- `nestaudit --version` as a fresh process, target 0.15 s
- HTML rendering of the report, in-process (the report is built once), target 0.3 s
- PDF rendering of the same report, in-process, target 3 s
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "roots" / "intel-l0-rhel10-nested-on"
# (template domain, share of the generated domains): a plausible lab host
TEMPLATES = (
    ("rhel9.6-l1", 6),  # host-passthrough, RHEL 9.6: passes
    ("rhel10.0-l1", 4),  # custom model requiring vmx, RHEL 10.0: passes
    ("web-portal", 4),  # host-model without live XML: exposure unknown
    ("rhel9.6-novmx", 2),  # vmx disabled: fails
    ("f30", 2),  # Fedora 30: outside the tables
    ("win11", 2),  # Windows 11: WSL2 notice
)


def make_root(base: Path, count: int) -> Path:
    """A copy of the Intel sample root with `count` more domain XMLs, every other one running."""
    root = base / "root"
    shutil.copytree(SAMPLE, root, symlinks=True)
    qemu = root / "etc" / "libvirt" / "qemu"
    run = root / "run" / "libvirt" / "qemu"
    cycle = [name for name, share in TEMPLATES for _ in range(share)]
    texts = {
        name: (SAMPLE / "etc" / "libvirt" / "qemu" / f"{name}.xml").read_text()
        for name, _ in TEMPLATES
    }
    for i in range(count):
        template = cycle[i % len(cycle)]
        name = f"bench-{i:03d}-{template}"
        xml = texts[template].replace(f"<name>{template}</name>", f"<name>{name}</name>")
        xml = _new_uuid(xml, i)
        (qemu / f"{name}.xml").write_text(xml)
        if i % 2 == 0:
            (run / f"{name}.xml").write_text(
                f"<domstatus state='running' reason='booted' pid='{1000 + i}'>\n{xml}</domstatus>\n"
            )
    return root


def _new_uuid(xml: str, index: int) -> str:
    start = xml.find("<uuid>")
    if start < 0:
        return xml
    end = xml.index("</uuid>", start)
    return f"{xml[: start + 6]}00000000-0000-4000-8000-{index:012d}{xml[end:]}"


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--domains", type=int, default=200)
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from reference import describe

    before = describe()
    import pypdf

    from nestaudit import bundle as bundle_mod
    from nestaudit.collect import collect
    from nestaudit.judge import assess
    from nestaudit.render import OutputFormat, render

    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(Path(tmp), args.domains)
        data = collect(root=str(root))
        path = Path(tmp) / "bundle.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        bundle = bundle_mod.load(str(path))
        report = assess([bundle])
        host = report.hosts[0]
        domains = len(host.summary.domains) if host.summary else 0
        findings = len(host.findings)
        nestaudit = [sys.executable, "-m", "nestaudit"]
        # warm the page cache and the bytecode once before timing
        run_process([*nestaudit, "check", str(path), "--format", "json"])()
        render(report, OutputFormat.PDF)
        rows = [
            (
                "check BUNDLE --format json (process)",
                median_time(
                    run_process([*nestaudit, "check", str(path), "--format", "json"]), args.runs
                ),
                0.5,
            ),
            (
                "--version (process)",
                median_time(run_process([*nestaudit, "--version"]), args.runs),
                0.15,
            ),
            (
                "HTML rendering (in-process)",
                median_time(lambda: render(report, OutputFormat.HTML), args.runs),
                0.3,
            ),
            (
                "PDF rendering (in-process)",
                median_time(lambda: render(report, OutputFormat.PDF), max(3, args.runs // 2)),
                3.0,
            ),
        ]
        html_size = len(render(report, OutputFormat.HTML))
        pdf = render(report, OutputFormat.PDF)
    print(before)
    print(f"host with {domains} domains, {findings} findings")
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    print(f"HTML {html_size // 1024} KiB, PDF {len(pdf) // 1024} KiB, {pages} pages")
    print(f"{'case':40} {'median':>9} {'target':>8}  result")
    for label, seconds, target in rows:
        verdict = "ok" if seconds < target else "MISSED"
        print(f"{label:40} {seconds:8.3f}s {target:7.2f}s  {verdict}")
    print(describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
