"""Markdown for tickets: renders on GitHub and GitLab, host data always shown as text.

Host-supplied strings go through `inline()` (table cells and prose: controls and bidi
characters shown escaped by `terminal.safe`, Markdown punctuation backslash-escaped, `<`,
`>`, `&` as entities, `|` escaped, newlines as <br>), `summary()` (the HTML of a <details>
summary line) or into fenced code blocks whose fence is longer than any backtick run inside
them.

Sized for pasting: a rule's findings of one outcome are one table row naming their targets
(every name where the outcome needs action or is unknown, a few for notices, a count where
it passed), with the details of those to act on or look into folded in <details>; many
domains or chains are grouped as in the PDF. The 211-domain host of tests/bighost.py stays
under 20 KB.
"""

from __future__ import annotations

import html
import re

from nestaudit.render.groups import (
    CHAIN_CARDS_MAX,
    COMPACT_ABOVE,
    PRINT_TARGETS_MAX,
    FindingGroup,
    ReasonGroup,
)
from nestaudit.render.records import Step, Waivers
from nestaudit.render.steps import CHOICE_LEAD, Block, StepLike, parts
from nestaudit.render.view import (
    Chain,
    ChainGroup,
    Finding,
    Host,
    Report,
    Verdict,
    items_in_brief,
)
from nestaudit.terminal import safe
from nestaudit.vocabulary import Outcome

_NAMED = (Outcome.FAIL, Outcome.ERROR, Outcome.UNKNOWN)
"""Outcomes whose rows name every target: what to act on or to look into."""
REASON_TARGETS_MAX = 6

_PUNCT = re.compile(r"([\\`*_\[\]|~])")
# Only at the start of a paragraph or cell: what would open a heading, list or rule.
_BLOCK_START = re.compile(r"^(\s*)(?:(#+|[-+])(?=[\s-]|$)|(\d+)([.)])(?=\s|$))")


def _escape_block_start(match: re.Match[str]) -> str:
    lead, mark, digits, dot = match.groups()
    return f"{lead}\\{mark}" if mark else f"{lead}{digits}\\{dot}"


