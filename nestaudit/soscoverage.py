"""What a sosreport lacks, told to its reader: which evidence, what nestaudit reads it for,
and which sos plugin (or sos version) would add it. Standard library only, and apart from
`nestaudit.sources` so that judging a bundle never imports the archive reader.

The bundle lists in `source.lacking` every host path and command the sosreport does not
hold; here they are grouped by the sos plugin that copies them (from sos's plugins:
`processor` copies /proc/cpuinfo and runs lscpu, `kernel` copies /proc/modules,
/proc/cmdline, /sys/module/*/parameters and /etc/modprobe.d, `block` lists /dev, and so on).
A path no sos plugin copies is said so: `nestaudit collect` on the host reads it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from nestaudit.collect.spec import (
    CMDLINE,
    CPUINFO,
    DEV_KVM,
    DMI_DIR,
    HOSTNAME,
    LIVE_DOMAINS,
    MODPROBE_ETC,
    MODULES,
    OS_RELEASE,
    OS_RELEASE_FALLBACK,
    PERSISTENT_DOMAINS,
    REDHAT_RELEASE,
    SYS_MODULE,
)

# The kernel plugin copies these modprobe folders from sos 4.5 on (sos commit 77b224d2,
# "[kernel] copy modprobe.d/*.conf from other possible locations"); before, only
# /etc/modprobe.d. No sos version copies /usr/lib/modprobe.d.
MODPROBE_KERNEL_45 = ("/run/modprobe.d", "/usr/local/lib/modprobe.d", "/lib/modprobe.d")
SINCE: dict[str, tuple[int, ...]] = dict.fromkeys(MODPROBE_KERNEL_45, (4, 5))

COLLECT_INSTEAD = (
    "no sos plugin copies them; `nestaudit collect` run on the host as root reads them"
)


class Lack(NamedTuple):
    """One kind of evidence a sosreport lacks."""

    what: str  # in words: "modprobe files outside /etc/modprobe.d"
    items: tuple[str, ...]  # the host paths and commands, as `source.lacking` names them
    used_for: str  # what nestaudit reads it for
    add: str  # how a sosreport would hold it, or that none can


class _Group(NamedTuple):
    what: str
    prefixes: tuple[str, ...]
    used_for: str
    plugin: str | None


_GROUPS = (
    _Group("the CPU's flags", (CPUINFO, "lscpu"),
           "whether the CPU has VT-x or AMD-V and the vendor module", "processor"),
    _Group("the kernel modules and their parameters", (MODULES, SYS_MODULE, "lsmod", "uname -a"),
           "whether KVM is loaded and nested is on now", "kernel"),
    _Group("the kernel command line", (CMDLINE,),
           "a boot-time nested option that wins over modprobe files", "kernel"),
    _Group("modprobe files in /etc/modprobe.d", (MODPROBE_ETC,),
           "the nested value at the next module load", "kernel"),
    _Group("modprobe files in /run, /usr/local/lib and /lib", MODPROBE_KERNEL_45,
           "a later modprobe file that could override /etc/modprobe.d", "kernel"),
    _Group("modprobe files in /usr/lib/modprobe.d", ("/usr/lib/modprobe.d",),
           "a later modprobe file that could override /etc/modprobe.d", None),
    _Group("the /dev/kvm device", (DEV_KVM,),
           "whether KVM can be used (sos reads it from `ls -lanR /dev`)", "block"),
    _Group("the machine's DMI identity", (DMI_DIR, "dmidecode"),
           "whether this host is itself a virtual machine", "hardware"),
    _Group("the OS release", (OS_RELEASE, OS_RELEASE_FALLBACK, REDHAT_RELEASE),
           "the OS and version the support statement names", "release"),
    _Group("the host name", (HOSTNAME, "hostname"), "naming the host in the report", "host"),
    _Group("libvirt's domain XMLs", (PERSISTENT_DOMAINS, *LIVE_DOMAINS),
           "each domain's CPU mode and guest OS", "libvirt"),
    _Group("virsh's listing and capabilities", ("virsh list --all", "virsh capabilities"),
           "the domains libvirt knows and the host CPU it reports", "virsh"),
    _Group("virtualization detection commands", ("systemd-detect-virt", "virt-what"),
           "whether this host is a virtual machine or a container", None),
)
_OTHER = _Group("other platform markers", (), "telling containers, Xen, IBM Z, POWER and "
                "other platforms apart", None)


def version_tuple(version: str | None) -> tuple[int, ...] | None:
    """(4, 5, 6) from "4.5.6" (or "4.5.6-1.el9"); None when it does not start with a number."""
    numbers = re.findall(r"\d+", (version or "").split("-", 1)[0])
    return tuple(int(n) for n in numbers) or None


def _matches(item: str, prefix: str) -> bool:
    return item == prefix or item.startswith(prefix + "/") or item.startswith(prefix + " ")


def _group_of(item: str) -> _Group:
    for group in _GROUPS:
        if any(_matches(item, p) for p in group.prefixes):
            return group
    return _OTHER


def _add(group: _Group, plugins: Sequence[str] | None, version: str | None) -> str:
    if group.plugin is None:
        return COLLECT_INSTEAD
    since = next((SINCE[p] for p in group.prefixes if p in SINCE), None)
    have = version_tuple(version)
    if since is not None and (have is None or have < since):
        made = f"sos {version}" if version else "a sos version it does not record"
        return (f"sos {'.'.join(map(str, since))} or later copies them (its {group.plugin} "
                f"plugin); this sosreport was made by {made}")
    if plugins is not None and group.plugin not in plugins:
        return (f"sos's {group.plugin} plugin collects them and did not run: add "
                f"`-e {group.plugin}` to `sos report` (or name it in `-o`)")
    return (f"sos's {group.plugin} plugin collects them; they are not in this sosreport "
            "(the plugin was skipped, a command failed or the host lacks them)")


def lacks(
    lacking: Sequence[str], plugins: Sequence[str] | None, version: str | None
) -> tuple[Lack, ...]:
    """`source.lacking` grouped as a reader wants it, in the table's order (others last)."""
    found: dict[_Group, list[str]] = {}
    for item in lacking:
        if item.startswith("/var/run/") and item[len("/var"):] not in lacking:
            continue  # /var/run is /run: sos copied the folder under its /run name
        if item == "/usr/lib/os-release" and "/etc/os-release" not in lacking:
            continue  # only read when /etc/os-release is missing
        found.setdefault(_group_of(item), []).append(item)
    order = [*_GROUPS, _OTHER]
    return tuple(
        Lack(g.what, tuple(sorted(found[g])), g.used_for, _add(g, plugins, version))
        for g in order
        if g in found
    )
