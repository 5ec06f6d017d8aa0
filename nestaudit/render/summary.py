"""The host summary every human format shows: its facts, KVM modules and domains, as
display strings ("unknown" where the evidence could not tell)."""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.judge import assessment as judged


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
    def below(self) -> str:
        """What runs below the host, in words: "bare metal", "a VM on kvm"."""
        return below_words(self.hypervisor)

    @property
    def cpus(self) -> str:
        """ "48 intel CPUs"; "CPU unknown" rather than "unknown CPU xunknown"."""
        vendor = "" if self.cpu_vendor == "unknown" else f"{self.cpu_vendor} "
        if self.cpu_count == "unknown":
            return f"{vendor}CPUs (count unknown)" if vendor else "CPU unknown"
        plural = "" if self.cpu_count == "1" else "s"
        return f"{self.cpu_count} {vendor}CPU{plural}"

    @property
    def virt_flags_missing(self) -> tuple[str, ...]:
        return tuple(flag.name for flag in self.virt_flags if flag.missing)


def _text(value: object) -> str:
    """A value for display: None becomes '', booleans yes and no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def below_words(hypervisor: str | None) -> str:
    """The hypervisor fact's value as a reader says it: what this host runs on."""
    if hypervisor in (None, "", "unknown"):
        return "what runs below is unknown"
    if hypervisor == "none":
        return "bare metal"
    if hypervisor == "lpar":
        return "an IBM Z LPAR"
    return f"a VM on {hypervisor}"


def _or_unknown(value: object) -> str:
    return _text(value) or "unknown"


def _domain(d: judged.DomainSummary) -> Domain:
    return Domain(
        name=d.name,
        state=_or_unknown(d.state),
        cpu_mode=_text(d.cpu_mode) or "none",
        exposes=_or_unknown(d.exposes),
        exposure_reason=_text(d.exposure_reason),
        os=_or_unknown(d.os),
        hugepages=_or_unknown(d.hugepages),
        title=d.title,
        description=d.description,
    )


def summary_of(s: judged.HostSummary) -> Summary:
    missing = set(s.virt_flags_missing)
    names = sorted(set(s.virt_flags_needed) | missing)
    return Summary(
        arch=_or_unknown(s.arch),
        kernel=_or_unknown(s.kernel),
        container=s.container or None,
        os_name=_or_unknown(s.os_name),
        os_id=_text(s.os_id),
        os_version=_text(s.os_version),
        cpu_vendor=_or_unknown(s.cpu_vendor),
        cpu_model=_or_unknown(s.cpu_model),
        cpu_count=_or_unknown(s.cpu_count),
        virt_flags=tuple(Flag(name, name in missing) for name in names),
        flags=s.flags,
        role=_or_unknown(s.role),
        hypervisor=_or_unknown(s.hypervisor),
        cloud=_or_unknown(s.cloud),
        hypervisor_sources=s.hypervisor_sources,
        modules=tuple(
            Module(
                m.name,
                _or_unknown(m.loaded),
                _or_unknown(m.nested_runtime),
                _or_unknown(m.nested_persistent),
                m.persistent_source or None,
            )
            for m in s.modules
        ),
        dev_kvm="unknown" if s.dev_kvm is None else ("present" if s.dev_kvm else "absent"),
        domains=tuple(_domain(d) for d in s.domains),
    )
