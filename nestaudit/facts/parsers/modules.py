"""Parse /proc/modules (the loaded kernel modules).

Sample:
    kvm_intel 479232 0 - Live 0x0000000000000000
    kvm 1425408 1 kvm_intel, Live 0x0000000000000000
"""

from __future__ import annotations


def parse_modules(text: str) -> list[str]:
    """The names of the loaded modules, in file order."""
    names: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if parts:
            names.append(parts[0])
    return names


def kvm_modules(names: list[str]) -> list[str]:
    """The KVM-related modules among `names` (kvm, kvm_intel, kvm_amd, kvm_hv, ...), sorted."""
    return sorted({n for n in names if n == "kvm" or n.startswith("kvm_") or n == "kvmgt"})
