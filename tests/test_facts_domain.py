"""Domain facts (nestaudit/facts/domain.py) from corpus domain XML and small fake roots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factroots import (
    AMD,
    CASES,
    CORPUS,
    INTEL,
    INTEL_LOADED,
    command_record,
    domain_xml,
    facts_of,
    present,
    write_root,
)
from nestaudit.values import UNKNOWN, Version


def xml_cases() -> list[tuple[dict[str, Any], str, dict[str, Any]]]:
    out = []
    for case in CASES:
        if not present(case):
            continue
        for rel, expected in case.get("xml", {}).items():
            if "libvirt/qemu/" in rel and expected.get("root") in ("domain", "domstatus"):
                out.append((case, rel, expected))
    return out


# case -> expected domain.exposes_virt with the host CPU vendor unknown (corpus roots hold
# no host cpuinfo next to their domain XML): a named model that libvirt's CPU map gives
# neither vmx nor svm is False whatever the vendor
EXPOSURE: dict[str, object] = {
    "insights-core/qemu-xml-numa-cpu-no-mode": UNKNOWN,  # <cpu> with only <numa>
    "insights-core/qemu-xml-rhel74-custom-haswell-notsx": False,  # Haswell-noTSX: no flag
    "insights-core/qemu-xml-rhosp-nova-host-passthrough": True,
    "insights-core/qemu-xml-rhv-status-custom-broadwell": False,  # Broadwell: no flag
    "libvirt/aarch64-virt-host-passthrough": UNKNOWN,
    "libvirt/aarch64-virt-nested-virtualization-feature": UNKNOWN,
    "libvirt/cpu-custom-strict-vmx-optional": UNKNOWN,
    "libvirt/cpu-host-model-with-features": UNKNOWN,
    "libvirt/cpu-host-passthrough-migratable": True,
    "libvirt/hugepages-2M-numa": UNKNOWN,
    "libvirt/hugepages-default": UNKNOWN,
    "libvirt/hyperv-custom-evmcs": UNKNOWN,
    "libvirt/hyperv-mode-passthrough": UNKNOWN,
    "libvirt/memorybacking-shared-file-no-hugepages": UNKNOWN,
    "libvirt/ppc64-pseries-nested-hv-off": UNKNOWN,
    "libvirt/s390x-ccw-cpu-custom-zEC12": UNKNOWN,
    "libvirt/status-nest-host-passthrough-migrating-out": True,
    "nvmx-haswell/L0-haswell-i5-4670T-fedora19": True,  # vmx require
    "nvmx-haswell/L1-regular-guest-hypervisor": UNKNOWN,  # no <cpu>
    "virt-manager/aarch64-kvm-host-passthrough": UNKNOWN,
    "virt-manager/amd-sev-host-passthrough": True,
    "virt-manager/f30-custom-skylake-vmx-require": True,
    "virt-manager/many-devices-hugepages": UNKNOWN,
    "virt-manager/rhel7-host-model": UNKNOWN,
    "virt-manager/s390x-ccw-fedora30": UNKNOWN,
    "virt-manager/win10-hyperv-host-passthrough": True,
    "virt-manager/win11-hyperv-host-passthrough": True,
}


@pytest.mark.parametrize(("case", "rel", "expected"), xml_cases(),
                         ids=lambda v: v["dir"] if isinstance(v, dict) and "dir" in v else "")
def test_domain_xml_cases(case: dict[str, Any], rel: str, expected: dict[str, Any]) -> None:
    facts = facts_of(CORPUS / case["dir"])
    dom = facts.domain(expected["name"])
    assert dom is not None, facts.values()["domains.names"]
    assert dom.parse_problem is None
    assert dom.type == expected["domain_type"]
    assert dom.arch == expected["arch"]
    mode = expected["cpu_mode"]
    assert dom.cpu_mode == (None if mode.startswith("(") else mode)
    assert dom.cpu_model == expected.get("cpu_model")
    assert isinstance(dom.cpu_features, list)
    for name, policy in (expected.get("cpu_virt_feature_policies") or {}).items():
        assert f"{policy}:{name}" in dom.cpu_features
    assert dom.hugepages is expected["hugepages"]
    assert dom.xml_source == "/" + rel
    if expected["libosinfo_os"] is None:
        assert dom.os_id is UNKNOWN and dom.os_family is UNKNOWN
    else:
        assert dom.os_id == expected["libosinfo_os"]
    if expected["root"] == "domstatus":
        assert dom.xml_live is True
        assert dom.state == {"running": "running", "paused": "paused"}[expected["status_state"]]
        assert dom.running is (expected["status_state"] == "running")
        assert dom.active is True
    else:
        assert dom.state == "shut off" and dom.running is False
    assert case["dir"] in EXPOSURE, "add the new domain XML case to EXPOSURE"
    assert dom.exposes_virt is EXPOSURE[case["dir"]], dom.exposure_reason
    assert facts.values()["domains.hugepages"] == ([dom.name] if dom.hugepages else [])


@pytest.mark.parametrize(
    ("vendor_cpuinfo", "value", "reason"),
    [
        (INTEL, False, "custom model Broadwell, which does not include vmx in libvirt's CPU map"),
        (AMD, False, "custom model Broadwell, which does not include svm in libvirt's CPU map"),
    ],
)
def test_live_custom_cpu_with_known_host_vendor(
    vendor_cpuinfo: str, value: bool, reason: str
) -> None:
    facts = facts_of(CORPUS / "insights-core/qemu-xml-rhv-status-custom-broadwell",
                     files={"/proc/cpuinfo": vendor_cpuinfo})
    dom = facts.domain("test-idm-client-ccveu-net")
    assert dom is not None and dom.xml_live is True
    assert (dom.exposes_virt, dom.exposure_reason) == (value, reason)


def test_libosinfo_cases() -> None:
    vm = CORPUS / "virt-manager"
    win10 = facts_of(vm / "win10-hyperv-host-passthrough").domain("win10")
    win11 = facts_of(vm / "win11-hyperv-host-passthrough").domain("win11")
    rhel7 = facts_of(vm / "rhel7-host-model").domain("rhel7.0")
    fedora = facts_of(vm / "many-devices-hugepages").domain("fedora")
    assert win10 is not None and win11 is not None and rhel7 is not None and fedora is not None
    assert (win10.os_family, win10.os_version, win10.os_kind, win10.os_label) == (
        "windows", Version((10,)), "client", "Windows 10")
    assert (win11.os_family, win11.os_version, win11.os_label) == (
        "windows", Version((11,)), "Windows 11")
    assert (rhel7.os_family, rhel7.os_version, rhel7.os_label) == (
        "rhel", Version((7, 0)), "RHEL 7.0")
    assert rhel7.exposes_virt is UNKNOWN
    assert rhel7.exposure_reason == "host-model, but the host CPU vendor is unknown"
    assert fedora.os_family == "fedora" and fedora.os_version is UNKNOWN
    assert fedora.os_label == "Fedora (unknown version)" and fedora.hugepages is True
    facts = facts_of(vm / "win11-hyperv-host-passthrough")
    assert facts.evidence("domain.os_id", "win11")[0].excerpt == (
        '<libosinfo:os id="http://microsoft.com/win/11"/>'
    )


def test_disabled_vmx_on_intel_host_does_not_expose(tmp_path: Path) -> None:
    root = write_root(tmp_path, {
        **INTEL_LOADED,
        "etc/libvirt/qemu/novmx.xml": domain_xml(
            "novmx",
            "<cpu mode='host-model' check='partial'><feature policy='disable' name='vmx'/></cpu>",
        ),
        "etc/libvirt/qemu/pass.xml": domain_xml("pass", "<cpu mode='host-passthrough'/>"),
        "etc/libvirt/qemu/amdflag.xml": domain_xml(
            "amdflag", "<cpu mode='custom'><model>EPYC</model>"
            "<feature policy='require' name='svm'/></cpu>"),
    })
    facts = facts_of(root)
    novmx, pas, amdflag = (facts.domain(n) for n in ("novmx", "pass", "amdflag"))
    assert novmx is not None and pas is not None and amdflag is not None
    assert (novmx.virt_flag, novmx.exposes_virt, novmx.exposure_reason) == (
        "vmx", False, "vmx disabled")
    assert novmx.cpu_features == ["disable:vmx"]
    assert novmx.uuid == "c7a5fdbd-edaf-9455-926a-d65c16db1809"
    assert (pas.exposes_virt, pas.exposure_reason) == (True, "host-passthrough")
    assert (amdflag.exposes_virt, amdflag.exposure_reason) == (False, "svm on an Intel host")
    assert facts.values()["domains.exposing"] == ["pass"]
    assert [d.name for d in facts.domains] == ["amdflag", "novmx", "pass"]
    ev = facts.evidence("domain.exposes_virt", "novmx")
    assert ev[0].source == "/etc/libvirt/qemu/novmx.xml"
    assert "policy='disable' name='vmx'" in ev[0].excerpt


def test_live_status_xml_wins_over_persistent(tmp_path: Path) -> None:
    live = (
        "<domstatus state='running' reason='booted' pid='42'>"
        + domain_xml("vm", "<cpu mode='custom' match='exact'><model>Skylake-Client</model>"
                     "<feature policy='require' name='vmx'/></cpu>").replace(
            "<domain type='kvm'>", "<domain type='kvm' id='7'>")
        + "</domstatus>"
    )
    root = write_root(tmp_path, {
        **INTEL_LOADED,
        "etc/libvirt/qemu/vm.xml": domain_xml("vm", "<cpu mode='host-model'/>"),
        "etc/libvirt/qemu/off.xml": domain_xml("off", "<cpu mode='host-model'/>"),
        "run/libvirt/qemu/vm.xml": live,
    })
    facts = facts_of(root)
    vm, off = facts.domain("vm"), facts.domain("off")
    assert vm is not None and off is not None
    assert vm.xml_source == "/run/libvirt/qemu/vm.xml" and vm.xml_live is True
    assert (vm.running, vm.state, vm.exposes_virt) == (True, "running", True)
    assert (off.running, off.state, off.exposes_virt) == (False, "shut off", UNKNOWN)
    assert facts.values()["domains.running"] == ["vm"]


def test_broken_and_hostile_xml_become_domain_problems(tmp_path: Path) -> None:
    root = write_root(tmp_path, {
        **INTEL_LOADED,
        "etc/libvirt/qemu/broken.xml": "<domain type='kvm'><name>broken</name><cpu>\n",
        "etc/libvirt/qemu/laughs.xml": (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><domain><name>&b;</name></domain>'
        ),
        "etc/libvirt/qemu/good.xml": domain_xml("good", "<cpu mode='host-passthrough'/>"),
    })
    facts = facts_of(root)
    assert [d.name for d in facts.domains] == ["broken", "good", "laughs"]
    broken, laughs = facts.domain("broken"), facts.domain("laughs")
    assert broken is not None and laughs is not None
    assert broken.parse_problem is not None
    assert broken.parse_problem.startswith("/etc/libvirt/qemu/broken.xml: line ")
    assert "invalid XML" in broken.parse_problem
    assert laughs.parse_problem == (
        "/etc/libvirt/qemu/laughs.xml: refused: the document declares a DTD or entities")
    for dom in (broken, laughs):
        assert dom.exposes_virt is UNKNOWN and dom.cpu_mode is UNKNOWN
        assert dom.hugepages is UNKNOWN and dom.running is UNKNOWN
    values = facts.values()
    assert values["domains.problems"] == [broken.parse_problem, laughs.parse_problem]
    assert values["domains.exposing"] == ["good"]
    assert len(facts.problems) == 2


def test_virsh_dumpxml_when_libvirt_dirs_are_unreadable(tmp_path: Path) -> None:
    root = write_root(tmp_path, INTEL_LOADED)
    denied = {"status": "denied", "reason": "Permission denied"}
    dumped = domain_xml("web", "<cpu mode='host-passthrough'/>").replace(
        "<domain type='kvm'>", "<domain type='kvm' id='3'>")
    facts = facts_of(
        root,
        dirs={d: dict(denied) for d in
              ("/etc/libvirt/qemu", "/run/libvirt/qemu", "/var/run/libvirt/qemu")},
        commands={
            "virsh list": command_record(["virsh", "list", "--all", "--name"], "web\ndb\n"),
            "virsh dumpxml web": command_record(["virsh", "dumpxml", "web"], dumped),
            "virsh dumpxml db": command_record(
                ["virsh", "dumpxml", "db"], domain_xml("db", "<cpu mode='host-model'/>")),
        },
    )
    values = facts.values()
    assert values["domains.readable"] is True
    assert values["domains.names"] == ["db", "web"]
    assert values["domains.running"] == ["web"]
    web = facts.domain("web")
    assert web is not None and web.xml_source == "virsh dumpxml web" and web.running is True


def test_unreadable_libvirt_dirs_make_domain_lists_unknown(tmp_path: Path) -> None:
    root = write_root(tmp_path, INTEL_LOADED)
    facts = facts_of(root, dirs={"/etc/libvirt/qemu": {"status": "denied",
                                                       "reason": "Permission denied"}})
    values = facts.values()
    assert values["domains.readable"] is False
    assert values["domains.count"] is UNKNOWN and values["domains.names"] is UNKNOWN


def _live(name: str, cpu: str) -> str:
    return (
        "<domstatus state='running' reason='booted' pid='42'>"
        + domain_xml(name, cpu).replace("<domain type='kvm'>", "<domain type='kvm' id='7'>")
        + "</domstatus>"
    )


NESTED_ON = {**INTEL_LOADED, "sys/module/kvm_intel/parameters/nested": "Y\n"}
SKYLAKE_NO_VMX = "<cpu mode='custom' match='exact'><model>Skylake-Client-IBRS</model></cpu>"


def test_restart_needed_when_only_the_saved_definition_exposes(tmp_path: Path) -> None:
    # host-model started while nesting was off: the live CPU is the expansion without vmx;
    # with nesting on now, a shutdown and start would give the guest vmx.
    root = write_root(tmp_path, {
        **NESTED_ON,
        "etc/libvirt/qemu/vm.xml": domain_xml("vm", "<cpu mode='host-model'/>"),
        "run/libvirt/qemu/vm.xml": _live("vm", SKYLAKE_NO_VMX),
        "etc/libvirt/qemu/same.xml": domain_xml("same", "<cpu mode='host-passthrough'/>"),
        "run/libvirt/qemu/same.xml": _live("same", "<cpu mode='host-passthrough'/>"),
        "etc/libvirt/qemu/off.xml": domain_xml("off", "<cpu mode='host-model'/>"),
        "run/libvirt/qemu/transient.xml": _live("transient", SKYLAKE_NO_VMX),
        "etc/libvirt/qemu/plain.xml": domain_xml("plain", SKYLAKE_NO_VMX),
        "run/libvirt/qemu/plain.xml": _live("plain", SKYLAKE_NO_VMX),
    })
    facts = facts_of(root)
    got = {d.name: (d.exposes_virt, d.restart_needed) for d in facts.domains}
    assert got == {
        "vm": (False, True),
        "same": (True, False),
        "off": (True, False),  # not running: nothing to restart
        "transient": (False, False),  # no saved definition to start again
        "plain": (False, False),  # the two agree
    }
    ev = facts.evidence("domain.restart_needed", "vm")
    assert [e.source for e in ev] == ["/run/libvirt/qemu/vm.xml", "/etc/libvirt/qemu/vm.xml"]
    assert ev[1].excerpt.startswith("saved: host-model with nesting on")


def test_restart_needed_unknown_when_the_saved_definition_was_not_collected(
    tmp_path: Path,
) -> None:
    denied = {"status": "denied", "reason": "Permission denied"}
    dumped = domain_xml("web", SKYLAKE_NO_VMX).replace(
        "<domain type='kvm'>", "<domain type='kvm' id='3'>")
    facts = facts_of(
        write_root(tmp_path, NESTED_ON),
        dirs={d: dict(denied) for d in
              ("/etc/libvirt/qemu", "/run/libvirt/qemu", "/var/run/libvirt/qemu")},
        commands={
            "virsh list": command_record(["virsh", "list", "--all", "--name"], "web\n"),
            "virsh dumpxml web": command_record(["virsh", "dumpxml", "web"], dumped),
        },
    )
    web = facts.domain("web")
    assert web is not None and web.running is True and web.exposes_virt is False
    assert web.restart_needed is UNKNOWN


def test_asks_nesting_and_virt_disabled_facts(tmp_path: Path) -> None:
    root = write_root(tmp_path, {
        **NESTED_ON,
        "etc/libvirt/qemu/asks.xml": domain_xml(
            "asks", "<cpu mode='custom'><model>EPYC</model>"
                    "<feature policy='require' name='svm'/></cpu>"),
        "etc/libvirt/qemu/off.xml": domain_xml(
            "off", "<cpu mode='host-passthrough'><feature policy='forbid' name='vmx'/></cpu>"),
        "etc/libvirt/qemu/plain.xml": domain_xml("plain", "<cpu mode='host-model'/>"),
        "etc/libvirt/qemu/broken.xml": "<domain type='kvm'><name>broken</name><cpu>\n",
    })
    facts = facts_of(root)
    got = {d.name: (d.asks_nesting, d.virt_disabled, d.exposes_virt) for d in facts.domains}
    assert got == {
        "asks": (True, False, False),  # svm on an Intel host: asks, and cannot get it
        "off": (False, True, False),
        "plain": (False, False, True),
        "broken": (UNKNOWN, UNKNOWN, UNKNOWN),
    }
