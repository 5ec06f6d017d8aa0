"""Markdown for tickets: renders on GitHub and GitLab, host data always shown as text.

Host-supplied strings go through `inline()` (table cells and prose: Markdown punctuation
backslash-escaped, `<`, `>`, `&` as entities, `|` escaped, newlines as <br>) or into
fenced code blocks whose fence is longer than any backtick run inside them.
"""

from __future__ import annotations

import re

from nestaudit.render.view import Chain, Finding, Host, Report, Verdict
from nestaudit.vocabulary import Outcome, StepKind

_PUNCT = re.compile(r"([\\`*_\[\]|~])")
# Only at the start of a paragraph or cell: what would open a heading, list or rule.
_BLOCK_START = re.compile(r"^(\s*)(?:(#+|[-+])(?=[\s-]|$)|(\d+)([.)])(?=\s|$))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape_block_start(match: re.Match[str]) -> str:
    lead, mark, digits, dot = match.groups()
    return f"{lead}\\{mark}" if mark else f"{lead}{digits}\\{dot}"


def inline(text: str) -> str:
    """Escape `text` for a Markdown paragraph or table cell so it renders literally."""
    text = _CONTROL.sub("\ufffd", text.replace("\r\n", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    text = _BLOCK_START.sub(_escape_block_start, text)
    return text.replace("\n", "<br>")


def code_span(text: str) -> str:
    """`text` as inline code; only usable outside tables (a `|` would split the cell)."""
    text = _CONTROL.sub("\ufffd", text).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str, lang: str = "") -> list[str]:
    """A fenced code block that no content can close early."""
    text = _CONTROL.sub("\ufffd", text)
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{lang}", *text.split("\n"), fence]


def _verdict_table(verdict: Verdict) -> list[str]:
    lines = [
        "| Support | Readiness |",
        "|---|---|",
        f"| **{inline(verdict.support_label)}** | **{inline(verdict.ready_label)}** |",
        "",
    ]
    for reason in verdict.reasons:
        if reason.limitation and reason.target is not None:
            lines.append(
                f"- {code_span(reason.limitation)} ({inline(reason.target)}): {inline(reason.text)}"
            )
        elif reason.limitation:
            lines.append(f"- {code_span(reason.limitation)}: {inline(reason.text)}")
        else:
            lines.append(f"- {inline(reason.text)}")
    if verdict.reasons:
        lines.append("")
    if verdict.undecided:
        lines += [f"**{inline(verdict.undecided)}**", ""]
    return lines


def _finding_detail(finding: Finding) -> list[str]:
    lines = [
        f"#### {finding.outcome_label}: {inline(finding.title)} ({inline(finding.target)})",
        "",
        f"Rule {code_span(finding.rule)}, limitation {code_span(finding.limitation)}, "
        f"severity **{finding.severity_label}**.",
        "",
        inline(finding.message),
        "",
    ]
    if finding.evidence:
        lines += ["| Evidence source | Value read |", "|---|---|"]
        lines += [f"| {inline(e.source)} | {inline(e.excerpt)} |" for e in finding.evidence]
        lines.append("")
    if finding.unknown_facts:
        lines += [f"Not known: {inline(', '.join(finding.unknown_facts))}", ""]
    if finding.reading:
        lines += [f"Reading: {inline(finding.reading)}", ""]
    if finding.remediation:
        lines += ["**Remediation**", ""]
        for step in finding.remediation:
            notes = []
            if step.disruptive:
                notes.append("disruptive")
            if step.reboot:
                notes.append("takes effect after a reboot")
            note = f" _({', '.join(notes)})_" if notes else ""
            if step.kind is StepKind.COMMAND:
                lines += [f"Run{note}:", "", *fenced(step.text, "sh"), ""]
            elif step.kind is StepKind.EDIT:
                where = code_span(step.path) if step.path else "the file"
                lines += [f"Put this in {where}{note}:", "", *fenced(step.text), ""]
            else:
                lines += [f"- {inline(step.text)}{note}", ""]
    refs = [
        f"[section {inline(r.section)}]({r.url})" if r.url else f"section {inline(r.section)}"
        for r in finding.references
    ]
    if refs:
        lines += ["See " + ", ".join(refs) + ".", ""]
    return lines


def _host(host: Host) -> list[str]:
    lines = [f"## {inline(host.name)}", ""]
    summary = host.summary
    facts = [("Role", str(host.role))]
    if summary is not None:
        facts += [
            ("OS", summary.os_name),
            ("Kernel", summary.kernel),
            ("Architecture", summary.arch),
            ("CPU", f"{summary.cpu_model} ({summary.cpu_vendor}, {summary.cpu_count} CPUs)"),
            ("Hypervisor", f"{summary.hypervisor} (cloud: {summary.cloud})"),
            ("/dev/kvm", summary.dev_kvm),
        ]
    facts += [("Collected", host.collected_at), ("Bundle SHA-256", host.bundle_sha256)]
    lines += _verdict_table(host.verdict)
    lines += ["| Fact | Value |", "|---|---|"]
    lines += [f"| {name} | {inline(value)} |" for name, value in facts]
    lines.append("")
    if summary is not None and summary.modules:
        lines += [
            "| Module | Loaded | nested (now) | nested (next load) | Set in |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {inline(m.name)} | {inline(m.loaded)} | {inline(m.nested_runtime)} | "
            f"{inline(m.nested_persistent)} | {inline(m.persistent_source or '')} |"
            for m in summary.modules
        ]
        lines.append("")
    if summary is not None and summary.domains:
        lines += [
            "| Domain | State | CPU mode | Exposes virtualization | Guest OS | Huge pages |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {inline(d.name)} | {inline(d.state)} | {inline(d.cpu_mode)} | {inline(d.exposes)} "
            f"| {inline(d.os)} | {inline(d.hugepages)} |"
            for d in summary.domains
        ]
        lines.append("")
    lines += ["### Findings", ""]
    counts = ", ".join(f"{c.count} {c.label.lower()}" for c in host.outcome_counts if c.count)
    lines += [counts or "No findings.", ""]
    if host.findings:
        lines += ["| Outcome | Severity | Rule | Target | Message |", "|---|---|---|---|---|"]
        lines += [
            f"| {f.outcome_label} | {f.severity_label} | {inline(f.rule)} | {inline(f.target)} "
            f"| {inline(f.message)} |"
            for f in host.findings
        ]
        lines.append("")
    for finding in host.findings:
        if finding.outcome in (Outcome.FAIL, Outcome.ERROR, Outcome.UNKNOWN):
            lines += _finding_detail(finding)
    return lines


def _chain(chain: Chain) -> list[str]:
    steps = []
    for level in chain.levels:
        extra = ", ".join(p for p in (level.os, level.arch) if p)
        steps.append(f"{level.level} {level.name}" + (f" ({extra})" if extra else ""))
    lines = [f"### {inline(' -> '.join(steps))}", ""]
    if chain.linked is not None:
        lines += ["Linked bundles." if chain.linked else "Seen from one bundle only.", ""]
    return lines + _verdict_table(chain.verdict)


def render_markdown(view: Report) -> str:
    """The report as GitHub/GitLab-flavoured Markdown, ending in a newline."""
    lines = [f"# {inline(view.title)}", ""]
    for host in view.hosts:
        lines += _host(host)
    if view.chains:
        lines += ["## Nesting chains", ""]
        for chain in view.chains:
            lines += _chain(chain)
    lines += [
        "---",
        "",
        f"{inline(view.tool)}, rules {inline(view.rules_version)}, following "
        f"[{inline(view.doc)}]({view.doc_url}).",
        "",
    ]
    for source in view.sources:
        lines.append(
            f"- {inline(source.origin)} ({inline(source.source)}, collected "
            f"{inline(source.collected_at)}), SHA-256 {code_span(source.sha256)}"
        )
    return "\n".join(lines).rstrip("\n") + "\n"
