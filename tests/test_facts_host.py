"""Host facts (nestaudit/facts/host.py): identity, the architecture and container markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from factroots import CORPUS, INTEL_LOADED, facts_of, write_root
from judging import build_report
from nestaudit.bundle import from_data
from nestaudit.collect import collect
from nestaudit.values import Version


def test_host_identity_from_files(tmp_path: Path) -> None:
    facts = facts_of(write_root(tmp_path, {
        **INTEL_LOADED, "proc/sys/kernel/hostname": "hv01.example.com\n"}))
    assert facts.host.name == "hv01.example.com"
    assert facts.host.kernel == "5.14.0-503.el9.x86_64"
    assert facts.host.kernel_version == Version((5, 14, 0))
    assert facts.host.arch == "x86_64"
    assert facts.host.source == "root"
    assert facts.host.container is None


@pytest.mark.parametrize(
    ("files", "engine"),
    [
        ({".dockerenv": ""}, "docker"),
        ({"run/.containerenv": 'engine="podman-5.2.2"\n'}, "podman"),
        ({"run/systemd/container": "lxc\n"}, "lxc"),
        ({"proc/1/cgroup": "0::/kubepods.slice/crio-abc.scope\n"}, "crio"),
        ({".dockerinit": ""}, "docker"),
        ({"proc/self/cgroup": "1:name=systemd:/\n2:cpu:/machine.slice/libpod-9f1c.scope\n"},
         "podman"),
        ({"proc/self/status": "Name:\tpython3\nVxID:\t40013\n"}, "linux-vserver"),
        ({"proc/vz/veinfo": ""}, "openvz"),
        ({"proc/1/environ": "container=zone\0", "proc/version": "Linux version 2.6.32 "
          "BrandZ virtual linux x86_64\n"}, "illumos-lx"),
    ],
)
def test_container_markers(tmp_path: Path, files: dict[str, str], engine: str) -> None:
    facts = facts_of(write_root(tmp_path, {**INTEL_LOADED, **files}))
    assert facts.host.container == engine
    assert facts.evidence("host.container")


@pytest.mark.parametrize(
    "files",
    [
        {"proc/self/status": "Name:\tpython3\nVxID:\t0\n"},  # the VServer host's own context
        {"proc/vz/veinfo": "", "proc/bc/0/resources": ""},  # an OpenVZ host node
    ],
)
def test_container_hosts_are_no_container(tmp_path: Path, files: dict[str, str]) -> None:
    assert facts_of(write_root(tmp_path, {**INTEL_LOADED, **files})).host.container is None


# /proc/cpuinfo layouts where neither uname nor /proc/sys/kernel/osrelease says the
# architecture. Real files where the corpus has them; the others are written here in the
# layout each kernel's show_cpuinfo prints (arch/riscv/kernel/cpu.c, arch/arm/kernel/setup.c,
# arch/sparc/kernel/cpu.c), with made-up values.
RISCV64 = (
    "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc_zicntr_zicsr_zifencei\nmmu\t\t: sv39\n"
    "uarch\t\t: sifive,u74-mc\n\nprocessor\t: 1\nhart\t\t: 1\n"
    "isa\t\t: rv64imafdc_zicntr_zicsr_zifencei\nmmu\t\t: sv39\nuarch\t\t: sifive,u74-mc\n\n"
)
ARMV7 = (
    "processor\t: 0\nmodel name\t: ARMv7 Processor rev 10 (v7l)\nBogoMIPS\t: 7.54\n"
    "Features\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpd32\nCPU implementer\t: 0x41\n"
    "CPU architecture: 7\nCPU variant\t: 0x2\nCPU part\t: 0xc09\nCPU revision\t: 10\n\n"
    "Hardware\t: Freescale i.MX6 Quad/DualLite (Device Tree)\nRevision\t: 0000\n"
)
# Linux before 3.8 put the CPU identification after the per-CPU blocks.
ARMV7_OLD = (
    "Processor\t: ARMv7 Processor rev 2 (v7l)\nprocessor\t: 0\nBogoMIPS\t: 1592.52\n\n"
    "processor\t: 1\nBogoMIPS\t: 1592.52\n\nFeatures\t: swp half thumb fastmult vfp edsp\n"
    "CPU implementer\t: 0x41\nCPU architecture: 7\nCPU variant\t: 0x1\nCPU part\t: 0xc09\n"
    "CPU revision\t: 0\n\nHardware\t: OMAP4 Panda board\n"
)
SPARC64 = (
    "cpu\t\t: UltraSparc T2 (Niagara2)\nfpu\t\t: UltraSparc T2 integrated FPU\n"
    "pmu\t\t: niagara2\nprom\t\t: OBP 4.30.4 2009/08/19 07:25\ntype\t\t: sun4v\n"
    "ncpus probed\t: 64\nncpus active\t: 64\nD$ parity tl1\t: 0\nI$ parity tl1\t: 0\n"
)
SPARC32 = (
    "cpu\t\t: Texas Instruments, Inc. - SuperSparc-(II)\nfpu\t\t: SuperSparc on-chip FPU\n"
    "promlib\t\t: Version 3 Revision 2\nprom\t\t: 2.25\ntype\t\t: sun4m\n"
    "ncpus probed\t: 1\nncpus active\t: 1\n"
)
SUITE = CORPUS / "virt-what-suite"


@pytest.mark.parametrize(
    ("cpuinfo", "arch", "vendor"),
    [
        (SUITE / "ppc64-lpar-shared/proc/cpuinfo", "ppc64 or ppc64le", "ibm"),
        (SUITE / "ppc64-baremetal/proc/cpuinfo", "ppc64 or ppc64le", "ibm"),
        (SUITE / "rhel5-xen-domU-hvm-ia64/proc/cpuinfo", "ia64", "other"),
        (SUITE / "lkvm-arm/proc/cpuinfo", "aarch64", "arm"),
        (SUITE / "lx86/proc/cpuinfo", "i686", "other"),
        (CORPUS / "util-linux/i386-amdshanghai/proc/cpuinfo", "i686", "amd"),  # a 32-bit kernel
        (CORPUS / "util-linux/loongarch-kvm_on_loongson_3c6000/proc/cpuinfo", "loongarch64",
         "other"),
        (RISCV64, "riscv64", "other"),
        (ARMV7, "armv7hl", "arm"),
        (ARMV7_OLD, "armv7hl", "arm"),
        (SPARC64, "sparc64", "other"),
        (SPARC32, "sparc", "other"),
    ],
    ids=lambda v: v.parent.parent.name if isinstance(v, Path) else None,
)
def test_architecture_from_cpuinfo_alone_fails_nv_arch(
    tmp_path: Path, cpuinfo: Path | str, arch: str, vendor: str
) -> None:
    text = cpuinfo.read_text("utf-8") if isinstance(cpuinfo, Path) else cpuinfo
    root = write_root(tmp_path, {"proc/cpuinfo": text})
    facts = facts_of(root)
    assert (facts.host.arch, facts.cpu.vendor) == (arch, vendor)
    assert facts.evidence("host.arch")[0].source == "/proc/cpuinfo"
    host = build_report([from_data(collect(root=str(root)), str(root))])["hosts"][0]
    nv_arch = next(f for f in host["findings"] if f["rule"] == "arch-in-support-statement")
    assert nv_arch["outcome"] == "fail"  # NV-ARCH: nesting works on x86_64 and s390x only
    assert arch in nv_arch["message"]
