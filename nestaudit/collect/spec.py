"""What the collector reads, declared as data (insights-core style).

Standard library only and Python 3.9 compatible: this runs on bare RHEL 9/10 hosts.
Every path is a host path, read through the collection root.
"""

from __future__ import annotations

from typing import NamedTuple

# Every host path nestaudit reads, named once: facts, the sos source, redaction and `show`
# import these names.
CPUINFO = "/proc/cpuinfo"
MODULES = "/proc/modules"
CMDLINE = "/proc/cmdline"
MEMINFO = "/proc/meminfo"
SYSINFO = "/proc/sysinfo"  # IBM Z: LPAR, z/VM and KVM levels
PROC_VERSION = "/proc/version"
OSRELEASE = "/proc/sys/kernel/osrelease"  # the kernel release (uname -r)
KERNEL_HOSTNAME = "/proc/sys/kernel/hostname"
XEN_CAPABILITIES = "/proc/xen/capabilities"
PROC_XEN = "/proc/xen"  # a Xen guest's or dom0's folder (listed)
DEVICE_TREE = "/proc/device-tree"  # ARM and POWER: listed (QEMU's fw-cfg node shows here)
DT_COMPATIBLE = "/proc/device-tree/compatible"  # the machine: "linux,dummy-virt" (kvmtool, QEMU)
DT_HYPERVISOR = "/proc/device-tree/hypervisor/compatible"
DT_HYPERVISOR_NAME = "/proc/device-tree/hypervisor/name"
DT_PARTITION = "/proc/device-tree/ibm,partition-name"  # POWER LPAR
LPARCFG = "/proc/ppc64/lparcfg"  # POWER LPAR configuration (shared or dedicated processors)
CLOCKSOURCE_DIR = "/sys/devices/system/clocksource/clocksource0"
CLOCKSOURCE_CURRENT = CLOCKSOURCE_DIR + "/current_clocksource"
CLOCKSOURCE_AVAILABLE = CLOCKSOURCE_DIR + "/available_clocksource"  # kvm-clock under KVM
SYS_BUS_XEN = "/sys/bus/xen"  # only a kernel running on Xen registers this bus (listed)
SYS_BUS_XEN_BACKEND = "/sys/bus/xen-backend"  # a Xen dom0's back ends (listed)
VLDS = "/sys/class/vlds"  # SPARC LDoms: ctrl and sp in the control domain (listed)
DEV_MDESC = "/dev/mdesc"  # SPARC LDoms machine description: a device, stat only
PID1_CGROUP = "/proc/1/cgroup"
PID1_ENVIRON = "/proc/1/environ"
# The collector's own process, as virt-what reads it: in a Linux-VServer guest every
# process carries the guest's context id, and `docker exec` puts the collector in the
# container's cgroup even where PID 1 is a shim. Read live, /proc/self resolves (inside
# the root) to the collector's /proc/<pid>; in a root folder it is what the folder holds.
SELF_STATUS = "/proc/self/status"
SELF_CGROUP = "/proc/self/cgroup"
OPENVZ = "/proc/vz"  # OpenVZ/Virtuozzo kernel (listed); /proc/bc too on the host node
OPENVZ_HOST = "/proc/bc"
OS_RELEASE = "/etc/os-release"
OS_RELEASE_FALLBACK = "/usr/lib/os-release"
REDHAT_RELEASE = "/etc/redhat-release"
MACHINE_ID = "/etc/machine-id"
HOSTNAME = "/etc/hostname"
HYPERVISOR_TYPE = "/sys/hypervisor/type"
HYPERVISOR_UUID = "/sys/hypervisor/uuid"
DOCKERENV = "/.dockerenv"
DOCKERINIT = "/.dockerinit"  # older Docker engines
CONTAINERENV = "/run/.containerenv"
SYSTEMD_CONTAINER = "/run/systemd/container"
DEV_KVM = "/dev/kvm"
KVM_CONF = "/etc/modprobe.d/kvm.conf"  # where the chapter puts the persistent option
HOSTNAME_FILES = (KERNEL_HOSTNAME, HOSTNAME)
"""Where a host's name is read when the bundle's host record has none, in that order."""
# For the sos source and redaction: folders a sos plugin copies whole, the folder sos
# lists with `ls -lanR`, and machine-id's older place, whose value redaction also replaces.
SYS_MODULE = "/sys/module"
MODPROBE_ETC = "/etc/modprobe.d"
RUN_DOMAINS = "/run/libvirt/qemu"
DEV_DIR = "/dev"
DBUS_MACHINE_ID = "/var/lib/dbus/machine-id"

HOST_MARKERS = (CPUINFO, OS_RELEASE, SYS_MODULE, MODULES)
"""A folder is a host root when it holds one of these (verdicts.md, "Evidence too thin to
judge"): a mistyped path or an unrelated folder must not pass for a host with nothing wrong."""

