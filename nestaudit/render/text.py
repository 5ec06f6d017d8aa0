"""Terminal output, read like a linter's: the verdict, then what needs action, then a count.

Problems (fail, error, unknown, waived, info) are shown in full with evidence and
remediation; checks that passed or did not apply are listed one per line, so a reader can
tell "checked and fine" from "not checked". Colour is ANSI and only when asked for.
"""

from __future__ import annotations

from nestaudit.render.records import Waivers
from nestaudit.render.steps import CHOICE_LEAD, Block, StepLike, parts
from nestaudit.render.view import Chain, Finding, Host, Report, Verdict, items_in_brief
from nestaudit.terminal import safe
from nestaudit.vocabulary import QUIET_OUTCOMES, Outcome

_RESET = "\033[0m"
_STYLES: dict[str, str] = {
    Outcome.FAIL: "\033[1;31m",
    Outcome.ERROR: "\033[1;35m",
    Outcome.UNKNOWN: "\033[1;33m",
    Outcome.WAIVED: "\033[36m",
    Outcome.INFO: "\033[34m",
    Outcome.PASS: "\033[32m",
    Outcome.NOT_APPLICABLE: "\033[2m",
    "critical": "\033[1;31m",
    "high": "\033[31m",
    "medium": "\033[33m",
    "low": "\033[36m",
    "supported": "\033[1;32m",
    "technology-preview": "\033[1;33m",
    "untested": "\033[1;33m",
    "unsupported": "\033[1;31m",
    "ready": "\033[1;32m",
    "not-ready": "\033[1;31m",
    "ready-unknown": "\033[1;33m",
    "bold": "\033[1m",
    "dim": "\033[2m",
    "cmd": "\033[36m",
}

_BRIEF_TAGS = {Outcome.PASS: "pass", Outcome.NOT_APPLICABLE: "n/a"}
# Host data would let a bundle drive the terminal: every string passes the one sanitizer.
_clean = safe


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        if not self.color or style not in _STYLES:
            return text
        return f"{_STYLES[style]}{text}{_RESET}"


def paint_with(color: bool) -> _Painter:
    """The painter the text renderer uses (ANSI colour only when `color`)."""
    return _Painter(color)


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line if line else prefix.rstrip() for line in _clean(text).split("\n")]


def _verdict_lines(verdict: Verdict, paint: _Painter, pad: str) -> list[str]:
    lines = [
        f"{pad}Support:   {paint(verdict.support, verdict.support_label)}",
        f"{pad}Readiness: {paint(verdict.ready_key, verdict.ready_label)}",
    ]
    for reason in verdict.reasons:
        lines.extend(_indent(str(reason), f"{pad}  - ")[:1])
        lines.extend(_indent(str(reason), f"{pad}    ")[1:])
    if verdict.undecided:
        lines.extend(_indent(verdict.undecided, f"{pad}"))
    return lines


def _finding_lines(finding: Finding, paint: _Painter) -> list[str]:
    tag = paint(finding.outcome, f"{finding.outcome_label.upper():<7}")
    sev = paint(finding.severity, f"{finding.severity:<8}")
    lines = [
        f"  {tag} {sev} {paint('bold', _clean(finding.rule))}  [{_clean(finding.target)}]"
        f"  {finding.limitation}"
    ]
    lines.extend(_indent(finding.message, "          "))
    if finding.waiver_note:
        lines.extend(_indent(finding.waiver_note, "          waiver: "))
    for item in finding.evidence:
        head = f"          {paint('dim', 'evidence:')} {_clean(item.source)}: "
        body = _clean(item.excerpt).split("\n")
        lines.append(head + body[0])
        lines.extend("            " + line for line in body[1:])
    if finding.not_known:
        lines.append(
            f"          {paint('dim', 'not known:')} {_clean(', '.join(finding.not_known))}"
        )
    if finding.reading:
        lines.extend(_indent(f"reading: {finding.reading}", "          "))
    if finding.remediation and finding.outcome is not Outcome.PASS:
        lines.append(f"          {paint('bold', 'fix:')}")
        lines.extend(_fix_lines(finding.blocks, paint))
    refs = ", ".join(f"section {r.section}" for r in finding.references if r.section)
    if refs:
        lines.append(f"          {paint('dim', 'see: ' + refs)}")
    return lines


def _fix_lines(blocks: tuple[Block, ...], paint: _Painter) -> list[str]:
    """A remediation: its steps, and each choice with its options numbered."""
    pad = "            "
    lines: list[str] = []
    for block in blocks:
        if block.step is not None:
            lines.extend(_step_lines(block.step, pad, paint))
            continue
        lines.append(pad + CHOICE_LEAD)
        for number, option in enumerate(block.options, start=1):
            lines.extend(_indent(f"option {number}: {option.title}", pad))
            for step in option.steps:
                lines.extend(_step_lines(step, pad + "  ", paint))
    return lines


