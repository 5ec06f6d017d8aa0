"""Parse /proc/cpuinfo (x86, s390x, ARM, POWER, LoongArch, RISC-V, Itanium, SPARC layouts).

x86 sample (one block per CPU; kernels >= 5.8 add a "vmx flags" line):
    flags       : fpu vme de pse tsc msr pae mce cx8 apic sep vmx est ept
    vmx flags   : vnmi preemption_timer invvpid ept_x_only ept_ad ept vpid
s390x sample (one header block, then one line per CPU):
    features    : esan3 zarch stfle msa ldisp eimm dfp edat etf3eh highgprs te vx sie
    processor 0: version = 00,  identification = 4729E7,  machine = 2964
The layout names the architecture when nothing else does (uname, the kernel release): ARM's
`CPU architecture: 8` is aarch64 and `7` armv7, RISC-V's `isa: rv64...` riscv64, Itanium's
`arch: IA-64` ia64, SPARC's `type: sun4v` sparc64. POWER's says only that it is 64-bit
POWER, not its byte order: "ppc64 or ppc64le".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
    # The first value of every key, the lines outside the CPU blocks included (POWER's
    # `platform`, `model` and `machine` follow the last CPU).
    system: Mapping[str, str] = {}

    @property
    def common_flags(self) -> list[str]:
        """Flags present on every CPU, sorted."""
        if not self.cpu_flags:
            return []
        distinct = set(self.cpu_flags)  # most hosts: one set, shared by every CPU
        return sorted(frozenset.intersection(*distinct))

    def cpus_lacking(self, flag: str) -> list[int]:
        if all(flag in flags for flags in set(self.cpu_flags)):
            return []
        return [i for i, flags in enumerate(self.cpu_flags) if flag not in flags]


_BLANK = ("", "")
_NO_COLON = ("", None)


def _item(line: str) -> tuple[str, str | None]:
    """A line as (lower-case key, value); _BLANK when empty, _NO_COLON without a colon."""
    key, sep, value = line.partition(":")
    if sep:
        return key.strip().lower(), value.strip()
    return _BLANK if not line.strip() else _NO_COLON


def _blocks(text: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The blocks (separated by empty lines) as key -> first value, and the first value of
    every key in the whole file. One pass; a line seen before is looked up, not split
    again: every CPU repeats most of its lines (flags, model name, bugs), so a large
    host's 80 KB holds only a few hundred distinct lines."""
    blocks: list[dict[str, str]] = []
    system: dict[str, str] = {}
    current: dict[str, str] = {}
    seen: dict[str, tuple[str, str | None]] = {}
    for line in text.splitlines():
        item = seen.get(line)
        if item is None:
            item = seen[line] = _item(line)
        key, value = item
        if value is None:
            continue
        if item is _BLANK:
            if current:
                blocks.append(current)
                current = {}
        elif key not in current:
            current[key] = value
            if key not in system:
                system[key] = value
    if current:
        blocks.append(current)
    return blocks, system


_X86_VENDORS = {
    "GenuineIntel": "intel",
    "AuthenticAMD": "amd",
    "HygonGenuine": "amd",
}


def parse_cpuinfo(text: str) -> CpuInfo | None:
    """Parse the text of /proc/cpuinfo; None when it holds no CPU description at all."""
    if "vendor_id" in text and "IBM/S390" in text:
        return _parse_s390(text)
    every, system = _blocks(text)
    blocks = [b for b in every if "processor" in b]
    if not blocks:
        return _parse_sparc(system) if "ncpus probed" in system else None
    cpu_flags, ept_from_vmx_line = _flags(blocks)
    vendor, model, arch_hint = _layout(blocks[0], system, cpu_flags)
    return CpuInfo(
        vendor_id=blocks[0].get("vendor_id"),
        vendor=vendor,
        model=model,
        count=len(blocks),
        cpu_flags=cpu_flags,
        arch_hint=arch_hint,
        ept_from_vmx_line=ept_from_vmx_line,
        system=system,
    )


def _flags(blocks: list[dict[str, str]]) -> tuple[tuple[frozenset[str], ...], bool]:
    """Each CPU's flags, and whether some CPU's ept came only from its "vmx flags" line."""
    cpu_flags: list[frozenset[str]] = []
    ept_from_vmx_line = False
    # The same flags lines on every CPU give the same set object, built once.
    made: dict[tuple[str, str], tuple[frozenset[str], bool]] = {}
    for block in blocks:
        line = block.get("flags") or block.get("features") or ""
        vmx_line = block.get("vmx flags", "")
        known = made.get((line, vmx_line))
        if known is None:
            flags = set(line.split())
            from_vmx = "ept" in vmx_line.split() and "ept" not in flags
            if from_vmx:
                flags.add("ept")
            known = made[(line, vmx_line)] = (frozenset(flags), from_vmx)
        cpu_flags.append(known[0])
        ept_from_vmx_line = ept_from_vmx_line or known[1]
    return tuple(cpu_flags), ept_from_vmx_line


