"""Findings grouped for reading: one rule's findings of one outcome on one host together,
with their targets, messages and remediation merged where they read the same."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from nestaudit.render.records import Finding, Reference
from nestaudit.vocabulary import Outcome, StepKind

GROUP_MIN = 4
"""A printed report condenses a rule's findings of one outcome once there are this many."""


class GroupStep(NamedTuple):
    """A remediation step of a condensed group: the steps at one position of every
    finding's remediation, merged (commands into one block, equal steps into one)."""

    kind: StepKind
    text: str
    path: str | None
    disruptive: bool
    reboot: bool
    targets: tuple[str, ...]
    """The targets this variant applies to; empty when it applies to all of the group."""
    note: str | None = None


class TargetList(NamedTuple):
    """A list of targets for display: a lead ("every domain but") and the names after it."""

    lead: str
    names: tuple[str, ...]
    more: int = 0  # names left out of a printed summary (the HTML and JSON list them)

    def __str__(self) -> str:
        shown = ", ".join(self.names) + (f" and {self.more} more" if self.more else "")
        return " ".join(p for p in (self.lead, shown) if p)


class Variant(NamedTuple):
    """Targets of a group whose messages read the same but for the target's name."""

    targets: tuple[str, ...]
    message: str
    unknown_facts: tuple[str, ...]


class FindingGroup(NamedTuple):
    """The findings of one rule with one outcome on one host, in display order."""

    findings: tuple[Finding, ...]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def condensed(self) -> bool:
        return len(self.findings) >= GROUP_MIN

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(f.target for f in self.findings)

    @property
    def variants(self) -> tuple[Variant, ...]:
        """The group's messages with targets sharing one wording merged: the message of
        the first such target is shown, the others differ from it only by the name."""
        merged: dict[tuple[str, tuple[str, ...]], list[Finding]] = {}
        for finding in self.findings:
            shape = (
                finding.message.replace(finding.target, "\x00")
                if finding.target
                else finding.message
            )
            merged.setdefault((shape, finding.unknown_facts), []).append(finding)
        return tuple(
            Variant(tuple(f.target for f in same), same[0].message, same[0].unknown_facts)
            for same in merged.values()
        )

    @property
    def disruptive(self) -> bool:
        return any(f.disruptive for f in self.findings)

    @property
    def reboot(self) -> bool:
        return any(f.reboot for f in self.findings)

    @property
    def references(self) -> tuple[Reference, ...]:
        seen: dict[tuple[str, str | None], Reference] = {}
        for finding in self.findings:
            for ref in finding.references:
                seen.setdefault((ref.section, ref.url), ref)
        return tuple(seen.values())

    @property
    def steps(self) -> tuple[GroupStep, ...]:
        """Every finding's remediation, merged position by position (the rule is the same,
        so position i is the same kind of step with each target's values filled in)."""
        merged: list[GroupStep] = []
        depth = max((len(f.remediation) for f in self.findings), default=0)
        for i in range(depth):
            at = [(f.target, f.remediation[i]) for f in self.findings if i < len(f.remediation)]
            variants: dict[str, list[str]] = {}
            for target, step in at:
                variants.setdefault(step.text, []).append(target)
            first = at[0][1]
            disruptive = any(step.disruptive for _, step in at)
            reboot = any(step.reboot for _, step in at)
            if len(variants) == 1:
                merged.append(GroupStep(first.kind, first.text, first.path, disruptive, reboot, ()))
            elif first.kind is StepKind.COMMAND:
                text = "\n".join(variants)
                merged.append(GroupStep(StepKind.COMMAND, text, first.path, disruptive, reboot, ()))
            elif first.kind is StepKind.EDIT:
                merged.extend(
                    GroupStep(StepKind.EDIT, text, first.path, disruptive, reboot, tuple(targets))
                    for text, targets in variants.items()
                )
            else:
                others = len(at) - 1
                note = f"Shown for {at[0][0]}; likewise for the {others} other target" + (
                    "s" if others != 1 else ""
                )
                merged.append(
                    GroupStep(StepKind.HINT, first.text, None, disruptive, reboot, (), note)
                )
        return tuple(merged)


def group_findings(findings: Iterable[Finding]) -> tuple[FindingGroup, ...]:
    """Findings grouped by (outcome, rule), groups in the order of their first finding."""
    groups: dict[tuple[Outcome, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.outcome, finding.rule), []).append(finding)
    return tuple(FindingGroup(tuple(g)) for g in groups.values())
