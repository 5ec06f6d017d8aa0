"""nestaudit held to virt-what's own test suite: its 44 cases and the lines it must print.

The cases are in tests/corpus/virt-what-suite (virt-what 1.25, zdyxry/virt-what at 94773022,
GPL-2.0-or-later; its README says what was taken and how). Each case becomes a bundle as a
collection would make it: the collector over the case's folder, a `dmidecode` command record
with what the case's dmidecode stub prints, and the host record's arch from its `uname -m`
stub. The CPUID signature the case's helper prints is never fed in: nestaudit reads no
CPUID, so where only CPUID tells virt-what the answer, the test holds nestaudit to the honest
one (verdicts.md, Emulated or accelerated).

Each of virt-what's words is mapped to what our vocabulary says for it (WORDS), or to why
it adds a detail no fact of ours states (DETAIL). A case's test asserts every claim its
expected lines make, plus what an answer implies: no hypervisor word means no named
hypervisor, and an empty answer means bare metal (an L0).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from judging import build_report
from nestaudit.bundle import Bundle, from_data
from nestaudit.collect import collect
from nestaudit.facts import HostFacts, build_facts
from nestaudit.values import UNKNOWN

SUITE = Path(__file__).parent / "corpus" / "virt-what-suite"
CASES: list[dict[str, Any]] = json.loads((SUITE / "cases.json").read_text("utf-8"))

# virt-what's word -> the facts that say the same in our vocabulary.
WORDS: dict[str, dict[str, object]] = {
    # KVM: virt-what reads the CPUID signature KVMKVMKVM, or DMI naming KVM ("Product Name:
    # KVM...", "Manufacturer: KVM", Amazon EC2 or Alibaba Cloud that says it is a VM)
    "kvm": {"virt.hypervisor": "kvm"},
    # QEMU whose accelerator it does not see (TCG's CPUID signature, or DMI "QEMU" without
    # KVM's): our qemu, QEMU with its accelerator unknown
    "qemu": {"virt.hypervisor": "qemu"},
    "vmware": {"virt.hypervisor": "vmware"},
    "hyperv": {"virt.hypervisor": "hyperv"},
    "xen": {"virt.hypervisor": "xen"},
    "bhyve": {"virt.hypervisor": "bhyve"},
    "parallels": {"virt.hypervisor": "parallels"},
    # kvmtool (lkvm) has no emulator: it runs on KVM only
    "lkvm": {"virt.hypervisor": "kvm"},
    # Nutanix AHV is KVM-based; the product itself is no value of virt.cloud
    "nutanix_ahv": {"virt.hypervisor": "kvm"},
    # a KVM guest on POWER (pSeries "emulated by qemu")
    "ibm_power-kvm": {"virt.hypervisor": "kvm"},
    # PowerVM LPARs; shared or dedicated processors is a detail no fact states
    "ibm_power-lpar_shared": {"virt.hypervisor": "powervm"},
    "ibm_power-lpar_dedicated": {"virt.hypervisor": "powervm"},
    # PowerVM Lx86 runs x86 Linux programs in a PowerVM LPAR: the hypervisor below is
    # PowerVM; the x86 emulation itself is no fact of ours
    "powervm_lx86": {"virt.hypervisor": "powervm"},
    # IBM Z (cpuinfo vendor_id IBM/S390), then the level /proc/sysinfo shows
    "ibm_systemz": {"cpu.vendor": "ibm"},
    "ibm_systemz-zvm": {"virt.hypervisor": "zvm"},
    # SPARC logical domains (/dev/mdesc)
    "ldoms": {"virt.hypervisor": "ldoms"},
    # clouds and products around the host, a fact apart from the hypervisor
    "aws": {"virt.cloud": "aws"},
    "alibaba_cloud": {"virt.cloud": "alibaba", "virt.hypervisor": "kvm"},
    "google_cloud": {"virt.cloud": "gcp"},
    "rhev": {"virt.cloud": "rhv"},
    "upcloud": {"virt.cloud": "upcloud"},
    # containers: the engine the collection ran in
    "docker": {"host.container": "docker"},
    "podman": {"host.container": "podman"},
    "crio": {"host.container": "crio"},
    "oci": {"host.container": "oci"},
    "lxc": {"host.container": "lxc"},
    "illumos-lx": {"host.container": "illumos-lx"},
    "linux_vserver-guest": {"host.container": "linux-vserver"},
}
# Words that add a detail to a word above, which no fact of ours states.
DETAIL = {
    "xen-hvm": "Xen's guest type (HVM, PV, dom0): we state xen and the L1 role only",
    "xen-domU": "Xen's guest type (HVM, PV, dom0): we state xen and the L1 role only",
    "xen-dom0": "Xen's guest type (HVM, PV, dom0): we state xen and the L1 role only",
    "redhat": "'Manufacturer: Red Hat' somewhere in DMI; virt.cloud rhel-kvm needs Red Hat / KVM",
    "ldoms-guest": "guest or control domain: in the evidence, not a fact",
    "linux_vserver": "the general word; its -guest word names the container",
}
# Hypervisors our vocabulary has no word for (their cases are in OUT_OF_VOCABULARY).
LACKING = {"vmm": "OpenBSD's vmm"}
# Words that describe a hypervisor (all others are clouds, containers or details).
HYPERVISOR_WORDS = {w for w, claims in WORDS.items() if "virt.hypervisor" in claims} | set(LACKING)

# Cases whose answer only the CPUID signature (or another input the case lacks) can give:
# case -> (what nestaudit says instead, why that is the honest answer).
HONEST: dict[str, tuple[dict[str, object], str]] = {
    "kvm": ({"virt.hypervisor": "qemu"},
            "Bochs DMI; only the CPUID signature KVMKVMKVM shows KVM"),
    "kvm-explicit-cpu": ({"virt.hypervisor": "qemu"},
                         "Bochs DMI; only the CPUID signature KVMKVMKVM shows KVM"),
    "upcloud": ({"virt.hypervisor": "qemu"},
                "UpCloud DMI with QEMU's chassis; only the CPUID signature shows KVM"),
    "lkvm": ({"virt.hypervisor": UNKNOWN, "virt.is_vm": True},
             "no DMI; only the CPUID signature LKVMLKVMLKVM names kvmtool (the hypervisor "
             "flag says it is a VM)"),
    "ppc64-kvm": ({"virt.hypervisor": "qemu"},
                  "cpuinfo says 'emulated by qemu', as under TCG too; KVM shows in "
                  "/proc/device-tree/hypervisor/compatible (linux,kvm), which the case lacks"),
}
# Cases whose answer names something our vocabulary lacks: case -> (what we still
# assert, why the answer itself cannot be stated).
OUT_OF_VOCABULARY: dict[str, tuple[dict[str, object], str]] = {
    "vmm": ({"virt.hypervisor": UNKNOWN},
            "OpenBSD's vmm has no word in virt.hypervisor (and only its CPUID signature names "
            "it); the hypervisor flag says it is a VM"),
}
# uname -m -> host.arch (the facts' normal names)
ARCH = {"x86_64": "x86_64", "aarch64": "aarch64", "i686": "i686", "ppc64": "ppc64",
        "sparc64": "sparc64", "ia64": "ia64", "s390": "s390"}


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['case']}: {' / '.join(case['expected']) or '(bare metal)'}"


def suite_bundle(case: dict[str, Any], extra_files: dict[str, str] | None = None) -> Bundle:
    """The case as a collection makes it: files, the dmidecode record, uname -m."""
    root = SUITE / case["case"]
    data = collect(root=str(root))
    dmi = case["dmidecode"]
    text = (root / dmi["file"]).read_text("utf-8")
    stderr = dmi["stderr_lines"]
    stdout = "".join(ln for ln in text.splitlines(keepends=True) if ln.rstrip("\n") not in stderr)
    data["commands"]["dmidecode"] = {
        "argv": ["dmidecode"], "status": "ok", "exit_code": dmi["exit_status"],
        "stdout": stdout, "stderr": "".join(line + "\n" for line in stderr),
    }
    data["host"]["arch"] = case["uname_m"]
    for path, content in (extra_files or {}).items():
        data["files"][path] = {"status": "ok", "content": content, "encoding": "utf-8",
                               "size": len(content.encode("utf-8"))}
    return from_data(data, str(root))


def claims_of(case: dict[str, Any]) -> dict[str, object]:
    """Every fact value the case's expected lines (and the honest readings) make."""
    name = case["case"]
    claims: dict[str, object] = {"host.arch": ARCH[case["uname_m"]]}
    for word in case["expected"]:
        claims.update(WORDS.get(word, {}))
    hypervisor_named = any(w in HYPERVISOR_WORDS for w in case["expected"])
    if not case["expected"]:
        claims.update({"virt.hypervisor": "none", "virt.role": "L0", "virt.is_vm": False})
    elif hypervisor_named:
        claims.update({"virt.role": "L1", "virt.is_vm": True})
    for table in (HONEST, OUT_OF_VOCABULARY):
        if name in table:
            claims.update(table[name][0])
    return claims


