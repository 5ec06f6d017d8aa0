"""The finding records the human formats show: a finding with its labels and anchor, its
remediation steps and references, built from the Assessment's findings."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from nestaudit.engine import model as engine
from nestaudit.judge import missing
from nestaudit.judge.assessment import WaiverReport
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
    waiver: engine.WaiverNote | None = None

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
            waiver=f.waiver,
        )

    @property
    def waiver_note(self) -> str:
        """The waiver this finding matched, in one sentence for every format; "" if none."""
        return waiver_note(self.waiver) if self.waiver is not None else ""

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


def waiver_note(note: engine.WaiverNote) -> str:
    """ "Waived until 2026-12-31 (was Fail): reason. Owner: x. Ticket: y.", or, past its
    date, that the waiver expired and no longer applies."""
    who = "".join(
        f" {label}: {value}." for label, value in (("Owner", note.owner), ("Ticket", note.ticket))
        if value
    )
    reason = note.reason if note.reason.endswith(".") else note.reason + "."
    if note.expired:
        return (
            f"A waiver of this finding expired on {note.expires} and no longer applies, so "
            f"it counts again: {reason}{who}"
        )
    was = OUTCOME_LABELS[note.original_outcome]
    return f"Waived until {note.expires} (was {was}): {reason}{who}"


class Waivers(NamedTuple):
    """How a waivers file was applied, as every format says it (report.json `waivers`)."""

    file: str
    as_of: str
    applied: int
    expired: int
    stale: tuple[str, ...]
    note: str

    @property
    def headline(self) -> str:
        """ "Waivers of waivers.yaml, judged on 2026-06-01: 2 findings waived, ..." """
        parts = [f"{self.applied} finding{'s' if self.applied != 1 else ''} waived"]
        if self.expired:
            parts.append(f"{self.expired} counting again (waiver expired)")
        if self.stale:
            parts.append(f"{len(self.stale)} stale waiver{'s' if len(self.stale) != 1 else ''}")
        return f"Waivers of {self.file}, judged on {self.as_of}: {', '.join(parts)}."

    @classmethod
    def of(cls, report: WaiverReport) -> Waivers:
        from nestaudit.waivers import VERDICT_NOTE

        stale = tuple(
            f"line {s.waiver.line}: {s.waiver.subject}, expires {s.waiver.expires}: {s.why}"
            for s in report.stale
        )
        return cls(report.file, report.as_of, report.applied, report.expired, stale, VERDICT_NOTE)
