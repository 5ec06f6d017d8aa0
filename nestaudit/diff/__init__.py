"""`nestaudit diff OLD NEW`: what changed between two audits, host by host.

OLD and NEW are anything `check` reads, or a JSON report or a fleet.json. Hosts are
matched by name, then by SMBIOS UUID; `compare.py` says what counts as worse.
"""

from __future__ import annotations

from collections.abc import Sequence

from nestaudit.diff.compare import Threshold, compare_hosts
from nestaudit.diff.load import load_side
from nestaudit.diff.model import Diff
from nestaudit.engine.model import Rule
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.vocabulary import Severity

__all__ = ["FORMATS", "Diff", "diff_inputs", "render"]

FORMATS = ("text", "json", "md")


def diff_inputs(
    old: str,
    new: str,
    *,
    fail_on: Severity = Severity.MEDIUM,
    allow_unknown: bool = False,
    rules: Sequence[Rule] | None = None,
    topology: Topology = NO_TOPOLOGY,
) -> Diff:
    """Load (or judge) both inputs and compare them."""
    old_side, before = load_side(old, rules, topology)
    new_side, after = load_side(new, rules, topology)
    hosts = compare_hosts(before.hosts, after.hosts, Threshold(fail_on, allow_unknown))
    return Diff(old_side, new_side, fail_on, allow_unknown, hosts)


def render(diff: Diff, fmt: str) -> str:
    """The diff in one of FORMATS. JSON is escaped for a terminal (still valid JSON)."""
    if fmt == "json":
        from nestaudit.diff.jsondoc import to_json
        from nestaudit.terminal import safe_json

        return safe_json(to_json(diff)) + "\n"
    if fmt == "md":
        from nestaudit.diff.markdown import render_markdown

        return render_markdown(diff)
    if fmt == "text":
        from nestaudit.diff.text import render_text

        return render_text(diff)
    raise ValueError(f"unknown diff format {fmt!r}")