def _facts(case: dict[str, Any]) -> HostFacts:
    return build_facts(suite_bundle(case))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_virt_what_case(case: dict[str, Any]) -> None:
    facts = _facts(case)
    values = facts.values()
    got = {fact: values[fact] for fact in claims_of(case)}
    assert got == claims_of(case), (
        f"{case['case']}: virt-what says {case['expected']}; "
        f"sources: {facts.virt.hypervisor_sources}")
    if not any(w in HYPERVISOR_WORDS for w in case["expected"]) and case["expected"]:
        # a container or a cloud alone: virt-what saw no hypervisor, and neither may we name
        # one (unknown where no CPU flags were collected)
        assert facts.virt.hypervisor in ("none", UNKNOWN)
    assert facts.virt.hypervisor_disagreement in (False, UNKNOWN)


def test_every_word_is_mapped_and_every_case_is_known() -> None:
    words = {w for case in CASES for w in case["expected"]}
    assert words - set(WORDS) - set(DETAIL) - set(LACKING) == set()
    names = {case["case"] for case in CASES}
    assert len(CASES) == 44
    assert set(HONEST) | set(OUT_OF_VOCABULARY) <= names


def test_aws_bare_metal_is_a_cloud_without_a_hypervisor() -> None:
    case = next(c for c in CASES if c["case"] == "aws-baremetal-x86")
    facts = _facts(case)
    assert case["expected"] == ["aws"]
    assert facts.virt.aws_metal is True
    assert (facts.virt.hypervisor, facts.virt.role) == ("none", "L0")


