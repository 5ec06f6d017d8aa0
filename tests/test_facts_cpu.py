"""CPU facts (nestaudit/facts/cpu.py) from the corpus cpuinfo cases."""

from __future__ import annotations

from typing import Any

import pytest

from factroots import CORPUS, case_id, cases_with, facts_of

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
