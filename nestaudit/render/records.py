"""The finding records the human formats show: a finding with its labels and anchor, its
remediation steps and references, built from the Assessment's findings."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from nestaudit.engine import model as engine
from nestaudit.judge import missing
from nestaudit.render.labels import OUTCOME_LABELS, SEVERITY_LABELS
from nestaudit.render.steps import Block, Part, blocks, parts
from nestaudit.values import Evidence
from nestaudit.vocabulary import Outcome, Severity, StepKind


def stable_id(prefix: str, *parts: str) -> str:
    """A short anchor derived from `parts` only: the same inputs give the same id.

    Hashing keeps ids free of host-controlled characters (a domain may be named anything).
    """
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


class Step(NamedTuple):
    """One remediation step as shown (`nestaudit.engine.model.Step` has what each field
    means); `targets` and `note` are set where a group merged the steps of several targets."""

    kind: StepKind
    text: str
    path: str | None
    vendor: str | None
    arch: str | None
    disruptive: bool
    reboot: bool
    domain: str | None = None
    line: int | None = None
    replaces: str | None = None
    option: str | None = None
    command: str | None = None
    check: str | None = None
    targets: tuple[str, ...] = ()
    """The targets this variant applies to; empty when it applies to all of the group."""
    note: str | None = None

    @property
    def is_code(self) -> bool:
        return self.kind in (StepKind.COMMAND, StepKind.EDIT)

    @property
    def parts(self) -> tuple[Part, ...]:
        return parts(self)

    @classmethod
    def of(cls, step: engine.Step) -> Step:
        return cls(
            step.kind,
            step.text,
            step.path or None,
            step.vendor or None,
            step.arch or None,
            step.disruptive,
            step.reboot,
            domain=step.domain,
            line=step.line,
            replaces=step.replaces,
            option=step.option,
            command=step.command,
            check=step.check,
        )


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) link, else None: only those become clickable."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


class Reference(NamedTuple):
    section: str
    url: str | None

    @property
    def href(self) -> str | None:
        return web_url(self.url)


class Finding(NamedTuple):
    anchor: str
    rule: str
    limitation: str
    title: str
    outcome: Outcome
    severity: Severity
    target: str
    message: str
    evidence: tuple[Evidence, ...]
    remediation: tuple[Step, ...]
    references: tuple[Reference, ...]
    not_known: tuple[str, ...]
    """What the unknown facts are, in words (the JSON keeps their names)."""
    reading: str | None

    @classmethod
    def of(cls, host: str, f: engine.Finding) -> Finding:
        """The finding `f` of host `host`, for display."""
        return cls(
            anchor=stable_id("f", host, f.rule, f.target),
            rule=f.rule,
            limitation=f.limitation,
            title=f.title or f.rule,
            outcome=f.outcome,
            severity=f.severity,
            target=f.target,
            message=f.message,
            evidence=f.evidence,
            remediation=tuple(Step.of(s) for s in f.remediation),
            references=tuple(Reference(r.section, r.url or None) for r in f.references),
            not_known=tuple(dict.fromkeys(missing.label(name) for name in f.unknown_facts)),
            reading=f.reading or None,
        )

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The remediation as shown: steps, and choices between alternatives."""
        return blocks(self.remediation)

    @property
    def disruptive(self) -> bool:
        return any(step.disruptive for step in self.remediation)

    @property
    def reboot(self) -> bool:
        return any(step.reboot for step in self.remediation)