def _non_kvm_outcome(bundle: Bundle) -> tuple[str, str]:
    host = build_report([bundle])["hosts"][0]
    finding = next(f for f in host["findings"] if f["rule"] == "l1-on-non-kvm-hypervisor")
    return str(finding["outcome"]), str(finding["message"])


def test_qemu_whose_accelerator_is_unknown_is_unknown_until_kvm_clock_shows_kvm() -> None:
    case = next(c for c in CASES if c["case"] == "kvm")
    outcome, message = _non_kvm_outcome(suite_bundle(case))
    assert outcome == "unknown"
    assert "qemu" in message and "CPUID signature" in message and "kvm-clock" in message
    clocks = {"/sys/devices/system/clocksource/clocksource0/available_clocksource":
              "kvm-clock tsc acpi_pm \n"}
    with_clock = build_facts(suite_bundle(case, clocks))
    assert (with_clock.virt.hypervisor, with_clock.virt.hypervisor_disagreement) == ("kvm", False)
    assert _non_kvm_outcome(suite_bundle(case, clocks))[0] == "pass"


def test_emulated_arm_guest_is_qemu_and_kvmtool_is_kvm() -> None:
    by_name = {c["case"]: c for c in CASES}
    qemu_arm = _facts(by_name["qemu-arm"])
    lkvm_arm = _facts(by_name["lkvm-arm"])
    assert qemu_arm.virt.hypervisor == "qemu"
    assert any("fw-cfg" in e.excerpt for e in qemu_arm.evidence("virt.hypervisor"))
    assert lkvm_arm.virt.hypervisor == "kvm"
    assert any("kvmtool" in e.excerpt for e in lkvm_arm.evidence("virt.hypervisor"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c["case"]))
def test_suite_files_are_upstreams(case: dict[str, Any]) -> None:
    root = SUITE / case["case"]
    recorded = case["provenance"]["files"]
    on_disk = sorted(
        str(p.relative_to(root)) for p in root.rglob("*")
        if p.is_file() and p.name != case["dmidecode"]["file"]
    )
    assert on_disk == sorted(recorded) == case["files"]
    for rel, origin in recorded.items():
        data = (root / rel).read_bytes()
        blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # git's blob id
        assert blob == origin["git_blob"], f"{case['case']}/{rel} differs from upstream"
        assert origin["path"] == f"tests/{case['case']}/{rel}"
    derived = (root / case["dmidecode"]["file"]).read_bytes()
    assert hashlib.sha1(b"blob %d\0" % len(derived) + derived).hexdigest() == (
        case["dmidecode"]["git_blob"])
