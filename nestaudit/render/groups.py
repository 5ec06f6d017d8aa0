"""Findings grouped for reading: one rule's findings of one outcome on one host together,
with their targets, messages and remediation merged where they read the same."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from nestaudit.judge.assessment import Reason
from nestaudit.render.records import Finding, Reference, Step
from nestaudit.render.steps import Block, blocks
from nestaudit.values import Evidence
from nestaudit.vocabulary import QUIET_OUTCOMES, Outcome, StepKind

GROUP_MIN = 4
"""Every report but JSON condenses a rule's findings of one outcome once there are this many."""

CHAIN_CARDS_MAX = 8
"""Above this many chains, reports list chains in one table by verdict, not one by one."""

COMPACT_ABOVE = 30
"""Above this many domains, the PDF and Markdown group the domains table (one row per kind
of domain, naming its domains)."""

PRINT_TARGETS_MAX = 12
"""Names a printed summary shows before "and N more" (the PDF's passing checks and chains,
the Markdown's notices); failing findings always name every target."""

EVIDENCE_TARGETS_MAX = 30
"""A condensed group of passing or not-applicable findings lists each target's evidence only
up to this many targets: on a host with 1,000 domains that evidence is most of the page and
says what the domains table says. Findings of every other outcome list it always."""


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
    not_known: tuple[str, ...]
    waiver_note: str = ""  # targets under different waivers are different variants


class TargetEvidence(NamedTuple):
    """The evidence of one target of a group that the group's other targets do not share."""

    target: str
    evidence: tuple[Evidence, ...]


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
        merged: dict[tuple[str, tuple[str, ...], str], list[Finding]] = {}
        for finding in self.findings:
            shape = (
                finding.message.replace(finding.target, "\x00")
                if finding.target
                else finding.message
            )
            key = (shape, finding.not_known, finding.waiver_note)
            merged.setdefault(key, []).append(finding)
        return tuple(
            Variant(
                tuple(f.target for f in same),
                same[0].message,
                same[0].not_known,
                same[0].waiver_note,
            )
            for same in merged.values()
        )

    @property
    def quiet(self) -> bool:
        return self.first.outcome in QUIET_OUTCOMES

    @property
    def lists_evidence(self) -> bool:
        """Whether the group's own evidence is shown (see EVIDENCE_TARGETS_MAX)."""
        return not self.quiet or len(self.findings) <= EVIDENCE_TARGETS_MAX

    @property
    def shared_evidence(self) -> tuple[Evidence, ...]:
        """Evidence every finding of the group cites alike (the host's kernel, the CPU map),
        shown once."""
        rest = [set(f.evidence) for f in self.findings[1:]]
        return tuple(e for e in dict.fromkeys(self.first.evidence) if all(e in r for r in rest))

    @property
    def own_evidence(self) -> tuple[TargetEvidence, ...]:
        """Each target's evidence but the shared rows; targets with none left out."""
        shared = set(self.shared_evidence)
        rows = (
            TargetEvidence(f.target, tuple(e for e in f.evidence if e not in shared))
            for f in self.findings
        )
        return tuple(row for row in rows if row.evidence)

    @property
    def disruptive(self) -> bool:
        return any(f.disruptive for f in self.findings)

    @property
    def reboot(self) -> bool:
        return any(f.reboot for f in self.findings)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The merged remediation as shown: steps, and choices between alternatives."""
        return blocks(self.steps)

    @property
    def references(self) -> tuple[Reference, ...]:
        seen: dict[tuple[str, str | None], Reference] = {}
        for finding in self.findings:
            for ref in finding.references:
                seen.setdefault((ref.section, ref.url), ref)
        return tuple(seen.values())

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every finding's remediation, the same step of each merged: equal steps into one,
        commands into one block of lines, edits one per distinct content (naming their
        targets). The same step is the n-th of its kind within its option: a finding may
        lack a step another has (an alternative with no value to offer for its target)."""
        slots: dict[tuple[str, StepKind, int], list[tuple[str, Step]]] = {}
        for finding in self.findings:
            seen: dict[tuple[str, StepKind], int] = {}
            for step in finding.remediation:
                key = (step.option or "", step.kind)
                seen[key] = seen.get(key, 0) + 1
                slots.setdefault((*key, seen[key]), []).append((finding.target, step))
        merged: list[Step] = []
        for at in slots.values():
            merged.extend(_merge(at, len(self.findings)))
        return tuple(merged)


def _merge(at: list[tuple[str, Step]], group_size: int) -> list[Step]:
    """The steps `at` of several targets as one (or one per distinct edit)."""
    first = at[0][1]._replace(
        disruptive=any(s.disruptive for _, s in at), reboot=any(s.reboot for _, s in at)
    )
    variants: dict[str, list[str]] = {}
    for target, step in at:
        variants.setdefault(step.text, []).append(target)
    partial = tuple(t for t, _ in at) if len(at) < group_size else ()
    if first.kind is StepKind.EDIT and first.domain is not None:
        # one XML per distinct content; the commands making it, one line per domain
        out = []
        for text, targets in variants.items():
            steps = [s for t, s in at if t in targets]
            commands = [s.command for s in steps if s.command]
            out.append(first._replace(
                text=text, domain=steps[0].domain if len(steps) == 1 else None,
                command="\n".join(commands) or None, check=None,
                targets=tuple(targets) if len(variants) > 1 or partial else ()))
        return out
    if len(variants) == 1:
        return [first._replace(targets=partial)]
    if first.kind is StepKind.COMMAND:
        return [first._replace(text="\n".join(variants), targets=partial)]
    if first.kind is StepKind.EDIT:
        return [first._replace(text=text, targets=tuple(targets))
                for text, targets in variants.items()]
    others = len(at) - 1
    note = f"Shown for {at[0][0]}; likewise for the {others} other target" + (
        "s" if others != 1 else "")
    return [first._replace(note=note, targets=partial)]


def group_findings(findings: Iterable[Finding]) -> tuple[FindingGroup, ...]:
    """Findings grouped by (outcome, rule), groups in the order of their first finding."""
    groups: dict[tuple[Outcome, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.outcome, finding.rule), []).append(finding)
    return tuple(FindingGroup(tuple(g)) for g in groups.values())


class ReasonGroup(NamedTuple):
    """Verdict reasons that read the same but for their target, together: a host with 200
    domains outside the tables has one such reason, naming the 200."""

    text: str
    limitation: str | None
    targets: tuple[str, ...]

    @property
    def worded_for(self) -> str | None:
        """The target whose name the shown text carries, when others share it."""
        if len(self.targets) > 1 and self.targets[0] in self.text:
            return self.targets[0]
        return None


def group_reasons(reasons: Iterable[Reason]) -> tuple[ReasonGroup, ...]:
    """`reasons` with those of one limitation and one wording (but the target's name)
    merged, in the order of the first of each."""
    merged: dict[tuple[str | None, str], list[Reason]] = {}
    for reason in reasons:
        shape = reason.text.replace(reason.target, "\x00") if reason.target else reason.text
        merged.setdefault((reason.limitation, shape), []).append(reason)
    return tuple(
        ReasonGroup(
            same[0].text,
            same[0].limitation,
            tuple(r.target for r in same if r.target is not None),
        )
        for same in merged.values()
    )
