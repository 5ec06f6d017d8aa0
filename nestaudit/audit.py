"""`nestaudit audit`: collect (or take an input), judge, and write the four files.

bundle.json, report.html, report.pdf and report.json go into one folder. When PDF output
cannot be made (WeasyPrint's system libraries missing), the other files are still written
and the result says in one line why the PDF is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestaudit.bundle import Bundle
from nestaudit.errors import NestauditError, RenderError
from nestaudit.output import dumps_json, write_bytes, write_json
from nestaudit.render.model import OUTCOME_ORDER

Progress = Callable[[str], None] | None

SUPPORT_LABEL = {
    "supported": "SUPPORTED",
    "technology-preview": "TECHNOLOGY PREVIEW",
    "untested": "UNTESTED",
    "unsupported": "UNSUPPORTED",
    "unknown": "UNKNOWN",
}
READY_LABEL = {
    True: "ready: nested guests can run now",
    False: "NOT READY: nested guests cannot run now",
    None: "readiness unknown",
}


@dataclass(frozen=True)
class AuditResult:
    out_dir: Path
    report: dict[str, Any]
    written: tuple[Path, ...]
    pdf_problem: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def summary(self, color: bool = False) -> str:
        lines = []
        for host in self.report["hosts"]:
            verdict = host["verdict"]
            counts = host["counts"]["outcome"]
            label = SUPPORT_LABEL[verdict["support"]]
            if color:
                code = {
                    "supported": "32",
                    "technology-preview": "33",
                    "untested": "35",
                    "unsupported": "31",
                }.get(verdict["support"], "37")
                label = f"\033[1;{code}m{label}\033[0m"
            lines.append(
                f"{host['host']} ({host['role']}): {label}; {READY_LABEL[verdict['ready']]}"
            )
            lines.append("  " + count_line(counts))
            failing = [f for f in host["findings"] if f["outcome"] == "fail"]
            lines.extend(
                f"  fail [{f['severity']}] {f['rule']} ({f['target']})" for f in failing[:8]
            )
            if len(failing) > 8:
                lines.append(f"  ... and {len(failing) - 8} more failing findings")
        lines.append(f"written to {self.out_dir}/:")
        lines.extend(f"  {p}" for p in self.written)
        if self.pdf_problem:
            lines.append(f"report.pdf not written: {one_line(self.pdf_problem)}")
        lines.extend(self.notes)
        return "\n".join(lines)


def count_line(counts: dict[str, int]) -> str:
    """ "4 fail, 10 unknown, 32 pass": the non-zero outcome counts, most urgent first."""
    shown = [(k, counts.get(k, 0)) for k in OUTCOME_ORDER if counts.get(k, 0)]
    return ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in shown) or "no findings"


def one_line(text: str) -> str:
    """`text` with every run of whitespace, newlines included, as one space."""
    return " ".join(text.split())


def default_dir(bundle: Bundle, host_name: str | None = None) -> str:
    """`nestaudit-<host>-<date>`: the host as collected live, else as the report names it
    (from /etc/hostname of a root or sosreport), else the input's file name; the date of
    the collection (UTC), never of today, so the same input gives the same folder."""
    host_info = bundle.data.get("host") or {}
    host = host_info.get("hostname") or host_name or Path(bundle.origin).stem or "host"
    date = bundle.collected_at[:10]
    return "nestaudit-" + re.sub(r"[^A-Za-z0-9._-]+", "_", str(host)) + "-" + date


def run_audit(
    input_name: str | None,
    out_dir: str | None = None,
    extra_rules: Sequence[str] = (),
    paper: str = "a4",
    redact_mapping: str | None = None,
    topology: str | None = None,
    progress: Progress = None,
) -> AuditResult:
    from nestaudit import bundle as bundle_mod
    from nestaudit.inputs import load_input, load_live
    from nestaudit.render import OutputFormat, render
    from nestaudit.report import build_report

    if progress:
        progress("collecting this host" if input_name is None else f"reading {input_name}")
    bundle = load_live() if input_name is None else load_input(input_name)
    if redact_mapping:
        from nestaudit.redact import Redactor

        redacted = Redactor(Path(redact_mapping)).redact_bundle(bundle.data)
        bundle = bundle_mod.from_data(redacted, bundle.origin)
    if progress:
        progress("judging")
    report = build_report([bundle], extra_rules=extra_rules, topology=topology)
    hosts = report.get("hosts") or [{}]
    target = Path(out_dir or default_dir(bundle, hosts[0].get("host")))
    if target.exists() and not target.is_dir():
        raise NestauditError(f"{target}: exists and is not a folder")
    # Render everything before writing anything: a failure leaves no half-made folder.
    outputs: list[tuple[str, bytes]] = [
        ("report.html", render(report, OutputFormat.HTML)),
        ("report.json", dumps_json(report).encode("utf-8")),
    ]
    pdf_problem = None
    if progress:
        progress("rendering the PDF")
    try:
        outputs.append(("report.pdf", render(report, OutputFormat.PDF, paper=paper)))
    except RenderError as exc:
        pdf_problem = str(exc)
    target.mkdir(parents=True, exist_ok=True)
    write_json(str(target / "bundle.json"), bundle.data)
    written = [target / "bundle.json"]
    for name, data in outputs:
        write_bytes(str(target / name), data)
        written.append(target / name)
    return AuditResult(target, report, tuple(sorted(written)), pdf_problem)
