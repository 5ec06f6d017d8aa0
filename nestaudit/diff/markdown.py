"""The diff in Markdown, for a ticket or a merge request: a table per host that moved.

Input strings go through `render.markdown.inline` (escaped to render literally), as the
report's own Markdown does.
"""

from __future__ import annotations

from nestaudit.diff.model import UNCHANGED, Diff, HostDiff, Side
from nestaudit.diff.text import outcome_label, ready_label, summary_line, support_label
from nestaudit.render.markdown import inline


def _side_cell(side: Side) -> str:
    hosts = f"{side.hosts} host" + ("" if side.hosts == 1 else "s")
    return f"{inline(side.origin)} ({side.kind}, {hosts})"


def _host(h: HostDiff) -> list[str]:
    title = inline(h.name) + (" (worse)" if h.worse else "")
    lines = [f"## {title}", ""]
    what = h.status
    if h.matched_by == "uuid":
        what += f"; was {inline(h.old_name or '')}, matched by SMBIOS UUID"
    lines += [f"Status: {what}", "", "| | old | new |", "|---|---|---|"]
    (old_s, new_s), (old_r, new_r) = h.support, h.ready
    lines.append(f"| Support | {support_label(old_s)} | {support_label(new_s)} |")
    lines.append(f"| Readiness | {ready_label(old_r)} | {ready_label(new_r)} |")
    lines.append(f"| Role | {h.role[0] or '-'} | {h.role[1] or '-'} |")
    if h.domains:
        lines += ["", "| domain | change | old support | new support |", "|---|---|---|---|"]
        lines += [
            f"| {inline(d.name)} | {d.change} | {support_label(d.old)} | {support_label(d.new)} |"
            for d in h.domains
        ]
    if h.findings:
        lines += [
            "",
            "| change | rule | target | limitation | severity | old | new | worse |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {f.change} | {inline(f.rule)} | {inline(f.target)} | {inline(f.limitation)} "
            f"| {f.severity.value} | {outcome_label(f.old)} | {outcome_label(f.new)} "
            f"| {'yes' if f.worse else ''} |"
            for f in h.findings
        ]
    if h.worse:
        lines += ["", "What got worse:", "", *(f"- {inline(reason)}" for reason in h.worse)]
    return [*lines, ""]


def render_markdown(diff: Diff) -> str:
    lines = [
        "# What changed between two audits",
        "",
        "| | input | rules |",
        "|---|---|---|",
        f"| old | {_side_cell(diff.old)} | {inline(diff.old.rules_version)} |",
        f"| new | {_side_cell(diff.new)} | {inline(diff.new.rules_version)} |",
        "",
        inline(summary_line(diff)),
        "",
    ]
    for h in diff.hosts:
        if h.status != UNCHANGED:
            lines += _host(h)
    if all(h.status == UNCHANGED for h in diff.hosts):
        lines += ["No host changed.", ""]
    return "\n".join(lines)
