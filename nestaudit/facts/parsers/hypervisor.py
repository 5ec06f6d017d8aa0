"""Name the hypervisor (and the cloud or product) a host runs under, from many sources.

Reads /sys/class/dmi/id/{sys_vendor,product_name,product_family,bios_vendor,...},
/sys/hypervisor/type, /proc/xen/capabilities, /proc/device-tree/hypervisor/compatible,
and the outputs of systemd-detect-virt, virt-what and dmidecode. DMI sample:
    /sys/class/dmi/id/sys_vendor:   Amazon EC2
    /sys/class/dmi/id/product_name: c5.large

Every source's answer is normalised to one vocabulary: none | kvm | vmware | hyperv | xen |
virtualbox | zvm | lpar | powervm | qemu-tcg | parallels | bhyve | other.
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
    return "kvm" if _kvm_guest(vendor, product, family) else None


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


_KVM_VENDORS = (
    "qemu", "bochs", "red hat", "ovirt", "openstack foundation", "kubevirt", "google",
    "nutanix", "alibaba cloud",
)
_KVM_PRODUCTS = ("bochs", "kvm", "standard pc", "google compute engine", "kubevirt")
_KVM_PRODUCT_PREFIXES = ("standard pc (", "kvm ", "rhev ", "ovirt ", "openstack ")


def _kvm_guest(vendor: str, product: str, family: str) -> bool:
    """DMI as QEMU writes it, or as a KVM-based product sets it."""
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
    if vendor == "red hat" and product == "kvm":
        return "rhel-kvm"
    return "none"


_SYSTEMD = {
    "none": "none",
    "kvm": "kvm",
    "amazon": "kvm",
    "qemu": "qemu-tcg",
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
    "qemu": "qemu-tcg",
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
    "lkvm": "kvm",
    "nutanix_ahv": "kvm",
    "alibaba_cloud": "kvm",
    "uml": "other",
    "openvz": "other",
    "linux_vserver": "other",
    "virtage": "other",
}
_VIRT_WHAT_CONTAINERS = {"docker", "podman", "lxc", "crio", "oci", "wsl", "systemd_nspawn"}
_VIRT_WHAT_CLOUDS = {
    "aws": "aws",
    "google_cloud": "gcp",
    "rhev": "rhv",
    "ovirt": "rhv",
    "alibaba_cloud": "alibaba",
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
            container = word.replace("systemd_nspawn", "systemd-nspawn")
        value = _VIRT_WHAT_HYPERVISORS.get(word)
        if value is None and word.startswith("xen"):
            value = "xen"
        if value is not None and hypervisor == "none":
            hypervisor = value
    return hypervisor, cloud, container


def device_tree_hypervisor(text: str) -> str:
    """/proc/device-tree/hypervisor/compatible holds NUL-separated strings ("xen,xen")."""
    lowered = text.replace("\x00", " ").lower()
    if "xen" in lowered:
        return "xen"
    if "kvm" in lowered:
        return "kvm"
    return "other"


def decide(votes: list[Vote]) -> tuple[str | None, bool | None]:
    """(hypervisor, disagreement) from all votes; (None, None) when no source spoke.

    Strong sources decide, the first one listed wins; weak votes only count when no strong
    source spoke. Disagreement is among the strong sources.
    """
    strong = [v for v in votes if v.strong]
    if strong:
        distinct = {v.value for v in strong}
        return strong[0].value, len(distinct) > 1
    if votes:
        values = {v.value for v in votes}
        # a hypervisor flag with an unknown DMI vendor: some hypervisor, not named
        return ("other" if "other" in values else votes[0].value), False
    return None, None
