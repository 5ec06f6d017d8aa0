"""KVM facts (nestaudit/facts/kvm.py): module state, and `nested` at the next load as
modprobe.d and the kernel command line set it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factroots import AMD, CORPUS, INTEL, INTEL_LOADED, S390, facts_of, write_root
from nestaudit.facts import HostFacts
from nestaudit.values import UNKNOWN


def test_runtime_nested_from_sysfs_with_evidence(tmp_path: Path) -> None:
    root = write_root(tmp_path, {**INTEL_LOADED,
                                 "sys/module/kvm_intel/parameters/nested": "N\n"})
    facts = facts_of(root)
    assert facts.kvm.module == "kvm_intel"
    assert facts.kvm.module_loaded is True and facts.kvm.kvm_loaded is True
    assert facts.kvm.modules_loaded == ["kvm", "kvm_intel"]
    assert facts.kvm.nested is False
    assert [(e.source, e.excerpt) for e in facts.evidence("kvm.nested")] == [
        ("/sys/module/kvm_intel/parameters/nested", "N")]


def test_module_not_loaded_makes_nested_unknown_not_false(tmp_path: Path) -> None:
    root = write_root(tmp_path, {**INTEL_LOADED, "proc/modules": "xfs 1 0 - Live 0x0\n"})
    facts = facts_of(root)
    assert facts.kvm.module_loaded is False
    assert facts.kvm.kvm_loaded is False
    assert facts.kvm.modules_loaded == []
    assert facts.kvm.nested is UNKNOWN


def test_corpus_l0_reads_nested_from_sysfs_without_cpuinfo() -> None:
    facts = facts_of(CORPUS / "nvmx-haswell/L0-haswell-i5-4670T-fedora19")
    assert facts.kvm.module == "kvm_intel"
    assert facts.kvm.module_loaded is True
    assert facts.kvm.nested is True


def test_dev_kvm_regular_file_counts_in_a_root_collection(tmp_path: Path) -> None:
    root = write_root(tmp_path, {**INTEL_LOADED, "dev/kvm": ""})
    facts = facts_of(root)
    assert facts.kvm.dev_kvm is True
    assert "regular file" in facts.evidence("kvm.dev_kvm")[0].excerpt


# --------------------------------------------------------------------------- modprobe


def persistent(tmp_path: Path, files: dict[str, str], base: dict[str, str] | None = None,
               **extra: Any) -> HostFacts:
    return facts_of(write_root(tmp_path, {**(base or INTEL_LOADED), **files}), **extra)


def test_etc_file_hides_the_same_name_in_usr_lib(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {
        "etc/modprobe.d/kvm.conf": "options kvm_intel nested=0\n",
        "usr/lib/modprobe.d/kvm.conf": "options kvm_intel nested=1\n",
    })
    kvm = facts.kvm
    assert kvm.nested_persistent is False
    assert kvm.nested_persistent_source == "/etc/modprobe.d/kvm.conf:1"
    assert kvm.nested_assignments == ["/etc/modprobe.d/kvm.conf:1: nested=0"]
    assert kvm.nested_persistent_explicit is True and kvm.nested_conflict is False
    assert kvm.modprobe_readable is True


def test_last_assignment_wins_across_files_sorted_by_name(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {
        "etc/modprobe.d/kvm.conf": "options kvm_intel nested=1\n",
        "usr/lib/modprobe.d/zz-vendor.conf": "# vendor tuning\noptions kvm-intel nested=0\n",
    })
    kvm = facts.kvm
    assert kvm.nested_persistent is False
    assert kvm.nested_persistent_source == "/usr/lib/modprobe.d/zz-vendor.conf:2"
    assert kvm.nested_assignments == [
        "/etc/modprobe.d/kvm.conf:1: nested=1",
        "/usr/lib/modprobe.d/zz-vendor.conf:2: nested=0",
    ]
    assert kvm.nested_conflict is True
    assert kvm.nested_overridden_by == "/usr/lib/modprobe.d/zz-vendor.conf:2"


def test_last_assignment_in_one_file_wins(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {
        "etc/modprobe.d/kvm.conf": (
            "options kvm_intel nested=1\n"
            "install kvm_intel /sbin/modprobe --ignore-install kvm_intel\n"
            "options kvm_intel enable_shadow_vmcs=1 \\\n  nested=0\n"
        ),
    })
    assert facts.kvm.nested_persistent is False
    assert facts.kvm.nested_persistent_source == "/etc/modprobe.d/kvm.conf:3"
    assert facts.kvm.nested_overridden_by is None  # kvm.conf itself decides


def test_kernel_command_line_overrides_modprobe(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {
        "etc/modprobe.d/kvm.conf": "options kvm_intel nested=0\n",
        "proc/cmdline": "BOOT_IMAGE=/vmlinuz ro kvm-intel.nested=1\n",
    })
    kvm = facts.kvm
    assert kvm.nested_persistent is True
    assert kvm.nested_persistent_source == "kernel command line"
    assert isinstance(kvm.nested_assignments, list)
    assert kvm.nested_assignments[-1] == "kernel command line: kvm-intel.nested=1"
    assert kvm.nested_overridden_by == "kernel command line"
    assert ("/proc/cmdline", "kvm-intel.nested=1") in [
        (e.source, e.excerpt) for e in facts.evidence("kvm.nested_persistent")]


def test_explicit_nested_zero(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {"etc/modprobe.d/kvm.conf": "options kvm_intel nested=0\n"})
    assert facts.kvm.nested_persistent is False
    assert facts.kvm.nested_persistent_explicit is True
    assert facts.kvm.nested_default is True
    assert [(e.source, e.excerpt) for e in facts.evidence("kvm.nested_persistent")] == [
        ("/etc/modprobe.d/kvm.conf:1", "options kvm_intel nested=0")]


def test_corpus_vdsm_file_enables_both_vendors(tmp_path: Path) -> None:
    text = (CORPUS / "modprobe/ovirt-vdsm-nestedvt/etc/modprobe.d/vdsm-nestedvt.conf").read_text()
    amd = {**INTEL_LOADED, "proc/cpuinfo": AMD,
           "proc/modules": "kvm_amd 1 0 - Live 0x0\nkvm 1 1 kvm_amd, Live 0x0\n"}
    facts = persistent(tmp_path, {"usr/lib/modprobe.d/vdsm-nestedvt.conf": text}, base=amd)
    assert facts.kvm.module == "kvm_amd"
    assert facts.kvm.nested_persistent is True
    assert facts.kvm.nested_persistent_source == "/usr/lib/modprobe.d/vdsm-nestedvt.conf:6"


@pytest.mark.parametrize(
    ("cpuinfo", "release", "module", "default"),
    [
        (INTEL, "5.14.0-503.el9.x86_64", "kvm_intel", True),
        (INTEL, "4.18.0-553.el8_10.x86_64", "kvm_intel", False),
        (INTEL, "4.20.0-1.fc30.x86_64", "kvm_intel", True),
        (AMD, "4.18.0-553.el8_10.x86_64", "kvm_amd", True),
        (S390, "6.12.0-55.el10.s390x", "kvm", False),
    ],
)
def test_no_assignment_means_kernel_default(
    tmp_path: Path, cpuinfo: str, release: str, module: str, default: bool
) -> None:
    facts = persistent(tmp_path, {"proc/cpuinfo": cpuinfo,
                                  "proc/sys/kernel/osrelease": release + "\n",
                                  "etc/modprobe.d/other.conf": "options xfs foo=1\n"})
    kvm = facts.kvm
    assert kvm.module == module
    assert kvm.nested_persistent is default and kvm.nested_default is default
    assert kvm.nested_persistent_source == "kernel default"
    assert kvm.nested_persistent_explicit is False
    assert kvm.nested_assignments == []


def test_unknown_kernel_version_leaves_intel_default_unknown(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {}, base={"proc/cpuinfo": INTEL})
    assert facts.host.kernel is UNKNOWN
    assert facts.kvm.nested_default is UNKNOWN
    assert facts.kvm.nested_persistent is UNKNOWN


def test_unreadable_modprobe_dir_makes_persistent_unknown(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {}, dirs={"/run/modprobe.d": {
        "status": "denied", "reason": "Permission denied"}})
    assert facts.kvm.modprobe_readable is False
    assert facts.kvm.nested_persistent is UNKNOWN
    assert facts.kvm.nested_persistent_explicit is UNKNOWN


def test_s390_hpage_runtime_and_persistent(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {
        "proc/cpuinfo": S390,
        "proc/sys/kernel/osrelease": "6.12.0-55.el10.s390x\n",
        "proc/modules": "kvm 1 0 - Live 0x0\n",
        "sys/module/kvm/parameters/nested": "1\n",
        "sys/module/kvm/parameters/hpage": "0\n",
        "etc/modprobe.d/kvm.conf": "options kvm nested=1 hpage=1\n",
    })
    kvm = facts.kvm
    assert (kvm.module, kvm.nested, kvm.hpage) == ("kvm", True, False)
    assert kvm.nested_persistent is True and kvm.hpage_persistent is True
