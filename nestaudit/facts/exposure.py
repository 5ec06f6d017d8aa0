"""Whether a domain's guest sees the host vendor's vmx/svm: spec/verdicts.md "Domain CPU
exposure", applied to a parsed domain XML and what the host decides (its CPU vendor and
flags, nesting in its KVM, what host-model expands to, libvirt's CPU map)."""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.collect.spec import CPU_MAP, module_parameters
from nestaudit.facts.cpumap import CpuMap
from nestaudit.facts.model import CpuFacts, HostInfo, KvmFacts
from nestaudit.facts.parsers.domainxml import ParsedDomain


class HostSide(NamedTuple):
    """The host's part in what a guest CPU gets; None where the bundle cannot tell."""

    flag: str | None  # vmx, svm, "" (a vendor without one) or None (vendor unknown)
    arch: str | None
    nested: bool | None  # kvm.nested
    nested_source: str  # where kvm.nested was read
    has_flag: bool | None  # every host CPU has `flag`
    host_model: str | None  # cpu.host_model
    host_model_virt: bool | None  # cpu.host_model_virt
    cpu_map: CpuMap


def host_side(cpu: CpuFacts, host: HostInfo, kvm: KvmFacts, cpu_map: CpuMap) -> HostSide:
    """What the host decides about every guest CPU, gathered once per bundle."""
    flag = {"intel": "vmx", "amd": "svm"}.get(cpu.vendor, "") if isinstance(
        cpu.vendor, str) else None
    flags = cpu.flags
    if isinstance(kvm.module, str):
        nested_source = f"{module_parameters(kvm.module)}/nested"
    else:
        nested_source = f"{module_parameters('kvm_intel')}/nested (kvm_amd's on AMD)"
    return HostSide(
        flag=flag,
        arch=host.arch if isinstance(host.arch, str) else None,
        nested=kvm.nested if isinstance(kvm.nested, bool) else None,
        nested_source=nested_source,
        has_flag=(flag in flags) if flag and isinstance(flags, list) else None,
        host_model=cpu.host_model if isinstance(cpu.host_model, str) else None,
        host_model_virt=cpu.host_model_virt if isinstance(cpu.host_model_virt, bool) else None,
        cpu_map=cpu_map,
    )


class Exposure(NamedTuple):
    value: bool | None  # None: cannot tell
    reason: str
    basis: tuple[str, str] | None = None  # (source, excerpt) of what decided, besides the XML


_OTHER = {"vmx": "svm", "svm": "vmx"}
_VENDOR_NAME = {"vmx": "Intel", "svm": "AMD"}
_PAST = {
    "require": "required",
    "force": "forced",
    "disable": "disabled",
    "forbid": "forbidden",
    "optional": "optional",
}
_ASKS = ("require", "force")
_OFF = ("disable", "forbid")
# QEMU's CPU model when libvirt passes no -cpu (no <cpu>, or one without a model)
_DEFAULT_MODEL = {"x86_64": "qemu64", "i686": "qemu32"}


def exposure(dom: ParsedDomain, host: HostSide) -> Exposure:
    """Whether the guest sees the host vendor's virtualization flag (verdicts.md table).

    The first of these that decides wins: the architecture, the flag turned off on
    purpose, host-passthrough or maximum, a vmx/svm feature policy, host-model or
    match='minimum', and last what the named model (or QEMU's default one) includes.
    """
    for step in (_by_architecture, _by_disabled, _by_passthrough, _by_policy, _by_mode):
        found = step(dom, host)
        if found is not None:
            return found
    return _by_model(dom, host)


def asks_nesting(dom: ParsedDomain) -> bool:
    """The CPU definition requires or forces vmx or svm, either vendor's."""
    return any(dom.feature_policy(flag) in _ASKS for flag in ("vmx", "svm"))


def virt_disabled(dom: ParsedDomain, flag: str | None) -> bool | None:
    """The host vendor's flag is disabled or forbidden on purpose; None when that depends
    on a vendor that is unknown."""
    if flag is None:
        off = [f for f in ("vmx", "svm") if dom.feature_policy(f) in _OFF]
        return None if off else False
    return bool(flag) and dom.feature_policy(flag) in _OFF


def _by_architecture(dom: ParsedDomain, host: HostSide) -> Exposure | None:
    arch = dom.arch or host.arch
    if arch == "s390x" or host.arch == "s390x":
        return Exposure(None, "s390x guest: no CPU flag to expose (nothing to configure)")
    if arch is not None and arch not in ("x86_64", "i686"):
        return Exposure(None, f"{arch} guest: not judged by vmx/svm")
    return None


def _by_disabled(dom: ParsedDomain, host: HostSide) -> Exposure | None:
    # libvirt applies feature policies in every mode, host-passthrough included
    policy = dom.feature_policy(host.flag) if host.flag else None
    if policy in _OFF:
        return Exposure(False, f"{host.flag} {_PAST[str(policy)]}")
    return None


def _by_passthrough(dom: ParsedDomain, host: HostSide) -> Exposure | None:
    if dom.cpu_mode in ("host-passthrough", "maximum"):
        off = [f for f in ("vmx", "svm") if dom.feature_policy(f) in _OFF] if (
            host.flag is None) else []
        if off:
            return Exposure(None, f"{dom.cpu_mode} with {off[0]} "
                                  f"{_PAST[str(dom.feature_policy(off[0]))]}, but the host "
                                  "CPU vendor is unknown")
        if dom.cpu_mode == "maximum":
            return Exposure(True, "maximum CPU mode (every feature the host can give)")
        return Exposure(True, "host-passthrough")
    if host.flag == "":
        return Exposure(None, "the host CPU vendor has no vmx/svm")
    return None


