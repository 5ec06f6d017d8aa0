"""What the collector reads, declared as data (insights-core style).

Standard library only and Python 3.9 compatible: this runs on bare RHEL 9/10 hosts.
Every path is a host path, read through the collection root.
"""

from __future__ import annotations

from typing import NamedTuple

# Single files, read in this order. A path missing here is recorded as `missing`.
FILES = (
    "/proc/cpuinfo",
    "/proc/modules",
    "/proc/cmdline",
    "/proc/meminfo",
    "/proc/sysinfo",
    "/proc/version",
    "/proc/sys/kernel/osrelease",
    "/proc/sys/kernel/hostname",
    "/proc/xen/capabilities",
    "/proc/device-tree/hypervisor/compatible",
    "/proc/device-tree/ibm,partition-name",
    "/proc/1/cgroup",
    "/etc/os-release",
    "/etc/redhat-release",
    "/etc/machine-id",
    "/etc/hostname",
    "/sys/hypervisor/type",
    "/sys/hypervisor/uuid",
    "/.dockerenv",
    "/run/.containerenv",
    "/run/systemd/container",
)

# Files of which only some entries are kept: PID 1's environment can hold secrets, and
# nestaudit needs only the `container=` entry that container engines set there.
FILTERED = {"/proc/1/environ": ("container=",)}

# Read only when the file before it in the pair is missing (os-release's own fallback).
FALLBACKS = {"/etc/os-release": "/usr/lib/os-release"}

DMI_DIR = "/sys/class/dmi/id"
DMI_FIELDS = (
    "sys_vendor",
    "product_name",
    "product_version",
    "product_family",
    "product_sku",
    "product_uuid",
    "product_serial",
    "bios_vendor",
    "bios_version",
    "bios_date",
    "board_vendor",
    "board_name",
    "board_version",
    "board_serial",
    "chassis_vendor",
    "chassis_version",
    "chassis_serial",
    "chassis_asset_tag",
)


class Glob(NamedTuple):
    """A directory whose matching entries are each read; the listing is recorded too."""

    directory: str
    suffix: str  # "" takes every entry


# Order matters for modprobe: facts apply these locations in modprobe's own order.
MODPROBE_DIRS = (
    "/etc/modprobe.d",
    "/run/modprobe.d",
    "/usr/local/lib/modprobe.d",
    "/usr/lib/modprobe.d",
    "/lib/modprobe.d",
)

GLOBS = (
    Glob("/sys/module/kvm/parameters", ""),
    Glob("/sys/module/kvm_intel/parameters", ""),
    Glob("/sys/module/kvm_amd/parameters", ""),
    *(Glob(d, ".conf") for d in MODPROBE_DIRS),
    Glob("/etc/libvirt/qemu", ".xml"),
    Glob("/run/libvirt/qemu", ".xml"),
    Glob("/var/run/libvirt/qemu", ".xml"),
)

# Recorded from stat only, never opened.
STATS = ("/dev/kvm",)

# libvirt's domain XMLs: the persistent definitions, then the live status files.
PERSISTENT_DOMAINS = "/etc/libvirt/qemu"
LIVE_DOMAINS = ("/run/libvirt/qemu", "/var/run/libvirt/qemu")
LIBVIRT_DIRS = (PERSISTENT_DOMAINS, *LIVE_DOMAINS)
# The name of the command record holding `virsh dumpxml` of one domain: this, then its name.
VIRSH_DUMPXML = "virsh dumpxml "

VIRSH = ("virsh", "-r", "-c", "qemu:///system")


class Command(NamedTuple):
    """A read-only command run on live collections only, when its program exists."""

    name: str
    argv: tuple[str, ...]


COMMANDS = (
    # --vm and --container together say all the plain call says, and inside a container
    # the plain call names the container where --vm names the hypervisor. (Facts still
    # read a plain `systemd-detect-virt`, which sosreports carry.)
    Command("systemd-detect-virt --vm", ("systemd-detect-virt", "--vm")),
    Command("systemd-detect-virt --container", ("systemd-detect-virt", "--container")),
    Command("virt-what", ("virt-what",)),
)

# Per-file content cap, and a cap on the sum of all content.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
# Symbolic links followed while resolving one path, as Linux's own limit (ELOOP).
MAX_LINKS = 40
