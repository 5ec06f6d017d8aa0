"""The rule model: a rule as loaded, and what judging it for one target gives.

A `Rule` is built by `nestaudit.engine.rulefile` from a rule file; `evaluate` (in
`nestaudit.engine.evaluate`) turns it into a `Finding` for one target, with its
remediation steps filled in from the facts.
"""

from __future__ import annotations

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


class CpuEdit(NamedTuple):
    """The `<cpu>` element an edit of a domain's XML puts in place: `mode` alone
    (host-passthrough), or a named model with one feature required. `models` and `require`
    name facts: the model is the first of `models` that is known and not None."""

    mode: str | None = None
    models: tuple[str, ...] = ()
    require: str | None = None
    check: str | None = None  # the check= attribute of a custom CPU, when given

    @property
    def facts(self) -> frozenset[str]:
        return frozenset(self.models) | ({self.require} if self.require else set())


class CheckTemplate(NamedTuple):
    """How a command step tells it is done: `argv` (words filled in and quoted as a
    command's are) succeeds; with `prints`, its output has one of these lines; `negate`
    turns the answer round (done when the command fails). `nestaudit fix` runs it before
    the step (done: skip it) and after it (the step took effect)."""

    argv: tuple[Template, ...]
    prints: tuple[str, ...] = ()
    negate: bool = False


class StepTemplate(NamedTuple):
    """A remediation step of a rule, its host values still to fill in.

    A hint's `text` is prose; a command is `argv`, words filled in and shell-quoted one by one
    (one line per item of the list fact `each`, which stands for the item in `argv`); an edit
    puts `text` in the file `path` (replacing the line the facts `replaces` = (line number,
    line text) name, else appending), or `cpu` in the XML of the domain the fact `domain`
    names. Steps in a row with an `option` title are alternatives to one another. A
    command's `check` says how to tell it is done (an edit's is built from what it puts).
    """

    kind: StepKind
    text: Template
    vendor: str | None = None
    arch: str | None = None
    disruptive: bool = False
    reboot: bool = False
    path: str | None = None
    argv: tuple[Template, ...] = ()
    each: str | None = None
    domain: str | None = None
    cpu: CpuEdit | None = None
    replaces: tuple[str, str] | None = None
    option: str | None = None
    check: CheckTemplate | None = None

    @property
    def summary(self) -> str:
        """The step in one line, placeholders as written (for `explain` and the reference)."""
        if self.argv:
            line = " ".join(w.text for w in self.argv)
            return f"{line} (a line per item of {self.each})" if self.each else line
        if self.cpu is not None:
            what = self.cpu.mode or (
                f"model {' or '.join(self.cpu.models)} requiring {self.cpu.require}"
            )
            return f"<cpu> of the domain {self.domain}: {what}"
        where = f"{self.path}: " if self.path else ""
        return where + self.text.text + (
            f" (replacing the line {self.replaces[0]} names)" if self.replaces else ""
        )

    @property
    def facts(self) -> frozenset[str]:
        """Every fact the step reads."""
        names = set(self.text.names)
        for word in (*self.argv, *(self.check.argv if self.check else ())):
            names |= word.names
        names |= {n for n in (self.each, self.domain) if n}
        names |= set(self.replaces or ())
        if self.cpu is not None:
            names |= self.cpu.facts
        return frozenset(names)


class Step(NamedTuple):
    """A remediation step of a finding, every host value in it quoted for where it goes.

    `kind` is the report contract's: a hint (prose), a command (`text`: lines to run, one
    runnable line each) or an edit (`text`: what to put in place). An edit names its `path`
    (a file) or its `domain` (that libvirt domain's XML, opened with `virsh edit`); a file
    edit replaces line `line`, whose text now is `replaces`, or appends when `line` is None.
    `command` makes an edit without an editor; `check` succeeds once the step is done. Steps
    in a row with an `option` title are alternatives: do the steps of one title.
    """

    kind: StepKind
    text: str
    vendor: str | None = None
    arch: str | None = None
    disruptive: bool = False
    reboot: bool = False
    path: str | None = None
    domain: str | None = None
    line: int | None = None
    replaces: str | None = None
    option: str | None = None
    command: str | None = None
    check: str | None = None


