"""CPU facts (nestaudit/facts/cpu.py) from the corpus cpuinfo cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factroots import (
    AMD,
    CORPUS,
    INTEL,
    S390,
    case_id,
    cases_with,
    command_record,
    facts_of,
    write_root,
)
from nestaudit.values import UNKNOWN

_VENDORS = {"GenuineIntel": "intel", "AuthenticAMD": "amd", "IBM/S390": "ibm"}


@pytest.mark.parametrize("case", cases_with("cpuinfo"), ids=case_id)
def test_cpuinfo_cases_agree_with_recorded_flags(case: dict[str, Any]) -> None:
    facts = facts_of(CORPUS / case["dir"])
    expected = case["cpuinfo"]
    cpu = facts.cpu
    assert isinstance(cpu.flags, list)
    for flag in ("vmx", "ept", "svm", "npt", "sie"):
        assert (flag in cpu.flags) is expected[flag], flag
    assert cpu.hypervisor_flag is expected["hypervisor"]
    if expected["cpus"] is not None:
        assert cpu.count == expected["cpus"]
    if expected["model_name"] is not None:
        assert cpu.model == expected["model_name"]
    arch = case["arch"].split()[0]
    if expected["vendor_id"] is not None:
        assert cpu.vendor == _VENDORS.get(expected["vendor_id"], "other")
    elif arch == "aarch64":
        assert cpu.vendor == "arm"
    if arch in ("x86_64", "aarch64", "s390x", "i686", "loongarch64"):
        assert facts.host.arch == arch
    if expected.get("ept_in_vmx_flags_line"):
        assert "ept" in cpu.flags
    # every needed flag the case lacks is reported missing, and only those
    needed = cpu.virt_flags_needed
    assert isinstance(needed, list)
    assert cpu.virt_flags_missing == [f for f in needed if not expected[f]]


# ------------------------------------------------- host-model, from virsh domcapabilities

CAPS = CORPUS / "virt-manager"


def _domcaps(case: str) -> dict[str, dict[str, Any]]:
    text = (CAPS / case / "_cmd" / "virsh-domcapabilities.xml").read_text("utf-8")
    argv = ["virsh", "-r", "-c", "qemu:///system", "domcapabilities"]
    return {"virsh domcapabilities": command_record(argv, text)}


@pytest.mark.parametrize(
    ("case", "cpuinfo", "model", "virt", "evidence"),
    [
        # <feature policy='require' name='vmx'/> in the expansion
        ("caps-kvm-x86_64-intel", INTEL, "Skylake-Client-IBRS", True,
         "<feature policy='require' name='vmx'/>"),
        # no svm listed: libvirt's CPU map gives EPYC-Milan svm
        ("caps-kvm-x86_64-amd-sev", AMD, "EPYC-Milan", True, "EPYC-Milan includes svm"),
        # IBM Z: a host-model, but no vmx/svm to look for
        ("caps-kvm-s390x", S390, "gen15a-base", UNKNOWN, None),
        # aarch64: host-model unsupported
        ("caps-kvm-aarch64", None, UNKNOWN, UNKNOWN, None),
    ],
)
def test_host_model_from_domcapabilities(
    tmp_path: Path, case: str, cpuinfo: str | None, model: object, virt: object,
    evidence: str | None,
) -> None:
    root = write_root(tmp_path, {"proc/cpuinfo": cpuinfo} if cpuinfo else {"etc/hostname": "h\n"})
    facts = facts_of(root, commands=_domcaps(case))
    assert (facts.cpu.host_model, facts.cpu.host_model_virt) == (model, virt)
    if evidence is not None:
        assert evidence in facts.evidence("cpu.host_model_virt")[0].excerpt


def test_host_model_without_domcapabilities_is_unknown(tmp_path: Path) -> None:
    facts = facts_of(write_root(tmp_path, {"proc/cpuinfo": INTEL}))
    assert (facts.cpu.host_model, facts.cpu.host_model_virt) == (UNKNOWN, UNKNOWN)
    failed = {"virsh domcapabilities": command_record(["virsh"], "", exit_code=1)}
    facts = facts_of(write_root(tmp_path, {"proc/cpuinfo": INTEL}), commands=failed)
    assert facts.cpu.host_model is UNKNOWN
    assert facts.evidence("cpu.host_model")[0].excerpt == "failed: no host-model expansion"


def test_host_model_judged_by_the_hosts_own_map(tmp_path: Path) -> None:
    # this host's libvirt defines EPYC-Milan without svm: its map wins over nestaudit's
    root = write_root(tmp_path, {
        "proc/cpuinfo": AMD,
        "usr/share/libvirt/cpu_map/x86_EPYC-Milan.xml":
            "<cpus><model name='EPYC-Milan'><feature name='sse2'/></model></cpus>",
    })
    facts = facts_of(root, commands=_domcaps("caps-kvm-x86_64-amd-sev"))
    assert facts.cpu.host_model_virt is False
    assert facts.evidence("cpu.host_model_virt")[0].source == (
        "/usr/share/libvirt/cpu_map/x86_EPYC-Milan.xml")
