"""Parse module parameter files under /sys/module/<module>/parameters/.

Sample (/sys/module/kvm_intel/parameters/nested, one value per file):
    Y
    (kvm_amd and s390 kvm print 1 or 0 instead)
"""

from __future__ import annotations


def parse_bool(text: str) -> bool | None:
    """A module parameter as the kernel reads a boolean: Y/y/1/on true, N/n/0/off false.

    Integer parameters (kvm_amd's and s390 kvm's `nested`) count as true when non-zero.
    None when the text is no boolean.
    """
    value = text.strip().strip("\"'")
    if not value:
        return None
    first = value[0]
    if first in "yY1":
        return True
    if first in "nN0" and (len(value) == 1 or not value.isdigit()):
        return False
    lowered = value.lower()
    if lowered == "on":
        return True
    if lowered == "off":
        return False
    try:
        return int(value, 0) != 0
    except ValueError:
        return None
