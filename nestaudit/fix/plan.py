"""Which failing findings a fix artifact makes changes for, and how: the plan that the shell
script and the playbook are both written from.

A remediation step becomes a change only when it says how to tell it is done, so that the
artifact checks first and is safe to run twice: a file edit (its line is there), a domain
`<cpu>` edit made with virt-xml (virsh shows the new definition), a command with a `check`
(rules/*.yaml). Hints, commands that only show something, and edits made in an editor stay
with the reader, written beside the changes as notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Union, cast

from nestaudit.engine.model import Finding, Rule, Step
from nestaudit.engine.steps import quote
from nestaudit.judge.assessment import Assessment
from nestaudit.render.steps import Block, blocks
from nestaudit.vocabulary import Outcome, StepKind


class FileEdit(NamedTuple):
    """Put `text` at line `line` of `path` (which now reads `replaces`), or append it."""

    path: str
    text: str
    line: int | None
    replaces: str | None
    reboot: bool

    @property
    def what(self) -> str:
        after = " (takes effect at the next module load)" if self.reboot else ""
        if self.line is None:
            return f"append {plain(self.text)!r} to {self.path}{after}"
        return (f"line {self.line} of {self.path}: {plain(self.replaces or '')!r} becomes "
                f"{plain(self.text)!r}{after}")


class LiveChange(NamedTuple):
    """A command on the running system (a module, a VM): `command` makes the change,
    `check` (a shell line) succeeds once it is made. Both were built and quoted by
    nestaudit.engine.steps, so they hold only plain characters."""

    command: str
    check: str
    disruptive: bool

    @property
    def what(self) -> str:
        return self.command


Change = Union[FileEdit, LiveChange]


class Fix(NamedTuple):
    """What the artifact does for one failing finding of `host`: `changes` in order, and
    `notes`: what is left to the reader (advice, commands to look at, the options not
    taken)."""

    host: str
    finding: Finding
    changes: tuple[Change, ...]
    notes: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.changes)

    @property
    def why_not(self) -> str:
        """Why the artifact makes no change for this finding ('' when it makes one)."""
        if self.changes:
            return ""
        steps = self.finding.remediation
        if not steps:
            return "the rule gives no remediation"
        if all(s.kind is StepKind.HINT for s in steps):
            return "its remediation is advice, no change a script can make"
        return ("its commands have no check saying when they are done (they look at something, "
                "or restart a VM)")


def plan(assessment: Assessment, order: Mapping[str, int]) -> tuple[Fix, ...]:
    """A Fix for every failing finding, host by host, each host's in `order` (rule id ->
    place in the rule files, whose order is the one their steps must run in: stopping VMs
    comes before the module reload). Waived findings are not failing: they drop out here."""
    out: list[Fix] = []
    for host in assessment.hosts:
        failing = [f for f in host.findings if f.outcome is Outcome.FAIL]
        failing.sort(key=lambda f: (order.get(f.rule, len(order)), f.rule, f.target))
        out.extend(_fix(host.name, f) for f in failing)
    return tuple(out)


def _fix(host: str, finding: Finding) -> Fix:
    changes: list[Change] = []
    notes: list[str] = []
    for block in blocks(finding.remediation):
        _read_block(block, changes, notes)
    return Fix(host, finding, tuple(changes), tuple(notes))


def _read_block(block: Block, changes: list[Change], notes: list[str]) -> None:
    if block.step is not None:
        _read_step(cast(Step, block.step), changes, notes)
        return
    # A choice: the first option is the one the rule puts first; the others stay named.
    first, *others = block.options
    notes.append(f"chosen of {len(block.options)} options: {first.title}")
    for step in first.steps:
        _read_step(cast(Step, step), changes, notes)
    notes.extend(f"other option: {option.title}" for option in others)


def _read_step(step: Step, changes: list[Change], notes: list[str]) -> None:
    if step.kind is StepKind.HINT:
        notes.append(step.text)
    elif step.kind is StepKind.EDIT and step.domain is not None:
        if step.command and step.check:
            # a new CPU definition changes what the VM sees at its next start
            changes.append(LiveChange(step.command, step.check, disruptive=True))
        else:
            notes.append(f"edit the <cpu> element of {quote(step.domain)} with virsh edit")
    elif step.kind is StepKind.EDIT and step.path is not None and "\n" not in step.text:
        changes.append(FileEdit(step.path, step.text, step.line, step.replaces, step.reboot))
    elif step.kind is StepKind.COMMAND and step.check:
        lines, checks = step.text.split("\n"), step.check.split("\n")
        changes.extend(LiveChange(c, k, step.disruptive) for c, k in zip(lines, checks))
    else:
        notes.append(f"run: {step.text}" if step.kind is StepKind.COMMAND else step.text)


def rule_order(rules: Sequence[Rule]) -> dict[str, int]:
    """rule id -> its place in the rule files: by file, then by line, as written."""
    ordered = sorted(rules, key=lambda r: (r.file, r.line))
    return {r.id: i for i, r in enumerate(ordered)}


# C0 and C1 controls, DEL and the bidi controls (as nestaudit.engine.steps quotes them)
_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """`text` on one line of plain characters: every control (a newline, an escape, a
    bidi override) written as \\xNN or \\uNNNN, for a comment or a message."""
    return _SPECIAL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x80
        else f"\\u{ord(m.group()):04x}", text)