class Rule:
    """One check. `file` and `line` say where it was defined, for messages.

    Immutable once made. `condition_facts`, `needed` and `needed_order` are computed from
    the conditions and templates: the facts the rule reads. A plain class, not a dataclass:
    `check` would pay for importing `dataclasses`.
    """

    __slots__ = (
        "applies", "condition_facts", "description", "fail_title", "file", "id", "limitation",
        "line",
        "messages", "needed", "needed_order", "on_violation", "reading", "references",
        "remediation", "samples", "scope", "severity", "tags", "title", "violated",
    )
    id: str
    limitation: str
    title: str
    """What passing means: "Nesting is enabled in kvm_intel"."""
    fail_title: str | None
    """The problem, for a finding that fails: "Nesting is off in kvm_intel"."""
    scope: Scope
    severity: Severity
    violated: Condition
    messages: tuple[tuple[str, Template], ...]
    applies: Condition | None
    on_violation: Outcome  # fail, or info for advisories
    tags: tuple[str, ...]
    remediation: tuple[StepTemplate, ...]
    references: tuple[Reference, ...]
    reading: str | None
    description: str | None
    samples: tuple[tuple[Outcome, tuple[str, ...]], ...]
    """The sample hosts where the rule reaches each outcome (rules/*.yaml `samples:`)."""
    file: str
    line: int
    condition_facts: tuple[str, ...]
    needed: frozenset[str]
    needed_order: tuple[str, ...]

    def __init__(
        self,
        *,
        id: str,
        limitation: str,
        title: str,
        scope: Scope,
        severity: Severity,
        violated: Condition,
        messages: tuple[tuple[str, Template], ...],
        applies: Condition | None = None,
        on_violation: Outcome = Outcome.FAIL,
        tags: tuple[str, ...] = (),
        remediation: tuple[StepTemplate, ...] = (),
        references: tuple[Reference, ...] = (),
        reading: str | None = None,
        description: str | None = None,
        samples: tuple[tuple[Outcome, tuple[str, ...]], ...] = (),
        fail_title: str | None = None,
        file: str = "<memory>",
        line: int = 0,
    ) -> None:
        facts = violated.facts() | (applies.facts() if applies is not None else frozenset())
        names: frozenset[str] = frozenset()
        for _, template in messages:
            names |= template.names
        for step in remediation:
            names |= step.facts
        needed = facts | (names - {TARGET})
        given = {
            "id": id,
            "limitation": limitation,
            "title": title,
            # The words may come in as plain strings (rules built in code): hold them as words.
            "scope": Scope(scope),
            "severity": Severity(severity),
            "violated": violated,
            "messages": messages,
            "applies": applies,
            "on_violation": Outcome(on_violation),
            "tags": tags,
            "remediation": remediation,
            "references": references,
            "reading": reading,
            "description": description,
            "samples": samples,
            "fail_title": fail_title,
            "file": file,
            "line": line,
            "condition_facts": tuple(sorted(facts)),
            "needed": needed,
            "needed_order": tuple(sorted(needed)),
        }
        for name, value in given.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Rule is immutable (cannot set {name})")

    def _said(self) -> tuple[object, ...]:
        # What the rule says and where, not what is computed from that.
        return tuple(getattr(self, name) for name in _RULE_FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rule):
            return NotImplemented
        return self._said() == other._said()

    def __hash__(self) -> int:
        return hash((self.id, self.file, self.line))

    def __repr__(self) -> str:
        return f"Rule(id={self.id!r}, file={self.file!r}, line={self.line})"

    def message(self, outcome: Outcome) -> Template | None:
        """The rule's template for `outcome`, if it has one."""
        for name, template in self.messages:
            if name == outcome:
                return template
        return None

    @property
    def where(self) -> str:
        return f"{self.file}: line {self.line}"


_RULE_FIELDS = (
    "id", "limitation", "title", "scope", "severity", "violated", "messages", "applies",
    "on_violation", "tags", "remediation", "references", "reading", "description", "samples",
    "fail_title", "file", "line",
)


class WaiverNote(NamedTuple):
    """The waiver a finding matched (`nestaudit.waivers`): the exception someone recorded.

    Applied, it made the finding `waived` and `original_outcome` is what the rules gave;
    `expired`, it was past its date on the day judged and the finding kept its outcome.
    """

    reason: str
    expires: str  # YYYY-MM-DD, the last day it applies
    owner: str | None
    ticket: str | None
    original_outcome: Outcome
    expired: bool = False


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
    waiver: WaiverNote | None = None

    def for_target(self, target: str) -> Finding:
        """The same finding for another target: the tuple copied, in half the time of
        `_replace` (a fleet asks for one a host and rule)."""
        return Finding._make((*self[:_TARGET_AT], target, *self[_TARGET_AT + 1:]))


_TARGET_AT = Finding._fields.index("target")
