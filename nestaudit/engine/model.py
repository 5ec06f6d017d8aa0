"""The rule model: a rule as loaded, and what judging it for one target gives.

A `Rule` is built by `nestaudit.engine.rulefile` from a rule file; `evaluate` (in
`nestaudit.engine.evaluate`) turns it into a `Finding` for one target, with its
remediation steps filled in from the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from nestaudit import DOC_URL
from nestaudit.engine.conditions import Condition
from nestaudit.engine.templates import TARGET, Template
from nestaudit.values import Evidence
from nestaudit.vocabulary import Outcome, Scope, Severity, StepKind


class Reference(NamedTuple):
    """A section of the chapter (and the URL of the document that has it)."""

    section: str
    url: str = DOC_URL


class StepTemplate(NamedTuple):
    """A remediation step of a rule, its text still with placeholders."""

    kind: StepKind
    text: Template
    vendor: str | None = None
    arch: str | None = None
    disruptive: bool = False
    reboot: bool = False
    path: str | None = None


class Step(NamedTuple):
    """A remediation step of a finding: a hint (prose), a command (shell) or an edit (the
    content to put in `path`)."""

    kind: StepKind
    text: str
    vendor: str | None = None
    arch: str | None = None
    disruptive: bool = False
    reboot: bool = False
    path: str | None = None


@dataclass(frozen=True)
class Rule:
    """One check. `file` and `line` say where it was defined, for messages."""

    id: str
    limitation: str
    title: str
    scope: Scope
    severity: Severity
    violated: Condition
    messages: tuple[tuple[str, Template], ...]
    applies: Condition | None = None
    on_violation: Outcome = Outcome.FAIL  # fail, or info for advisories
    tags: tuple[str, ...] = ()
    remediation: tuple[StepTemplate, ...] = ()
    references: tuple[Reference, ...] = ()
    reading: str | None = None
    description: str | None = None
    samples: tuple[tuple[Outcome, tuple[str, ...]], ...] = ()
    """The sample hosts where the rule reaches each outcome (rules/*.yaml `samples:`)."""
    file: str = "<memory>"
    line: int = 0
    condition_facts: tuple[str, ...] = field(init=False, compare=False, repr=False)
    needed: frozenset[str] = field(init=False, compare=False, repr=False)
    needed_order: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The words may come in as plain strings (rules built in code): hold them as words.
        object.__setattr__(self, "scope", Scope(self.scope))
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "on_violation", Outcome(self.on_violation))
        facts = self.violated.facts()
        if self.applies is not None:
            facts |= self.applies.facts()
        names: frozenset[str] = frozenset()
        for _, template in self.messages:
            names |= template.names
        for step in self.remediation:
            names |= step.text.names
        needed = facts | (names - {TARGET})
        object.__setattr__(self, "condition_facts", tuple(sorted(facts)))
        object.__setattr__(self, "needed", needed)
        object.__setattr__(self, "needed_order", tuple(sorted(needed)))

    def message(self, outcome: Outcome) -> Template | None:
        """The rule's template for `outcome`, if it has one."""
        for name, template in self.messages:
            if name == outcome:
                return template
        return None

    @property
    def where(self) -> str:
        return f"{self.file}: line {self.line}"


class Finding(NamedTuple):
    """The outcome of one rule for one target (the host, or one of its domains)."""

    rule: str
    limitation: str
    title: str
    outcome: Outcome
    severity: Severity
    target: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    remediation: tuple[Step, ...] = ()
    references: tuple[Reference, ...] = ()
    unknown_facts: tuple[str, ...] = ()
    scope: Scope = Scope.HOST
    reading: str | None = None