_ARM_ARCHITECTURES = {"8": "aarch64", "7": "armv7hl"}  # 32-bit kernels print 7 from ARMv7 on
_SPARC64_TYPES = ("sun4u", "sun4v")  # UltraSPARC and later; sun4m, sun4d, sun4c are 32-bit
_POWER_PLATFORMS = ("pseries", "powernv", "ps3", "cell", "maple", "pasemi")


def _layout(
    first: dict[str, str], system: dict[str, str], cpu_flags: tuple[frozenset[str], ...]
) -> tuple[str, str | None, str | None]:
    """(vendor, model, architecture hint) from the first CPU's block, the keys of the whole
    file (`system`) and every CPU's flags."""
    vendor_id = first.get("vendor_id")
    if vendor_id is not None:
        # A 32-bit kernel prints the f00f_bug line, also on a CPU with lm (64-bit capable)
        x86_64 = "f00f_bug" not in first and all("lm" in f for f in cpu_flags)
        arch_hint = "x86_64" if x86_64 else "i686"
        return _X86_VENDORS.get(vendor_id, "other"), first.get("model name"), arch_hint
    if "cpu implementer" in system:  # old 32-bit kernels put it after the CPU blocks
        arch = _ARM_ARCHITECTURES.get(system.get("cpu architecture", "8").strip())
        return "arm", system.get("cpu part"), arch
    if _power(first, system):
        # 64-bit POWER: cpuinfo cannot tell the byte order
        return "ibm", first.get("cpu"), "ppc64 or ppc64le"
    if "isa" in first and first["isa"].lower().startswith(("rv64", "rv32")):
        return "other", first.get("uarch") or first["isa"], "riscv" + first["isa"][2:4]
    if system.get("arch", "").upper() == "IA-64":
        # Itanium: Intel's, but none of the x86 extensions the chapter names
        return "other", system.get("family"), "ia64"
    if any("loongson" in v.lower() for v in first.values()):
        return "other", first.get("model name") or first.get("cpu family"), "loongarch64"
    # No vendor_id and no layout we recognise: whose CPU this is stays unknown, so the
    # vendor's checks (vmx/ept, svm/npt) are unknown rather than skipped.
    return "unknown", first.get("model name"), None


def _power(first: dict[str, str], system: dict[str, str]) -> bool:
    """A POWER layout: `cpu: POWER9 ...`, or a ppc64 platform line after the CPU blocks."""
    if first.get("cpu", "").upper().startswith(("POWER", "PPC970")):
        return True
    return "cpu" in first and system.get("platform", "").lower() in _POWER_PLATFORMS


def _parse_sparc(system: dict[str, str]) -> CpuInfo:
    """SPARC lists the machine once: `cpu`, `type` (sun4v) and `ncpus active`, no blocks."""
    active = system.get("ncpus active", "")
    count = int(active) if active.isdigit() else 1
    machine = system.get("type", "").lower()
    arch = None
    if machine.startswith("sun4"):
        arch = "sparc64" if machine in _SPARC64_TYPES else "sparc"
    return CpuInfo(
        vendor_id=None,
        vendor="other",
        model=system.get("cpu"),
        count=count,
        cpu_flags=tuple(frozenset() for _ in range(count)),
        arch_hint=arch,
        ept_from_vmx_line=False,
        system=system,
    )


_ARCH_LINES = ("cpu architecture", "isa", "arch", "type", "platform", "cpu")


def arch_evidence(info: CpuInfo) -> str:
    """The cpuinfo line the architecture hint rests on, for the evidence log."""
    if info.vendor_id is not None:
        if info.arch_hint == "x86_64":
            return f"vendor_id: {info.vendor_id}, lm on every CPU"
        return f"vendor_id: {info.vendor_id}" + (
            ", f00f_bug line (a 32-bit kernel)" if "f00f_bug" in info.system else "")
    for key in _ARCH_LINES:
        if key in info.system:
            return f"{key}: {info.system[key]}"
    return f"CPU layout of {info.vendor}"


def _parse_s390(text: str) -> CpuInfo:
    header = _blocks(text)[0][0]
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
