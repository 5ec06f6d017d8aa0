"""The whole fact model (nestaudit/facts/build.py, render.py): unknown is never False,
evidence for every known fact, JSON and text output, determinism."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from factroots import CORPUS, INTEL, INTEL_LOADED, bundle_of, domain_xml, facts_of, write_root
from nestaudit.bundle import from_data
from nestaudit.collect import collect
from nestaudit.facts import build_facts, to_json, to_text
from nestaudit.facts.registry import FACTS
from nestaudit.values import UNKNOWN

# Bool facts that are *known* when every probe says "missing", and why.
KNOWN_WHEN_MISSING = {
    "kvm.dev_kvm": False,  # a missing /dev/kvm does not exist
    "kvm.modprobe_readable": True,  # a missing modprobe directory is fine
    "domains.readable": True,  # missing libvirt directories: no domains defined
}


def bool_facts(scope: str) -> list[str]:
    return [n for n, s in FACTS.items() if s.scope == scope and s.type == "bool"]


def test_missing_everything_gives_unknown_for_every_bool(tmp_path: Path) -> None:
    facts = build_facts(bundle_of(tmp_path))
    values = facts.values()
    for name in bool_facts("host"):
        assert values[name] is KNOWN_WHEN_MISSING.get(name, UNKNOWN), name
    assert values["virt.role"] == "unknown"


def test_denied_everything_gives_unknown_for_every_bool(tmp_path: Path) -> None:
    data = collect(root=str(tmp_path))
    denied = {"status": "denied", "reason": "Permission denied"}
    for section in ("files", "dirs", "stats"):
        data[section] = {k: dict(denied) for k in data[section]}
    facts = build_facts(from_data(data, "denied"))
    values = facts.values()
    readability = {"kvm.modprobe_readable": False, "domains.readable": False}
    for name in bool_facts("host"):
        assert values[name] is readability.get(name, UNKNOWN), name
    assert values["host.container"] is UNKNOWN
    assert values["domains.count"] is UNKNOWN


def test_unreadable_domain_xml_gives_unknown_domain_bools(tmp_path: Path) -> None:
    root = write_root(tmp_path, {"etc/libvirt/qemu/x.xml": "<domain"})
    dom = build_facts(bundle_of(root)).domains[0]
    values = dom.values()
    for name in bool_facts("domain"):
        if name != "domain.xml_live":
            assert values[name] is UNKNOWN, name


# --------------------------------------------------------------------------- output, speed


def test_to_json_marks_unknown_and_stringifies_versions() -> None:
    facts = facts_of(CORPUS / "os-release/rhel-9.6")
    data = to_json(facts)
    json.dumps(data)  # JSON-ready
    assert data["facts"]["os.version"] == "9.6"
    assert data["facts"]["cpu.vendor"] is None and "cpu.vendor" in data["unknown"]
    assert data["facts"]["virt.s390_level"] is None  # unknown arch: s390 level unknown
    assert "host.container" not in data["unknown"] and data["facts"]["host.container"] is None
    assert data["evidence"]["os.id"] == [{"source": "/etc/os-release", "excerpt": "ID=rhel"}]
    assert data["bundle_sha256"] == bundle_of(CORPUS / "os-release/rhel-9.6").sha256


def test_to_text_groups_facts() -> None:
    facts = facts_of(CORPUS / "virt-manager/win11-hyperv-host-passthrough")
    text = to_text(facts)
    assert "[os]" in text and "[kvm]" in text and "[domain win11]" in text
    assert "  domain.os_label" in text and "Windows 11" in text
    assert "cpu.vendor" in text and "unknown" in text
    with_evidence = to_text(facts, evidence=True)
    assert "<- /etc/libvirt/qemu/win11.xml:" in with_evidence


def test_build_is_deterministic() -> None:
    bundle = bundle_of(CORPUS / "nvmx-haswell/L0-haswell-i5-4670T-fedora19")
    assert to_json(build_facts(bundle)) == to_json(build_facts(copy.deepcopy(bundle)))


def test_two_hundred_domains_are_all_read(tmp_path: Path) -> None:
    """Speed is measured in benchmarks/, not here; this checks every domain is parsed."""
    template = (CORPUS / "virt-manager/win11-hyperv-host-passthrough/etc/libvirt/qemu/win11.xml"
                ).read_text("utf-8")
    files = {"proc/cpuinfo": INTEL}
    for i in range(200):
        files[f"etc/libvirt/qemu/vm{i:03}.xml"] = template.replace(
            "<name>win11</name>", f"<name>vm{i:03}</name>")
    bundle = bundle_of(write_root(tmp_path, files))
    facts = build_facts(bundle)
    assert facts.values()["domains.count"] == 200
    assert len(facts.values()["domains.exposing"]) == 200  # type: ignore[arg-type]


def test_every_known_fact_has_evidence(tmp_path: Path) -> None:
    root = write_root(tmp_path, {
        **INTEL_LOADED,
        "proc/sys/kernel/hostname": "hv01\n",
        "etc/os-release": 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="10.0"\n',
        "sys/module/kvm_intel/parameters/nested": "Y\n",
        "dev/kvm": "",
        "etc/modprobe.d/kvm.conf": "options kvm_intel nested=1\n",
        "sys/class/dmi/id/sys_vendor": "Dell Inc.\n",
        "etc/libvirt/qemu/a.xml": domain_xml("a", "<cpu mode='host-passthrough'/>"),
    })
    facts = facts_of(root)
    for name, value in facts.values().items():
        if value is not UNKNOWN:
            assert facts.evidence(name), name
    for dom in facts.domains:
        for name, value in dom.values().items():
            if value is not UNKNOWN:
                assert facts.evidence(name, dom.name), name
    assert facts.evidence("domain.name", "a")[0].source == "/etc/libvirt/qemu/a.xml"
    assert facts.evidence("kvm.nested_persistent_source") == facts.evidence(
        "kvm.nested_persistent")
