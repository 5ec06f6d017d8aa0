"""The view-model every renderer reads: the report dict, normalised, ordered and labelled.

The report model (nestaudit/report.py) is a JSON-ready dict following
spec/report-contract.md. Renderers do not read it directly: `build_view(report)` turns it
into frozen dataclasses with display order (fail first, critical first), labels, stable
anchors and chart geometry, so that text, Markdown, JUnit and HTML agree on what they show.
Optional fields of the model (a finding's `reading`, a step's `path`, a chain's `linked`)
become None or empty here, never a template error.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import nestaudit

OUTCOME_ORDER: tuple[str, ...] = (
    "fail",
    "error",
    "unknown",
    "waived",
    "info",
    "pass",
    "not_applicable",
)
"""Display order of outcomes: what needs action first, what is fine last."""

QUIET_OUTCOMES: tuple[str, ...] = ("pass", "not_applicable")
"""Outcomes that need no reading beyond "checked": print lists them in a compact table."""

SEVERITY_ORDER: tuple[str, ...] = ("critical", "high", "medium", "low", "info")
"""Display order of severities, most severe first."""

OUTCOME_LABELS: dict[str, str] = {
    "fail": "Fail",
    "error": "Error",
    "unknown": "Unknown",
    "waived": "Waived",
    "info": "Info",
    "pass": "Pass",
    "not_applicable": "Not applicable",
}

OUTCOME_COLORS: dict[str, str] = {
    "fail": "#c9190b",
    "error": "#7b2cbf",
    "unknown": "#b25f00",
    "waived": "#4f5d75",
    "info": "#2563a8",
    "pass": "#3e8635",
    "not_applicable": "#a7abb0",
}
"""Chart colours, as SVG presentation attributes (WeasyPrint's SVG ignores page CSS)."""

SEVERITY_LABELS: dict[str, str] = {
    "critical": "Critical",
    "high": "High",
    "medium": "Medium",
    "low": "Low",
    "info": "Info",
}

SUPPORT_LABELS: dict[str, str] = {
    "supported": "Supported",
    "technology-preview": "Technology Preview",
    "untested": "Untested",
    "unsupported": "Unsupported",
    "unknown": "Support unknown",
}

CHAIN_GROUP_ORDER: tuple[str, ...] = (
    "unsupported",
    "untested",
    "unknown",
    "technology-preview",
    "supported",
)
"""Order of chain groups in print: what needs attention first."""

SUPPORT_EXPLAINED: dict[str, str] = {
    "supported": "This setup is in Red Hat's supported nesting table.",
    "technology-preview": (
        "This setup is a Technology Preview: usable for testing, not for production."
    ),
    "untested": "This setup is outside the tested configurations.",
    "unsupported": "This setup is not supported for nested virtualization.",
    "unknown": "The evidence is not enough to place this setup in the support tables.",
}


def _text(value: Any) -> str:
    """A display string for a model value; None and missing become ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _opt(value: Any) -> str | None:
    text = _text(value)
    return text if text else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: Any) -> Sequence[Any]:
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return value
    return ()


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def stable_id(prefix: str, *parts: str) -> str:
    """A short anchor derived from `parts` only: the same inputs give the same id.

    Hashing keeps ids free of host-controlled characters (a domain may be named anything).
    """
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


class Evidence(NamedTuple):
    source: str
    excerpt: str


class Step(NamedTuple):
    """One remediation step: a hint (prose), a command (shell) or an edit (file content)."""

    kind: str
    text: str
    path: str | None
    vendor: str | None
    arch: str | None
    disruptive: bool
    reboot: bool

    @property
    def is_code(self) -> bool:
        return self.kind in ("command", "edit")


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
    outcome: str
    severity: str
    target: str
    message: str
    evidence: tuple[Evidence, ...]
    remediation: tuple[Step, ...]
    references: tuple[Reference, ...]
    unknown_facts: tuple[str, ...]
    reading: str | None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def disruptive(self) -> bool:
        return any(step.disruptive for step in self.remediation)

    @property
    def reboot(self) -> bool:
        return any(step.reboot for step in self.remediation)


GROUP_MIN = 4
"""A printed report condenses a rule's findings of one outcome once there are this many."""


class GroupStep(NamedTuple):
    """A remediation step of a condensed group: the steps at one position of every
    finding's remediation, merged (commands into one block, equal steps into one)."""

    kind: str
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
            elif first.kind == "command":
                text = "\n".join(variants)
                merged.append(GroupStep("command", text, first.path, disruptive, reboot, ()))
            elif first.kind == "edit":
                merged.extend(
                    GroupStep("edit", text, first.path, disruptive, reboot, tuple(targets))
                    for text, targets in variants.items()
                )
            else:
                others = len(at) - 1
                note = f"Shown for {at[0][0]}; likewise for the {others} other target" + (
                    "s" if others != 1 else ""
                )
                merged.append(GroupStep("hint", first.text, None, disruptive, reboot, (), note))
        return tuple(merged)


def group_findings(findings: Iterable[Finding]) -> tuple[FindingGroup, ...]:
    """Findings grouped by (outcome, rule), groups in the order of their first finding."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.outcome, finding.rule), []).append(finding)
    return tuple(FindingGroup(tuple(g)) for g in groups.values())


class Reason(NamedTuple):
    """A verdict reason, split into its limitation ID (when it leads), the target it names
    in parentheses after the ID (a domain, for domain-scoped findings) and its sentence."""

    limitation: str | None
    text: str
    target: str | None = None

    @property
    def full(self) -> str:
        """The reason as the report model wrote it."""
        if not self.limitation:
            return self.text
        if self.target is not None:
            return f"{self.limitation} ({self.target}): {self.text}"
        return f"{self.limitation}: {self.text}"


class Verdict(NamedTuple):
    support: str
    ready: bool | None
    reasons: tuple[Reason, ...]

    @property
    def support_label(self) -> str:
        return SUPPORT_LABELS.get(self.support, self.support)

    @property
    def support_explained(self) -> str:
        return SUPPORT_EXPLAINED.get(self.support, "")

    @property
    def ready_key(self) -> str:
        return {True: "ready", False: "not-ready"}.get(self.ready, "ready-unknown")  # type: ignore[arg-type]

    @property
    def ready_label(self) -> str:
        if self.ready is None:
            return "Readiness unknown"
        return "Ready" if self.ready else "Not ready"

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


class Module(NamedTuple):
    name: str
    loaded: str
    nested_runtime: str
    nested_persistent: str
    persistent_source: str | None


class Domain(NamedTuple):
    name: str
    state: str
    cpu_mode: str
    exposes: str
    exposure_reason: str
    os: str
    hugepages: str
    title: str
    description: str


class DomainGroup(NamedTuple):
    state: str
    cpu_mode: str
    exposes: str
    os: str
    hugepages: str
    names: tuple[str, ...]


class Flag(NamedTuple):
    name: str
    missing: bool


class Summary(NamedTuple):
    arch: str
    kernel: str
    container: str | None
    os_name: str
    os_id: str
    os_version: str
    cpu_vendor: str
    cpu_model: str
    cpu_count: str
    virt_flags: tuple[Flag, ...]
    flags: tuple[str, ...]
    role: str
    hypervisor: str
    cloud: str
    hypervisor_sources: tuple[str, ...]
    modules: tuple[Module, ...]
    dev_kvm: str
    domains: tuple[Domain, ...]

    @property
    def domain_groups(self) -> tuple[DomainGroup, ...]:
        """Domains that read the same in every column but the name, together; for hosts
        with too many domains for one line each on paper. Most domains first."""
        groups: dict[tuple[str, str, str, str, str], list[str]] = {}
        for d in self.domains:
            key = (d.state, d.cpu_mode, d.exposes, d.os, d.hugepages)
            groups.setdefault(key, []).append(d.name)
        ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        return tuple(
            DomainGroup(state, mode, exposes, os_name, hugepages, tuple(names))
            for (state, mode, exposes, os_name, hugepages), names in ranked
        )

    @property
    def virt_flags_missing(self) -> tuple[str, ...]:
        return tuple(flag.name for flag in self.virt_flags if flag.missing)


class Host(NamedTuple):
    name: str
    anchor: str
    role: str
    bundle_sha256: str
    collected_at: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    outcome_counts: tuple[Count, ...]
    severity_fail_counts: tuple[Count, ...]
    bars: tuple[Bar, ...]
    chart_height: int
    summary: Summary | None

    @property
    def fails(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.outcome == "fail")

    @property
    def actionable(self) -> tuple[Finding, ...]:
        """What someone must act on: failing findings and rules that could not run."""
        return tuple(f for f in self.findings if f.outcome in ("fail", "error"))

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
        present = {f.severity for f in self.findings}
        return tuple(
            Count(s, SEVERITY_LABELS[s], sum(1 for f in self.findings if f.severity == s))
            for s in SEVERITY_ORDER
            if s in present
        )


class ChainLevel(NamedTuple):
    level: str
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

    support: str
    ready: bool | None
    chains: tuple[Chain, ...]


class Source(NamedTuple):
    origin: str
    sha256: str
    collected_at: str
    source: str


class Report(NamedTuple):
    tool: str
    rules_version: str
    doc: str
    doc_url: str
    hosts: tuple[Host, ...]
    chains: tuple[Chain, ...]
    sources: tuple[Source, ...]

    @property
    def doc_href(self) -> str | None:
        return web_url(self.doc_url)

    @property
    def chain_groups(self) -> tuple[ChainGroup, ...]:
        """Chains grouped by (L0, support, readiness), least supported first."""
        groups: dict[tuple[str, str, bool | None], list[Chain]] = {}
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


_REASON = re.compile(r"(?P<lim>NV-[A-Z0-9-]+)(?: \((?P<target>[^\n]*?)\))?: (?P<text>.*)", re.S)
"""A reason that leads with a limitation ID: "NV-X: text" or "NV-X (target): text"."""


def _verdict(data: Any) -> Verdict:
    data = _mapping(data)
    ready = data.get("ready")
    reasons = []
    for raw in _sequence(data.get("reasons")):
        text = _text(raw)
        match = _REASON.match(text)
        if match:
            reasons.append(Reason(match["lim"], match["text"], match["target"]))
        else:
            reasons.append(Reason(None, text))
    return Verdict(
        support=_text(data.get("support")) or "unknown",
        ready=ready if isinstance(ready, bool) else None,
        reasons=tuple(reasons),
    )


def _step(data: Any) -> Step:
    data = _mapping(data)
    return Step(
        kind=_text(data.get("kind")) or "hint",
        text=_text(data.get("text")),
        path=_opt(data.get("path")),
        vendor=_opt(data.get("vendor")),
        arch=_opt(data.get("arch")),
        disruptive=data.get("disruptive") is True,
        reboot=data.get("reboot") is True,
    )


def _finding(host: str, data: Any) -> Finding:
    data = _mapping(data)
    rule = _text(data.get("rule"))
    target = _text(data.get("target"))
    return Finding(
        anchor=stable_id("f", host, rule, target),
        rule=rule,
        limitation=_text(data.get("limitation")),
        title=_text(data.get("title")) or rule,
        outcome=_text(data.get("outcome")),
        severity=_text(data.get("severity")),
        target=target,
        message=_text(data.get("message")),
        evidence=tuple(
            Evidence(_text(_mapping(e).get("source")), _text(_mapping(e).get("excerpt")))
            for e in _sequence(data.get("evidence"))
        ),
        remediation=tuple(_step(s) for s in _sequence(data.get("remediation"))),
        references=tuple(
            Reference(_text(_mapping(r).get("section")), _opt(_mapping(r).get("url")))
            for r in _sequence(data.get("references"))
        ),
        unknown_facts=tuple(_text(u) for u in _sequence(data.get("unknown_facts"))),
        reading=_opt(data.get("reading")),
    )


def finding_sort_key(finding: Finding) -> tuple[int, int, str, str]:
    return (
        _rank(OUTCOME_ORDER, finding.outcome),
        _rank(SEVERITY_ORDER, finding.severity),
        finding.rule,
        finding.target,
    )


def _counts(
    given: Any, keys: Iterable[str], labels: Mapping[str, str], fallback: Mapping[str, int]
) -> tuple[Count, ...]:
    """Counts from the model when it has them, else counted from the findings."""
    source = _mapping(given) or fallback
    result = []
    for key in keys:
        value = source.get(key, 0)
        result.append(Count(key, labels[key], value if isinstance(value, int) else 0))
    return tuple(result)


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


def _summary(data: Any) -> Summary | None:
    if not isinstance(data, Mapping):
        return None
    os_info = _mapping(data.get("os"))
    cpu = _mapping(data.get("cpu"))
    missing = {_text(f) for f in _sequence(cpu.get("virt_flags_missing"))}
    needed = [_text(f) for f in _sequence(cpu.get("virt_flags_needed"))]
    virt_flags = tuple(Flag(name, name in missing) for name in sorted(set(needed) | missing))
    modules = tuple(
        Module(
            name=_text(m.get("name")),
            loaded=_text(m.get("loaded")) if m.get("loaded") is not None else "unknown",
            nested_runtime=_text(m.get("nested_runtime")) or "unknown",
            nested_persistent=_text(m.get("nested_persistent")) or "unknown",
            persistent_source=_opt(m.get("persistent_source")),
        )
        for m in (_mapping(x) for x in _sequence(data.get("modules")))
    )
    domains = tuple(
        Domain(
            name=_text(d.get("name")),
            state=_text(d.get("state")) or "unknown",
            cpu_mode=_text(d.get("cpu_mode")) or "none",
            exposes=_text(d.get("exposes")) or "unknown",
            exposure_reason=_text(d.get("exposure_reason")),
            os=_text(d.get("os")) or "unknown",
            hugepages=_text(d.get("hugepages")) if d.get("hugepages") is not None else "unknown",
            title=_text(d.get("title")),
            description=_text(d.get("description")),
        )
        for d in (_mapping(x) for x in _sequence(data.get("domains")))
    )
    count = cpu.get("count")
    return Summary(
        arch=_text(data.get("arch")) or "unknown",
        kernel=_text(data.get("kernel")) or "unknown",
        container=_opt(data.get("container")),
        os_name=_text(os_info.get("name")) or "unknown",
        os_id=_text(os_info.get("id")),
        os_version=_text(os_info.get("version")),
        cpu_vendor=_text(cpu.get("vendor")) or "unknown",
        cpu_model=_text(cpu.get("model")) or "unknown",
        cpu_count=_text(count) if count is not None else "unknown",
        virt_flags=virt_flags,
        flags=tuple(_text(f) for f in _sequence(cpu.get("flags"))),
        role=_text(data.get("role")) or "unknown",
        hypervisor=_text(data.get("hypervisor")) or "unknown",
        cloud=_text(data.get("cloud")) or "unknown",
        hypervisor_sources=tuple(_text(s) for s in _sequence(data.get("hypervisor_sources"))),
        modules=modules,
        dev_kvm=_text(data.get("dev_kvm")) or "unknown",
        domains=domains,
    )


def _host(data: Any) -> Host:
    data = _mapping(data)
    name = _text(data.get("host"))
    findings = tuple(
        sorted((_finding(name, f) for f in _sequence(data.get("findings"))), key=finding_sort_key)
    )
    counts = _mapping(data.get("counts"))
    counted_outcomes = {o: sum(1 for f in findings if f.outcome == o) for o in OUTCOME_ORDER}
    counted_severity = {
        s: sum(1 for f in findings if f.outcome == "fail" and f.severity == s)
        for s in SEVERITY_ORDER
    }
    outcome_counts = _counts(counts.get("outcome"), OUTCOME_ORDER, OUTCOME_LABELS, counted_outcomes)
    bars, height = _bars(outcome_counts)
    bundle = _mapping(data.get("bundle"))
    return Host(
        name=name,
        anchor=stable_id("h", name),
        role=_text(data.get("role")) or "unknown",
        bundle_sha256=_text(bundle.get("sha256")),
        collected_at=_text(bundle.get("collected_at")),
        verdict=_verdict(data.get("verdict")),
        findings=findings,
        outcome_counts=outcome_counts,
        severity_fail_counts=_counts(
            counts.get("severity_fail"), SEVERITY_ORDER, SEVERITY_LABELS, counted_severity
        ),
        bars=bars,
        chart_height=height,
        summary=_summary(data.get("summary")),
    )


def _chain(index: int, data: Any) -> Chain:
    data = _mapping(data)
    levels = tuple(
        ChainLevel(
            level=_text(lv.get("level")) or "?",
            host=_opt(lv.get("host")),
            domain=_opt(lv.get("domain")),
            os=_opt(lv.get("os")),
            arch=_opt(lv.get("arch")),
            hypervisor=_opt(lv.get("hypervisor")),
            domain_uuid=_opt(lv.get("domain_uuid")),
        )
        for lv in (_mapping(x) for x in _sequence(data.get("levels")))
    )
    linked = data.get("linked")
    return Chain(
        anchor=stable_id("c", str(index), *(f"{lv.level}/{lv.name}" for lv in levels)),
        levels=levels,
        verdict=_verdict(data.get("verdict")),
        linked=linked if isinstance(linked, bool) else None,
    )


def build_view(report: Mapping[str, Any]) -> Report:
    """Turn the report dict into the view-model; tolerant of optional fields."""
    tool = _mapping(report.get("tool"))
    rules = _mapping(report.get("rules"))
    prov = _mapping(report.get("provenance"))
    tool_text = _text(prov.get("tool")) or " ".join(
        p for p in (_text(tool.get("name")) or "nestaudit", _text(tool.get("version"))) if p
    )
    return Report(
        tool=tool_text,
        rules_version=_text(prov.get("rules_version")) or _text(rules.get("version")) or "unknown",
        doc=_text(prov.get("doc")) or _text(rules.get("doc")),
        doc_url=_text(prov.get("doc_url")) or nestaudit.DOC_URL,
        hosts=tuple(_host(h) for h in _sequence(report.get("hosts"))),
        chains=tuple(_chain(i, c) for i, c in enumerate(_sequence(report.get("chains")))),
        sources=tuple(
            Source(
                origin=_text(s.get("origin")),
                sha256=_text(s.get("sha256")),
                collected_at=_text(s.get("collected_at")),
                source=_text(s.get("source")),
            )
            for s in (_mapping(x) for x in _sequence(report.get("generated_from")))
        ),
    )
