"""The Assessment: what judging the inputs found, typed and immutable, for every renderer.

`nestaudit.judge.assess` builds it; `nestaudit.report.to_json` writes it as the JSON report
(spec/report-contract.md) and `from_json` reads one back. Renderers take it as it is: the
counts, the order of hosts and chains, the verdicts and their reasons are decided here,
once, and no renderer re-derives or re-counts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypeVar

from nestaudit.engine.model import Finding
from nestaudit.soscoverage import Lack
from nestaudit.vocabulary import Outcome, Role, Severity, SupportClass

_K = TypeVar("_K")


class Reason(NamedTuple):
    """One reason of a verdict: its sentence, the limitation it rests on (when one does) and
    the target that limitation's finding is about (a domain, for domain-scoped findings)."""

    text: str
    limitation: str | None = None
    target: str | None = None

    def __str__(self) -> str:
        """The reason as the JSON report writes it: "NV-X (target): text"."""
        if not self.limitation:
            return self.text
        if self.target is not None:
            return f"{self.limitation} ({self.target}): {self.text}"
        return f"{self.limitation}: {self.text}"


class Verdict(NamedTuple):
    """A host's or a chain's answer: where it stands in the support statement, whether
    nested guests can run now (None: unknown), and why."""

    support: SupportClass
    ready: bool | None
    reasons: tuple[Reason, ...]


class Counts(NamedTuple):
    """How many findings reached each outcome, and how many of the failing ones, and of
    all, have each severity. Counted once, when the host is judged."""

    outcome: tuple[tuple[Outcome, int], ...]
    severity_fail: tuple[tuple[Severity, int], ...]
    severity: tuple[tuple[Severity, int], ...]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Counts:
        outcome: dict[Outcome, int] = {}
        failing: dict[Severity, int] = {}
        every: dict[Severity, int] = {}
        for f in findings:
            outcome[f.outcome] = outcome.get(f.outcome, 0) + 1
            every[f.severity] = every.get(f.severity, 0) + 1
            if f.outcome is Outcome.FAIL:
                failing[f.severity] = failing.get(f.severity, 0) + 1
        return cls(
            _ordered(outcome, Outcome), _ordered(failing, Severity), _ordered(every, Severity)
        )

    def of_outcome(self, outcome: Outcome) -> int:
        return dict(self.outcome).get(outcome, 0)

    def failing_with(self, severity: Severity) -> int:
        return dict(self.severity_fail).get(severity, 0)

    def with_severity(self, severity: Severity) -> int:
        return dict(self.severity).get(severity, 0)


def _ordered(counts: dict[_K, int], order: Iterable[_K]) -> tuple[tuple[_K, int], ...]:
    return tuple((key, counts[key]) for key in order if counts.get(key))


class BundleRef(NamedTuple):
    """Which bundle a host was judged from: its fingerprint, when and how it was made.

    `collected_at` is when the evidence was taken (UTC), None when the input does not say:
    a sosreport's is when sos ran, never when nestaudit read it. A sosreport also gives
    the sos version, its start in the host's local time (when its zone is not known) and
    what it lacks."""

    sha256: str
    collected_at: str | None
    source: str
    sos_version: str | None = None
    started_local: str | None = None
    lacking: tuple[Lack, ...] = ()

    @property
    def collected(self) -> str:
        """When the evidence was taken, in words."""
        if self.collected_at is not None:
            return self.collected_at
        if self.started_local is not None:
            return (f"{self.started_local.replace('T', ' ')}, the host's local time (the "
                    "sosreport does not show its time zone)")
        if self.source == "sosreport":
            return "not known (the sosreport does not record when sos ran)"
        return "not known"


class ModuleSummary(NamedTuple):
    """The KVM module that carries `nested`, as a reader wants to see it."""

    name: str
    loaded: bool | None
    nested_runtime: str  # on | off | not loaded | unknown
    nested_persistent: str  # on | off | kernel default (on) | ... | unknown
    persistent_source: str | None


class DomainSummary(NamedTuple):
    """One libvirt domain in the host summary."""

    name: str
    state: str | None
    cpu_mode: str | None
    exposes: bool | None  # the guest sees vmx/svm; None when unknown
    exposure_reason: str | None
    os: str
    hugepages: bool | None
    title: str
    description: str
    uuid: str | None
    support: SupportClass | None


