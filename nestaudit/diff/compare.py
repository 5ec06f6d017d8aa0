"""Compare two Assessments host by host: match the hosts, then say what moved and what
got worse.

Worse means (issue 13): a fail or an unknown at or above the threshold that the old audit
did not have with that outcome (an unknown not counted with `allow_unknown`, as `check`
does), a support class lower than before (`unknown`, which the evidence cannot place,
is the lowest, as the vocabulary orders them), or readiness that was true and is not any
more. A host only in the new audit is worse when it brings such a fail or unknown; a host
that is gone is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nestaudit.diff.model import (
    APPEARED,
    BY_NAME,
    BY_UUID,
    CHANGED,
    DISAPPEARED,
    DomainChange,
    FindingChange,
    HostDiff,
)
from nestaudit.engine.model import Finding
from nestaudit.judge.assessment import HostAssessment
from nestaudit.vocabulary import Outcome, Severity, SupportClass

Pair = tuple[HostAssessment | None, HostAssessment | None, str | None]


class Threshold:
    """Which findings count against a host: outcome fail (and unknown, unless allowed)
    at or above `fail_on`."""

    def __init__(self, fail_on: Severity, allow_unknown: bool) -> None:
        self.fail_on = fail_on
        self.outcomes = (Outcome.FAIL,) if allow_unknown else (Outcome.FAIL, Outcome.UNKNOWN)

    def counts(self, outcome: Outcome | None, severity: Severity) -> bool:
        return outcome in self.outcomes and severity.at_least(self.fail_on)


def _uuid(host: HostAssessment) -> str | None:
    return host.summary.system_uuid if host.summary is not None else None


def match_hosts(old: Sequence[HostAssessment], new: Sequence[HostAssessment]) -> list[Pair]:
    """Pairs of the same host in both audits: by name first, then the rest by SMBIOS UUID;
    a host left over is on one side only. Hosts of one name pair in their report order."""
    waiting: dict[str, list[HostAssessment]] = {}
    for host in new:
        waiting.setdefault(host.name, []).append(host)
    pairs: list[Pair] = []
    old_left: list[HostAssessment] = []
    for host in old:
        same = waiting.get(host.name)
        if same:
            pairs.append((host, same.pop(0), BY_NAME))
        else:
            old_left.append(host)
    new_left = [h for hosts in waiting.values() for h in hosts]
    by_uuid: dict[str, list[HostAssessment]] = {}
    for host in new_left:
        uuid = _uuid(host)
        if uuid:
            by_uuid.setdefault(uuid, []).append(host)
    matched: set[int] = set()
    for host in old_left:
        candidates = by_uuid.get(_uuid(host) or "")
        if candidates:
            twin = candidates.pop(0)
            matched.add(id(twin))
            pairs.append((host, twin, BY_UUID))
        else:
            pairs.append((host, None, None))
    pairs.extend((None, h, None) for h in new_left if id(h) not in matched)
    return pairs


def compare_hosts(
    old: Sequence[HostAssessment], new: Sequence[HostAssessment], threshold: Threshold
) -> tuple[HostDiff, ...]:
    """Every host of either audit with what moved, sorted by name."""
    diffs = [_host_diff(a, b, how, threshold) for a, b, how in match_hosts(old, new)]
    return tuple(sorted(diffs, key=lambda d: (d.name, d.old_name or "", d.new_name or "")))


def _host_diff(
    old: HostAssessment | None, new: HostAssessment | None, how: str | None, t: Threshold
) -> HostDiff:
    findings = _finding_changes(old, new, t) if old is not None and new is not None else ()
    support = (old.verdict.support if old else None, new.verdict.support if new else None)
    ready = (old.verdict.ready if old else None, new.verdict.ready if new else None)
    either = new or old
    assert either is not None  # a pair always holds a host
    return HostDiff(
        name=either.name,
        old_name=old.name if old else None,
        new_name=new.name if new else None,
        matched_by=how,
        support=support,
        ready=ready,
        role=(old.role if old else None, new.role if new else None),
        domains=_domain_changes(old, new) if old is not None and new is not None else (),
        findings=findings,
        worse=_why_worse(old, new, support, findings, t),
    )


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.rule, finding.target)


def _finding_changes(
    old: HostAssessment, new: HostAssessment, t: Threshold
) -> tuple[FindingChange, ...]:
    before = {_key(f): f for f in old.findings}
    after = {_key(f): f for f in new.findings}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        outcome_a = a.outcome if a else None
        outcome_b = b.outcome if b else None
        if outcome_a == outcome_b:
            continue
        shown = b or a
        assert shown is not None  # the key came from one of them
        changes.append(
            FindingChange(
                rule=shown.rule,
                limitation=shown.limitation,
                target=shown.target,
                title=shown.title,
                severity=shown.severity,
                old=outcome_a,
                new=outcome_b,
                worse=t.counts(outcome_b, shown.severity),
            )
        )
    return tuple(changes)


def _domain_changes(old: HostAssessment, new: HostAssessment) -> tuple[DomainChange, ...]:
    if old.summary is None or new.summary is None:
        return ()  # a hand-made report without the host summary: nothing to compare
    before = {d.name: d.support for d in old.summary.domains}
    after = {d.name: d.support for d in new.summary.domains}
    changes = []
    for name in sorted(before.keys() | after.keys()):
        a, b = before.get(name), after.get(name)
        if name not in before:
            changes.append(DomainChange(name, APPEARED, a, b))
        elif name not in after:
            changes.append(DomainChange(name, DISAPPEARED, a, b))
        elif a != b:
            changes.append(DomainChange(name, CHANGED, a, b))
    return tuple(changes)


def _why_worse(
    old: HostAssessment | None,
    new: HostAssessment | None,
    support: tuple[SupportClass | None, SupportClass | None],
    findings: Iterable[FindingChange],
    t: Threshold,
) -> tuple[str, ...]:
    if new is None:
        return ()
    reasons = []
    a, b = support
    if a is not None and b is not None and b.rank > a.rank:
        reasons.append(f"support class lowered: {a.value} -> {b.value}")
    if old is not None and old.verdict.ready is True and new.verdict.ready is not True:
        now = "unknown" if new.verdict.ready is None else "not ready"
        reasons.append(f"readiness: ready -> {now}")
    if old is None:  # a host new to the audit: each finding that counts is new
        counted = [
            (f.outcome.value, f.severity, f.rule, f.target)
            for f in new.findings
            if t.counts(f.outcome, f.severity)
        ]
    else:
        counted = [(str(f.new), f.severity, f.rule, f.target) for f in findings if f.worse]
    reasons.extend(
        f"new {outcome} ({severity}): {rule} [{target}]"
        for outcome, severity, rule, target in counted
    )
    return tuple(reasons)
