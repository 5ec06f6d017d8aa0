"""Parse /proc/modules (the loaded kernel modules).

Sample:
    kvm_intel 479232 0 - Live 0x0000000000000000
    kvm 1425408 1 kvm_intel, Live 0x0000000000000000
"""

from __future__ import annotations


def parse_modules(text: str) -> list[str]:
    """The names of the loaded modules, in file order."""
    # the first word only: a line's other five fields are never read
    return [parts[0] for line in text.splitlines() if (parts := line.split(None, 1))]


def kvm_modules(names: list[str]) -> list[str]:
    """The KVM-related modules among `names` (kvm, kvm_intel, kvm_amd, kvm_hv, ...), sorted."""
    return sorted({n for n in names if n == "kvm" or n.startswith("kvm_") or n == "kvmgt"})