def _step_lines(step: StepLike, pad: str, paint: _Painter) -> list[str]:
    lines: list[str] = []
    for part in parts(step):
        lines.extend(_indent(part.words, pad))
        if part.code is not None:
            prefix = pad + ("  $ " if part.lang == "sh" else "    ")
            lines.extend(paint("cmd", line) for line in _indent(part.code, prefix))
    return lines


def _summary_line(host: Host, paint: _Painter) -> str:
    parts = []
    for count in host.outcome_counts:
        if not count.count:
            continue
        label = count.label.lower()
        text = f"{count.count} {label}"
        if count.key == Outcome.FAIL:
            sev = ", ".join(f"{c.count} {c.key}" for c in host.severity_fail_counts if c.count)
            if sev:
                text += f" ({sev})"
        parts.append(paint(count.key, text))
    return "  " + (", ".join(parts) if parts else "no findings")


def _host_lines(host: Host, paint: _Painter) -> list[str]:
    header = f"{paint('bold', _clean(host.name))}  role {host.role}"
    if host.collected_at:
        header += f", collected {_clean(host.collected_at)}"
    lines = [header]
    summary = host.summary
    if summary is not None:
        lines.append(
            _clean(
                f"  {summary.os_name}, kernel {summary.kernel}, {summary.arch}, "
                f"{summary.cpus}, {summary.below}"
            )
        )
    lines.extend(_verdict_lines(host.verdict, paint, "  "))
    lines.append("")
    detailed = [f for f in host.findings if f.outcome not in QUIET_OUTCOMES]
    for finding in detailed:
        lines.extend(_finding_lines(finding, paint))
        lines.append("")
    brief = [f for f in host.findings if f.outcome in _BRIEF_TAGS]
    for finding in brief:
        tag = paint(finding.outcome, f"{_BRIEF_TAGS[finding.outcome]:<7}")
        lines.append(
            f"  {tag} {finding.severity:<8} {_clean(finding.rule)}  [{_clean(finding.target)}]"
        )
    if brief:
        lines.append("")
    lines.extend(_lacking_lines(host, paint))
    lines.append(_summary_line(host, paint))
    return lines


def _lacking_lines(host: Host, paint: _Painter) -> list[str]:
    """What this sosreport lacks and which sos option would add it (none for other inputs)."""
    if host.sos_version is None:
        return []
    if not host.lacking:
        return [f"  sosreport made by sos {_clean(host.sos_version)}; it lacks nothing "
                "nestaudit reads", ""]
    title = f"  What this sosreport lacks (made by sos {_clean(host.sos_version)})"
    lines = [paint("bold", title)]
    lines += [
        _clean(f"    - {lack.what} ({items_in_brief(lack.items)}), for {lack.used_for}: {lack.add}")
        for lack in host.lacking
    ]
    return [*lines, ""]


def _chain_lines(chain: Chain, paint: _Painter) -> list[str]:
    parts = []
    for level in chain.levels:
        extra = ", ".join(p for p in (level.os, level.arch) if p)
        parts.append(f"{level.level} {level.name}" + (f" ({extra})" if extra else ""))
    linked = {True: "linked bundles", False: "seen from one bundle", None: ""}[chain.linked]
    lines = [_clean("  " + " -> ".join(parts)) + (f"  [{linked}]" if linked else "")]
    lines.extend(_verdict_lines(chain.verdict, paint, "    "))
    return lines


def _waiver_lines(waivers: Waivers, paint: _Painter) -> list[str]:
    lines = [paint("bold", _clean(waivers.headline)), *_indent(waivers.note, "  ")]
    lines.extend(_indent(f"stale waiver, {line}", "  - ")[0] for line in waivers.stale)
    return [*lines, ""]


def render_text(view: Report, *, color: bool = False) -> str:
    """The report as terminal text, ending in a newline."""
    paint = _Painter(color)
    lines = [
        paint("bold", f"{view.tool}: nested virtualization audit")
        + f" (rules {_clean(view.rules_version)}; {_clean(view.doc)})",
        "",
    ]
    if view.waivers is not None:
        lines.extend(_waiver_lines(view.waivers, paint))
    for host in view.hosts:
        lines.extend(_host_lines(host, paint))
        lines.append("")
    if view.chains:
        lines.append(paint("bold", "Nesting chains"))
        for chain in view.chains:
            lines.extend(_chain_lines(chain, paint))
        lines.append("")
    if not view.hosts:
        lines.append("No hosts in this report.")
    return "\n".join(lines).rstrip("\n") + "\n"
