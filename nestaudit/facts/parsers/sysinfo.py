"""Parse s390x /proc/sysinfo: the LPAR level and the hypervisor levels above it.

Sample (a z/VM guest; VM00 is the level this Linux runs in):
    LPAR Name:            L15
    VM00 Control Program: z/VM    5.3.0
"""

from __future__ import annotations

import re
from typing import NamedTuple

_VM_CP = re.compile(r"^VM(\d\d)\s+Control Program:\s*(.*?)\s*$", re.MULTILINE)
_LPAR = re.compile(r"^LPAR (?:Name|Number):\s*(\S.*?)\s*$", re.MULTILINE)


class SysInfo(NamedTuple):
    lpar: str | None  # the LPAR name (or number) when the file shows an LPAR level
    control_programs: tuple[str, ...]  # VM00 first: the innermost hypervisor first

    @property
    def level(self) -> str | None:
        """lpar | zvm | kvm | other: what this Linux runs directly under; None if unknown."""
        if self.control_programs:
            return control_program_kind(self.control_programs[0])
        if self.lpar is not None:
            return "lpar"
        return None


def control_program_kind(text: str) -> str:
    lowered = text.lower()
    if lowered.startswith("z/vm"):
        return "zvm"
    if "kvm" in lowered:
        return "kvm"
    return "other"


def parse_sysinfo(text: str) -> SysInfo:
    programs = sorted((int(n), " ".join(cp.split())) for n, cp in _VM_CP.findall(text))
    lpar = _LPAR.search(text)
    return SysInfo(
        lpar=lpar.group(1) if lpar else None,
        control_programs=tuple(cp for _, cp in programs),
    )
