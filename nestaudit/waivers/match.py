"""Apply a waivers file to an Assessment: matching fail and unknown findings become waived.

Runs after judging, on the Assessment as it is: verdicts, reasons and chains are already
decided and stay as they are, since readiness and the support class describe the host, not
the decision to accept what it lacks. Only outcomes and the counts of outcomes change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fnmatch import fnmatchcase
from typing import NamedTuple

from nestaudit.engine.model import Finding, WaiverNote
from nestaudit.judge.assessment import (
    Assessment,
    Counts,
    HostAssessment,
    StaleWaiver,
    Waiver,
    WaiverReport,
)
from nestaudit.vocabulary import Outcome
from nestaudit.waivers.load import WaiverFile

WAIVABLE = (Outcome.FAIL, Outcome.UNKNOWN)
"""What a waiver can accept: a failing check, or one the evidence could not decide."""

VERDICT_NOTE = (
    "Waivers change the outcome of the findings they match and what counts for the exit "
    "code, never a verdict: readiness and the support class describe the host, not the "
    "decision to accept what it lacks."
)

Rename = Callable[[str], str]
"""A host name as a redacted report shows it (the redaction key's pseudonym)."""

_GLOB = frozenset("*?[")


class _Pattern(NamedTuple):
    """A waiver with the globs it compares: as written and, when the report is redacted
    and a glob is a plain name, that name's pseudonym too."""

    waiver: Waiver
    hosts: tuple[str, ...]
    targets: tuple[str, ...]

    def matches(self, host: str, finding: Finding) -> bool:
        w = self.waiver
        if w.rule is not None and w.rule != finding.rule:
            return False
        if w.limitation is not None and w.limitation != finding.limitation:
            return False
        return _any(host.lower(), self.hosts) and _any(finding.target, self.targets)


def _any(name: str, globs: Sequence[str]) -> bool:
    return any(fnmatchcase(name, glob) for glob in globs)


def _pattern(waiver: Waiver, rename: Rename | None) -> _Pattern:
    def both(glob: str) -> tuple[str, ...]:
        if rename is None or _GLOB & set(glob):
            return (glob,)
        return (glob, rename(glob))

    return _Pattern(
        waiver, tuple(g.lower() for g in both(waiver.host)), both(waiver.target)
    )


def _shown(pattern: _Pattern) -> Waiver:
    """The waiver as a report may show it: a redacted report names hosts by pseudonym only,
    so a plain name is given as its pseudonym (a domain name too: better hidden once too
    often than shown once)."""
    w, hosts, targets = pattern.waiver, pattern.hosts, pattern.targets
    host = hosts[-1] if len(hosts) > 1 else w.host
    return w._replace(host=host, target=targets[-1])


def apply_waivers(
    assessment: Assessment, waivers: WaiverFile | None, rename: Rename | None = None
) -> Assessment:
    """`assessment` with every fail or unknown finding that a waiver matches made waived
    (the first waiver in file order that has not expired on `waivers.as_of`), every one only
    expired waivers match marked so, and the file's stale waivers listed; as it is when no
    waivers file was given."""
    if waivers is None:
        return assessment
    patterns = patterns_of(waivers, rename)
    hosts, used = waive_hosts(assessment.hosts, patterns, waivers)
    everything = [(h.name, f) for h, f in assessment.findings]
    seen = Seen(
        frozenset(f.rule for _, f in everything),
        frozenset(f.limitation for _, f in everything),
        frozenset(h.lower() for h, _ in everything),
    )
    notes = [f.waiver for h in hosts for f in h.findings if f.waiver is not None]
    report = waiver_report(waivers, patterns, used, seen, sum(not n.expired for n in notes),
                           sum(n.expired for n in notes))
    return assessment._replace(hosts=tuple(hosts), waivers=report)


class Seen(NamedTuple):
    """What the judged hosts hold, for saying why a waiver matched nothing."""

    rules: frozenset[str]
    limitations: frozenset[str]
    hosts: frozenset[str]  # lower case


def patterns_of(waivers: WaiverFile, rename: Rename | None = None) -> list[_Pattern]:
    return [_pattern(w, rename) for w in waivers.waivers]


def waive_hosts(
    hosts: Sequence[HostAssessment], patterns: Sequence[_Pattern], waivers: WaiverFile
) -> tuple[list[HostAssessment], set[int]]:
    """The hosts with their findings waived, and which waivers (by place in the file)
    matched something; `fleet` runs this in its workers, host group by host group."""
    as_of = waivers.as_of.isoformat()
    used: set[int] = set()
    out = []
    for host in hosts:
        findings = tuple(_waive(host.name, f, patterns, as_of, used) for f in host.findings)
        out.append(_recounted(host, findings))
    return out, used


def waiver_report(
    waivers: WaiverFile, patterns: Sequence[_Pattern], used: set[int], seen: Seen,
    applied: int, expired: int,
) -> WaiverReport:
    return WaiverReport(
        file=waivers.name,
        as_of=waivers.as_of.isoformat(),
        applied=applied,
        expired=expired,
        stale=tuple(
            StaleWaiver(_shown(p), _why_stale(p, seen))
            for i, p in enumerate(patterns)
            if i not in used
        ),
    )


def _waive(
    host: str, finding: Finding, patterns: Sequence[_Pattern], as_of: str, used: set[int]
) -> Finding:
    if finding.outcome not in WAIVABLE:
        return finding
    matched = [i for i, p in enumerate(patterns) if p.matches(host, finding)]
    used.update(matched)
    live = [i for i in matched if patterns[i].waiver.expires >= as_of]
    if live:
        note = _note(patterns[live[0]].waiver, finding.outcome, expired=False)
        return finding._replace(outcome=Outcome.WAIVED, waiver=note)
    if matched:
        note = _note(patterns[matched[0]].waiver, finding.outcome, expired=True)
        return finding._replace(waiver=note)
    return finding


def _note(waiver: Waiver, outcome: Outcome, *, expired: bool) -> WaiverNote:
    return WaiverNote(waiver.reason, waiver.expires, waiver.owner, waiver.ticket, outcome, expired)


def _recounted(host: HostAssessment, findings: tuple[Finding, ...]) -> HostAssessment:
    if findings == host.findings:
        return host
    return host._replace(findings=findings, counts=Counts.of(findings))


def _why_stale(pattern: _Pattern, seen: Seen) -> str:
    """Why a waiver matched nothing: a name no rule has, a host not in the report, or
    nothing failing or unknown where it points."""
    w = pattern.waiver
    if w.rule is not None and w.rule not in seen.rules:
        return "no rule of the rule set has this id"
    if w.limitation is not None and w.limitation not in seen.limitations:
        return "no rule of the rule set checks this limitation"
    if not any(_any(h, pattern.hosts) for h in seen.hosts):
        return "matches no host of this report"
    return "matches no fail or unknown finding: what it accepted is fixed, or never failed here"
