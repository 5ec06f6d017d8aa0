"""CPU facts (`cpu.*`): vendor, model, count, the flags every CPU has, and the flags nested
KVM needs that some CPU lacks."""

from __future__ import annotations

from nestaudit.collect.spec import CPUINFO
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import CpuFacts, Maybe
from nestaudit.facts.parsers.cpuinfo import (
    CpuInfo,
    missing_detail,
    parse_cpuinfo,
    virt_flags_needed,
)
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
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "cpu.virt_flags_needed": ("cpu.vendor",),
    "cpu.virt_flags_missing_detail": ("cpu.virt_flags_missing",),
}

_UNKNOWN_CPU = CpuFacts(
    vendor=UNKNOWN, model=UNKNOWN, count=UNKNOWN, flags=UNKNOWN, virt_flags_needed=UNKNOWN,
    virt_flags_missing=UNKNOWN, virt_flags_missing_detail=UNKNOWN, hypervisor_flag=UNKNOWN,
)


def cpuinfo(r: Reader) -> CpuInfo | None:
    """/proc/cpuinfo parsed once: the host and KVM facts read it too."""
    text = r.text(CPUINFO)
    return parse_cpuinfo(text) if text is not None else None


def read(r: Reader, info: CpuInfo | None, arch: Maybe[str]) -> CpuFacts:
    """The CPU facts from the parsed /proc/cpuinfo; `arch` decides s390x's needed flags."""
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
