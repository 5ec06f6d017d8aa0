"""The diff for a terminal: one block per host that moved, a count of those that did not.

Every string that came from an input (host, domain and rule names, targets, titles, the
inputs' own names) goes through `nestaudit.terminal.safe_line`: a report or bundle is
written by whoever controls the host, and must not drive the reader's terminal.
"""

from __future__ import annotations

from nestaudit.diff.model import ADDED, BY_UUID, CHANGED, REMOVED, UNCHANGED, Diff, HostDiff, Side
from nestaudit.render.labels import SUPPORT_LABELS
from nestaudit.terminal import safe_line
from nestaudit.vocabulary import Outcome, SupportClass


def support_label(value: SupportClass | None) -> str:
    return "-" if value is None else SUPPORT_LABELS[value]


def ready_label(value: bool | None) -> str:
    return "unknown" if value is None else ("ready" if value else "not ready")


def outcome_label(value: Outcome | None) -> str:
    return "-" if value is None else value.value


def side_line(side: Side) -> str:
    hosts = f"{side.hosts} host" + ("" if side.hosts == 1 else "s")
    return f"{safe_line(side.origin)} ({side.kind}, {hosts}, rules {safe_line(side.rules_version)})"


def host_heading(h: HostDiff) -> str:
    """The host's name, what became of it, and how it was matched."""
    words = [safe_line(h.name)]
    if h.status == ADDED:
        words.append(
            f"added ({support_label(h.support[1])}, {ready_label(h.ready[1])})"
        )
    elif h.status == REMOVED:
        words.append(f"removed (was {support_label(h.support[0])}, {ready_label(h.ready[0])})")
    if h.matched_by == BY_UUID:
        words.append(f"(was {safe_line(h.old_name or '')}, matched by SMBIOS UUID)")
    if h.worse:
        words.append("WORSE")
    return "  ".join(words)


def _host_lines(h: HostDiff) -> list[str]:
    lines = [host_heading(h)]
    (old_s, new_s), (old_r, new_r), (old_role, new_role) = h.support, h.ready, h.role
    if h.status == CHANGED:
        if old_s != new_s:
            lines.append(f"  support:   {support_label(old_s)} -> {support_label(new_s)}")
        if old_r != new_r:
            lines.append(f"  readiness: {ready_label(old_r)} -> {ready_label(new_r)}")
        if old_role != new_role:
            lines.append(f"  role:      {old_role} -> {new_role}")
    lines.extend(
        f"  domain {safe_line(d.name)}: {d.change}, "
        f"{support_label(d.old)} -> {support_label(d.new)}"
        for d in h.domains
    )
    for f in h.findings:
        outcomes = f"{outcome_label(f.old)} -> {outcome_label(f.new)}"
        mark = "  (worse)" if f.worse else ""
        lines.append(
            f"  {f.change:<11}  {outcomes:<26} {f.severity.value:<8} "
            f"{safe_line(f.rule)} [{safe_line(f.target)}] {safe_line(f.limitation)}{mark}"
        )
    lines.extend(f"  worse: {safe_line(reason)}" for reason in h.worse)
    return lines


def summary_line(diff: Diff) -> str:
    worse = sum(1 for h in diff.hosts if h.worse)
    counts = (
        f"{diff.count(CHANGED)} changed ({worse} worse), {diff.count(UNCHANGED)} unchanged, "
        f"{diff.count(ADDED)} added, {diff.count(REMOVED)} removed"
    )
    threshold = f"fail{'' if diff.allow_unknown else ' or unknown'} at {diff.fail_on} or above"
    verdict = "something got worse" if diff.worse else "nothing got worse"
    return f"{counts}: {verdict} ({threshold} counts)"


def render_text(diff: Diff) -> str:
    lines = [f"nestaudit diff: {side_line(diff.old)}", f"            -> {side_line(diff.new)}"]
    if diff.old.rules_version != diff.new.rules_version:
        lines.append("note: the rules differ; some outcomes may move because the rules did")
    for h in diff.hosts:
        if h.status != UNCHANGED:
            lines.extend(["", *_host_lines(h)])
    lines.extend(["", summary_line(diff)])
    return "\n".join(lines) + "\n"