def inline(text: str) -> str:
    """Escape `text` for a Markdown paragraph or table cell so it renders literally."""
    # Controls and bidi overrides shown escaped, as on a terminal: a ticket is read in one.
    text = safe(text.replace("\r\n", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    text = _BLOCK_START.sub(_escape_block_start, text)
    return text.replace("\n", "<br>")


def code_span(text: str) -> str:
    """`text` as inline code; only usable outside tables (a `|` would split the cell)."""
    text = safe(text).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def summary(text: str) -> str:
    """`text` for the HTML summary line of a <details> block (no Markdown is read there)."""
    return html.escape(safe(text).replace("\n", " "), quote=False)


def fenced(text: str, lang: str = "") -> list[str]:
    """A fenced code block that no content can close early."""
    text = safe(text)
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{lang}", *text.split("\n"), fence]


def _reason(reason: ReasonGroup) -> str:
    text = inline(reason.text)
    if reason.worded_for:
        text += f" _(worded for {inline(reason.worded_for)})_"
    names = ", ".join(inline(t) for t in reason.targets[:REASON_TARGETS_MAX])
    if len(reason.targets) > REASON_TARGETS_MAX:
        names += f" and {len(reason.targets) - REASON_TARGETS_MAX} more"
    if reason.limitation and names:
        return f"- {code_span(reason.limitation)} ({names}): {text}"
    if reason.limitation:
        return f"- {code_span(reason.limitation)}: {text}"
    return f"- {text}"


def _verdict_table(verdict: Verdict) -> list[str]:
    lines = [
        "| Support | Readiness |",
        "|---|---|",
        f"| **{inline(verdict.support_label)}** | **{inline(verdict.ready_label)}** |",
        "",
    ]
    lines += [_reason(reason) for reason in verdict.reason_groups]
    if verdict.reasons:
        lines.append("")
    if verdict.undecided:
        lines += [f"**{inline(verdict.undecided)}**", ""]
    return lines


def _remedy_lines(blocks: tuple[Block, ...]) -> list[str]:
    """A remediation: its steps, and each choice with its options numbered."""
    lines = ["**Remediation**", ""]
    for block in blocks:
        if block.step is not None:
            lines += _step_lines(block.step)
            continue
        lines += [CHOICE_LEAD, ""]
        for number, option in enumerate(block.options, start=1):
            lines += [f"**Option {number}: {inline(option.title)}**", ""]
            for step in option.steps:
                lines += _step_lines(step)
    return lines


def _step_lines(step: StepLike) -> list[str]:
    lines: list[str] = []
    for part in parts(step):
        lines += [inline(part.words), ""]
        if part.code is not None:
            lines += [*fenced(part.code, part.lang), ""]
    if isinstance(step, Step) and step.targets:
        lines += [f"_(for {inline(', '.join(step.targets))})_", ""]
    if isinstance(step, Step) and step.note:
        lines += [f"_{inline(step.note)}_", ""]
    return lines


def _references(finding: Finding | FindingGroup) -> list[str]:
    refs = [
        f"[section {inline(r.section)}]({r.url})" if r.url else f"section {inline(r.section)}"
        for r in finding.references
    ]
    return ["See " + ", ".join(refs) + ".", ""] if refs else []


def _finding_detail(finding: Finding) -> list[str]:
    """One finding in full (its heading is the summary line of its <details>)."""
    lines = [
        f"Rule {code_span(finding.rule)}, limitation {code_span(finding.limitation)}, "
        f"severity **{finding.severity_label}**.",
        "",
        inline(finding.message),
        "",
        *_waiver_note(finding.waiver_note),
    ]
    if finding.evidence:
        lines += ["| Evidence source | Value read |", "|---|---|"]
        lines += [f"| {inline(e.source)} | {inline(e.excerpt)} |" for e in finding.evidence]
        lines.append("")
    if finding.not_known:
        lines += [f"Not known: {inline(', '.join(finding.not_known))}", ""]
    if finding.reading:
        lines += [f"Reading: {inline(finding.reading)}", ""]
    if finding.remediation:
        lines += _remedy_lines(finding.blocks)
    return lines + _references(finding)


def _group_detail(host: Host, group: FindingGroup) -> list[str]:
    """One condensed group: its targets and messages, its merged remediation."""
    f = group.first
    lines = [
        f"Rule {code_span(f.rule)}, limitation {code_span(f.limitation)}, "
        f"severity **{f.severity_label}**. The evidence of each target is in the HTML and "
        "JSON reports.",
        "",
    ]
    for v in group.variants:
        count = f"{len(v.targets)} target{'s' if len(v.targets) != 1 else ''}"
        lines += [f"**{count}:** {inline(str(host.describe_targets(v.targets)))}", ""]
        message = inline(v.message)
        if len(v.targets) > 1:
            message += f" _(worded for {inline(v.targets[0])}; the same for the others)_"
        lines += [message, ""]
        if v.not_known:
            lines += [f"Not known: {inline(', '.join(v.not_known))}", ""]
        lines += _waiver_note(v.waiver_note)
    if f.reading:
        lines += [f"Reading: {inline(f.reading)}", ""]
    if group.steps:
        lines += _remedy_lines(group.blocks)
    return lines + _references(group)


def _details(head: str, body: list[str], open_: bool) -> list[str]:
    """A folded block; GitHub and GitLab render the Markdown inside it after a blank line."""
    return [f"<details{' open' if open_ else ''}>", f"<summary>{head}</summary>", "", *body,
            "</details>", ""]


def _groups_detail(host: Host, group: FindingGroup) -> list[str]:
    f = group.first
    open_ = f.outcome in (Outcome.FAIL, Outcome.ERROR)
    if not group.condensed:
        lines: list[str] = []
        for finding in group.findings:
            head = summary(f"{finding.outcome_label}: {finding.title} ({finding.target})")
            lines += _details(head, _finding_detail(finding), open_)
        return lines
    head = summary(f"{f.outcome_label}: {f.title} ({len(group.findings)} targets)")
    return _details(head, _group_detail(host, group), open_)


def _notice(group: FindingGroup) -> str:
    """A notice or waiver in one line: its message (the first target's wording)."""
    f = group.first
    others = len(group.findings) - 1
    alike = f" _(worded for {inline(f.target)}; likewise for {others} more)_" if others else ""
    notes = dict.fromkeys(x.waiver_note for x in group.findings if x.waiver_note)
    waivers = "".join(f" _Waiver:_ {inline(note)}" for note in notes)
    return f"- {f.outcome_label}: {inline(f.message)}{alike}{waivers}"


def _waiver_note(note: str) -> list[str]:
    return [f"_Waiver:_ {inline(note)}", ""] if note else []


def _waivers(waivers: Waivers) -> list[str]:
    lines = [f"**{inline(waivers.headline)}** {inline(waivers.note)}", ""]
    lines += [f"- Stale waiver, {inline(line)}" for line in waivers.stale]
    return lines + ([""] if waivers.stale else [])


def _where(host: Host, group: FindingGroup) -> str:
    """A finding row's targets: every name where the outcome needs action, a few names
    for notices and waivers, a count for passing and not-applicable checks."""
    if group.quiet and len(group.targets) > PRINT_TARGETS_MAX:
        return inline(host.count_targets(group.targets))
    limit = None if group.first.outcome in _NAMED else PRINT_TARGETS_MAX
    return inline(str(host.describe_targets(group.targets, limit)))


def _names(names: tuple[str, ...]) -> str:
    shown = ", ".join(inline(n) for n in names[:PRINT_TARGETS_MAX])
    more = len(names) - PRINT_TARGETS_MAX
    return shown + (f" and {more} more" if more > 0 else "")


def _domains(host: Host) -> list[str]:
    summary_ = host.summary
    if summary_ is None or not summary_.domains:
        return []
    if len(summary_.domains) <= COMPACT_ABOVE:
        lines = [
            "| Domain | State | CPU mode | Exposes virtualization | Guest OS | Huge pages |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {inline(d.name)} | {inline(d.state)} | {inline(d.cpu_mode)} | {inline(d.exposes)} "
            f"| {inline(d.os)} | {inline(d.hugepages)} |"
            for d in summary_.domains
        ]
        return [*lines, ""]
    lines = [
        f"{len(summary_.domains)} domains, grouped where every column but the name is the "
        "same (every domain by name is in the HTML and JSON reports):",
        "",
        "| Count | State | CPU mode | Exposes virtualization | Guest OS | Huge pages | Domains |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {len(g.names)} | {inline(g.state)} | {inline(g.cpu_mode)} | {inline(g.exposes)} "
        f"| {inline(g.os)} | {inline(g.hugepages)} | {_names(g.names)} |"
        for g in summary_.domain_groups
    ]
    return [*lines, ""]


def _lacking(host: Host) -> list[str]:
    """What a sosreport lacks, and the sos option that would add it."""
    if host.sos_version is None:
        return []
    if not host.lacking:
        return ["This sosreport lacks nothing nestaudit reads.", ""]
    lines = ["### What this sosreport lacks", "",
             "| Evidence | Missing | Read for | To add it |", "|---|---|---|---|"]
    lines += [
        f"| {inline(lack.what)} | {inline(items_in_brief(lack.items))} | "
        f"{inline(lack.used_for)} | {inline(lack.add)} |"
        for lack in host.lacking
    ]
    return [*lines, ""]


def _host(host: Host) -> list[str]:
    lines = [f"## {inline(host.name)}", ""]
    summary = host.summary
    facts = [("Role", str(host.role))]
    if summary is not None:
        facts += [
            ("OS", summary.os_name),
            ("Kernel", summary.kernel),
            ("Architecture", summary.arch),
            ("CPU", f"{summary.cpu_model} ({summary.cpus})"),
            ("Runs on", f"{summary.below} (cloud: {summary.cloud})"),
            ("/dev/kvm", summary.dev_kvm),
        ]
    facts += [("Collected", host.collected_at), ("Bundle SHA-256", host.bundle_sha256)]
    if host.sos_version is not None:
        facts.append(("Made by", f"sos {host.sos_version}"))
    lines += _verdict_table(host.verdict)
    lines += ["| Fact | Value |", "|---|---|"]
    lines += [f"| {name} | {inline(value)} |" for name, value in facts]
    lines.append("")
    lines += _lacking(host)
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
    lines += _domains(host)
    lines += ["### Findings", ""]
    counts = ", ".join(f"{c.count} {c.label.lower()}" for c in host.outcome_counts if c.count)
    lines += [counts or "No findings.", ""]
    groups = host.groups
    if groups:
        lines += ["| Outcome | Severity | Check | Where |", "|---|---|---|---|"]
        lines += [
            f"| {g.first.outcome_label} | {g.first.severity_label} | {inline(g.first.title)} "
            f"| {_where(host, g)} |"
            for g in groups
        ]
        lines.append("")
    notices = [g for g in groups if not g.quiet and g.first.outcome not in _NAMED]
    for group in notices:
        lines.append(_notice(group))
    if notices:
        lines.append("")
    for group in groups:
        if group.first.outcome in _NAMED:
            lines += _groups_detail(host, group)
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


def _chain_group(group: ChainGroup) -> list[str]:
    """Chains of one verdict from one L0, for a report with too many for a section each."""
    first = group.chains[0]
    listed = _names(tuple(c.upper_label for c in group.chains))
    head = summary(
        f"{first.verdict.support_label}, {first.verdict.ready_label}: "
        f"{len(group.chains)} chain{'s' if len(group.chains) != 1 else ''} "
        f"from {first.levels[0].name}"
    )
    body = [f"Chains: {listed}.", ""]
    for v in group.variants:
        if len(group.variants) > 1 or len(v.chains) > 1:
            alike = f" and {len(v.chains) - 1} more that read alike" if len(v.chains) > 1 else ""
            body += [f"Why, worded for {inline(v.chains[0].upper_label)}{alike}:", ""]
        linked = v.chains[0].linked
        if linked is not None:
            body += ["Linked bundles." if linked else "Seen from one bundle only.", ""]
        body += [*(_reason(reason) for reason in v.reasons), ""]
    return _details(head, body, False)


def render_markdown(view: Report) -> str:
    """The report as GitHub/GitLab-flavoured Markdown, ending in a newline."""
    lines = [f"# {inline(view.title)}", ""]
    if view.waivers is not None:
        lines += _waivers(view.waivers)
    for host in view.hosts:
        lines += _host(host)
    if len(view.chains) > CHAIN_CARDS_MAX:
        lines += ["## Nesting chains", "", f"{len(view.chains)} chains, by verdict "
                  "(each chain's levels and reasons in full are in the HTML and JSON reports):",
                  ""]
        for group in view.chain_groups:
            lines += _chain_group(group)
    elif view.chains:
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
            f"{inline(source.collected_at or 'time not known')}), "
            f"SHA-256 {code_span(source.sha256)}"
        )
    return "\n".join(lines).rstrip("\n") + "\n"
