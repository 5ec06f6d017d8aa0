"""The host summary of a report: what the host is, in the words a reader looks for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nestaudit.facts.render import json_value
from nestaudit.judge.assessment import DomainSummary, HostSummary, ModuleSummary
from nestaudit.values import UNKNOWN, Version
from nestaudit.vocabulary import Role, SupportClass


def _str(value: object) -> str | None:
    """A fact as text: None when unknown (or None), versions as written."""
    if value is UNKNOWN or value is None:
        return None
    return str(value)


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _names(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _on_off(value: object) -> str:
    if value is UNKNOWN:
        return "unknown"
    return "on" if value else "off"


def _module(values: Mapping[str, object]) -> tuple[ModuleSummary, ...]:
    module = values.get("kvm.module")
    if not isinstance(module, str):
        return ()
    loaded = values.get("kvm.module_loaded")
    persistent = _on_off(values.get("kvm.nested_persistent"))
    if values.get("kvm.nested_persistent_explicit") is False and persistent != "unknown":
        persistent = f"kernel default ({persistent})"
    runtime = "not loaded" if loaded is False else _on_off(values.get("kvm.nested"))
    source = values.get("kvm.nested_persistent_source")
    return (ModuleSummary(module, _bool(loaded), runtime, persistent, _str(source)),)


def _domain(name: str, d: Mapping[str, object]) -> DomainSummary:
    exposes = d.get("domain.exposes_virt")
    support = d.get("domain.support_table")
    return DomainSummary(
        name=name,
        state=_str(d.get("domain.state")),
        cpu_mode=_str(d.get("domain.cpu_mode")),
        exposes=None if exposes is UNKNOWN else bool(exposes),
        exposure_reason=_str(d.get("domain.exposure_reason")),
        os=_str(d.get("domain.os_label")) or "unknown",
        hugepages=_bool(d.get("domain.hugepages")),
        title=_str(d.get("domain.title")) or "",
        description=_str(d.get("domain.description")) or "",
        uuid=_str(d.get("domain.uuid")),
        support=SupportClass(support) if isinstance(support, str) else None,
    )


def host_summary(
    values: Mapping[str, object], domains: Sequence[tuple[str, Mapping[str, object]]]
) -> HostSummary:
    """The summary of a host from its (derived) fact values."""
    version = values.get("os.version")
    count = json_value(values.get("cpu.count"))
    dev = values.get("kvm.dev_kvm")
    return HostSummary(
        arch=_str(values.get("host.arch")),
        kernel=_str(values.get("host.kernel")),
        container=_str(values.get("host.container")),
        os_id=_str(values.get("os.id")),
        os_name=_str(values.get("os.name")),
        os_version=str(version) if isinstance(version, Version) else None,
        cpu_vendor=_str(values.get("cpu.vendor")),
        cpu_model=_str(values.get("cpu.model")),
        cpu_count=count if isinstance(count, int) else None,
        virt_flags_needed=_names(values.get("cpu.virt_flags_needed")),
        virt_flags_missing=_names(values.get("cpu.virt_flags_missing")),
        flags=_names(values.get("cpu.flags")),
        role=Role.parse(values.get("chain.level")) or Role.UNKNOWN,
        hypervisor=_str(values.get("virt.hypervisor")),
        cloud=_str(values.get("virt.cloud")),
        hypervisor_sources=_names(values.get("virt.hypervisor_sources")),
        modules=_module(values),
        dev_kvm=_bool(dev) if dev is not UNKNOWN else None,
        domains=tuple(_domain(name, d) for name, d in domains),
        system_uuid=_str(values.get("host.system_uuid")),
    )
