"""Build the fake host roots in samples/roots/ from real corpus data plus written files.

Run from anywhere: `python samples/build_roots.py [OUT]` (OUT defaults to samples/). It
replaces OUT/roots/, then writes OUT/provenance.json (where every file of every root came
from) and OUT/README.md (the same, for people). Deterministic: the same corpus gives the same
tree, byte for byte, so a diff after a rebuild shows exactly what changed.

Real files are copied byte for byte from tests/corpus/ (a copy of ../shared/corpus whose
cases.json names each case's upstream repository and commit). A few real files are
"adapted": the change is one stated edit (a UUID made unique, a `hypervisor` flag added
to a real bare-metal cpuinfo to stand for a VM's). Everything else is "written for
nestaudit" in the real format, because the corpus holds no such data.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO / "tests" / "corpus"

REAL = "real"
ADAPTED = "adapted"
WRITTEN = "written"


@dataclass(frozen=True)
class Entry:
    """One file of a root: its bytes and where they came from."""

    data: bytes
    origin: str  # real | adapted | written
    source: str = ""  # corpus path (tests/corpus/...) for real and adapted files
    note: str = ""


@dataclass
class Root:
    name: str
    represents: str
    files: dict[str, Entry] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, entry: Entry) -> None:
        if path in self.files:
            raise ValueError(f"{self.name}: {path} added twice")
        self.files[path] = entry

    def update(self, entries: dict[str, Entry]) -> None:
        for path, entry in entries.items():
            self.add(path, entry)


# ---------------------------------------------------------------- entry makers


def real(source: str, note: str = "") -> Entry:
    """A corpus file copied byte for byte; `source` is relative to tests/corpus."""
    data = (CORPUS / source).read_bytes()
    return Entry(data, REAL, source, note)


def adapted(source: str, text: str, note: str) -> Entry:
    return Entry(text.encode("utf-8"), ADAPTED, source, note)


def written(text: str, note: str = "") -> Entry:
    return Entry(text.encode("utf-8"), WRITTEN, "", note)


def empty(note: str) -> Entry:
    return Entry(b"", WRITTEN, "", note)


def corpus_text(source: str) -> str:
    return (CORPUS / source).read_text("utf-8")


def fake_hex(seed: str, length: int) -> str:
    """Deterministic made-up hex (machine-ids, serials) derived from a seed."""
    out = ""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"{seed}/{counter}".encode()).hexdigest()
        counter += 1
    return out[:length]


def fake_uuid(seed: str) -> str:
    """A made-up random-style (version 4) UUID, deterministic for a seed."""
    h = fake_hex("uuid:" + seed, 32)
    variant = "89ab"[int(h[16], 16) % 4]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"


# ---------------------------------------------------------------- OS and kernel

OS = {
    # key: (corpus case, redhat-release line or None, kernel, proc/version compiler text)
    "rhel-10.0": (
        "os-release/rhel-10.0",
        "Red Hat Enterprise Linux release 10.0 (Coughlan)",
        "6.12.0-55.9.1.el10_0",
        "(gcc (GCC) 14.2.1 20250110 (Red Hat 14.2.1-7), GNU ld version 2.41-53.el10) "
        "#1 SMP PREEMPT_DYNAMIC Tue Apr 15 09:21:08 EDT 2025",
    ),
    "rhel-9.6": (
        "os-release/rhel-9.6",
        "Red Hat Enterprise Linux release 9.6 (Plow)",
        "5.14.0-570.12.1.el9_6",
        "(gcc (GCC) 11.5.0 20240719 (Red Hat 11.5.0-5), GNU ld version 2.35.2-63.el9) "
        "#1 SMP PREEMPT_DYNAMIC Tue Apr 22 05:31:53 EDT 2025",
    ),
    "rhel-9.4": (
        "os-release/rhel-9.4",
        "Red Hat Enterprise Linux release 9.4 (Plow)",
        "5.14.0-427.13.1.el9_4",
        "(gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3), GNU ld version 2.35.2-43.el9) "
        "#1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024",
    ),
    "rhel-9.2": (
        "os-release/rhel-9.2",
        "Red Hat Enterprise Linux release 9.2 (Plow)",
        "5.14.0-284.11.1.el9_2",
        "(gcc (GCC) 11.3.1 20221121 (Red Hat 11.3.1-4), GNU ld version 2.35.2-37.el9) "
        "#1 SMP PREEMPT_DYNAMIC Wed Apr 12 10:45:03 EDT 2023",
    ),
    "rhel-8.10": (
        "os-release/rhel-8.10",
        "Red Hat Enterprise Linux release 8.10 (Ootpa)",
        "4.18.0-553.el8_10",
        "(gcc version 8.5.0 20210514 (Red Hat 8.5.0-22) (GCC)) #1 SMP Fri May 10 15:19:13 EDT 2024",
    ),
    "centos-9": (
        "os-release/centos-9",
        "CentOS Stream release 9",
        "5.14.0-598.el9",
        "(gcc (GCC) 11.5.0 20240719 (Red Hat 11.5.0-7), GNU ld version 2.35.2-65.el9) "
        "#1 SMP PREEMPT_DYNAMIC Thu Jul 10 12:00:31 UTC 2025",
    ),
    "ubuntu-24.04": (
        "os-release/ubuntu-24.04",
        None,
        "6.8.0-49-generic",
        "(x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for "
        "Ubuntu) 2.42) #49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024",
    ),
}

STD_LINKS = {"var/run": "../run", "lib": "usr/lib", "etc/os-release": "../usr/lib/os-release"}


def kernel_release(os_key: str, arch: str) -> str:
    kernel = OS[os_key][2]
    return kernel if kernel.endswith("-generic") else f"{kernel}.{arch}"


def cmdline(os_key: str, arch: str, extra: str = "") -> str:
    release = kernel_release(os_key, arch)
    if arch == "s390x":
        text = (
            "root=/dev/mapper/rhel_lpar-root rd.dasd=0.0.3d40 rd.lvm.lv=rhel_lpar/root "
            "cio_ignore=all,!condev rd.znet=qeth,0.0.bdf0,0.0.bdf1,0.0.bdf2,layer2=1,portno=0 "
            "crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M "
            f"BOOT_IMAGE=(ieee0)/boot/vmlinuz-{release}"
        )
    elif os_key.startswith("ubuntu"):
        text = f"BOOT_IMAGE=/vmlinuz-{release} root=/dev/mapper/ubuntu--vg-ubuntu--lv ro"
    else:
        vg = "cs" if os_key.startswith("centos") else "rhel"
        part = "(hd0,gpt2)"
        text = (
            f"BOOT_IMAGE={part}/vmlinuz-{release} root=/dev/mapper/{vg}-root ro "
            "crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M "
            f"resume=/dev/mapper/{vg}-swap rd.lvm.lv={vg}/root rd.lvm.lv={vg}/swap rhgb quiet"
        )
    if extra:
        text += " " + extra
    return text + "\n"


def meminfo(total_kib: int, hugepages: int = 0, hugepages_free: int = 0) -> str:
    """A /proc/meminfo in the kernel's layout (values plausible for the size, not measured)."""
    free = total_kib // 3
    hp_kib = hugepages * 2048
    rows = [
        ("MemTotal", total_kib),
        ("MemFree", max(free - hp_kib, 0)),
        ("MemAvailable", max(total_kib // 2 - hp_kib, 0)),
        ("Buffers", 6312),
        ("Cached", total_kib // 8),
        ("SwapCached", 0),
        ("Active", total_kib // 5),
        ("Inactive", total_kib // 9),
        ("SwapTotal", 8388604),
        ("SwapFree", 8388604),
        ("Dirty", 112),
        ("Writeback", 0),
        ("AnonPages", total_kib // 6),
        ("Mapped", 180224),
        ("Shmem", 27532),
        ("Slab", 912344),
        ("PageTables", 41208),
        ("CommitLimit", total_kib // 2 + 8388604),
        ("Committed_AS", total_kib // 4),
        ("VmallocTotal", 34359738367),
        ("VmallocUsed", 312404),
        ("AnonHugePages", 4096000 if total_kib > 16777216 else 0),
    ]
    lines = [f"{k + ':':<16}{v:>8} kB" for k, v in rows]
    lines += [
        f"{'HugePages_Total:':<16}{hugepages:>8}",
        f"{'HugePages_Free:':<16}{hugepages_free:>8}",
        f"{'HugePages_Rsvd:':<16}{0:>8}",
        f"{'HugePages_Surp:':<16}{0:>8}",
        f"{'Hugepagesize:':<16}{2048:>8} kB",
        f"{'Hugetlb:':<16}{hp_kib:>8} kB",
    ]
    return "\n".join(lines) + "\n"


def linux_base(
    *,
    hostname: str,
    os_key: str,
    arch: str = "x86_64",
    mem_kib: int = 67108864,
    hugepages: int = 0,
    hugepages_free: int = 0,
    cmdline_extra: str = "",
    kernel_hostname: str | None = None,
    machine_id: bool = True,
    cgroup: str = "0::/init.scope\n",
) -> dict[str, Entry]:
    """The files every Linux host in the samples has: OS identity, kernel, hostname."""
    case, redhat_release, _kernel, build = OS[os_key]
    release = kernel_release(os_key, arch)
    builder = "mockbuild@" + arch.replace("_", "-") + "-01.build.eng.rdu2.redhat.com"
    if os_key.startswith("ubuntu"):
        builder = "buildd@lcy02-amd64-056"
    files: dict[str, Entry] = {
        "usr/lib/os-release": real(f"{case}/etc/os-release"),
        "etc/hostname": written(hostname + "\n"),
        "proc/sys/kernel/hostname": written((kernel_hostname or hostname) + "\n"),
        "proc/sys/kernel/osrelease": written(release + "\n"),
        "proc/version": written(f"Linux version {release} ({builder}) {build}\n"),
        "proc/cmdline": written(cmdline(os_key, arch, cmdline_extra)),
        "proc/meminfo": written(meminfo(mem_kib, hugepages, hugepages_free)),
        "proc/1/cgroup": written(cgroup),
    }
    if machine_id:  # a real host's /run is never empty; git keeps no empty folders
        pid = int(fake_hex("sshd:" + hostname, 4), 16) % 3000 + 900
        files["run/sshd.pid"] = written(f"{pid}\n")
    if redhat_release:
        files["etc/redhat-release"] = written(redhat_release + "\n")
    if machine_id:
        files["etc/machine-id"] = written(fake_hex("machine-id:" + hostname, 32) + "\n")
    return files


# ---------------------------------------------------------------- CPU


def vm_cpuinfo(source: str, keep: int | None = None) -> Entry:
    """A real bare-metal cpuinfo turned into a VM's: `hypervisor` added to every flags line.

    With `keep`, only the first `keep` processors stay and the topology fields say one
    socket of `keep` single-thread cores, as QEMU's default topology shows them.
    """
    text = corpus_text(source)
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if keep is not None:
        blocks = blocks[:keep]
    out = []
    for index, block in enumerate(blocks):
        lines = []
        for line in block.split("\n"):
            key = line.split(":", 1)[0].strip()
            if key == "flags":
                head, flags = line.split(":", 1)
                names = flags.split()
                anchor = "rdrand" if "rdrand" in names else "avx"
                names.insert(names.index(anchor) + 1, "hypervisor")
                line = f"{head}: {' '.join(names)}"
            elif keep is not None and key in ("physical id",):
                line = line.split(":", 1)[0] + ": 0"
            elif keep is not None and key in ("siblings", "cpu cores"):
                line = line.split(":", 1)[0] + f": {keep}"
            elif keep is not None and key in ("core id", "apicid", "initial apicid"):
                line = line.split(":", 1)[0] + f": {index}"
            lines.append(line)
        out.append("\n".join(lines))
    note = "`hypervisor` added to every flags line"
    if keep is not None:
        note = f"first {keep} processors kept, topology set to 1 socket x {keep} cores, " + note
    return adapted(source, "\n\n".join(out) + "\n\n", note)


# ---------------------------------------------------------------- kernel modules

# one /proc/modules row: name, size, reference count, modules using it
Module = tuple[str, int, int, list[str]]

X86_SERVER: list[Module] = [
    ("fuse", 221184, 1, []),
    ("xfs", 3473408, 3, []),
    ("sd_mod", 86016, 4, []),
    ("sg", 45056, 0, []),
    ("ahci", 49152, 2, []),
    ("libahci", 57344, 1, ["ahci"]),
    ("libata", 471040, 2, ["ahci", "libahci"]),
    ("ipmi_ssif", 45056, 0, []),
    ("ipmi_si", 86016, 0, []),
    ("ipmi_devintf", 16384, 0, []),
    ("ipmi_msghandler", 86016, 3, ["ipmi_ssif", "ipmi_si", "ipmi_devintf"]),
    ("dm_mirror", 28672, 0, []),
    ("dm_region_hash", 24576, 1, ["dm_mirror"]),
    ("dm_log", 24576, 2, ["dm_mirror", "dm_region_hash"]),
    ("dm_mod", 245760, 9, ["dm_mirror", "dm_log"]),
]
INTEL_EXTRA: list[Module] = [
    ("i40e", 638976, 0, []),
    ("intel_rapl_msr", 20480, 0, []),
    ("intel_rapl_common", 53248, 1, ["intel_rapl_msr"]),
    ("skx_edac", 32768, 0, []),
]
AMD_EXTRA: list[Module] = [
    ("tg3", 229376, 0, []),
    ("amd64_edac", 57344, 0, []),
    ("edac_mce_amd", 28672, 1, ["amd64_edac"]),
    ("k10temp", 12288, 0, []),
]
VIRTIO_GUEST: list[Module] = [
    ("xfs", 3473408, 3, []),
    ("virtio_net", 77824, 0, []),
    ("net_failover", 24576, 1, ["virtio_net"]),
    ("failover", 12288, 1, ["net_failover"]),
    ("virtio_blk", 32768, 3, []),
    ("virtio_console", 45056, 0, []),
    ("virtio_balloon", 28672, 0, []),
    ("dm_mod", 245760, 9, []),
]
VMWARE_GUEST: list[Module] = [
    ("xfs", 3473408, 3, []),
    ("vmxnet3", 86016, 0, []),
    ("vmw_pvscsi", 32768, 2, []),
    ("vmw_vmci", 110592, 1, []),
    ("vmwgfx", 475136, 1, []),
    ("dm_mod", 245760, 9, []),
]
HYPERV_GUEST: list[Module] = [
    ("xfs", 3473408, 3, []),
    ("hv_netvsc", 118784, 0, []),
    ("hv_storvsc", 28672, 2, []),
    ("hv_utils", 57344, 2, []),
    ("hyperv_keyboard", 12288, 0, []),
    ("hv_vmbus", 167936, 6, ["hv_netvsc", "hv_storvsc", "hv_utils", "hyperv_keyboard"]),
    ("dm_mod", 245760, 9, []),
]
AWS_GUEST: list[Module] = [
    ("xfs", 3473408, 2, []),
    ("ena", 172032, 0, []),
    ("nvme", 57344, 2, []),
    ("nvme_core", 212992, 3, ["nvme"]),
    ("dm_mod", 245760, 0, []),
]
S390_LPAR: list[Module] = [
    ("xfs", 3473408, 3, []),
    ("qeth_l2", 73728, 1, []),
    ("qeth", 159744, 1, ["qeth_l2"]),
    ("ccwgroup", 24576, 1, ["qeth"]),
    ("dasd_eckd_mod", 143360, 4, []),
    ("dasd_mod", 184320, 5, ["dasd_eckd_mod"]),
    ("pkey", 36864, 0, []),
    ("zcrypt", 90112, 1, ["pkey"]),
    ("dm_mod", 245760, 9, []),
]
ARM_SERVER: list[Module] = [
    ("xfs", 3473408, 3, []),
    ("xgene_enet", 94208, 0, []),
    ("ahci_xgene", 20480, 2, []),
    ("libahci_platform", 24576, 1, ["ahci_xgene"]),
    ("dm_mod", 245760, 9, []),
]


def libvirt_modules(running: int) -> list[Module]:
    """What a libvirt host with NAT networking has loaded (vhost-net, tap, bridge)."""
    return [
        ("vhost_net", 36864, running, []),
        ("vhost", 65536, 1, ["vhost_net"]),
        ("vhost_iotlb", 16384, 1, ["vhost"]),
        ("tap", 32768, 1, ["vhost_net"]),
        ("tun", 73728, running * 2 + 1, ["vhost_net"]),
        ("bridge", 425984, 0, []),
        ("stp", 12288, 1, ["bridge"]),
        ("llc", 16384, 2, ["bridge", "stp"]),
    ]


def kvm_modules(vendor: str, running: int) -> list[Module]:
    if vendor == "intel":
        return [
            ("kvm_intel", 479232, running, []),
            ("kvm", 1425408, 1, ["kvm_intel"]),
            ("irqbypass", 12288, 1, ["kvm"]),
        ]
    if vendor == "amd":
        return [
            ("kvm_amd", 245760, running, []),
            ("ccp", 159744, 1, ["kvm_amd"]),
            ("kvm", 1425408, 1, ["kvm_amd"]),
            ("irqbypass", 12288, 1, ["kvm"]),
        ]
    if vendor == "s390":
        return [("kvm", 720896, running, [])]
    raise ValueError(vendor)


def proc_modules(mods: list[Module], arch: str = "x86_64") -> Entry:
    """/proc/modules as root sees it: name size refcount users state address."""
    base = {"s390x": 0x000003FF80000000, "aarch64": 0xFFFF800079000000}.get(
        arch, 0xFFFFFFFFC0000000
    )
    lines = []
    for index, (name, size, refs, users) in enumerate(mods):
        used = ",".join(users) + "," if users else "-"
        lines.append(f"{name} {size} {refs} {used} Live 0x{base + index * 0x40000:016x}")
    return written("\n".join(lines) + "\n")


def params(module: str, values: dict[str, str]) -> dict[str, Entry]:
    return {f"sys/module/{module}/parameters/{k}": written(v + "\n") for k, v in values.items()}


KVM_X86_PARAMS = {
    "eager_page_split": "Y",
    "enable_pmu": "Y",
    "halt_poll_ns": "200000",
    "ignore_msrs": "N",
    "kvmclock_periodic_sync": "Y",
    "nx_huge_pages": "N",
    "report_ignored_msrs": "Y",
    "tdp_mmu": "Y",
}


def kvm_intel_params(nested: str) -> dict[str, str]:
    return {
        "nested": nested,
        "ept": "Y",
        "eptad": "Y",
        "vpid": "Y",
        "unrestricted_guest": "Y",
        "enable_apicv": "Y",
        "enable_shadow_vmcs": "Y",
        "flexpriority": "Y",
        "pml": "Y",
        "preemption_timer": "Y",
        "emulate_invalid_guest_state": "Y",
        "dump_invalid_vmcs": "N",
    }


def kvm_amd_params(nested: str) -> dict[str, str]:
    return {
        "nested": nested,
        "npt": "Y",
        "avic": "N",
        "sev": "N",
        "sev_es": "N",
        "vls": "Y",
        "vgif": "1",
        "pause_filter_count": "3000",
    }


def x86_kvm(vendor: str, nested: str, running: int) -> tuple[list[Module], dict[str, Entry]]:
    """kvm + vendor module loaded: (module rows, sysfs parameter files + /dev/kvm)."""
    files = params("kvm", KVM_X86_PARAMS)
    if vendor == "intel":
        files.update(params("kvm_intel", kvm_intel_params(nested)))
    else:
        files.update(params("kvm_amd", kvm_amd_params(nested)))
    files["dev/kvm"] = DEV_KVM
    return kvm_modules(vendor, running), files


DEV_KVM = empty(
    "stands for the /dev/kvm character device: git cannot hold device nodes, and the facts "
    "stage reads an empty regular file here in a --root collection as the device present"
)

# ---------------------------------------------------------------- modprobe

USR_LIB_KVM_CONF = """\
#
# User changes in this file are preserved across upgrades.
#
# For Intel
#options kvm_intel nested=1
#
# For AMD
#options kvm_amd nested=1
"""
USR_LIB_KVM_NOTE = (
    "qemu-kvm's shipped kvm.conf, options commented out (from memory of the package; "
    "no copy in the corpus)"
)


def modprobe(text: str) -> Entry:
    return written(text)


# ---------------------------------------------------------------- DMI


def dmi(fields: dict[str, str], note: str = "") -> dict[str, Entry]:
    return {f"sys/class/dmi/id/{k}": written(v + "\n", note) for k, v in fields.items() if v}


def real_dmi(case: str) -> dict[str, Entry]:
    folder = CORPUS / case / "sys/class/dmi/id"
    note = "derived by the corpus builder from the case's real dmidecode output"
    return {
        f"sys/class/dmi/id/{p.name}": real(f"{case}/sys/class/dmi/id/{p.name}", note)
        for p in sorted(folder.iterdir())
    }


def dell_uuid(tag: str) -> str:
    """Dell system UUIDs embed "DELL" and the service tag bytes (4c4c4544-00xx-...)."""
    b = tag.encode("ascii").hex()
    return f"4c4c4544-00{b[0:2]}-{b[2:6]}-80{b[6:8]}-{b[8:14].ljust(12, '0')[:12]}"


def dell_server(model: str, tag: str, board: str, bios: str, date: str) -> dict[str, str]:
    return {
        "sys_vendor": "Dell Inc.",
        "product_name": model,
        "product_family": "PowerEdge",
        "product_sku": f"SKU=NotProvided;ModelName={model}",
        "product_serial": tag,
        "product_uuid": dell_uuid(tag),
        "bios_vendor": "Dell Inc.",
        "bios_version": bios,
        "bios_date": date,
        "board_vendor": "Dell Inc.",
        "board_name": board,
        "board_version": "A07",
        "board_serial": f".{tag}.CNFCP0019B02AB.",
        "chassis_vendor": "Dell Inc.",
        "chassis_serial": tag,
    }


def hpe_server(
    vendor: str, model: str, sku: str, serial: str, bios: str, date: str
) -> dict[str, str]:
    return {
        "sys_vendor": vendor,
        "product_name": model,
        "product_family": "ProLiant",
        "product_sku": sku,
        "product_serial": serial,
        "product_uuid": fake_uuid("hpe:" + serial),
        "bios_vendor": vendor,
        "bios_version": bios,
        "bios_date": date,
        "board_vendor": vendor,
        "board_name": model,
        "chassis_vendor": vendor,
        "chassis_serial": serial,
    }


# ---------------------------------------------------------------- libvirt XML

GENERATED_HEADER = """\
<!--
WARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE
OVERWRITTEN AND LOST. Changes to this xml configuration should be made using:
  virsh edit {name}
or other application using the libvirt API.
-->

"""


def attr(value: str) -> str:
    return escape(value, {'"': "&quot;", "'": "&apos;"})


HYPERV_FEATURES = """\
    <hyperv mode='custom'>
      <relaxed state='on'/>
      <vapic state='on'/>
      <spinlocks state='on' retries='8191'/>
      <vpindex state='on'/>
      <runtime state='on'/>
      <synic state='on'/>
      <stimer state='on'/>
      <frequencies state='on'/>
      <tlbflush state='on'/>
      <ipi state='on'/>
      <evmcs state='on'/>
    </hyperv>
"""


def domain_xml(
    *,
    name: str,
    uuid: str,
    cpu: str,
    os_id: str | None = None,
    title: str | None = None,
    description: str | None = None,
    memory_mib: int = 8192,
    vcpus: int = 4,
    machine: str = "pc-q35-rhel10.0.0",
    arch: str = "x86_64",
    windows: bool = False,
    hugepages: bool = False,
    disk: str | None = None,
) -> str:
    """A persistent domain definition as libvirt writes it to /etc/libvirt/qemu/<name>.xml."""
    kib = memory_mib * 1024
    parts = [GENERATED_HEADER.format(name=name), "<domain type='kvm'>\n"]
    parts.append(f"  <name>{attr(name)}</name>\n  <uuid>{uuid}</uuid>\n")
    if title is not None:
        parts.append(f"  <title>{attr(title)}</title>\n")
    if description is not None:
        parts.append(f"  <description>{attr(description)}</description>\n")
    if os_id:
        parts.append(
            "  <metadata>\n"
            '    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/'
            'domain/1.0">\n'
            f'      <libosinfo:os id="{os_id}"/>\n'
            "    </libosinfo:libosinfo>\n"
            "  </metadata>\n"
        )
    parts.append(
        f"  <memory unit='KiB'>{kib}</memory>\n  <currentMemory unit='KiB'>{kib}</currentMemory>\n"
    )
    if hugepages:
        parts.append("  <memoryBacking>\n    <hugepages/>\n  </memoryBacking>\n")
    parts.append(f"  <vcpu placement='static'>{vcpus}</vcpu>\n")
    firmware = " firmware='efi'" if windows or arch == "aarch64" else ""
    parts.append(
        f"  <os{firmware}>\n"
        f"    <type arch='{arch}' machine='{machine}'>hvm</type>\n"
        "    <boot dev='hd'/>\n"
        "  </os>\n"
    )
    if arch == "x86_64":
        parts.append("  <features>\n    <acpi/>\n    <apic/>\n")
        if windows:
            parts.append(HYPERV_FEATURES)
        parts.append("    <vmport state='off'/>\n  </features>\n")
    if cpu:
        parts.append(cpu)
    clock = "localtime" if windows else "utc"
    parts.append(f"  <clock offset='{clock}'>\n")
    parts.append(
        "    <timer name='rtc' tickpolicy='catchup'/>\n"
        "    <timer name='pit' tickpolicy='delay'/>\n"
        "    <timer name='hpet' present='no'/>\n"
    )
    if windows:
        parts.append("    <timer name='hypervclock' present='yes'/>\n")
    parts.append("  </clock>\n")
    parts.append(
        "  <on_poweroff>destroy</on_poweroff>\n"
        "  <on_reboot>restart</on_reboot>\n"
        "  <on_crash>destroy</on_crash>\n"
    )
    image = disk or f"/var/lib/libvirt/images/{name}.qcow2"
    bus = "sata" if windows else "virtio"
    target = "sda" if windows else "vda"
    emulator = "/usr/libexec/qemu-kvm"
    parts.append(
        "  <devices>\n"
        f"    <emulator>{emulator}</emulator>\n"
        "    <disk type='file' device='disk'>\n"
        "      <driver name='qemu' type='qcow2' discard='unmap'/>\n"
        f"      <source file='{attr(image)}'/>\n"
        f"      <target dev='{target}' bus='{bus}'/>\n"
        "    </disk>\n"
        "    <interface type='network'>\n"
        f"      <mac address='52:54:00:{fake_hex('mac:' + uuid, 6)[0:2]}:"
        f"{fake_hex('mac:' + uuid, 6)[2:4]}:{fake_hex('mac:' + uuid, 6)[4:6]}'/>\n"
        "      <source network='default'/>\n"
        f"      <model type='{'e1000e' if windows else 'virtio'}'/>\n"
        "    </interface>\n"
        "    <console type='pty'>\n"
        "      <target type='serial' port='0'/>\n"
        "    </console>\n"
    )
    if windows:
        parts.append(
            "    <tpm model='tpm-crb'>\n"
            "      <backend type='emulator' version='2.0'/>\n"
            "    </tpm>\n"
        )
    parts.append(
        "    <memballoon model='virtio'/>\n"
        "    <rng model='virtio'>\n"
        "      <backend model='random'>/dev/urandom</backend>\n"
        "    </rng>\n"
        "  </devices>\n"
        "</domain>\n"
    )
    return "".join(parts)


def wdom(
    root: Root, name: str, cpu: str, os_id: str | None, uuid: str | None = None, **kw: Any
) -> Entry:
    """A written persistent definition for a domain of `root` (UUID made up unless given)."""
    return written(
        domain_xml(
            name=name, uuid=uuid or fake_uuid(f"{root.name}/{name}"), cpu=cpu, os_id=os_id, **kw
        )
    )


def cpu_passthrough() -> str:
    return "  <cpu mode='host-passthrough' check='none' migratable='on'/>\n"


def cpu_custom(model: str, features: list[tuple[str, str]], vendor_fallback: str = "") -> str:
    rows = ["  <cpu mode='custom' match='exact' check='partial'>\n"]
    rows.append(f"    <model fallback='forbid'>{model}</model>\n")
    if vendor_fallback:
        rows.append(f"    <vendor>{vendor_fallback}</vendor>\n")
    rows += [f"    <feature policy='{p}' name='{n}'/>\n" for p, n in features]
    rows.append("  </cpu>\n")
    return "".join(rows)


def status_xml(persistent: str, *, name: str, dom_id: int, pid: int, vcpus: int) -> str:
    """The live status XML libvirt keeps in /run/libvirt/qemu/<name>.xml for a running domain.

    Shape as in libvirt's own status files: <domstatus> with the monitor, vCPU threads and
    QEMU capabilities, wrapping the live <domain> (which carries id='N').
    """
    body = persistent
    if body.startswith("<!--"):
        body = body.split("-->\n", 1)[1].lstrip("\n")
    body = body.replace("<domain type='kvm'>", f"<domain type='kvm' id='{dom_id}'>", 1)
    body = body.replace('<domain type="kvm">', f"<domain type='kvm' id='{dom_id}'>", 1)
    indented = "".join("  " + line if line.strip() else line for line in body.splitlines(True))
    short = f"{dom_id}-{name[:20]}"
    taint = "  <taint flag='host-cpu'/>\n" if "host-passthrough" in body else ""
    vcpu_rows = "".join(f"    <vcpu id='{i}' pid='{pid + 3 + i}'/>\n" for i in range(vcpus))
    return (
        GENERATED_HEADER.format(name=name)
        + f"<domstatus state='running' reason='booted' pid='{pid}'>\n"
        + taint
        + f"  <monitor path='/var/lib/libvirt/qemu/domain-{attr(short)}/monitor.sock' "
        "type='unix'/>\n"
        "  <namespaces>\n    <mount/>\n  </namespaces>\n"
        f"  <vcpus>\n{vcpu_rows}  </vcpus>\n"
        "  <qemuCaps>\n"
        "    <flag name='kvm'/>\n"
        "    <flag name='virtio-blk-pci.ioeventfd'/>\n"
        "    <flag name='query-cpu-model-expansion'/>\n"
        "    <flag name='migration-file-drop-cache'/>\n"
        "  </qemuCaps>\n"
        "  <devices>\n"
        "    <device alias='virtio-disk0'/>\n"
        "    <device alias='net0'/>\n"
        "    <device alias='balloon0'/>\n"
        "  </devices>\n"
        f"  <libDir path='/var/lib/libvirt/qemu/domain-{attr(short)}'/>\n"
        f"  <channelTargetDir path='/run/libvirt/qemu/channel/{attr(short)}'/>\n"
        "  <chardevStdioLogd/>\n"
        "  <allowReboot value='yes'/>\n"
        "  <blockjobs active='no'/>\n"
        "  <agentTimeout>-2</agentTimeout>\n" + indented + "</domstatus>\n"
    )


def default_network(seed: str) -> str:
    mac = fake_hex("netmac:" + seed, 6)
    return (
        GENERATED_HEADER.format(name="default").replace("virsh edit", "virsh net-edit")
        + "<network>\n"
        "  <name>default</name>\n"
        f"  <uuid>{fake_uuid('net:' + seed)}</uuid>\n"
        "  <forward mode='nat'/>\n"
        "  <bridge name='virbr0' stp='on' delay='0'/>\n"
        f"  <mac address='52:54:00:{mac[0:2]}:{mac[2:4]}:{mac[4:6]}'/>\n"
        "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
        "    <dhcp>\n"
        "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
        "    </dhcp>\n"
        "  </ip>\n"
        "</network>\n"
    )


class Libvirt:
    """Collects one host's libvirt state: persistent XMLs, running domains, autostart links."""

    def __init__(self, root: Root) -> None:
        self.root = root
        self.next_id = 1
        self.pid = 4120
        root.add("run/libvirt/qemu/autostarted", empty("marker libvirt writes after autostart"))
        root.add(
            "etc/libvirt/qemu/networks/default.xml",
            written(default_network(root.name), "libvirt's default NAT network"),
        )
        root.links["etc/libvirt/qemu/networks/autostart/default.xml"] = (
            "/etc/libvirt/qemu/networks/default.xml"
        )

    def define(self, name: str, entry: Entry, *, autostart: bool = False) -> None:
        self.root.add(f"etc/libvirt/qemu/{name}.xml", entry)
        if autostart:
            self.root.links[f"etc/libvirt/qemu/autostart/{name}.xml"] = (
                f"/etc/libvirt/qemu/{name}.xml"
            )

    def start(self, name: str, vcpus: int, *, persistent: Entry | None = None) -> None:
        """Write the live status XML (wrapping the persistent definition) and the pid file."""
        source = persistent or self.root.files[f"etc/libvirt/qemu/{name}.xml"]
        text = status_xml(
            source.data.decode("utf-8"),
            name=name,
            dom_id=self.next_id,
            pid=self.pid,
            vcpus=vcpus,
        )
        note = "live status XML in libvirt's shape, wrapping the persistent definition"
        if source.origin != WRITTEN:
            note += f" (real: {source.source})"
        self.root.add(f"run/libvirt/qemu/{name}.xml", written(text, note))
        self.root.add(f"run/libvirt/qemu/{name}.pid", written(f"{self.pid}\n"))
        self.next_id += 1
        self.pid += 1873

    def real_status(self, name: str, source: str) -> None:
        """A real status XML (a transient or migrating domain) placed in /run."""
        self.root.add(f"run/libvirt/qemu/{name}.xml", real(source))
        self.next_id += 1


def with_uuid(source: str, new_uuid: str) -> Entry:
    text = corpus_text(source)
    old = re.search(r"<uuid>([^<]+)</uuid>", text)
    if old is None:
        raise ValueError(f"{source}: no <uuid>")
    return adapted(
        source,
        text.replace(old.group(1), new_uuid, 1),
        f"`<uuid>` changed from {old.group(1)} so that UUIDs stay unique on the host",
    )


# ---------------------------------------------------------------- the roots

RHEL96_L1_UUID = fake_uuid("l0-intel-rhel10/rhel9.6-l1")
L2_RUNNER_UUID = fake_uuid("l1-rhel96/l2-runner")


def std_root(name: str, represents: str) -> Root:
    return Root(name=name, represents=represents, links=dict(STD_LINKS))


def root_intel_l0() -> Root:
    r = std_root(
        "intel-l0-rhel10-nested-on",
        "RHEL 10.0 bare-metal L0 (Dell PowerEdge R640, Xeon Silver 4214: vmx and ept on all 48 "
        "CPUs), kvm_intel loaded with nested=Y and made persistent in /etc/modprobe.d/kvm.conf. "
        "Twelve domains: RHEL 9.6 L1 (host-passthrough, running; its UUID is the DMI "
        "product_uuid of `l1-rhel-under-kvm-exposing`), RHEL 10.0 L1 (custom + vmx "
        "required), RHEL 9.4 (host-passthrough, running), RHEL 7.0 (host-model), Windows Server "
        "2022 L1 (host-passthrough, running), Windows 11, a hugepage-backed guest, a guest with "
        "vmx disabled, Fedora 30 (custom + vmx required), a guest whose title and description "
        "carry HTML/JS injection strings, a guest whose name holds `<b>&\"'`, and `kvm-lab`, "
        "running with a Skylake CPU without vmx while its saved definition was changed to "
        "host-passthrough (it needs a restart).",
    )
    host = "l0-intel-rhel10.lab.example.com"
    r.update(
        linux_base(
            hostname=host,
            os_key="rhel-10.0",
            mem_kib=394877952,
            hugepages=8192,
            hugepages_free=8192,
        )
    )
    r.add(
        "proc/cpuinfo",
        real(
            "virt-what/crio/proc/cpuinfo",
            "a Xeon Silver 4214 host's cpuinfo, as seen from a CRI-O container",
        ),
    )
    r.update(dmi(dell_server("PowerEdge R640", "7XQ4M93", "0H28RR", "2.21.2", "02/19/2024")))
    kmods, kfiles = x86_kvm("intel", "Y", running=4)
    r.add("proc/modules", proc_modules(kmods + libvirt_modules(4) + X86_SERVER + INTEL_EXTRA))
    r.update(kfiles)
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    r.add("usr/lib/modprobe.d/kvm.conf", written(USR_LIB_KVM_CONF, USR_LIB_KVM_NOTE))
    lv = Libvirt(r)

    def make(name: str, cpu: str, os_id: str | None, **kw: Any) -> Entry:
        return wdom(r, name, cpu, os_id, **kw)

    lv.define(
        "rhel9.6-l1",
        make(
            "rhel9.6-l1",
            cpu_passthrough(),
            "http://redhat.com/rhel/9.6",
            uuid=RHEL96_L1_UUID,
            memory_mib=16384,
            vcpus=4,
        ),
        autostart=True,
    )
    lv.start("rhel9.6-l1", 4)
    lv.define(
        "rhel10.0-l1",
        make(
            "rhel10.0-l1",
            cpu_custom(
                "Cascadelake-Server",
                [
                    ("require", "vmx"),
                    ("require", "pdpe1gb"),
                    ("disable", "hle"),
                    ("disable", "rtm"),
                ],
            ),
            "http://redhat.com/rhel/10.0",
            memory_mib=16384,
            vcpus=8,
        ),
    )
    lv.define(
        "rhel9.4-guest",
        make(
            "rhel9.4-guest",
            cpu_passthrough(),
            "http://redhat.com/rhel/9.4",
            memory_mib=4096,
            vcpus=2,
        ),
    )
    lv.start("rhel9.4-guest", 2)
    lv.define("rhel7.0", real("virt-manager/rhel7-host-model/etc/libvirt/qemu/rhel7.0.xml"))
    lv.define(
        "win2k22-l1",
        make(
            "win2k22-l1",
            cpu_passthrough(),
            "http://microsoft.com/win/2k22",
            memory_mib=16384,
            vcpus=8,
            windows=True,
        ),
        autostart=True,
    )
    lv.start("win2k22-l1", 8)
    lv.define(
        "win11",
        with_uuid(
            "virt-manager/win11-hyperv-host-passthrough/etc/libvirt/qemu/win11.xml",
            fake_uuid(f"{r.name}/win11"),
        ),
    )
    lv.define("QEMUGuest1", real("libvirt/hugepages-default/etc/libvirt/qemu/QEMUGuest1.xml"))
    lv.define(
        "rhel9.6-novmx",
        make(
            "rhel9.6-novmx",
            cpu_custom(
                "Cascadelake-Server", [("disable", "vmx"), ("disable", "hle"), ("disable", "rtm")]
            ),
            "http://redhat.com/rhel/9.6",
            memory_mib=4096,
            vcpus=2,
        ),
    )
    lv.define("f30", real("virt-manager/f30-custom-skylake-vmx-require/etc/libvirt/qemu/f30.xml"))
    lv.define(
        "web-portal",
        make(
            "web-portal",
            "  <cpu mode='host-model' check='partial'/>\n",
            "http://redhat.com/rhel/9.6",
            title="<script>alert(1)</script> customer portal",
            description='Owner: web team "><img src=x onerror=alert(2)> runbook: '
            '<a href="javascript:alert(3)">javascript:alert(3)</a>',
            memory_mib=4096,
            vcpus=2,
        ),
    )
    weird = "lab<b>&\"'vm"
    lv.define(weird, make(weird, "", None, memory_mib=2048, vcpus=1))
    # Edited with `virsh edit` to host-passthrough while running: libvirt saved the new
    # definition, the running VM keeps the CPU it was started with until it is restarted.
    lab = {"memory_mib": 8192, "vcpus": 4}
    lv.define("kvm-lab", make("kvm-lab", cpu_passthrough(), "http://redhat.com/rhel/10.0", **lab))
    lv.start("kvm-lab", 4, persistent=make(
        "kvm-lab", cpu_custom("Skylake-Server-IBRS", []), "http://redhat.com/rhel/10.0", **lab))
    return r


def intel_rhel10(
    name: str,
    represents: str,
    *,
    host: str,
    cpuinfo: Entry,
    dmi_fields: dict[str, Entry],
    nested: str | None,
    running: int = 0,
    cmdline_extra: str = "",
) -> Root:
    """An Intel RHEL 10 L0 skeleton; `nested` None means kvm is not loaded."""
    r = std_root(name, represents)
    r.update(
        linux_base(
            hostname=host, os_key="rhel-10.0", mem_kib=263597056, cmdline_extra=cmdline_extra
        )
    )
    r.add("proc/cpuinfo", cpuinfo)
    r.update(dmi_fields)
    mods = libvirt_modules(running) + X86_SERVER + INTEL_EXTRA
    if nested is not None:
        kmods, kfiles = x86_kvm("intel", nested, running)
        mods = kmods + mods
        r.update(kfiles)
    r.add("proc/modules", proc_modules(mods))
    return r


def root_nested_off_persistent_on() -> Root:
    r = intel_rhel10(
        "intel-nested-off-persistent-on",
        "RHEL 10.0 on an AWS i3.metal (bare metal, no hypervisor flag): kvm_intel loaded with "
        "nested=N now, while /etc/modprobe.d/kvm.conf says nested=1, so nesting turns on at the "
        "next module load or boot. A transient RHV-style domain (real status XML) is running.",
        host="ip-10-20-3-41.ec2.internal",
        cpuinfo=real("virt-what/aws-baremetal-x86/proc/cpuinfo"),
        dmi_fields=real_dmi("virt-what/aws-baremetal-x86"),
        nested="N",
        running=1,
    )
    r.add(
        "etc/modprobe.d/kvm.conf",
        modprobe(
            "# enable nested virtualization for the CI L1 hypervisors\noptions kvm_intel nested=1\n"
        ),
    )
    r.add("usr/lib/modprobe.d/kvm.conf", written(USR_LIB_KVM_CONF, USR_LIB_KVM_NOTE))
    lv = Libvirt(r)
    lv.real_status(
        "test-idm-client-ccveu-net",
        "insights-core/qemu-xml-rhv-status-custom-broadwell/var/run/libvirt/qemu/"
        "test-idm-client-ccveu-net.xml",
    )
    lv.define(
        "rhel10-ci",
        written(
            domain_xml(
                name="rhel10-ci",
                uuid=fake_uuid(f"{r.name}/rhel10-ci"),
                cpu=cpu_passthrough(),
                os_id="http://redhat.com/rhel/10.0",
                memory_mib=32768,
                vcpus=16,
            )
        ),
    )
    return r


def root_nested_on_not_persistent() -> Root:
    r = intel_rhel10(
        "intel-nested-on-not-persistent",
        "RHEL 10.0 lab workstation (Tiger Lake i7-1165G7): nested=Y at runtime, but the next "
        "load turns it off: /etc/modprobe.d/kvm.conf sets nested=1 and /etc/modprobe.d/"
        "zz-lab.conf, applied later, sets nested=0. /usr/lib/modprobe.d/kvm.conf is hidden by "
        "the same name in /etc. A transient domain `nest` (real status XML) is paused while "
        "migrating out.",
        host="l0-intel-ws01.lab.example.com",
        cpuinfo=real("util-linux/x86_64-64cpu-linux6.2/proc/cpuinfo"),
        dmi_fields=dmi(
            {
                "sys_vendor": "Dell Inc.",
                "product_name": "Latitude 7420",
                "product_family": "Latitude",
                "product_sku": "0A73",
                "product_serial": "5YB2LK3",
                "product_uuid": dell_uuid("5YB2LK3"),
                "bios_vendor": "Dell Inc.",
                "bios_version": "1.38.0",
                "bios_date": "06/11/2024",
                "board_vendor": "Dell Inc.",
                "board_name": "07MHG4",
                "board_version": "A00",
                "chassis_vendor": "Dell Inc.",
                "chassis_serial": "5YB2LK3",
            }
        ),
        nested="Y",
        running=1,
    )
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    r.add(
        "etc/modprobe.d/zz-lab.conf",
        modprobe(
            "# lab policy 2026-09: no nested guests on workstations\noptions kvm_intel nested=0\n"
        ),
    )
    r.add("usr/lib/modprobe.d/kvm.conf", written(USR_LIB_KVM_CONF, USR_LIB_KVM_NOTE))
    lv = Libvirt(r)
    lv.real_status(
        "nest", "libvirt/status-nest-host-passthrough-migrating-out/var/run/libvirt/qemu/nest.xml"
    )
    lv.define(
        "rhel10-dev",
        written(
            domain_xml(
                name="rhel10-dev",
                uuid=fake_uuid(f"{r.name}/rhel10-dev"),
                cpu=cpu_passthrough(),
                os_id="http://redhat.com/rhel/10.0",
                memory_mib=8192,
                vcpus=4,
            )
        ),
    )
    return r


def root_module_not_loaded() -> Root:
    r = intel_rhel10(
        "intel-module-not-loaded",
        "RHEL 10.0 on an HPE ProLiant DL360 Gen10 (Xeon Silver 4214, vmx+ept): kvm and kvm_intel "
        "are not loaded (an admin blacklisted them), so there is no /sys/module/kvm_intel and no "
        "/dev/kvm. One domain is defined but cannot start.",
        host="l0-intel-nokvm.lab.example.com",
        cpuinfo=real(
            "virt-what/crio/proc/cpuinfo",
            "a Xeon Silver 4214 host's cpuinfo, as seen from a CRI-O container",
        ),
        dmi_fields=dmi(
            hpe_server(
                "HPE", "ProLiant DL360 Gen10", "867959-B21", "CZJ9290K4L", "U32", "01/26/2024"
            )
        ),
        nested=None,
    )
    r.add(
        "etc/modprobe.d/blacklist-kvm.conf",
        modprobe(
            "# CHG0041872: no virtualization on the build farm\n"
            "blacklist kvm_intel\nblacklist kvm\n"
        ),
    )
    lv = Libvirt(r)
    lv.define(
        "rhel10-build",
        written(
            domain_xml(
                name="rhel10-build",
                uuid=fake_uuid(f"{r.name}/rhel10-build"),
                cpu=cpu_passthrough(),
                os_id="http://redhat.com/rhel/10.0",
            )
        ),
    )
    return r


def root_cmdline_override() -> Root:
    r = intel_rhel10(
        "intel-cmdline-override",
        "RHEL 10.0 on a Lenovo ThinkSystem SR650: /etc/modprobe.d/kvm.conf says nested=1 but "
        "the kernel command line carries kvm-intel.nested=0 (this boot), so nested=N at "
        "runtime. One host-passthrough domain is running.",
        host="l0-intel-sr650.lab.example.com",
        cpuinfo=real(
            "virt-what/crio/proc/cpuinfo",
            "a Xeon Silver 4214 host's cpuinfo, as seen from a CRI-O container",
        ),
        dmi_fields=dmi(
            {
                "sys_vendor": "Lenovo",
                "product_name": "7X06CTO1WW",
                "product_version": "ThinkSystem SR650 -[7X06CTO1WW]-",
                "product_family": "ThinkSystem",
                "product_sku": "7X06CTO1WW",
                "product_serial": "J300ABCD",
                "product_uuid": fake_uuid("lenovo:J300ABCD"),
                "bios_vendor": "Lenovo",
                "bios_version": "IVE178K-3.22",
                "bios_date": "03/14/2024",
                "board_vendor": "Lenovo",
                "board_name": "7X06CTO1WW",
                "chassis_vendor": "Lenovo",
                "chassis_serial": "J300ABCD",
            }
        ),
        nested="N",
        running=1,
        cmdline_extra="kvm-intel.nested=0",
    )
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    lv = Libvirt(r)
    lv.define(
        "rhel9.6-l1",
        written(
            domain_xml(
                name="rhel9.6-l1",
                uuid=fake_uuid(f"{r.name}/rhel9.6-l1"),
                cpu=cpu_passthrough(),
                os_id="http://redhat.com/rhel/9.6",
            )
        ),
        autostart=True,
    )
    lv.start("rhel9.6-l1", 4)
    return r


def root_amd_l0() -> Root:
    r = std_root(
        "amd-l0-rhel10-nested-on-running",
        "RHEL 10.0 on an HPE ProLiant DL385 Gen10 (2x AMD EPYC 7451: svm+npt on all 96 CPUs), "
        "kvm_amd nested=1, made persistent by oVirt vdsm's real nestedvt modprobe file (which "
        "spells the modules kvm-intel / kvm-amd). Two running domains: custom EPYC with svm "
        "required, and host-passthrough (a real AMD SEV definition). A shut-off domain requires "
        "vmx: the wrong vendor for this host.",
    )
    r.update(
        linux_base(hostname="l0-amd-rhel10.lab.example.com", os_key="rhel-10.0", mem_kib=527958016)
    )
    r.add("proc/cpuinfo", real("util-linux/x86_64-epyc_7451/proc/cpuinfo"))
    r.update(
        dmi(
            hpe_server(
                "HPE", "ProLiant DL385 Gen10", "878712-B21", "CZ28150AMD", "A40", "10/12/2023"
            )
        )
    )
    kmods, kfiles = x86_kvm("amd", "1", running=2)
    r.add("proc/modules", proc_modules(kmods + libvirt_modules(2) + X86_SERVER + AMD_EXTRA))
    r.update(kfiles)
    r.add(
        "etc/modprobe.d/vdsm-nestedvt.conf",
        real("modprobe/ovirt-vdsm-nestedvt/etc/modprobe.d/vdsm-nestedvt.conf"),
    )
    r.add("usr/lib/modprobe.d/kvm.conf", written(USR_LIB_KVM_CONF, USR_LIB_KVM_NOTE))
    lv = Libvirt(r)
    lv.define(
        "epyc-l1",
        written(
            domain_xml(
                name="epyc-l1",
                uuid=fake_uuid(f"{r.name}/epyc-l1"),
                cpu=cpu_custom("EPYC", [("require", "svm"), ("require", "topoext")]),
                os_id="http://redhat.com/rhel/10.0",
                memory_mib=16384,
                vcpus=8,
            )
        ),
        autostart=True,
    )
    lv.start("epyc-l1", 8)
    lv.define(
        "linux2020", real("virt-manager/amd-sev-host-passthrough/etc/libvirt/qemu/linux2020.xml")
    )
    lv.start("linux2020", 1)
    lv.define(
        "regular-guest",
        real("nvmx-haswell/L0-haswell-i5-4670T-fedora19/etc/libvirt/qemu/regular-guest.xml"),
    )
    return r


def root_amd_nested_off() -> Root:
    r = std_root(
        "amd-nested-off-running",
        "RHEL 9.2 on an HP ProLiant DL385p Gen8 (2x AMD Opteron 6328: svm+npt), nested "
        "explicitly off: kvm_amd nested=0 at runtime and `options kvm_amd nested=0` in "
        "/etc/modprobe.d/kvm.conf. Two host-passthrough domains are running (their guests see "
        "no svm).",
    )
    r.update(
        linux_base(hostname="l0-amd-legacy.lab.example.com", os_key="rhel-9.2", mem_kib=131916736)
    )
    r.add(
        "proc/cpuinfo",
        real(
            "util-linux/vmware_fpe/proc/cpuinfo",
            "the case name refers to an lscpu bug, not to VMware: bare metal",
        ),
    )
    r.update(
        dmi(
            hpe_server(
                "HP", "ProLiant DL385p Gen8", "710248-B21", "USE4081WKX", "A28", "02/15/2014"
            )
        )
    )
    kmods, kfiles = x86_kvm("amd", "0", running=2)
    r.add("proc/modules", proc_modules(kmods + libvirt_modules(2) + X86_SERVER + AMD_EXTRA))
    r.update(kfiles)
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_amd nested=0\n"))
    lv = Libvirt(r)
    for name, os_id in (
        ("db01", "http://redhat.com/rhel/9.2"),
        ("app01", "http://redhat.com/rhel/8.10"),
    ):
        lv.define(
            name,
            written(
                domain_xml(
                    name=name,
                    uuid=fake_uuid(f"{r.name}/{name}"),
                    cpu=cpu_passthrough(),
                    os_id=os_id,
                    machine="pc-q35-rhel9.2.0",
                    memory_mib=16384,
                    vcpus=4,
                )
            ),
            autostart=True,
        )
        lv.start(name, 4)
    return r


def root_s390() -> Root:
    r = std_root(
        "ibmz-lpar-hpage-nested",
        "RHEL 10.0 in an IBM z13 (2964) PR/SM LPAR, the L0 on IBM Z: cpuinfo has `sie`; kvm "
        "loaded with nested=1 and hpage=1, both also set in /etc/modprobe.d/kvm.conf. One "
        "running s390x domain (custom zEC12) and one shut off (no `<cpu>` element). Note: the "
        "z13 is the only LPAR with `sie` in the corpus; RHEL 10 may not support that machine "
        "generation, so read the machine type as a stand-in.",
    )
    r.update(
        linux_base(
            hostname="lpar-z13-kvm01.lab.example.com",
            os_key="rhel-10.0",
            arch="s390x",
            mem_kib=131072000,
        )
    )
    r.add("proc/cpuinfo", real("util-linux/s390-lpar-drawer/proc/cpuinfo"))
    r.add("proc/sysinfo", real("util-linux/s390-lpar-drawer/proc/sysinfo"))
    r.add("proc/modules", proc_modules(kvm_modules("s390", 1) + S390_LPAR, arch="s390x"))
    r.update(
        params(
            "kvm",
            {
                "nested": "1",
                "hpage": "1",
                "halt_poll_max_steal": "10",
                "use_gisa": "1",
                "halt_poll_ns": "50000",
            },
        )
    )
    r.add("dev/kvm", DEV_KVM)
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm hpage=1 nested=1\n"))
    lv = Libvirt(r)
    lv.define("guest1", real("libvirt/s390x-ccw-cpu-custom-zEC12/etc/libvirt/qemu/guest1.xml"))
    lv.start("guest1", 1)
    lv.define("fedora30", real("virt-manager/s390x-ccw-fedora30/etc/libvirt/qemu/fedora30.xml"))
    return r


def root_aarch64() -> Root:
    r = std_root(
        "aarch64-host",
        "RHEL 10.0 on an HPE Moonshot m400 cartridge (APM X-Gene, aarch64): KVM is built into "
        "the kernel (no kvm module in /proc/modules, no `nested` parameter), /dev/kvm present. "
        "A running host-passthrough domain, a second host-passthrough definition and one with "
        "the Arm `<virtualization/>` feature (EL2). The cpuinfo is a RHEL 7.4-era X-Gene dump "
        "(the only aarch64 server dump in the corpus).",
    )
    r.update(
        linux_base(
            hostname="l0-arm-moonshot.lab.example.com",
            os_key="rhel-10.0",
            arch="aarch64",
            mem_kib=65787904,
        )
    )
    r.add("proc/cpuinfo", real("libvirt/host-aarch64-rhel74-moonshot/proc/cpuinfo"))
    r.update(
        dmi(
            {
                "sys_vendor": "HPE",
                "product_name": "ProLiant m400 Server Cartridge",
                "product_family": "Moonshot",
                "product_serial": "CN7610W0MZ",
                "product_uuid": fake_uuid("moonshot:CN7610W0MZ"),
                "bios_vendor": "HPE",
                "bios_version": "U02",
                "bios_date": "08/19/2016",
                "chassis_vendor": "HPE",
            }
        )
    )
    r.add("proc/modules", proc_modules(libvirt_modules(1) + ARM_SERVER, arch="aarch64"))
    r.add("dev/kvm", DEV_KVM)
    lv = Libvirt(r)
    lv.define(
        "aarch64test",
        real("libvirt/aarch64-virt-host-passthrough/etc/libvirt/qemu/aarch64test.xml"),
    )
    lv.start("aarch64test", 1)
    lv.define(
        "fedora21", real("virt-manager/aarch64-kvm-host-passthrough/etc/libvirt/qemu/fedora21.xml")
    )
    lv.define(
        "aarch64-virt-default-nic",
        real(
            "libvirt/aarch64-virt-nested-virtualization-feature/etc/libvirt/qemu/"
            "aarch64-virt-default-nic.xml"
        ),
    )
    return r


def l1_root(
    name: str,
    represents: str,
    *,
    host: str,
    os_key: str,
    cpuinfo: Entry,
    dmi_fields: dict[str, Entry],
    guest_mods: list[Module],
    nested: str | None,
    running: int = 0,
) -> Root:
    r = std_root(name, represents)
    r.update(linux_base(hostname=host, os_key=os_key, mem_kib=16101376))
    r.add("proc/cpuinfo", cpuinfo)
    r.update(dmi_fields)
    mods = list(guest_mods)
    if running:
        mods = libvirt_modules(running) + mods
    if nested is not None:
        kmods, kfiles = x86_kvm("intel", nested, running)
        mods = kmods + mods
        r.update(kfiles)
    r.add("proc/modules", proc_modules(mods))
    return r


def root_l1_vmware() -> Root:
    return l1_root(
        "l1-rhel-under-vmware",
        "RHEL 9.6 guest of VMware ESXi (VMware DMI; cpuinfo shows `hypervisor` and vmx+ept "
        "because the VM has hardware virtualization exposed), kvm_intel loaded with nested=Y: "
        "an L1 whose L0 is not KVM.",
        host="l1-vmware-rhel96.lab.example.com",
        os_key="rhel-9.6",
        cpuinfo=vm_cpuinfo("insights-core/cpuinfo-xeon-e5-2670-vmx-flags-line/proc/cpuinfo"),
        dmi_fields=real_dmi("virt-what/esx4.1"),
        guest_mods=VMWARE_GUEST,
        nested="Y",
    )


def root_l1_aws() -> Root:
    return l1_root(
        "l1-rhel-under-aws",
        "RHEL 10.0 on an AWS Nitro c5.large (KVM-based; `hypervisor` flag, no vmx: AWS exposes "
        "none to non-metal instances); kvm not loaded, no /dev/kvm.",
        host="ip-172-31-5-18.ec2.internal",
        os_key="rhel-10.0",
        cpuinfo=real("virt-what/aws-kvm-x86/proc/cpuinfo"),
        dmi_fields=real_dmi("virt-what/aws-kvm-x86"),
        guest_mods=AWS_GUEST,
        nested=None,
    )


def root_l1_kvm() -> Root:
    r = l1_root(
        "l1-rhel-under-kvm-exposing",
        "RHEL 9.6 L1 running on RHEL KVM: this is the `rhel9.6-l1` domain of "
        "`intel-l0-rhel10-nested-on` seen from inside (DMI Red Hat / KVM, product_uuid = that "
        "domain's UUID; host-passthrough shows vmx+ept and `hypervisor`). kvm_intel nested=Y, "
        "and it runs its own host-passthrough L2 (which could itself become a hypervisor: an "
        "L3 concern) plus a real L2 definition without `<cpu>`.",
        host="l1-rhel96.lab.example.com",
        os_key="rhel-9.6",
        cpuinfo=vm_cpuinfo("virt-what/crio/proc/cpuinfo", keep=4),
        dmi_fields=dmi(
            {
                "sys_vendor": "Red Hat",
                "product_name": "KVM",
                "product_version": "RHEL-10.0.0 PC (Q35 + ICH9, 2009)",
                "product_family": "Red Hat Enterprise Linux",
                "product_uuid": RHEL96_L1_UUID,
                "bios_vendor": "EDK II",
                "bios_version": "edk2-20241117-2.el10",
                "bios_date": "02/02/2022",
                "chassis_vendor": "Red Hat",
                "chassis_version": "RHEL-10.0.0 PC (Q35 + ICH9, 2009)",
            }
        ),
        guest_mods=VIRTIO_GUEST,
        nested="Y",
        running=1,
    )
    lv = Libvirt(r)
    lv.define(
        "QEMUGuest1",
        real("libvirt/cpu-host-passthrough-migratable/etc/libvirt/qemu/QEMUGuest1.xml"),
    )
    lv.start("QEMUGuest1", 1)
    lv.define(
        "nested-guest",
        real("nvmx-haswell/L1-regular-guest-hypervisor/etc/libvirt/qemu/nested-guest.xml"),
    )
    lv.define(
        "l2-runner",
        wdom(r, "l2-runner", cpu_passthrough(), "http://redhat.com/rhel/10.0",
             uuid=L2_RUNNER_UUID, memory_mib=4096, vcpus=2),
    )
    lv.start("l2-runner", 2)
    return r


def root_l1_openstack() -> Root:
    return l1_root(
        "l1-rhel-in-openstack",
        "RHEL 9.6 instance on Red Hat OpenStack Platform (DMI Red Hat / OpenStack Compute), "
        "flavor with host-passthrough: `hypervisor` flag plus vmx+ept; kvm_intel nested=Y.",
        host="l1-osp-01.novalocal",
        os_key="rhel-9.6",
        cpuinfo=vm_cpuinfo("virt-what/aws-baremetal-x86/proc/cpuinfo", keep=8),
        dmi_fields=dmi(
            {
                "sys_vendor": "Red Hat",
                "product_name": "OpenStack Compute",
                "product_version": "23.2.3-17.1.20240919170757.2ace99d.el9ost",
                "product_family": "Virtual Machine",
                "product_serial": fake_uuid("osp-serial"),
                "product_uuid": fake_uuid("osp-inst"),
                "bios_vendor": "SeaBIOS",
                "bios_version": "1.16.1-1.el9",
                "bios_date": "04/01/2014",
                "chassis_vendor": "Red Hat",
                "chassis_version": "RHEL-9.2.0 PC (Q35 + ICH9, 2009)",
            }
        ),
        guest_mods=VIRTIO_GUEST,
        nested="Y",
    )


def root_l1_openshift() -> Root:
    return l1_root(
        "l1-rhel-in-openshift-virt",
        "RHEL 9.6 VM on OpenShift Virtualization (DMI Red Hat / OpenShift Virtualization), "
        "host-passthrough: `hypervisor` plus vmx+ept; kvm_intel nested=Y.",
        host="rhel96-vm.apps.ocp.example.com",
        os_key="rhel-9.6",
        cpuinfo=vm_cpuinfo("virt-what/crio/proc/cpuinfo", keep=2),
        dmi_fields=dmi(
            {
                "sys_vendor": "Red Hat",
                "product_name": "OpenShift Virtualization",
                "product_version": "4.16.3",
                "product_family": "Red Hat",
                "product_serial": fake_uuid("ocp-serial"),
                "product_uuid": fake_uuid("ocp-vm"),
                "bios_vendor": "EDK II",
                "bios_version": "edk2-20240524-1.el9",
                "bios_date": "02/02/2022",
                "chassis_vendor": "Red Hat",
                "chassis_version": "RHEL-9.4.0 PC (Q35 + ICH9, 2009)",
            }
        ),
        guest_mods=VIRTIO_GUEST,
        nested="Y",
    )


def root_l1_hyperv() -> Root:
    return l1_root(
        "l1-rhel-under-hyperv",
        "RHEL 9.6 VM under Microsoft Hyper-V with nested virtualization exposed "
        "(Set-VMProcessor -ExposeVirtualizationExtensions): Hyper-V DMI, `hypervisor` plus "
        "vmx+ept, kvm_intel nested=Y. An L1 whose L0 is not KVM.",
        host="l1-hyperv-rhel96.lab.example.com",
        os_key="rhel-9.6",
        cpuinfo=vm_cpuinfo("util-linux/x86_64-64cpu-linux6.2/proc/cpuinfo", keep=4),
        dmi_fields=real_dmi("virt-what/hyperv"),
        guest_mods=HYPERV_GUEST,
        nested="Y",
    )


def root_l1_rhv() -> Root:
    return l1_root(
        "l1-rhel8-under-rhv",
        "RHEL 8.10 guest of Red Hat Virtualization (real RHV guest DMI and cpuinfo: "
        "`hypervisor`, no vmx); kvm not loaded.",
        host="l1-rhv-rhel810.lab.example.com",
        os_key="rhel-8.10",
        cpuinfo=real("virt-what/rhev/proc/cpuinfo"),
        dmi_fields=real_dmi("virt-what/rhev"),
        guest_mods=VIRTIO_GUEST,
        nested=None,
    )


def root_l1_ubuntu_kvm() -> Root:
    return l1_root(
        "l1-ubuntu-under-kvm",
        "Ubuntu 24.04 guest of a RHEL KVM host (Red Hat / KVM DMI with the RHEL product family; "
        "`hypervisor` plus vmx+ept), acting as a hypervisor itself: kvm_intel loaded with "
        "nested=Y. An L1 hypervisor whose OS is neither RHEL nor Windows.",
        host="l1-ubuntu.lab.example.com",
        os_key="ubuntu-24.04",
        cpuinfo=vm_cpuinfo("util-linux/x86_64-64cpu-linux6.2/proc/cpuinfo", keep=4),
        dmi_fields=dmi(
            {
                "sys_vendor": "Red Hat",
                "product_name": "KVM",
                "product_family": "Red Hat Enterprise Linux",
                "product_version": "RHEL-10.0.0 PC (Q35 + ICH9, 2009)",
                "product_uuid": fake_uuid("l1-ubuntu"),
                "bios_vendor": "EFI Development Kit II / OVMF",
                "chassis_vendor": "Red Hat",
            },
            "the SMBIOS strings RHEL's QEMU sets for a KVM guest",
        ),
        guest_mods=VIRTIO_GUEST,
        nested="Y",
    )


def root_container() -> Root:
    r = std_root(
        "container-on-vm",
        "An Ubuntu 24.04 Docker container on a RHEL 9.6 QEMU guest: /.dockerenv, docker paths "
        "in /proc/1/cgroup, the VM's kernel and modules (no kvm), `hypervisor` in cpuinfo, the "
        "VM's DMI (old QEMU/Bochs), which does not show whether KVM accelerates it. No "
        "modprobe.d, no libvirt.",
    )
    cid = fake_hex("container", 64)
    r.update(
        linux_base(
            hostname=cid[:12],
            os_key="ubuntu-24.04",
            mem_kib=8006092,
            machine_id=False,
            cgroup=f"0::/system.slice/docker-{cid}.scope\n",
        )
    )
    # the kernel is the VM's (RHEL 9.6), not Ubuntu's
    release = kernel_release("rhel-9.6", "x86_64")
    r.files["proc/sys/kernel/osrelease"] = written(release + "\n")
    r.files["proc/version"] = written(
        f"Linux version {release} (mockbuild@x86-64-01.build.eng) {OS['rhel-9.6'][3]}\n"
    )
    r.files["proc/cmdline"] = written(cmdline("rhel-9.6", "x86_64"))
    r.add(".dockerenv", empty("Docker creates this empty file in every container"))
    r.add(
        "run/systemd/container",
        written(
            "docker\n",
            "as the Ubuntu base image's build writes it (from memory, not in the corpus)",
        ),
    )
    r.add("proc/cpuinfo", real("virt-what/kvm/proc/cpuinfo"))
    r.update(real_dmi("virt-what/kvm"))
    r.add(
        "proc/modules",
        proc_modules(
            [("overlay", 200704, 2, []), ("veth", 45056, 0, []), ("br_netfilter", 36864, 0, [])]
            + VIRTIO_GUEST
        ),
    )
    return r


def root_qemu_emulated() -> Root:
    r = std_root(
        "qemu-emulated-guest",
        "RHEL 10.0 guest of QEMU with nothing that shows KVM: the real cpuinfo and DMI of "
        "virt-what's `qemu` case (a TCG guest: Bochs DMI, `QEMU Virtual CPU version 0.13.0`, "
        "`hypervisor` and QEMU's emulated svm without npt), clock sources without kvm-clock. "
        "kvm_amd loaded with nesting on by the kernel default (no modprobe.d option), "
        "/dev/kvm present, no libvirt. Its hypervisor is QEMU with the accelerator unknown.",
    )
    r.update(linux_base(hostname="tcg-guest.lab.example.com", os_key="rhel-10.0",
                        mem_kib=4013156))
    r.add("proc/cpuinfo", real("virt-what/qemu/proc/cpuinfo"))
    r.update(real_dmi("virt-what/qemu"))
    clocks = "sys/devices/system/clocksource/clocksource0/"
    r.add(clocks + "available_clocksource", written(
        "tsc hpet acpi_pm \n", "the clock sources of an x86 guest without KVM's kvm-clock"))
    r.add(clocks + "current_clocksource", written("hpet\n"))
    kmods, kfiles = x86_kvm("amd", "1", running=0)
    kfiles["sys/module/kvm_amd/parameters/npt"] = written(
        "N\n", "kvm_amd turns npt off where the CPU lacks it, as this emulated one does")
    r.update(kfiles)
    r.add("proc/modules", proc_modules(kmods + VIRTIO_GUEST))
    return r


def root_rhel9_wsl() -> Root:
    r = std_root(
        "rhel9-l0-windows-wsl",
        "RHEL 9.4 L0 on a Dell PowerEdge R620 (2x Xeon E5-2670, vmx+ept with a `vmx flags` line), "
        "kvm_intel nested=Y (kernel default, no modprobe option), one running Windows Server "
        "2019 L1 with host-passthrough and Hyper-V enlightenments: the RHEL 9 reading where "
        "WSL2 / Hyper-V inside a Windows guest is the nested use.",
    )
    r.update(
        linux_base(hostname="l0-rhel94-win.lab.example.com", os_key="rhel-9.4", mem_kib=263597056)
    )
    r.add("proc/cpuinfo", real("insights-core/cpuinfo-xeon-e5-2670-vmx-flags-line/proc/cpuinfo"))
    r.update(dmi(dell_server("PowerEdge R620", "9ZK1HT1", "0PXXHP", "2.9.0", "12/06/2019")))
    kmods, kfiles = x86_kvm("intel", "Y", running=1)
    r.add("proc/modules", proc_modules(kmods + libvirt_modules(1) + X86_SERVER + INTEL_EXTRA))
    r.update(kfiles)
    r.add("usr/lib/modprobe.d/kvm.conf", written(USR_LIB_KVM_CONF, USR_LIB_KVM_NOTE))
    lv = Libvirt(r)
    lv.define(
        "win2k19-wsl",
        written(
            domain_xml(
                name="win2k19-wsl",
                uuid=fake_uuid(f"{r.name}/win2k19-wsl"),
                cpu=cpu_passthrough(),
                os_id="http://microsoft.com/win/2k19",
                machine="pc-q35-rhel9.4.0",
                memory_mib=32768,
                vcpus=8,
                windows=True,
            )
        ),
        autostart=True,
    )
    lv.start("win2k19-wsl", 8)
    return r


def root_centos() -> Root:
    r = std_root(
        "centos-l0",
        "CentOS Stream 9 on a Lenovo ThinkPad T510 (i7 M 620, vmx+ept): nesting on and "
        "persistent, one running host-passthrough domain. Not RHEL, so outside the support "
        "statement.",
    )
    r.update(linux_base(hostname="l0-centos9.lab.example.com", os_key="centos-9", mem_kib=7992320))
    r.add("proc/cpuinfo", real("virt-what/baremetal/proc/cpuinfo"))
    r.update(real_dmi("virt-what/baremetal"))
    kmods, kfiles = x86_kvm("intel", "Y", running=1)
    r.add(
        "proc/modules",
        proc_modules(
            kmods
            + libvirt_modules(1)
            + [
                ("e1000e", 356352, 0, []),
                ("iwlwifi", 499712, 0, []),
                ("xfs", 3473408, 3, []),
                ("dm_mod", 245760, 9, []),
            ]
        ),
    )
    r.update(kfiles)
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    lv = Libvirt(r)
    lv.define(
        "c9s-dev",
        written(
            domain_xml(
                name="c9s-dev",
                uuid=fake_uuid(f"{r.name}/c9s-dev"),
                cpu=cpu_passthrough(),
                os_id="http://centos.org/centos-stream/9",
                machine="pc-q35-rhel9.6.0",
                memory_mib=2048,
                vcpus=2,
            )
        ),
    )
    lv.start("c9s-dev", 2)
    return r


def root_ubuntu() -> Root:
    r = std_root(
        "ubuntu-l0",
        "Ubuntu 24.04 LTS workstation (Tiger Lake i7-1165G7) with kvm_intel nested=Y and a "
        "running Windows 10 guest (host-passthrough, Hyper-V enlightenments): not RHEL.",
    )
    r.update(
        linux_base(
            hostname="l0-ubuntu2404", os_key="ubuntu-24.04", mem_kib=32558400, machine_id=True
        )
    )
    r.add("proc/cpuinfo", real("util-linux/x86_64-64cpu-linux6.2/proc/cpuinfo"))
    r.update(
        dmi(
            {
                "sys_vendor": "LENOVO",
                "product_name": "20XW004GUS",
                "product_version": "ThinkPad X1 Carbon Gen 9",
                "product_family": "ThinkPad X1 Carbon Gen 9",
                "product_serial": "PF3ABCDE",
                "product_uuid": fake_uuid("x1:PF3ABCDE"),
                "bios_vendor": "LENOVO",
                "bios_version": "N32ET91W (1.67 )",
                "bios_date": "08/29/2024",
                "board_vendor": "LENOVO",
                "board_name": "20XW004GUS",
                "chassis_vendor": "LENOVO",
            }
        )
    )
    kmods, kfiles = x86_kvm("intel", "Y", running=1)
    r.add(
        "proc/modules",
        proc_modules(
            kmods
            + libvirt_modules(1)
            + [
                ("iwlwifi", 598016, 0, []),
                ("snd_hda_intel", 61440, 3, []),
                ("i915", 4395008, 42, []),
                ("nvme", 61440, 3, []),
                ("nvme_core", 221184, 4, ["nvme"]),
            ]
        ),
    )
    r.update(kfiles)
    lv = Libvirt(r)
    lv.define(
        "win10", real("virt-manager/win10-hyperv-host-passthrough/etc/libvirt/qemu/win10.xml")
    )
    lv.start("win10", 4)
    return r


def root_broken() -> Root:
    r = intel_rhel10(
        "broken-domain-xml",
        "RHEL 10.0 Intel L0 (Dell PowerEdge R640) with nesting on and a damaged libvirt "
        "directory: one good domain (real host-model definition) and one definition cut off "
        "mid-element (as after a full disk), which the facts stage must report, not crash on.",
        host="l0-intel-broken.lab.example.com",
        cpuinfo=real(
            "virt-what/crio/proc/cpuinfo",
            "a Xeon Silver 4214 host's cpuinfo, as seen from a CRI-O container",
        ),
        dmi_fields=dmi(dell_server("PowerEdge R640", "3BRK0N3", "0H28RR", "2.21.2", "02/19/2024")),
        nested="Y",
    )
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    lv = Libvirt(r)
    lv.define(
        "QEMUGuest1", real("libvirt/cpu-host-model-with-features/etc/libvirt/qemu/QEMUGuest1.xml")
    )
    full = domain_xml(
        name="half-written",
        uuid=fake_uuid(f"{r.name}/half-written"),
        cpu=cpu_passthrough(),
        os_id="http://redhat.com/rhel/10.0",
    )
    cut = full[: full.index("<clock") + 20]
    lv.define("half-written", written(cut, "truncated on purpose: not well-formed XML"))
    return r


def vm_stat(value: int) -> Entry:
    """A per-VM KVM statistic file of debugfs: a decimal count, as the kernel prints it."""
    return written(
        f"{value}\n",
        "KVM's per-VM statistic in debugfs, in the kernel's layout (one decimal number); "
        "the count is made up",
    )


def root_ordinary_vms() -> Root:
    r = intel_rhel10(
        "intel-l0-ordinary-vms",
        "RHEL 10.0 Intel L0 (Dell PowerEdge R640) with nesting on and persistent, whose VMs "
        "are all ordinary guests of mixed CPU modes: named CPU models without vmx (running "
        "and not), no <cpu> element (QEMU's qemu64), and vmx disabled on purpose. None hosts "
        "VMs, so nothing here should fail.",
        host="l0-intel-ordinary.lab.example.com",
        cpuinfo=real(
            "virt-what/crio/proc/cpuinfo",
            "a Xeon Silver 4214 host's cpuinfo, as seen from a CRI-O container",
        ),
        dmi_fields=dmi(dell_server("PowerEdge R640", "5ORD1N3", "0H28RR", "2.21.2", "02/19/2024")),
        nested="Y",
        running=2,
    )
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    lv = Libvirt(r)

    def make(name: str, cpu: str, os_id: str) -> Entry:
        return wdom(r, name, cpu, os_id, memory_mib=8192, vcpus=4)

    lv.define("db01", make("db01", cpu_custom("Cascadelake-Server", [("disable", "hle"),
                                                                      ("disable", "rtm")]),
                           "http://redhat.com/rhel/9.6"), autostart=True)
    lv.start("db01", 4)
    lv.define("web01", make("web01", cpu_custom("Skylake-Server-IBRS", []),
                            "http://redhat.com/rhel/10.0"), autostart=True)
    lv.start("web01", 4)
    lv.define("build01", make("build01", "", "http://redhat.com/rhel/9.6"))
    lv.define("legacy-app", make("legacy-app", cpu_custom("Westmere", [("disable", "vmx")]),
                                 "http://redhat.com/rhel/8.10"))
    return r


def root_l1_in_use() -> Root:
    r = intel_rhel10(
        "intel-l0-l1-in-use",
        "RHEL 10.0 Intel L0 (Dell PowerEdge R640), nesting on and persistent, collected as "
        "root with debugfs mounted: KVM's per-VM statistics show that `ci-hypervisor` (RHEL "
        "10.0, host-passthrough) has run nested guests, while `app-server` (RHEL 9.6, "
        "host-passthrough) could but has not, `win-dev` is an ordinary VM, and `fedora-lab` "
        "(Fedora 40, host-passthrough) has run nested guests too, outside the support tables.",
        host="l0-intel-ci.lab.example.com",
        cpuinfo=real(
            "virt-what/crio/proc/cpuinfo",
            "a Xeon Silver 4214 host's cpuinfo, as seen from a CRI-O container",
        ),
        dmi_fields=dmi(dell_server("PowerEdge R640", "8CIH1V3", "0H28RR", "2.21.2", "02/19/2024")),
        nested="Y",
        running=4,
    )
    r.add("etc/modprobe.d/kvm.conf", modprobe("options kvm_intel nested=1\n"))
    lv = Libvirt(r)
    stats = "sys/kernel/debug/kvm"
    for name, cpu, os_id, nested_runs, fd in (
        ("ci-hypervisor", cpu_passthrough(), "http://redhat.com/rhel/10.0", 48213, 12),
        ("app-server", cpu_passthrough(), "http://redhat.com/rhel/9.6", 0, 14),
        ("win-dev", cpu_custom("Skylake-Client-IBRS", []), "http://microsoft.com/win/11", 0, 16),
        ("fedora-lab", cpu_passthrough(), "http://fedoraproject.org/fedora/40", 917, 18),
    ):
        lv.define(name, wdom(r, name, cpu, os_id, memory_mib=16384, vcpus=4,
                             windows=os_id.endswith("win/11")), autostart=True)
        r.add(f"{stats}/{lv.pid}-{fd}/nested_run", vm_stat(nested_runs))
        lv.start(name, 4)
    return r


def root_l2_runs_guests() -> Root:
    r = l1_root(
        "l2-rhel-runs-guests",
        "RHEL 10.0 L2: the `l2-runner` domain of `l1-rhel-under-kvm-exposing` seen from inside "
        "(DMI Red Hat / KVM, product_uuid = that domain's UUID), with kvm_intel loaded and a "
        "running guest of its own: an L3 guest.",
        host="l2-runner.lab.example.com",
        os_key="rhel-10.0",
        cpuinfo=vm_cpuinfo("virt-what/crio/proc/cpuinfo", keep=2),
        dmi_fields=dmi(
            {
                "sys_vendor": "Red Hat",
                "product_name": "KVM",
                "product_version": "RHEL-9.6.0 PC (Q35 + ICH9, 2009)",
                "product_family": "Red Hat Enterprise Linux",
                "product_uuid": L2_RUNNER_UUID,
                "bios_vendor": "EDK II",
                "bios_version": "edk2-20240524-13.el9_6",
                "bios_date": "02/02/2022",
                "chassis_vendor": "Red Hat",
            }
        ),
        guest_mods=VIRTIO_GUEST,
        nested="Y",
        running=1,
    )
    lv = Libvirt(r)
    lv.define("l3-guest", wdom(r, "l3-guest", cpu_custom("Skylake-Client-IBRS", []),
                               "http://redhat.com/rhel/10.0", memory_mib=2048, vcpus=1))
    lv.start("l3-guest", 1)
    return r


def root_l1_plain_l2s() -> Root:
    r = l1_root(
        "l1-rhel-plain-l2s",
        "RHEL 10.0 L1 under RHEL KVM (DMI Red Hat / KVM; no L0 bundle given), kvm_intel loaded "
        "with nested on by the kernel default, running two plain L2 guests whose CPU models "
        "carry no vmx: an L1 in use, with no L3 concern.",
        host="l1-rhel10-plain.lab.example.com",
        os_key="rhel-10.0",
        cpuinfo=vm_cpuinfo("virt-what/crio/proc/cpuinfo", keep=8),
        dmi_fields=dmi(
            {
                "sys_vendor": "Red Hat",
                "product_name": "KVM",
                "product_version": "RHEL-10.0.0 PC (Q35 + ICH9, 2009)",
                "product_family": "Red Hat Enterprise Linux",
                "product_uuid": fake_uuid("l1-rhel10-plain/system"),
                "bios_vendor": "EDK II",
                "bios_version": "edk2-20241117-2.el10",
                "bios_date": "02/02/2022",
                "chassis_vendor": "Red Hat",
            }
        ),
        guest_mods=VIRTIO_GUEST,
        nested="Y",
        running=2,
    )
    lv = Libvirt(r)
    for name, os_id in (("l2-web", "http://redhat.com/rhel/10.0"),
                        ("l2-db", "http://redhat.com/rhel/9.6")):
        lv.define(name, wdom(r, name, cpu_custom("Skylake-Client-IBRS", []), os_id,
                             memory_mib=4096, vcpus=2), autostart=True)
        lv.start(name, 2)
    return r


def root_rhel96_wsl2() -> Root:
    r = std_root(
        "rhel96-l0-windows-wsl2",
        "RHEL 9.6 L0 (Dell PowerEdge R620, Xeon E5-2670: vmx+ept), kvm_intel nested=Y "
        "(kernel default), one running Windows Server 2022 L1 with host-passthrough, which "
        "its topology file (samples/topologies/rhel96-l0-windows-wsl2.yaml) states is used "
        "for WSL2 alone: the supported setup on a RHEL 9.2 or later L0.",
    )
    r.update(
        linux_base(hostname="l0-rhel96-wsl.lab.example.com", os_key="rhel-9.6", mem_kib=263597056)
    )
    r.add("proc/cpuinfo", real("insights-core/cpuinfo-xeon-e5-2670-vmx-flags-line/proc/cpuinfo"))
    r.update(dmi(dell_server("PowerEdge R620", "6WSL2T1", "0PXXHP", "2.9.0", "12/06/2019")))
    kmods, kfiles = x86_kvm("intel", "Y", running=1)
    r.add("proc/modules", proc_modules(kmods + libvirt_modules(1) + X86_SERVER + INTEL_EXTRA))
    r.update(kfiles)
    r.add("usr/lib/modprobe.d/kvm.conf", written(USR_LIB_KVM_CONF, USR_LIB_KVM_NOTE))
    lv = Libvirt(r)
    lv.define(
        "win2k22-wsl2",
        written(
            domain_xml(
                name="win2k22-wsl2",
                uuid=fake_uuid(f"{r.name}/win2k22-wsl2"),
                cpu=cpu_passthrough(),
                os_id="http://microsoft.com/win/2k22",
                machine="pc-q35-rhel9.6.0",
                memory_mib=32768,
                vcpus=8,
                windows=True,
            )
        ),
        autostart=True,
    )
    lv.start("win2k22-wsl2", 8)
    return r


BUILDERS = (
    root_intel_l0,
    root_nested_off_persistent_on,
    root_nested_on_not_persistent,
    root_module_not_loaded,
    root_cmdline_override,
    root_amd_l0,
    root_amd_nested_off,
    root_s390,
    root_aarch64,
    root_l1_vmware,
    root_l1_aws,
    root_l1_kvm,
    root_container,
    root_qemu_emulated,
    root_l1_openstack,
    root_l1_openshift,
    root_l1_hyperv,
    root_l1_rhv,
    root_l1_ubuntu_kvm,
    root_rhel9_wsl,
    root_centos,
    root_ubuntu,
    root_broken,
    root_ordinary_vms,
    root_l1_in_use,
    root_l2_runs_guests,
    root_l1_plain_l2s,
    root_rhel96_wsl2,
)


# ---------------------------------------------------------------- writing


def cases_index() -> dict[str, dict[str, object]]:
    cases = json.loads((CORPUS / "cases.json").read_text("utf-8"))
    return {str(c["dir"]): c for c in cases}


def case_of(source: str) -> str:
    return "/".join(source.split("/")[:2])


def provenance(roots: list[Root]) -> dict[str, object]:
    index = cases_index()
    out: dict[str, object] = {}
    for root in roots:
        rows = []
        for path in sorted(root.files):
            entry = root.files[path]
            row: dict[str, str] = {"path": path, "origin": entry.origin}
            if entry.source:
                case = index[case_of(entry.source)]
                row["source"] = "tests/corpus/" + entry.source
                row["repo"] = str(case["repo"]).split(" (")[0]
                row["commit"] = str(case["commit"]).split(" (")[0]
                row["path_in_repo"] = str(case.get("path_in_repo", "")).split(" (")[0]
            if entry.note:
                row["note"] = entry.note
            rows.append(row)
        rows.extend(
            {"path": path, "origin": "link", "target": root.links[path]}
            for path in sorted(root.links)
        )
        out[root.name] = {"represents": root.represents, "files": rows}
    return out


def write_root(root: Root, roots_dir: Path) -> None:
    base = roots_dir / root.name
    for path, entry in root.files.items():
        target = base / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(entry.data)
    for path, link in root.links.items():
        target = base / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(link)


def md(text: str) -> str:
    """Table-cell safe text; the builder's own prose puts markup-like text in backticks."""
    return text.replace("|", "\\|")


def origin_cell(row: dict[str, str]) -> str:
    origin = row["origin"]
    if origin == "link":
        return f"symbolic link -> `{row['target']}`"
    if origin == WRITTEN:
        cell = "written for nestaudit"
        return cell + (f": {md(row['note'])}" if "note" in row else "")
    where = (
        f"`{row['source']}` ({row['repo']}, {row['commit']}"
        + (f", upstream `{md(row['path_in_repo'])}`" if row.get("path_in_repo") else "")
        + ")"
    )
    if origin == ADAPTED:
        return f"real, adapted: {where}; change: {md(row['note'])}"
    cell = f"real: {where}"
    return cell + (f"; {md(row['note'])}" if "note" in row else "")


README_HEAD = """\
# samples: fake host roots and their bundles

Each folder in `roots/` is laid out like a host's file system (`proc/cpuinfo`,
`sys/module/kvm_intel/parameters/nested`, `etc/libvirt/qemu/<domain>.xml`, ...) so that
`nestaudit collect --root samples/roots/<name>` reads it exactly as it reads a real host.
`bundles/<name>.json` is that collection, committed so that the later stages (facts,
rules, reports) and their tests have realistic input without a lab.

Built from real data wherever the project's corpus has it (`tests/corpus/`, a copy of
`../shared/corpus/`; its `cases.json` and `../shared/corpus/MANIFEST.md` name the upstream
repository and commit of every file). Where the corpus has nothing (sysfs module
parameters, `/proc/modules`, modprobe files, host names, machine-ids, serials, most domain
definitions, live status XML), the file is **written for nestaudit** in the real format.
All host names, machine-ids, UUIDs and serial numbers are made up.

Conventions shared by every root:
- `var/run -> ../run`, `lib -> usr/lib` and `etc/os-release -> ../usr/lib/os-release` are
  symbolic links as on a real RHEL host, so the collector's in-root link resolution and
  alias records (`/var/run/libvirt/qemu` stored as an alias of `/run/libvirt/qemu`,
  `/lib/modprobe.d` of `/usr/lib/modprobe.d`) are exercised on every sample.
- `dev/kvm` is an **empty regular file** standing for the character device: git cannot
  hold device nodes, and the facts stage reads an empty regular file at `/dev/kvm` in a
  `--root` collection as the device being present.
- Running domains have a live status XML in `run/libvirt/qemu/<name>.xml`
  (`<domstatus state='running'>` wrapping `<domain id='N'>`, shaped like libvirt's own,
  e.g. `tests/corpus/libvirt/status-nest-host-passthrough-migrating-out`) and a
  `<name>.pid`; `run/libvirt/qemu/autostarted` exists on every libvirt host.
- "real, adapted" files are real corpus files with one stated edit: a `<uuid>` changed so
  UUIDs stay unique on a host, or `hypervisor` added to a real bare-metal cpuinfo to
  stand for a VM that sees the host CPU (host-passthrough).

Scripts:
- `python samples/build_roots.py` rebuilds `roots/`, `provenance.json` and this README
  from the corpus (deterministic).
- `python samples/regenerate.py` re-collects every root into `bundles/<name>.json`
  (fixed `collected_at` 2026-11-20T09:00:00Z and `as_root: true`, so bundles are
  reproducible). `tests/test_samples.py` fails when a bundle is out of date.

Caveats: the domain named `lab<b>&"'vm` has a file name with characters that Windows
cannot check out; these samples target Linux. A few CPUs are older than the RHEL release
put on them (the corpus has no newer dump with the needed flags); the root's description
says so.
"""


def readme(prov: dict[str, object]) -> str:
    parts = [README_HEAD]
    parts.append("\n## Roots\n\n| root | represents |\n|---|---|\n")
    for name, data in prov.items():
        assert isinstance(data, dict)
        parts.append(f"| [`{name}`](#{name}) | {md(str(data['represents']))} |\n")
    for name, data in prov.items():
        assert isinstance(data, dict)
        parts.append(f"\n### {name}\n\n{md(str(data['represents']))}\n\n")
        parts.append("| path | origin |\n|---|---|\n")
        parts.extend(f"| `{md(row['path'])}` | {origin_cell(row)} |\n" for row in data["files"])
    return "".join(parts)


def build(out: Path) -> list[Root]:
    """Write roots/, provenance.json and README.md under `out` (replacing roots/)."""
    roots = [make() for make in BUILDERS]
    names = [r.name for r in roots]
    if len(set(names)) != len(names):
        raise ValueError("duplicate root names")
    roots_dir = out / "roots"
    if roots_dir.exists():
        shutil.rmtree(roots_dir)
    for root in roots:
        write_root(root, roots_dir)
    prov = provenance(roots)
    (out / "provenance.json").write_text(
        json.dumps(prov, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    (out / "README.md").write_text(readme(prov), "utf-8")
    return roots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else HERE
    roots = build(out)
    print(f"built {len(roots)} roots in {out / 'roots'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
