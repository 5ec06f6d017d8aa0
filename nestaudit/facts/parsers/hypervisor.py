"""Name the hypervisor (and the cloud or product) a host runs under, from many sources.

Reads /sys/class/dmi/id/{sys_vendor,product_name,product_family,bios_vendor,...},
/sys/hypervisor/type, /proc/xen/capabilities, /proc/device-tree/hypervisor/compatible,
the clock sources, and the outputs of systemd-detect-virt, virt-what and dmidecode. DMI sample:
    /sys/class/dmi/id/sys_vendor:   Amazon EC2
    /sys/class/dmi/id/product_name: c5.large

Every source's answer is normalised to one vocabulary: none | kvm | qemu | vmware | hyperv |
xen | virtualbox | zvm | lpar | powervm | ldoms | parallels | bhyve | other. `qemu` is QEMU
with its accelerator unknown (verdicts.md, Emulated or accelerated): QEMU's own DMI strings
("QEMU", "Bochs", "Standard PC (Q35 + ICH9, 2009)") are the same under KVM and under TCG;
a source that shows KVM (the CPUID signature that systemd-detect-virt and virt-what read,
kvm-clock) refines it to `kvm`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

AZURE_ASSET_TAG = "7783-7084-3265-9085-8269-3286-77"


class Vote(NamedTuple):
    """What one source says. A weak vote (no hypervisor flag, a DMI vendor we do not know
    as virtual) only counts when no strong source speaks."""

    source: str
    value: str
    strong: bool = True

    @property
    def line(self) -> str:
        return f"{self.source}: {self.value}"


def _lower(dmi: Mapping[str, str], *keys: str) -> list[str]:
    return [dmi.get(k, "").strip().lower() for k in keys]


def dmi_hypervisor(dmi: Mapping[str, str]) -> str | None:
    """The hypervisor DMI names, "none" for AWS bare metal, None when DMI names none."""
    vendor, product, family, bios, board, chassis = _lower(
        dmi, "sys_vendor", "product_name", "product_family", "bios_vendor",
        "board_vendor", "chassis_vendor",
    )
    if "amazon ec2" in (vendor, bios):
        return "none" if product.endswith(".metal") else "kvm"
    everything = " ".join((vendor, product, family, bios, board, chassis))
    named = _self_named(vendor, product, bios, everything)
    if named is not None:
        return named
    if _kvm_guest(vendor, product, family):
        return "kvm"
    return "qemu" if _qemu_defaults(vendor, product, chassis) else None


def hardware_maker(dmi: Mapping[str, str]) -> bool:
    """DMI names a maker of physical machines (Dell, HPE, Lenovo, ...): bare metal, unless
    a stronger source says otherwise. Any other vendor says nothing (verdicts.md, Emulated or
    accelerated: an unknown DMI vendor is unknown, not bare metal)."""
    vendor = dmi.get("sys_vendor", "").strip().lower()
    return vendor.startswith(_HARDWARE_MAKERS)


def _self_named(vendor: str, product: str, bios: str, everything: str) -> str | None:
    """A hypervisor other than KVM, which names itself in DMI."""
    if "vmware" in vendor or "vmware" in product:
        return "vmware"
    if vendor.startswith("microsoft") and "virtual machine" in product:
        return "hyperv"
    if "innotek" in everything or "virtualbox" in product:
        return "virtualbox"
    if vendor == "xen" or "hvm domu" in product or bios == "xen":
        return "xen"
    if "parallels" in vendor or "parallels" in product:
        return "parallels"
    if "bhyve" in everything:
        return "bhyve"
    return None


# Products built on KVM, which name themselves; and "KVM" itself, which QEMU writes only
# with KVM on (RHEL's machine types; "KVM Virtual Machine" on ARM's virt machine).
_KVM_VENDORS = (
    "kvm", "red hat", "ovirt", "openstack foundation", "kubevirt", "google", "nutanix",
    "alibaba cloud",
)
_KVM_PRODUCTS = ("kvm", "google compute engine", "kubevirt")
_KVM_PRODUCT_PREFIXES = ("kvm ", "rhev ", "ovirt ", "openstack ")
# What QEMU writes by default whatever accelerates it (TCG, KVM, HVF, ...).
_QEMU_VENDORS = ("qemu", "bochs")
_QEMU_PRODUCTS = ("bochs", "standard pc", "qemu virtual machine")
_HARDWARE_MAKERS = (
    "dell", "hpe", "hp", "hewlett-packard", "lenovo", "ibm", "supermicro", "super micro",
    "cisco", "fujitsu", "inspur", "huawei", "xfusion", "apple", "ampere", "gigabyte",
    "asus", "quanta", "wiwynn", "acer", "micro-star", "toshiba", "samsung", "nvidia",
    "intel corporation", "oracle corporation", "framework", "system76",
)


def _qemu_defaults(vendor: str, product: str, chassis: str) -> bool:
    return (
        vendor in _QEMU_VENDORS
        or chassis in _QEMU_VENDORS
        or product in _QEMU_PRODUCTS
        or product.startswith("standard pc (")
    )


def _kvm_guest(vendor: str, product: str, family: str) -> bool:
    """DMI as a KVM-based product sets it."""
    return (
        vendor in _KVM_VENDORS
        or product in _KVM_PRODUCTS
        or product.startswith(_KVM_PRODUCT_PREFIXES)
        or "openshift virtualization" in product
        or "container-native virtualization" in product
        or family == "rhv"
    )


def dmi_cloud(dmi: Mapping[str, str]) -> str:
    """The cloud or virtualization product around a host, from DMI; "none" if it names none."""
    vendor, product, family, bios, asset, bios_version, product_version = _lower(
        dmi, "sys_vendor", "product_name", "product_family", "bios_vendor", "chassis_asset_tag",
        "bios_version", "product_version",
    )
    if "amazon ec2" in (vendor, bios) or "amazon" in bios_version or "amazon" in product_version:
        return "aws"
    if vendor == "google" or product == "google compute engine":
        return "gcp"
    if vendor.startswith("microsoft") and asset == AZURE_ASSET_TAG.lower():
        return "azure"
    if asset == "oraclecloud.com":
        return "oracle"
    if vendor == "alibaba cloud":
        return "alibaba"
    if "openshift virtualization" in product or "container-native virtualization" in product:
        return "openshift-virtualization"
    if "kubevirt" in (vendor, product):
        return "kubevirt"
    if product.startswith("openstack") or vendor == "openstack foundation":
        return "openstack"
    if family == "rhv" or product.startswith(("rhev hypervisor", "ovirt node")):
        return "rhv"
    if vendor == "upcloud":
        return "upcloud"
    if vendor == "red hat" and product == "kvm":
        return "rhel-kvm"
    return "none"


_SYSTEMD = {
    "none": "none",
    "kvm": "kvm",
    "amazon": "kvm",
    "google": "kvm",
    "qemu": "qemu",  # DMI or CPUID said QEMU, not KVM: the accelerator is still unknown
    "bochs": "qemu",
    "vmware": "vmware",
    "microsoft": "hyperv",
    "xen": "xen",
    "oracle": "virtualbox",
    "parallels": "parallels",
    "bhyve": "bhyve",
    "zvm": "zvm",
    "powervm": "powervm",
}


# What systemd-detect-virt prints for a container: no answer about the hypervisor.
_SYSTEMD_CONTAINERS = frozenset({
    "docker", "podman", "lxc", "lxc-libvirt", "systemd-nspawn", "openvz", "rkt", "wsl",
    "proot", "pouch", "container-other",
})


def systemd_detect_virt(stdout: str) -> str | None:
    """The answer of `systemd-detect-virt` (prints one word; "none" on bare metal).

    A container engine's name says nothing of the hypervisor below it: None.
    """
    word = stdout.strip().split()[0].lower() if stdout.strip() else ""
    if not word or word in _SYSTEMD_CONTAINERS:
        return None
    return _SYSTEMD.get(word, "other")


_VIRT_WHAT_HYPERVISORS = {
    "kvm": "kvm",
    "qemu": "qemu",  # virt-what also says qemu from DMI alone (its test case qemu-smbios)
    "vmware": "vmware",
    "hyperv": "hyperv",
    "virtualbox": "virtualbox",
    "parallels": "parallels",
    "bhyve": "bhyve",
    "xen": "xen",
    "ibm_systemz-zvm": "zvm",
    "ibm_systemz-kvm": "kvm",
    "ibm_systemz-lpar": "lpar",
    "ibm_power-kvm": "kvm",
    "ibm_power-lpar_shared": "powervm",
    "ibm_power-lpar_dedicated": "powervm",
    "powervm_lx86": "powervm",
    "lkvm": "kvm",
    "nutanix_ahv": "kvm",
    "alibaba_cloud": "kvm",
    "ldoms": "ldoms",
    "uml": "other",
    "virtage": "other",
    "virtualpc": "other",
    "vmm": "other",
}
_VIRT_WHAT_CONTAINERS = {
    "docker": "docker", "podman": "podman", "lxc": "lxc", "crio": "crio", "oci": "oci",
    "wsl": "wsl", "systemd_nspawn": "systemd-nspawn", "openvz": "openvz",
    "linux_vserver-guest": "linux-vserver", "illumos-lx": "illumos-lx",
}
_VIRT_WHAT_CLOUDS = {
    "aws": "aws",
    "google_cloud": "gcp",
    "rhev": "rhv",
    "ovirt": "rhv",
    "alibaba_cloud": "alibaba",
    "upcloud": "upcloud",
}


def virt_what(stdout: str) -> tuple[str, str | None, str | None]:
    """(hypervisor, cloud or None, container or None) from `virt-what` output.

    virt-what prints one fact per line, the most general first (`xen` then `xen-hvm`),
    nothing on bare metal; "aws" alone is AWS bare metal.
    """
    words = [w.strip().lower() for w in stdout.splitlines() if w.strip()]
    hypervisor = "none"
    cloud: str | None = None
    container: str | None = None
    for word in words:
        if word in _VIRT_WHAT_CLOUDS and cloud is None:
            cloud = _VIRT_WHAT_CLOUDS[word]
        if word in _VIRT_WHAT_CONTAINERS and container is None:
            container = _VIRT_WHAT_CONTAINERS[word]
        value = _VIRT_WHAT_HYPERVISORS.get(word)
        if value is None and word.startswith("xen"):
            value = "xen"
        if value is not None and hypervisor == "none":
            hypervisor = value
    return hypervisor, cloud, container


def device_tree_hypervisor(text: str) -> str:
    """/proc/device-tree/hypervisor/compatible holds NUL-separated strings ("xen,xen";
    "linux,kvm", which QEMU's POWER machine sets only with KVM; "vmware")."""
    lowered = text.replace("\x00", " ").lower()
    for word in ("xen", "kvm", "vmware"):
        if word in lowered:
            return word
    return "other"


def device_tree_machine(compatible: str, nodes: list[str]) -> str | None:
    """What the device tree's root says: a `fw-cfg@...` node is QEMU's firmware interface
    (its accelerator unknown); "linux,dummy-virt" without it is kvmtool (lkvm), which runs
    on KVM only. `nodes` is the listing of /proc/device-tree."""
    if any(n.startswith("fw-cfg") for n in nodes):
        return "qemu"
    if "dummy-virt" in compatible:
        return "kvm"
    return None


def clocksource_hypervisor(clocks: str) -> str | None:
    """The hypervisor a paravirtual clock source belongs to (current or available ones):
    kvm-clock is KVM's own (QEMU without KVM offers none), xen is Xen's, hyperv_clocksource_*
    Hyper-V's. Sample: `tsc kvm-clock acpi_pm`."""
    words = clocks.split()
    if "kvm-clock" in words:
        return "kvm"
    if "xen" in words:
        return "xen"
    if any(w.startswith("hyperv_clocksource") for w in words):
        return "hyperv"
    return None


def power_platform(system: Mapping[str, str], lparcfg: str | None) -> str | None:
    """POWER's cpuinfo platform line (and lparcfg's system type): PowerNV runs on the bare
    machine (OPAL); pSeries runs in a partition, of PowerVM, or of QEMU when the model says
    "emulated by qemu" (virt-what reads the same lines)."""
    platform = system.get("platform", "").lower()
    emulated = "emulated by qemu" in (system.get("model", "") + (lparcfg or "")).lower()
    if platform == "powernv":
        return "none"
    if platform == "pseries" or lparcfg is not None:
        return "qemu" if emulated else "powervm"
    return None


def decide(votes: list[Vote]) -> tuple[str | None, bool | None]:
    """(hypervisor, disagreement) from all votes; (None, None) when no source spoke.

    Strong sources decide, the first one listed wins; weak votes only count when no strong
    source spoke. Disagreement is among the strong sources.
    """
    strong = [v for v in votes if v.strong]
    if strong:
        distinct = {v.value for v in strong}
        if "kvm" in distinct and "qemu" in distinct:
            # QEMU with its accelerator unknown, and a source that shows KVM: they agree
            distinct.discard("qemu")
            first = next(v.value for v in strong if v.value != "qemu")
            return first, len(distinct) > 1
        return strong[0].value, len(distinct) > 1
    if votes:
        values = {v.value for v in votes}
        # a hypervisor flag with an unknown DMI vendor: some hypervisor, not named
        return ("other" if "other" in values else votes[0].value), False
    return None, None