# Single files, read in this order. A path missing here is recorded as `missing`.
FILES = (
    CPUINFO,
    MODULES,
    CMDLINE,
    MEMINFO,
    SYSINFO,
    PROC_VERSION,
    OSRELEASE,
    KERNEL_HOSTNAME,
    XEN_CAPABILITIES,
    DT_COMPATIBLE,
    DT_HYPERVISOR,
    DT_HYPERVISOR_NAME,
    DT_PARTITION,
    CLOCKSOURCE_CURRENT,
    CLOCKSOURCE_AVAILABLE,
    PID1_CGROUP,
    SELF_CGROUP,
    OS_RELEASE,
    REDHAT_RELEASE,
    MACHINE_ID,
    HOSTNAME,
    HYPERVISOR_TYPE,
    HYPERVISOR_UUID,
    DOCKERENV,
    DOCKERINIT,
    CONTAINERENV,
    SYSTEMD_CONTAINER,
)


class Filter(NamedTuple):
    """Keep only the entries of a file that start with one of `prefixes`."""

    prefixes: tuple[str, ...]
    separator: str  # "\0" for an environment block, "\n" for lines


# Files of which only some entries are kept: PID 1's environment can hold secrets and
# nestaudit needs only the `container=` entry that container engines set there; of the
# collector's own status only the Linux-VServer context ids; of lparcfg only the two lines
# virt-what reads (the rest names the machine's serial number).
FILTERED = {
    PID1_ENVIRON: Filter(("container=",), "\0"),
    SELF_STATUS: Filter(("VxID:", "NxID:"), "\n"),
    LPARCFG: Filter(("shared_processor_mode=", "system_type="), "\n"),
}

# Read only when the file before it in the pair is missing (os-release's own fallback).
FALLBACKS = {OS_RELEASE: OS_RELEASE_FALLBACK}

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


def module_parameters(module: str) -> str:
    """The folder of a loaded kernel module's parameters (`nested` is a file in it)."""
    return f"{SYS_MODULE}/{module}/parameters"


class Glob(NamedTuple):
    """A directory whose matching entries are each read; the listing is recorded too."""

    directory: str
    suffix: str  # "" takes every entry
    prefix: str = ""  # "" takes every entry

    def matches(self, name: str) -> bool:
        return name.startswith(self.prefix) and name.endswith(self.suffix)


KVM_MODULES = ("kvm", "kvm_intel", "kvm_amd")

# Order matters for modprobe: facts apply these locations in modprobe's own order.
MODPROBE_DIRS = (
    MODPROBE_ETC,
    "/run/modprobe.d",
    "/usr/local/lib/modprobe.d",
    "/usr/lib/modprobe.d",
    "/lib/modprobe.d",
)

# libvirt's domain XMLs: the persistent definitions, then the live status files.
PERSISTENT_DOMAINS = "/etc/libvirt/qemu"
LIVE_DOMAINS = (RUN_DOMAINS, "/var/run/libvirt/qemu")
LIBVIRT_DIRS = (PERSISTENT_DOMAINS, *LIVE_DOMAINS)
# The name of the command record holding `virsh dumpxml` of one domain: this, then its name.
VIRSH_DUMPXML = "virsh dumpxml "

# libvirt's CPU map: which features each named x86 CPU model gives a guest (the host's
# own version of it decides what a `custom` model includes). About 100-500 KB.
CPU_MAP = Glob("/usr/share/libvirt/cpu_map", ".xml", "x86_")

GLOBS = (
    *(Glob(module_parameters(m), "") for m in KVM_MODULES),
    *(Glob(d, ".conf") for d in MODPROBE_DIRS),
    *(Glob(d, ".xml") for d in LIBVIRT_DIRS),
    CPU_MAP,
)

# KVM's per-VM statistics in debugfs (root only, and only where debugfs is mounted): one
# folder per VM, named <pid>-<fd> after the process that holds the VM (QEMU, for a libvirt
# domain), each with a file per statistic. `nested_run` counts the vCPUs' entries into a
# nested guest: above 0, that VM has run its own VMs (verdicts.md, "Domain roles").
DEBUGFS_KVM = "/sys/kernel/debug/kvm"
VM_STATS = ("nested_run",)
MAX_VMS = 4096
"""At most this many per-VM folders are read (a host runs far fewer VMs)."""

# Folders whose entries are listed, never read: what their presence or names say.
LISTINGS = (PROC_XEN, DEVICE_TREE, SYS_BUS_XEN, SYS_BUS_XEN_BACKEND, VLDS, OPENVZ, OPENVZ_HOST)

# Recorded from stat only, never opened.
STATS = (DEV_KVM, DEV_MDESC)


VIRSH = ("virsh", "-r", "-c", "qemu:///system")
# The name of the command record of `virsh domcapabilities`: what host-model expands to.
VIRSH_DOMCAPABILITIES = "virsh domcapabilities"


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
    Command(VIRSH_DOMCAPABILITIES, (*VIRSH, "domcapabilities")),
)

# Per-file content cap, and a cap on the sum of all content.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
# Symbolic links followed while resolving one path, as Linux's own limit (ELOOP).
MAX_LINKS = 40