class HostSummary(NamedTuple):
    """What the host is, for the report's host section (values as the facts read them;
    None where a fact is unknown)."""

    arch: str | None
    kernel: str | None
    container: str | None
    os_id: str | None
    os_name: str | None
    os_version: str | None
    cpu_vendor: str | None
    cpu_model: str | None
    cpu_count: int | None
    virt_flags_needed: tuple[str, ...]
    virt_flags_missing: tuple[str, ...]
    flags: tuple[str, ...]
    role: Role
    hypervisor: str | None
    cloud: str | None
    hypervisor_sources: tuple[str, ...]
    modules: tuple[ModuleSummary, ...]
    dev_kvm: bool | None
    domains: tuple[DomainSummary, ...]
    system_uuid: str | None = None  # SMBIOS; `diff` matches a renamed host by it


class HostAssessment(NamedTuple):
    """One judged host: its role, verdict and findings (sorted by rule, then target)."""

    name: str
    bundle: BundleRef
    role: Role
    verdict: Verdict
    findings: tuple[Finding, ...]
    counts: Counts
    summary: HostSummary | None


class ChainLevel(NamedTuple):
    """One level of a nesting chain: a host whose bundle was given, or a domain seen from
    the level below (or both, for a linked L1)."""

    level: Role
    host: str | None = None
    domain: str | None = None
    os: str | None = None
    arch: str | None = None
    hypervisor: str | None = None
    domain_uuid: str | None = None


class Chain(NamedTuple):
    """L0 -> L1 (-> L2) as the inputs show it, with its own verdict. `linked` is True when
    the L1's own bundle was given and linked to its domain; `conditional` when nothing
    shows the L1 in use (it only could be): such a chain never lowers a host's class."""

    levels: tuple[ChainLevel, ...]
    linked: bool | None
    verdict: Verdict
    conditional: bool = False


class Source(NamedTuple):
    """An input the assessment was made from."""

    origin: str
    sha256: str
    collected_at: str | None  # None when not known, as BundleRef's
    source: str


class Waiver(NamedTuple):
    """One entry of a waivers file (`nestaudit.waivers`): which findings it accepts (a rule
    or a limitation, exactly one, on the hosts and targets its globs match), why, and until
    when. `line` is where the entry starts in its file."""

    rule: str | None
    limitation: str | None
    host: str
    target: str
    reason: str
    expires: str  # YYYY-MM-DD, the last day it applies
    owner: str | None = None
    ticket: str | None = None
    line: int = 0

    @property
    def subject(self) -> str:
        """ "rule X" or "limitation NV-Y", with the host and target globs that are not `*`."""
        text = f"rule {self.rule}" if self.rule else f"limitation {self.limitation}"
        for name, glob in (("host", self.host), ("target", self.target)):
            if glob != "*":
                text += f", {name} {glob}"
        return text


class StaleWaiver(NamedTuple):
    """A waiver that matched no fail or unknown finding, and why it did not."""

    waiver: Waiver
    why: str


class WaiverReport(NamedTuple):
    """How a waivers file was applied: its name, the day expiry was judged on, how many
    findings it waived, how many it would have waived but for expiry, and its stale
    entries. Waivers change outcomes only, never a verdict."""

    file: str
    as_of: str  # YYYY-MM-DD
    applied: int
    expired: int
    stale: tuple[StaleWaiver, ...]


class Assessment(NamedTuple):
    """Everything judging found: hosts (sorted by name, then bundle), chains (sorted by
    their levels), the inputs, and which tool and rules judged."""

    tool_name: str
    tool_version: str
    rules_version: str
    doc: str
    doc_url: str
    sources: tuple[Source, ...]
    hosts: tuple[HostAssessment, ...]
    chains: tuple[Chain, ...]
    waivers: WaiverReport | None = None  # None: no waivers file was given

    @property
    def tool(self) -> str:
        return f"{self.tool_name} {self.tool_version}".strip()

    @property
    def findings(self) -> Iterable[tuple[HostAssessment, Finding]]:
        """Every finding of every host, with its host."""
        return ((host, finding) for host in self.hosts for finding in host.findings)
