"""What `nestaudit diff` found between two audits: typed and immutable, for every format.

`compare.compare_assessments` builds it; `render` writes it as text, JSON or Markdown and
re-derives nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.vocabulary import Outcome, Role, Severity, SupportClass

APPEARED, DISAPPEARED, CHANGED = "appeared", "disappeared", "changed"
"""What happened to a finding between the two audits."""

ADDED, REMOVED, UNCHANGED = "added", "removed", "unchanged"
"""What happened to a host: on one side only, or on both and nothing moved (else CHANGED)."""

BY_NAME, BY_UUID = "name", "uuid"
"""How a host of the old audit was found in the new one."""


class FindingChange(NamedTuple):
    """One finding (a rule for a target) that appeared, disappeared or changed outcome."""

    rule: str
    limitation: str
    target: str
    title: str
    severity: Severity  # the new audit's, when the finding is there
    old: Outcome | None  # None: the old audit has no such finding
    new: Outcome | None  # None: the new audit has no such finding
    worse: bool

    @property
    def change(self) -> str:
        if self.old is None:
            return APPEARED
        return DISAPPEARED if self.new is None else CHANGED


class DomainChange(NamedTuple):
    """A domain of the host (the level above it: its L1s, or an L1's L2s) whose support
    class moved; None where the domain is not on that side, or was not placed."""

    name: str
    change: str  # APPEARED, DISAPPEARED or CHANGED
    old: SupportClass | None
    new: SupportClass | None


class HostDiff(NamedTuple):
    """One host in both audits (or in one only), and what moved. `worse` says, one
    sentence each, what got worse; it is empty when nothing did."""

    name: str  # the new audit's name, else the old one's
    old_name: str | None
    new_name: str | None
    matched_by: str | None  # BY_NAME, BY_UUID; None when the host is on one side only
    support: tuple[SupportClass | None, SupportClass | None]
    ready: tuple[bool | None, bool | None]
    role: tuple[Role | None, Role | None]
    domains: tuple[DomainChange, ...]
    findings: tuple[FindingChange, ...]
    worse: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.old_name is None:
            return ADDED
        if self.new_name is None:
            return REMOVED
        moved = (
            self.old_name != self.new_name
            or self.support[0] != self.support[1]
            or self.ready[0] != self.ready[1]
            or self.role[0] != self.role[1]
            or self.domains
            or self.findings
        )
        return CHANGED if moved else UNCHANGED


class Side(NamedTuple):
    """One of the two audits: what was named, what it turned out to be, who judged it."""

    origin: str
    kind: str  # bundle | root | sosreport | report | fleet
    tool: str
    rules_version: str
    hosts: int


class Diff(NamedTuple):
    """The whole comparison: both sides, the threshold, every host (sorted by name)."""

    old: Side
    new: Side
    fail_on: Severity
    allow_unknown: bool
    hosts: tuple[HostDiff, ...]

    @property
    def worse(self) -> bool:
        return any(h.worse for h in self.hosts)

    def count(self, status: str) -> int:
        return sum(1 for h in self.hosts if h.status == status)
