"""Parse /proc/cpuinfo (x86, s390x, aarch64, POWER, LoongArch layouts).

x86 sample (one block per CPU; kernels >= 5.8 add a "vmx flags" line):
    flags       : fpu vme de pse tsc msr pae mce cx8 apic sep vmx est ept
    vmx flags   : vnmi preemption_timer invvpid ept_x_only ept_ad ept vpid
s390x sample (one header block, then one line per CPU):
    features    : esan3 zarch stfle msa ldisp eimm dfp edat etf3eh highgprs te vx sie
    processor 0: version = 00,  identification = 4729E7,  machine = 2964
"""

from __future__ import annotations

import re
from typing import NamedTuple

_S390_PROCESSOR = re.compile(r"^processor\s+(\d+)\s*:.*?machine\s*=\s*(\w+)", re.MULTILINE)


class CpuInfo(NamedTuple):
    """What /proc/cpuinfo says. `cpu_flags` holds one flag set per CPU, in CPU order."""

    vendor_id: str | None
    vendor: str  # intel | amd | ibm | arm | other | unknown
    model: str | None
    count: int  # type: ignore[assignment]  # shadows tuple.count, which nothing uses
    cpu_flags: tuple[frozenset[str], ...]
    arch_hint: str | None  # the architecture the layout implies, when it does
    ept_from_vmx_line: bool  # some CPU's "ept" came only from its "vmx flags" line

    @property
    def common_flags(self) -> list[str]:
        """Flags present on every CPU, sorted."""
        if not self.cpu_flags:
            return []
        common = set(self.cpu_flags[0])
        for flags in self.cpu_flags[1:]:
            common &= flags
        return sorted(common)

    def cpus_lacking(self, flag: str) -> list[int]:
        return [i for i, flags in enumerate(self.cpu_flags) if flag not in flags]


def _blocks(text: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current = {}
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key = key.strip().lower()
        if key not in current:
            current[key] = value.strip()
    if current:
        blocks.append(current)
    return blocks


_X86_VENDORS = {
    "GenuineIntel": "intel",
    "AuthenticAMD": "amd",
    "HygonGenuine": "amd",
}


def parse_cpuinfo(text: str) -> CpuInfo | None:
    """Parse the text of /proc/cpuinfo; None when it holds no CPU description at all."""
    if "vendor_id" in text and "IBM/S390" in text:
        return _parse_s390(text)
    blocks = [b for b in _blocks(text) if "processor" in b]
    if not blocks:
        return None
    cpu_flags, ept_from_vmx_line = _flags(blocks)
    vendor, model, arch_hint = _layout(blocks[0], cpu_flags)
    return CpuInfo(
        vendor_id=blocks[0].get("vendor_id"),
        vendor=vendor,
        model=model,
        count=len(blocks),
        cpu_flags=cpu_flags,
        arch_hint=arch_hint,
        ept_from_vmx_line=ept_from_vmx_line,
    )


def _flags(blocks: list[dict[str, str]]) -> tuple[tuple[frozenset[str], ...], bool]:
    """Each CPU's flags, and whether some CPU's ept came only from its "vmx flags" line."""
    cpu_flags: list[frozenset[str]] = []
    ept_from_vmx_line = False
    for block in blocks:
        flags = set((block.get("flags") or block.get("features") or "").split())
        if "ept" in block.get("vmx flags", "").split() and "ept" not in flags:
            ept_from_vmx_line = True
            flags.add("ept")
        cpu_flags.append(frozenset(flags))
    return tuple(cpu_flags), ept_from_vmx_line


def _layout(
    first: dict[str, str], cpu_flags: tuple[frozenset[str], ...]
) -> tuple[str, str | None, str | None]:
    """(vendor, model, architecture hint) from the first CPU's block and every CPU's flags."""
    vendor_id = first.get("vendor_id")
    if vendor_id is not None:
        arch_hint = "x86_64" if all("lm" in f for f in cpu_flags) else "i686"
        return _X86_VENDORS.get(vendor_id, "other"), first.get("model name"), arch_hint
    if "cpu implementer" in first:
        aarch64 = first.get("cpu architecture", "8").strip() == "8"
        return "arm", first.get("cpu part"), "aarch64" if aarch64 else None
    if "cpu" in first and first["cpu"].upper().startswith("POWER"):
        return "ibm", first["cpu"], None  # ppc64 or ppc64le: cpuinfo cannot tell the byte order
    if any("loongson" in v.lower() for v in first.values()):
        return "other", first.get("model name") or first.get("cpu family"), "loongarch64"
    # No vendor_id and no layout we recognise: whose CPU this is stays unknown, so the
    # vendor's checks (vmx/ept, svm/npt) are unknown rather than skipped.
    return "unknown", first.get("model name"), None


def _parse_s390(text: str) -> CpuInfo:
    header = _blocks(text)[0]
    features = frozenset(header.get("features", "").split())
    processors = _S390_PROCESSOR.findall(text)
    count_text = header.get("# processors", "")
    if processors:
        count = len(processors)
    elif count_text.isdigit():
        count = int(count_text)
    else:
        count = 1
    model = processors[0][1] if processors else None
    return CpuInfo(
        vendor_id="IBM/S390",
        vendor="ibm",
        model=model,
        count=count,
        # s390x lists its facilities once for the whole machine
        cpu_flags=tuple(features for _ in range(count)),
        arch_hint="s390x",
        ept_from_vmx_line=False,
    )


def virt_flags_needed(vendor: str, arch: str | None) -> list[str]:
    """The CPU flags a host needs for KVM guests with hardware nesting, per vendor."""
    if vendor == "intel":
        return ["vmx", "ept"]
    if vendor == "amd":
        return ["svm", "npt"]
    if vendor == "ibm" and arch == "s390x":
        return ["sie"]
    return []


def missing_detail(info: CpuInfo, needed: list[str]) -> tuple[list[str], list[str]]:
    """(flags absent on at least one CPU, a human line per such flag)."""
    missing: list[str] = []
    detail: list[str] = []
    for flag in needed:
        lacking = info.cpus_lacking(flag)
        if not lacking:
            continue
        missing.append(flag)
        if len(lacking) == info.count:
            detail.append(f"{flag} missing on every CPU ({info.count})")
        else:
            shown = ", ".join(str(i) for i in lacking[:16])
            more = f" and {len(lacking) - 16} more" if len(lacking) > 16 else ""
            detail.append(f"{flag} missing on CPUs {shown}{more}")
    return missing, detail
