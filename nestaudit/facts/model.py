"""The typed fact model: immutable records built by `build_facts`, read by the rules.

Each part's fields are the facts of one prefix: `CpuFacts.flags` is `cpu.flags`,
`DomainsSummary.count` is `domains.count`, `DomainFacts.cpu_mode` is `domain.cpu_mode`.
`values()` exposes them under those dotted names; the registry (`registry.FACTS`) documents
every one, and a test keeps both in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Optional, TypeVar, Union

from nestaudit.values import UNKNOWN, Version, _Unknown
from nestaudit.values import Evidence as Evidence  # re-exported: facts record it

T = TypeVar("T")
Maybe = Union[T, _Unknown]
"""A fact's value, or UNKNOWN when the bundle cannot tell."""


class HostInfo(NamedTuple):
    name: Maybe[str]
    arch: Maybe[str]
    kernel: Maybe[str]
    kernel_version: Maybe[Version]
    source: str
    container: Maybe[str | None]
    system_uuid: Maybe[str | None]


class CpuFacts(NamedTuple):
    vendor: Maybe[str]
    model: Maybe[str]
    count: Maybe[int]  # type: ignore[assignment]  # shadows tuple.count, which nothing uses
    flags: Maybe[list[str]]
    virt_flags_needed: Maybe[list[str]]
    virt_flags_missing: Maybe[list[str]]
    virt_flags_missing_detail: Maybe[list[str]]
    hypervisor_flag: Maybe[bool]
    host_model: Maybe[str]
    host_model_virt: Maybe[bool]


class OsFacts(NamedTuple):
    id: Maybe[str]
    name: Maybe[str]
    version: Maybe[Version]
    version_text: Maybe[str]
    is_rhel: Maybe[bool]
    family: Maybe[str]
    major: Maybe[int]


class KvmFacts(NamedTuple):
    modules_loaded: Maybe[list[str]]
    module: Maybe[str | None]
    module_loaded: Maybe[bool]
    kvm_loaded: Maybe[bool]
    dev_kvm: Maybe[bool]
    nested: Maybe[bool]
    hpage: Maybe[bool]
    nested_persistent: Maybe[bool]
    nested_persistent_source: Maybe[str]
    nested_persistent_explicit: Maybe[bool]
    nested_default: Maybe[bool]
    nested_assignments: Maybe[list[str]]
    nested_conflict: Maybe[bool]
    nested_overridden_by: Maybe[str | None]
    hpage_persistent: Maybe[bool]
    modprobe_readable: Maybe[bool]
    conf_nested_line: Maybe[int | None]
    conf_nested_text: Maybe[str | None]


class VirtFacts(NamedTuple):
    hypervisor: Maybe[str]
    hypervisor_sources: list[str]
    hypervisor_disagreement: Maybe[bool]
    cloud: Maybe[str]
    aws_metal: Maybe[bool]
    on_kvm: Maybe[bool]
    is_vm: Maybe[bool]
    role: str
    s390_level: Maybe[str | None]


class DomainsSummary(NamedTuple):
    count: Maybe[int]  # type: ignore[assignment]  # shadows tuple.count, which nothing uses
    names: Maybe[list[str]]
    running: Maybe[list[str]]
    active: Maybe[list[str]]
    exposing: Maybe[list[str]]
    hugepages: Maybe[list[str]]
    readable: Maybe[bool]
    problems: Maybe[list[str]]


