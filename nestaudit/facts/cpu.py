"""CPU facts (`cpu.*`): vendor, model, count, the flags every CPU has, the flags nested
KVM needs that some CPU lacks, and what libvirt's host-model expands to."""

from __future__ import annotations

from nestaudit.collect.spec import CPUINFO, VIRSH_DOMCAPABILITIES
from nestaudit.facts.cpumap import CpuMap
from nestaudit.facts.evidence import EvidenceLog, clip
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import CpuFacts, Maybe
from nestaudit.facts.parsers.cpuinfo import (
    CpuInfo,
    missing_detail,
    parse_cpuinfo,
    virt_flags_needed,
)
from nestaudit.facts.parsers.domcaps import HostModel, parse_domcapabilities
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN

# This group's entries in the fact registry, in the order docs/facts.md lists them.
SPECS: tuple[FactSpec, ...] = (
    FactSpec("cpu.vendor", "str", "host", "/proc/cpuinfo (vendor_id, CPU implementer, cpu line)",
             "/proc/cpuinfo unreadable", "intel | amd | ibm | arm | other."),
    FactSpec("cpu.model", "str", "host", "/proc/cpuinfo",
             "/proc/cpuinfo unreadable or without a model line",
             "Model name of CPU 0; the machine type on s390x; the CPU part number on aarch64."),
    FactSpec("cpu.count", "int", "host", "/proc/cpuinfo",
             "/proc/cpuinfo unreadable", "Number of CPUs listed."),
    FactSpec("cpu.flags", "list[str]", "host",
             "/proc/cpuinfo (x86 flags and 'vmx flags' ept, s390x features, aarch64 Features)",
             "/proc/cpuinfo unreadable",
             "Flags present on every CPU; an x86 'vmx flags' line's ept counts as ept."),
    FactSpec("cpu.virt_flags_needed", "list[str]", "host", "cpu.vendor, host.arch",
             "/proc/cpuinfo unreadable",
             "Flags the vendor needs for nested KVM: intel [vmx, ept], amd [svm, npt], s390x "
             "[sie], else []."),
    FactSpec("cpu.virt_flags_missing", "list[str]", "host", "/proc/cpuinfo",
             "/proc/cpuinfo unreadable", "Needed flags absent on at least one CPU."),
    FactSpec("cpu.virt_flags_missing_detail", "list[str]", "host", "/proc/cpuinfo",
             "/proc/cpuinfo unreadable",
             "One line per missing flag naming the CPUs that lack it ('ept missing on CPUs 2, "
             "3')."),
    FactSpec("cpu.hypervisor_flag", "bool", "host", "/proc/cpuinfo",
             "/proc/cpuinfo unreadable",
             "The x86 CPUID hypervisor flag on any CPU; False on other architectures."),
    FactSpec("cpu.host_model", "str", "host",
             "virsh domcapabilities (<mode name='host-model'><model>)",
             "virsh domcapabilities not collected (a root or sosreport without it, no virsh), "
             "failed, or host-model unsupported",
             "The CPU model libvirt's host-model expands to on this host."),
    FactSpec("cpu.host_model_virt", "bool", "host",
             "virsh domcapabilities, libvirt's CPU map (the host's, else nestaudit's)",
             "cpu.host_model unknown, the host CPU vendor unknown or without vmx/svm, or a "
             "model the CPU map does not know",
             "host-model's expansion includes the host vendor's vmx/svm: its feature policy, "
             "else what the CPU map says the model includes."),
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "cpu.virt_flags_needed": ("cpu.vendor",),
    "cpu.virt_flags_missing_detail": ("cpu.virt_flags_missing",),
    "cpu.host_model_virt": ("cpu.host_model",),
}

_UNKNOWN_CPU = CpuFacts(
    vendor=UNKNOWN, model=UNKNOWN, count=UNKNOWN, flags=UNKNOWN, virt_flags_needed=UNKNOWN,
    virt_flags_missing=UNKNOWN, virt_flags_missing_detail=UNKNOWN, hypervisor_flag=UNKNOWN,
    host_model=UNKNOWN, host_model_virt=UNKNOWN,
)
_FLAG = {"intel": "vmx", "amd": "svm"}


def cpuinfo(r: Reader) -> CpuInfo | None:
    """/proc/cpuinfo parsed once: the host and KVM facts read it too."""
    text = r.text(CPUINFO)
    return parse_cpuinfo(text) if text is not None else None


def read(r: Reader, info: CpuInfo | None, arch: Maybe[str], cpu_map: CpuMap) -> CpuFacts:
    """The CPU facts from the parsed /proc/cpuinfo (`arch` decides s390x's needed flags),
    and host-model's expansion from virsh domcapabilities, judged by `cpu_map`."""
    facts = _from_cpuinfo(r, info, arch)
    flag = _FLAG.get(facts.vendor, "") if isinstance(facts.vendor, str) else ""
    model, virt = _host_model(r, flag, cpu_map)
    return facts._replace(host_model=model, host_model_virt=virt)


