"""The view every human format reads: the Assessment with display order, labels, anchors,
groups and chart geometry, so that text, Markdown, JUnit and HTML agree on what they show.

`build_view(assessment)` only arranges and labels: the counts, verdicts and reasons are the
Assessment's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from nestaudit.judge import assessment as judged
from nestaudit.judge.assessment import Reason
from nestaudit.render.groups import (
    FindingGroup,
    ReasonGroup,
    TargetList,
    group_findings,
    group_reasons,
)
from nestaudit.render.labels import (
    CHAIN_GROUP_ORDER,
    OUTCOME_LABELS,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    SUPPORT_EXPLAINED,
    SUPPORT_LABELS,
)
from nestaudit.render.records import Finding, Waivers, stable_id, web_url
from nestaudit.render.summary import Summary, summary_of
from nestaudit.soscoverage import Lack
from nestaudit.values import Evidence
from nestaudit.vocabulary import QUIET_OUTCOMES, Outcome, Role, SupportClass

__all__ = ["Evidence", "Finding", "Reason", "Report", "build_view"]

_ACTIONABLE = (Outcome.FAIL, Outcome.ERROR)


class Verdict(NamedTuple):
    support: SupportClass
    ready: bool | None
    reasons: tuple[Reason, ...]

    @property
    def support_label(self) -> str:
        return SUPPORT_LABELS[self.support]

    @property
    def reason_groups(self) -> tuple[ReasonGroup, ...]:
        return group_reasons(self.reasons)

    @property
    def support_explained(self) -> str:
        return SUPPORT_EXPLAINED[self.support]

    @property
    def ready_key(self) -> str:
        return {True: "ready", False: "not-ready"}.get(self.ready, "ready-unknown")  # type: ignore[arg-type]

    @property
    def ready_label(self) -> str:
        if self.ready is None:
            return "Readiness unknown"
        return "Ready" if self.ready else "Not ready"

    @property
    def undecided(self) -> str:
        """What could not be judged, said wherever a host could otherwise read as clean
        (verdicts.md, Evidence too thin to judge); "" when readiness and support are known."""
        parts = [name for name, unknown in (("readiness", self.ready is None),
                                            ("support class", self.support == "unknown"))
                 if unknown]
        if not parts:
            return ""
        return (
            f"Not judged clean: the {' and '.join(parts)} could not be decided from the "
            "evidence collected; the reasons and the Unknown findings say what is missing and "
            "what to collect."
        )

    @property
    def ready_explained(self) -> str:
        if self.ready is None:
            return "Some prerequisite could not be read, so whether nesting works now is unknown."
        if self.ready:
            return "The prerequisites for running nested guests hold now."
        return "A prerequisite fails: nested guests cannot run on this host now."


class Count(NamedTuple):
    key: str
    label: str
    count: int  # type: ignore[assignment]  # shadows tuple.count


class Bar(NamedTuple):
    """One row of the inline SVG bar chart, geometry precomputed."""

    key: str
    label: str
    count: int  # type: ignore[assignment]  # shadows tuple.count
    y: int
    width: int


class Host(NamedTuple):
    name: str
    anchor: str
    role: Role
    bundle_sha256: str
    collected_at: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    outcome_counts: tuple[Count, ...]
    severity_fail_counts: tuple[Count, ...]
    severity_counts: tuple[Count, ...]
    bars: tuple[Bar, ...]
    chart_height: int
    summary: Summary | None
    sos_version: str | None = None  # set for a sosreport: "sos 4.8.2", or "unknown"
    lacking: tuple[Lack, ...] = ()  # what a sosreport lacks (every format shows it)
    evidence_time: str | None = None  # collected_at as a time (UTC), None when not known

    @property
    def actionable(self) -> tuple[Finding, ...]:
        """What someone must act on: failing findings and rules that could not run."""
        return tuple(f for f in self.findings if f.outcome in _ACTIONABLE)

    @property
    def detailed(self) -> tuple[Finding, ...]:
        """The findings a printed report shows in full (all but pass and not applicable)."""
        return tuple(f for f in self.findings if f.outcome not in QUIET_OUTCOMES)

    @property
    def quiet(self) -> tuple[Finding, ...]:
        """Passing and not-applicable findings: a printed report lists them in one table."""
        return tuple(f for f in self.findings if f.outcome in QUIET_OUTCOMES)

    def describe_targets(self, targets: Sequence[str], limit: int | None = None) -> TargetList:
        """Targets as a reader wants them: "this host", "every domain", "every domain but
        a, b" when that is shorter than the list, else the names. `limit` caps the names
        shown (printed summaries of passing checks; the HTML and JSON keep every name)."""
        if tuple(targets) == (self.name,):
            return TargetList("this host", ())
        domains = {d.name for d in self.summary.domains} if self.summary else set()
        chosen = set(targets)
        lead, names = "", tuple(targets)
        if domains and chosen <= domains and len(chosen) > len(domains) / 2:
            missing = tuple(sorted(domains - chosen))
            if not missing:
                return TargetList(f"every domain ({len(domains)})", ())
            lead, names = f"every domain ({len(chosen)} of {len(domains)}) but", missing
        if limit is not None and len(names) > limit:
            return TargetList(lead, names[:limit], len(names) - limit)
        return TargetList(lead, names)

    def count_targets(self, targets: Sequence[str]) -> str:
        """How many targets, without their names: "this host", "every domain (211)",
        "164 of 211 domains" (a ticket's list of passing checks)."""
        if tuple(targets) == (self.name,):
            return "this host"
        domains = len(self.summary.domains) if self.summary else 0
        if domains and len(targets) == domains:
            return f"every domain ({domains})"
        if domains:
            return f"{len(targets)} of {domains} domains"
        return f"{len(targets)} targets"

    @property
    def groups(self) -> tuple[FindingGroup, ...]:
        """Every finding, one group per rule and outcome, in display order."""
        return group_findings(self.findings)

    @property
    def detailed_groups(self) -> tuple[FindingGroup, ...]:
        return group_findings(self.detailed)

    @property
    def quiet_groups(self) -> tuple[FindingGroup, ...]:
        return group_findings(self.quiet)

    @property
    def actionable_groups(self) -> tuple[FindingGroup, ...]:
        return group_findings(self.actionable)

    def count(self, outcome: str) -> int:
        return next((c.count for c in self.outcome_counts if c.key == outcome), 0)

    @property
    def outcomes_present(self) -> tuple[Count, ...]:
        return tuple(c for c in self.outcome_counts if c.count)

    @property
    def severities_present(self) -> tuple[Count, ...]:
        return tuple(c for c in self.severity_counts if c.count)


class ChainLevel(NamedTuple):
    level: Role
    host: str | None
    domain: str | None
    os: str | None
    arch: str | None
    hypervisor: str | None
    domain_uuid: str | None

    @property
    def name(self) -> str:
        return self.host or self.domain or "(not seen)"


class Chain(NamedTuple):
    anchor: str
    levels: tuple[ChainLevel, ...]
    verdict: Verdict
    linked: bool | None

    @property
    def label(self) -> str:
        return " -> ".join(f"{lv.level} {lv.name}" for lv in self.levels)

    @property
    def upper_label(self) -> str:
        """The levels above L0, for listing many chains of one L0: "rhel9.6-l1 > nested-guest"."""
        return " > ".join(lv.name for lv in self.levels[1:]) or self.label


class ChainGroup(NamedTuple):
    """Chains from one L0 with the same support class and readiness, in report order."""

    support: SupportClass
    ready: bool | None
    chains: tuple[Chain, ...]

    @property
    def variants(self) -> tuple[ChainVariant, ...]:
        """The group's chains merged where their reasons read the same but for the names
        of their levels above L0 (and are linked alike); each variant shows the reasons of
        its first chain."""
        merged: dict[tuple[str, ...], list[Chain]] = {}
        for chain in self.chains:
            names = [lv.name for lv in chain.levels[1:]]
            shape = [str(chain.linked)]
            for reason in chain.verdict.reasons:
                text = str(reason)
                for name in names:
                    text = text.replace(name, "\x00")
                shape.append(text)
            merged.setdefault(tuple(shape), []).append(chain)
        return tuple(
            ChainVariant(tuple(same), same[0].verdict.reason_groups) for same in merged.values()
        )


class ChainVariant(NamedTuple):
    """Chains of one group whose reasons read alike, with the first one's reasons."""

    chains: tuple[Chain, ...]
    reasons: tuple[ReasonGroup, ...]


class Report(NamedTuple):
    tool: str
    rules_version: str
    doc: str
    doc_url: str
    hosts: tuple[Host, ...]
    chains: tuple[Chain, ...]
    sources: tuple[judged.Source, ...]
    waivers: Waivers | None = None

    @property
    def doc_href(self) -> str | None:
        return web_url(self.doc_url)

    @property
    def chain_groups(self) -> tuple[ChainGroup, ...]:
        """Chains grouped by (L0, support, readiness), least supported first."""
        groups: dict[tuple[str, SupportClass, bool | None], list[Chain]] = {}
        for chain in self.chains:
            l0 = chain.levels[0].name if chain.levels else ""
            groups.setdefault((l0, chain.verdict.support, chain.verdict.ready), []).append(chain)
        order = {key: i for i, key in enumerate(CHAIN_GROUP_ORDER)}
        ranked = sorted(
            groups.items(),
            key=lambda item: (item[0][0], order.get(item[0][1], len(order)), str(item[0][2])),
        )
        return tuple(
            ChainGroup(support, ready, tuple(chains)) for (_, support, ready), chains in ranked
        )

    @property
    def title(self) -> str:
        if len(self.hosts) == 1:
            return f"Nested virtualization audit: {self.hosts[0].name}"
        return f"Nested virtualization audit: {len(self.hosts)} hosts"


def finding_sort_key(finding: Finding) -> tuple[int, int, str, str]:
    """Display order: what needs action first, the most severe first, then by rule and
    target."""
    return (
        finding.outcome.rank,
        SEVERITY_ORDER.index(finding.severity),
        finding.rule,
        finding.target,
    )


BAR_ROW = 22
BAR_MAX = 260


def _bars(counts: Sequence[Count]) -> tuple[tuple[Bar, ...], int]:
    shown = [c for c in counts if c.count]
    top = max((c.count for c in shown), default=0)
    bars = tuple(
        Bar(c.key, c.label, c.count, i * BAR_ROW, max(2, round(BAR_MAX * c.count / top)))
        for i, c in enumerate(shown)
    )
    return bars, max(BAR_ROW, len(bars) * BAR_ROW)


def _verdict(verdict: judged.Verdict) -> Verdict:
    return Verdict(verdict.support, verdict.ready, verdict.reasons)


def items_in_brief(items: Sequence[str], limit: int = 4) -> str:
    """ "a, b, c and 5 more": the paths and commands a lack names, short enough for a line."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _host(h: judged.HostAssessment) -> Host:
    findings = tuple(sorted((Finding.of(h.name, f) for f in h.findings), key=finding_sort_key))
    outcome_counts = tuple(Count(o, OUTCOME_LABELS[o], h.counts.of_outcome(o)) for o in Outcome)
    bars, height = _bars(outcome_counts)
    return Host(
        name=h.name,
        anchor=stable_id("h", h.name),
        role=h.role,
        bundle_sha256=h.bundle.sha256,
        collected_at=h.bundle.collected,
        verdict=_verdict(h.verdict),
        findings=findings,
        outcome_counts=outcome_counts,
        severity_fail_counts=tuple(
            Count(s, SEVERITY_LABELS[s], h.counts.failing_with(s)) for s in SEVERITY_ORDER
        ),
        severity_counts=tuple(
            Count(s, SEVERITY_LABELS[s], h.counts.with_severity(s)) for s in SEVERITY_ORDER
        ),
        bars=bars,
        chart_height=height,
        summary=summary_of(h.summary) if h.summary is not None else None,
        sos_version=(h.bundle.sos_version or "unknown") if h.bundle.source == "sosreport"
        else None,
        lacking=h.bundle.lacking,
        evidence_time=h.bundle.collected_at,
    )


def _chain(index: int, chain: judged.Chain) -> Chain:
    levels = tuple(
        ChainLevel(lv.level, lv.host, lv.domain, lv.os, lv.arch, lv.hypervisor, lv.domain_uuid)
        for lv in chain.levels
    )
    return Chain(
        anchor=stable_id("c", str(index), *(f"{lv.level}/{lv.name}" for lv in levels)),
        levels=levels,
        verdict=_verdict(chain.verdict),
        linked=chain.linked,
    )


def build_view(assessment: judged.Assessment) -> Report:
    """The Assessment arranged and labelled for display."""
    return Report(
        tool=assessment.tool,
        rules_version=assessment.rules_version,
        doc=assessment.doc,
        doc_url=assessment.doc_url,
        hosts=tuple(_host(h) for h in assessment.hosts),
        chains=tuple(_chain(i, c) for i, c in enumerate(assessment.chains)),
        sources=assessment.sources,
        waivers=Waivers.of(assessment.waivers) if assessment.waivers else None,
    )
