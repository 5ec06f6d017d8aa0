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
from typing import TYPE_CHECKING

from nestaudit.bundle import Bundle
from nestaudit.errors import NestauditError, RenderError
from nestaudit.judge.assessment import Assessment, Counts
from nestaudit.output import dumps_json, write_folder
from nestaudit.terminal import safe, safe_line
from nestaudit.vocabulary import Outcome, SupportClass

if TYPE_CHECKING:
    from nestaudit.redact import Redactor
    from nestaudit.waivers import WaiverFile

Progress = Callable[[str], None] | None

_SUPPORT_COLORS = {
    SupportClass.SUPPORTED: "32",
    SupportClass.TECHNOLOGY_PREVIEW: "33",
    SupportClass.UNTESTED: "35",
    SupportClass.UNSUPPORTED: "31",
}
READY_LABEL = {
    True: "ready: nested guests can run now",
    False: "NOT READY: nested guests cannot run now",
    None: "readiness unknown",
}


@dataclass(frozen=True)
class AuditResult:
    out_dir: Path
    assessment: Assessment
    written: tuple[Path, ...]
    pdf_problem: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def summary(self, color: bool = False) -> str:
        lines = []
        for host in self.assessment.hosts:
            verdict = host.verdict
            label = verdict.support.value.replace("-", " ").upper()
            if color:
                code = _SUPPORT_COLORS.get(verdict.support, "37")
                label = f"\033[1;{code}m{label}\033[0m"
            lines.append(
                f"{safe_line(host.name)} ({host.role}): {label}; {READY_LABEL[verdict.ready]}"
            )
            lines.append("  " + count_line(host.counts))
            failing = [f for f in host.findings if f.outcome is Outcome.FAIL]
            lines.extend(
                f"  fail [{f.severity}] {safe_line(f.rule)} ({safe_line(f.target)})"
                for f in failing[:8]
            )
            if len(failing) > 8:
                lines.append(f"  ... and {len(failing) - 8} more failing findings")
        lines.append(f"written to {safe_line(str(self.out_dir))}/:")
        lines.extend(f"  {safe_line(str(p))}" for p in self.written)
        if self.pdf_problem:
            lines.append(f"report.pdf not written: {safe_line(one_line(self.pdf_problem))}")
        lines.extend(safe(note) for note in self.notes)
        return "\n".join(lines)


def count_line(counts: Counts) -> str:
    """ "4 fail, 10 unknown, 32 pass": the non-zero outcome counts, most urgent first."""
    shown = [f"{n} {k.value.replace('_', ' ')}" for k, n in counts.outcome]
    return ", ".join(shown) or "no findings"


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
    redactor: Redactor | None = None,
    topology: str | None = None,
    progress: Progress = None,
    waivers: WaiverFile | None = None,
) -> AuditResult:
    from nestaudit import bundle as bundle_mod
    from nestaudit.inputs import load_input, load_live
    from nestaudit.judge import assess
    from nestaudit.judge.registry import load_rules
    from nestaudit.render import OutputFormat, render
    from nestaudit.topology import NO_TOPOLOGY, load_topology

    if progress:
        progress("collecting this host" if input_name is None else f"reading {input_name}")
    bundle = load_live() if input_name is None else load_input(input_name)
    if redactor is not None:
        # the input's path names the host (sosreport-node7-...): only its redacted name
        redacted = redactor.redact_input(bundle.data, bundle.origin)
        bundle = bundle_mod.from_data(redacted.data, redacted.origin)
    if progress:
        progress("judging")
    rules = load_rules(extra_rules) if extra_rules else None
    stated = load_topology(topology) if topology else NO_TOPOLOGY
    assessment = assess([bundle], rules, stated)
    if waivers is not None:
        from nestaudit.waivers import apply_waivers

        rename = redactor.dns_name if redactor is not None else None
        assessment = apply_waivers(assessment, waivers, rename)
    first = assessment.hosts[0].name if assessment.hosts else None
    target = out_dir or default_dir(bundle, first)
    if Path(target).exists() and not Path(target).is_dir():
        raise NestauditError(f"{target}: exists and is not a folder")
    # Render everything before writing anything, then write the folder in one go.
    files: list[tuple[str, bytes, bool]] = [
        ("bundle.json", dumps_json(bundle.data).encode("utf-8"), True),  # serials, UUIDs
        ("report.html", render(assessment, OutputFormat.HTML), False),
        ("report.json", render(assessment, OutputFormat.JSON), False),
    ]
    pdf_problem = None
    if progress:
        progress("rendering the PDF")
    try:
        files.append(("report.pdf", render(assessment, OutputFormat.PDF, paper=paper), False))
    except RenderError as exc:
        pdf_problem = str(exc)
    folder = Path(write_folder(target, files))
    notes = () if str(folder) == target else (f"{target} exists: wrote a new folder instead",)
    written = tuple(sorted(folder / name for name, _, _ in files))
    return AuditResult(folder, assessment, written, pdf_problem, notes)