def _from_cpuinfo(r: Reader, info: CpuInfo | None, arch: Maybe[str]) -> CpuFacts:
    ev = r.ev
    if info is None:
        if r.status(CPUINFO) is not None:
            ev.add("cpu.flags", CPUINFO,
                   r.why_not(CPUINFO) if r.text(CPUINFO) is None else "no CPU found")
        return _UNKNOWN_CPU
    ev.add("cpu.vendor", CPUINFO, f"vendor_id: {info.vendor_id}" if info.vendor_id else info.vendor)
    if info.model:
        ev.add("cpu.model", CPUINFO, info.model)
    ev.add("cpu.count", CPUINFO, f"{info.count} CPUs")
    model = info.model if info.model is not None else UNKNOWN
    if info.vendor == "unknown":
        return _UNKNOWN_CPU._replace(model=model, count=info.count, flags=info.common_flags)
    needed = virt_flags_needed(info.vendor, arch if isinstance(arch, str) else info.arch_hint)
    missing, detail = missing_detail(info, needed)
    _flag_evidence(ev, info, needed)
    return CpuFacts(
        vendor=info.vendor,
        model=model,
        count=info.count,
        flags=info.common_flags,
        virt_flags_needed=needed,
        virt_flags_missing=missing,
        virt_flags_missing_detail=detail,
        hypervisor_flag=_hypervisor_flag(ev, info),
        host_model=UNKNOWN,
        host_model_virt=UNKNOWN,
    )


def _flag_evidence(ev: EvidenceLog, info: CpuInfo, needed: list[str]) -> None:
    """How many CPUs have each needed flag."""
    for flag in needed:
        lacking = len(info.cpus_lacking(flag))
        where = "every CPU" if not lacking else f"{info.count - lacking} of {info.count} CPUs"
        from_vmx_line = flag == "ept" and info.ept_from_vmx_line
        note = " (ept from the 'vmx flags' line)" if from_vmx_line else ""
        for fact in ("cpu.flags", "cpu.virt_flags_missing"):
            ev.add(fact, CPUINFO, f"{flag} on {where}{note}")


def _hypervisor_flag(ev: EvidenceLog, info: CpuInfo) -> bool:
    """The x86 CPUID hypervisor flag on any CPU; False on other architectures."""
    x86 = info.vendor_id is not None and info.vendor != "ibm"
    hyper = x86 and any("hypervisor" in f for f in info.cpu_flags)
    ev.add("cpu.hypervisor_flag", CPUINFO,
           ("hypervisor flag present" if hyper else "no hypervisor flag") if x86
           else f"not an x86 CPU ({info.vendor})")
    return hyper


def _host_model(r: Reader, flag: str, cpu_map: CpuMap) -> tuple[Maybe[str], Maybe[bool]]:
    """(the model host-model expands to, whether the vendor's `flag` ('' when the vendor has
    none or is unknown) is in the expansion)."""
    ev = r.ev
    record = r.command_ok(VIRSH_DOMCAPABILITIES)
    if record is None or record.get("exit_code", 0) != 0:
        if r.bundle.command(VIRSH_DOMCAPABILITIES) is not None:
            ev.add("cpu.host_model", VIRSH_DOMCAPABILITIES, "failed: no host-model expansion")
        return UNKNOWN, UNKNOWN
    found = parse_domcapabilities(str(record.get("stdout", "")), VIRSH_DOMCAPABILITIES)
    if isinstance(found, str):
        ev.add("cpu.host_model", VIRSH_DOMCAPABILITIES, clip(found, 120))
        return UNKNOWN, UNKNOWN
    if not found.supported or found.model is None:
        ev.add("cpu.host_model", VIRSH_DOMCAPABILITIES, "<mode name='host-model'> unsupported")
        return UNKNOWN, UNKNOWN
    ev.add("cpu.host_model", VIRSH_DOMCAPABILITIES,
           f"<mode name='host-model'><model>{found.model}</model>")
    return found.model, _host_model_virt(ev, found, flag, cpu_map)


def _host_model_virt(ev: EvidenceLog, found: HostModel, flag: str, cpu_map: CpuMap) -> Maybe[bool]:
    if not flag:
        return UNKNOWN
    policy = found.feature_policy(flag)
    if policy is not None:
        ev.add("cpu.host_model_virt", VIRSH_DOMCAPABILITIES,
               f"<feature policy='{policy}' name='{flag}'/>")
        return policy in ("require", "force")
    entry = cpu_map.lookup(str(found.model))
    if entry is None:
        ev.add("cpu.host_model_virt", VIRSH_DOMCAPABILITIES,
               f"{found.model} lists no {flag} and is not in libvirt's CPU map")
        return UNKNOWN
    has = bool(getattr(entry.virt, flag))
    ev.add("cpu.host_model_virt", entry.source,
           f"{found.model} {'includes' if has else 'does not include'} {flag}")
    return has