def _by_policy(dom: ParsedDomain, host: HostSide) -> Exposure | None:
    if host.flag is None:
        # A required flag the host lacks stops the guest from starting, so a required
        # vmx/svm is seen by the guest whatever the vendor; anything else needs the vendor.
        for flag in ("vmx", "svm"):
            policy = dom.feature_policy(flag)
            if policy in _ASKS:
                return Exposure(True, f"{flag} {_PAST[str(policy)]}")
        for flag in ("vmx", "svm"):
            policy = dom.feature_policy(flag)
            if policy is not None:
                return Exposure(None, f"{flag} {_PAST[policy]} but the host CPU vendor is unknown")
        return None
    flag = host.flag
    policy = dom.feature_policy(flag)  # never disable or forbid: _by_disabled decided those
    if policy in _ASKS:
        return Exposure(True, f"{flag} {_PAST[str(policy)]}")
    if policy == "optional":
        return _optional(flag, host)
    other = _OTHER[flag]
    if dom.feature_policy(other) in _ASKS:
        return Exposure(False, f"{other} on an {_VENDOR_NAME[flag]} host")
    return None


def _optional(flag: str, host: HostSide) -> Exposure:
    """A flag at 'optional' is given when the host CPU has it and KVM offers it (nesting on)."""
    if host.has_flag is False:
        return Exposure(False, f"{flag} optional, but the host CPU does not have it")
    nesting = _nesting_basis(host)
    if host.nested is False:
        return Exposure(False, f"{flag} optional, but nesting is off in this host's KVM", nesting)
    if host.has_flag and host.nested:
        return Exposure(True, f"{flag} optional, and the host CPU has it with nesting on",
                        nesting)
    return Exposure(None, f"{flag} optional: whether the host CPU has it with nesting on "
                          "is unknown")


def _by_mode(dom: ParsedDomain, host: HostSide) -> Exposure | None:
    flag = host.flag
    if dom.cpu_mode == "host-model":
        if flag is None:
            return Exposure(None, "host-model, but the host CPU vendor is unknown")
        if host.host_model_virt is not None:
            has = host.host_model_virt
            return Exposure(has, f"host-model, which expands to {host.host_model} "
                                 f"{'with' if has else 'without'} {flag} on this host",
                            ("virsh domcapabilities", f"host-model: {host.host_model}"))
        return _with_nesting("host-model", flag, host,
                             f", which offers {flag} to host-model only then")
    if dom.cpu_mode == "custom" and dom.cpu_match == "minimum" and flag is not None:
        model = f" {dom.cpu_model}" if dom.cpu_model else ""
        return _with_nesting(f"custom{model} with match='minimum'", flag, host,
                             f" (libvirt may give the guest the host's {flag})")
    return None


def _with_nesting(what: str, flag: str, host: HostSide, why: str) -> Exposure:
    if host.nested is None:
        return Exposure(None, f"{what}: whether nesting is on in this host's KVM is unknown; "
                              f"collect {host.nested_source}")
    state = "on" if host.nested else "off"
    return Exposure(host.nested, f"{what} with nesting {state} in this host's KVM{why}",
                    _nesting_basis(host))


def _nesting_basis(host: HostSide) -> tuple[str, str] | None:
    if host.nested is None:
        return None
    return host.nested_source, f"nested {'on' if host.nested else 'off'}"


def _by_model(dom: ParsedDomain, host: HostSide) -> Exposure:
    """What a named model, or QEMU's default model without one, includes (the CPU map)."""
    name = dom.cpu_model
    if name:
        what = f"custom model {name}"
    else:
        arch = dom.arch or host.arch or "x86_64"
        name = _DEFAULT_MODEL.get(arch, "qemu64")
        start = "no <cpu> element" if not dom.has_cpu else "<cpu> without a model"
        what = f"{start}: QEMU's default model {name}"
    entry = host.cpu_map.lookup(name)
    if entry is None and host.cpu_map.host_read:
        return Exposure(None, f"{what} is in neither this host's CPU map nor libvirt's: "
                              "libvirt here does not know it")
    if entry is None:
        return Exposure(None, f"{what} is not in libvirt's CPU map: collect this host's "
                              f"{CPU_MAP.directory}/{CPU_MAP.prefix}*{CPU_MAP.suffix} "
                              "(nestaudit collect on the host reads it)")
    where = "this host's CPU map" if entry.from_host else "libvirt's CPU map"
    virt = entry.virt
    based = f" (based on {virt.based_on[0]})" if virt.based_on else ""
    basis = (entry.source, f"{name}{based}: vmx {_yes(virt.vmx)}, svm {_yes(virt.svm)}")
    if host.flag is None:
        if not virt.vmx and not virt.svm:
            return Exposure(False, f"{what}, which includes neither vmx nor svm in {where}",
                            basis)
        has = "svm" if virt.svm else "vmx"
        return Exposure(None, f"{what} includes {has} in {where}, but the host CPU vendor "
                              "is unknown", basis)
    has_flag = bool(getattr(virt, host.flag))
    verb = "includes" if has_flag else "does not include"
    return Exposure(has_flag, f"{what}, which {verb} {host.flag} in {where}", basis)


def _yes(value: bool) -> str:
    return "yes" if value else "no"