class DomainFacts(NamedTuple):
    """One libvirt domain, from its best XML (live status, then `virsh dumpxml`, then the
    persistent definition)."""

    name: str
    uuid: Maybe[str]
    running: Maybe[bool]
    active: Maybe[bool]
    state: Maybe[str]
    arch: Maybe[str]
    type: Maybe[str]
    cpu_mode: Maybe[str | None]
    cpu_model: Maybe[str | None]
    cpu_features: Maybe[list[str]]
    virt_flag: Maybe[str]
    exposes_virt: Maybe[bool]
    exposure_reason: str
    virt_disabled: Maybe[bool]
    asks_nesting: Maybe[bool]
    restart_needed: Maybe[bool]
    xml_source: str
    xml_live: bool
    hugepages: Maybe[bool]
    os_id: Maybe[str]
    os_family: Maybe[str]
    os_version: Maybe[Version]
    os_kind: Maybe[str]
    os_label: Maybe[str]
    os_minor_unknown: Maybe[bool]
    title: Maybe[str]
    description: Maybe[str]
    parse_problem: str | None
    qemu_pid: Maybe[int | None]
    nested_runs: Maybe[int | None]

    def values(self) -> dict[str, object]:
        """The domain-scope facts under their `domain.*` names (a fresh dict each call:
        derivation adds to it)."""
        return _prefixed("domain", self)


EvidenceKey = tuple[str, Optional[str]]


class HostFacts(NamedTuple):
    """Every fact about one host, its domains, and where each came from.

    `value_map` is every host-scope fact under its dotted name, made once by `assemble`
    (links, derivation and rules each ask for them)."""

    host: HostInfo
    cpu: CpuFacts
    os: OsFacts
    kvm: KvmFacts
    virt: VirtFacts
    domain_summary: DomainsSummary
    domains: tuple[DomainFacts, ...]
    origin: str
    bundle_sha256: str
    collected_at: str
    problems: tuple[str, ...]
    evidence_map: Mapping[EvidenceKey, tuple[Evidence, ...]]
    value_map: Mapping[str, object]

    def values(self) -> dict[str, object]:
        """The host-scope facts under their dotted names (`cpu.flags`, `kvm.nested`, ...);
        a fresh dict each call (derivation adds to it)."""
        return dict(self.value_map)

    @classmethod
    def assemble(
        cls,
        host: HostInfo,
        cpu: CpuFacts,
        os: OsFacts,
        kvm: KvmFacts,
        virt: VirtFacts,
        domain_summary: DomainsSummary,
        domains: tuple[DomainFacts, ...],
        *,
        origin: str = "",
        bundle_sha256: str = "",
        collected_at: str = "",
        problems: tuple[str, ...] = (),
        evidence_map: Mapping[EvidenceKey, tuple[Evidence, ...]] | None = None,
    ) -> HostFacts:
        """HostFacts with its dotted values made once."""
        values: dict[str, object] = {}
        for prefix, part in (
            ("host", host),
            ("cpu", cpu),
            ("os", os),
            ("kvm", kvm),
            ("virt", virt),
            ("domains", domain_summary),
        ):
            values.update(_prefixed(prefix, part))
        return cls(
            host,
            cpu,
            os,
            kvm,
            virt,
            domain_summary,
            domains,
            origin,
            bundle_sha256,
            collected_at,
            problems,
            evidence_map or {},
            values,
        )

    def domain(self, name: str) -> DomainFacts | None:
        for dom in self.domains:
            if dom.name == name:
                return dom
        return None

    def evidence(self, name: str, domain: str | None = None) -> list[Evidence]:
        """The evidence of a fact (of one domain for `domain.*` names); [] when none."""
        return list(self.evidence_map.get((name, domain), ()))


_DOTTED: dict[tuple[str, type], tuple[str, ...]] = {}


def _prefixed(prefix: str, part: tuple[object, ...]) -> dict[str, object]:
    """The fields of named tuple `part` under their dotted names (`cpu.flags`)."""
    key = (prefix, type(part))
    names = _DOTTED.get(key)
    if names is None:
        names = _DOTTED[key] = tuple(f"{prefix}.{name}" for name in part._fields)  # type: ignore[attr-defined]
    return dict(zip(names, part))


def unknown_names(values: Mapping[str, object]) -> list[str]:
    """The names whose value is UNKNOWN, sorted."""
    return sorted(name for name, value in values.items() if value is UNKNOWN)
