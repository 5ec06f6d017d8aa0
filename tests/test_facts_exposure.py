"""Domain CPU exposure (verdicts.md table) on parsed domain XML, and the CPU map it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from factroots import INTEL_LOADED, bundle_of, domain_xml, facts_of, write_root
from nestaudit.facts import cpumap
from nestaudit.facts.cpumap import CpuMap, shipped_map
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.exposure import HostSide, asks_nesting, exposure, virt_disabled
from nestaudit.facts.parsers.cpumap import ModelVirt
from nestaudit.facts.parsers.domainxml import ParsedDomain, parse_domain_xml
from nestaudit.facts.reader import Reader

MAP_DIR = "usr/share/libvirt/cpu_map"
CORPUS_MAPS = Path(__file__).parent / "corpus" / "libvirt-cpu-map"


def host(flag: str | None = "vmx", nested: bool | None = True, has_flag: bool | None = True,
         arch: str | None = "x86_64", host_model: str | None = None,
         host_model_virt: bool | None = None, cpu_map: CpuMap | None = None) -> HostSide:
    """A host side for the table: Intel with nesting on unless the case says otherwise."""
    return HostSide(flag, arch, nested, "/sys/module/kvm_intel/parameters/nested", has_flag,
                    host_model, host_model_virt, cpu_map or shipped_map())


def dom(cpu: str, arch: str = "x86_64") -> ParsedDomain:
    return parse_domain_xml(
        f"<domain type='kvm'><name>a</name><os><type arch='{arch}'>hvm</type></os>{cpu}"
        "</domain>",
        "/etc/libvirt/qemu/a.xml", None,
    )


INTEL_ON = host()
INTEL_OFF = host(nested=False)
AMD_ON = host("svm")
AMD_OFF = host("svm", nested=False)
VENDOR_UNKNOWN = host(None, nested=None, has_flag=None)


@pytest.mark.parametrize(
    ("cpu", "side", "value", "reason"),
    [
        # host-passthrough, maximum: yes, unless the flag is disabled/forbidden
        ("<cpu mode='host-passthrough' check='none' migratable='on'/>", INTEL_ON, True,
         "host-passthrough"),
        ("<cpu mode='host-passthrough'/>", INTEL_OFF, True, "host-passthrough"),
        ("<cpu mode='maximum' migratable='off'/>", AMD_ON, True,
         "maximum CPU mode (every feature the host can give)"),
        ("<cpu mode='host-passthrough'><feature policy='disable' name='vmx'/></cpu>",
         INTEL_ON, False, "vmx disabled"),
        # the vendor's flag at require or force: yes; at disable or forbid: no
        ("<cpu mode='custom'><model>Skylake</model><feature policy='require' name='vmx'/>"
         "</cpu>", INTEL_ON, True, "vmx required"),
        ("<cpu mode='custom'><model>Skylake</model><feature policy='force' name='vmx'/>"
         "</cpu>", INTEL_OFF, True, "vmx forced"),
        ("<cpu mode='host-model'><feature policy='disable' name='vmx'/></cpu>", INTEL_ON, False,
         "vmx disabled"),
        ("<cpu mode='host-model'><feature policy='forbid' name='svm'/></cpu>", AMD_ON, False,
         "svm forbidden"),
        # optional: yes when the host CPU has it and nesting is on
        ("<cpu mode='custom'><model>Haswell</model><feature policy='optional' name='vmx'/>"
         "</cpu>", INTEL_ON, True, "vmx optional, and the host CPU has it with nesting on"),
        ("<cpu mode='custom'><model>Haswell</model><feature policy='optional' name='vmx'/>"
         "</cpu>", INTEL_OFF, False, "vmx optional, but nesting is off in this host's KVM"),
        ("<cpu mode='custom'><model>Haswell</model><feature policy='optional' name='vmx'/>"
         "</cpu>", host(has_flag=False), False, "vmx optional, but the host CPU does not have it"),
        ("<cpu mode='custom'><model>Haswell</model><feature policy='optional' name='vmx'/>"
         "</cpu>", host(nested=None), None,
         "vmx optional: whether the host CPU has it with nesting on is unknown"),
        # host-model: yes when nesting is on in the L0
        ("<cpu mode='host-model'/>", INTEL_ON, True,
         "host-model with nesting on in this host's KVM, which offers vmx to host-model only "
         "then"),
        ("<cpu mode='host-model' check='partial'/>", AMD_OFF, False,
         "host-model with nesting off in this host's KVM, which offers svm to host-model only "
         "then"),
        ("<cpu mode='host-model'/>", host(nested=None), None,
         "host-model: whether nesting is on in this host's KVM is unknown; collect "
         "/sys/module/kvm_intel/parameters/nested"),
        # ... and where virsh domcapabilities was collected, what host-model expands to
        ("<cpu mode='host-model'/>", host(nested=False, host_model="Skylake-Client-IBRS",
                                          host_model_virt=True), True,
         "host-model, which expands to Skylake-Client-IBRS with vmx on this host"),
        ("<cpu mode='host-model'/>", host("svm", host_model="EPYC-Milan",
                                          host_model_virt=False), False,
         "host-model, which expands to EPYC-Milan without svm on this host"),
        # custom with match='minimum': yes when nesting is on
        ("<cpu mode='custom' match='minimum'><model>Haswell</model></cpu>", INTEL_ON, True,
         "custom Haswell with match='minimum' with nesting on in this host's KVM (libvirt may "
         "give the guest the host's vmx)"),
        ("<cpu match='minimum'><model>486</model></cpu>", INTEL_OFF, False,
         "custom 486 with match='minimum' with nesting off in this host's KVM (libvirt may "
         "give the guest the host's vmx)"),
        # custom with a named model: what libvirt's CPU map says, then the policies
        ("<cpu mode='custom'><model>Haswell</model></cpu>", INTEL_ON, False,
         "custom model Haswell, which does not include vmx in libvirt's CPU map"),
        ("<cpu mode='custom' match='exact'><model>EPYC-Rome</model></cpu>", AMD_ON, True,
         "custom model EPYC-Rome, which includes svm in libvirt's CPU map"),
        ("<cpu><model>EPYC-v2</model></cpu>", AMD_ON, True,
         "custom model EPYC-v2, which includes svm in libvirt's CPU map"),
        ("<cpu><model>EPYC</model><feature policy='disable' name='svm'/></cpu>", AMD_ON, False,
         "svm disabled"),
        ("<cpu><model>Haswell</model></cpu>", VENDOR_UNKNOWN, False,
         "custom model Haswell, which includes neither vmx nor svm in libvirt's CPU map"),
        ("<cpu><model>EPYC</model></cpu>", VENDOR_UNKNOWN, None,
         "custom model EPYC includes svm in libvirt's CPU map, but the host CPU vendor is "
         "unknown"),
        # a model the map does not know: unknown, saying what to collect
        ("<cpu mode='custom'><model>FutureLake</model></cpu>", INTEL_ON, None,
         "custom model FutureLake is not in libvirt's CPU map: collect this host's "
         "/usr/share/libvirt/cpu_map/x86_*.xml (nestaudit collect on the host reads it)"),
        # no <cpu> on x86_64: QEMU's default qemu64, svm on an AMD host, no vmx on Intel
        ("", INTEL_ON, False,
         "no <cpu> element: QEMU's default model qemu64, which does not include vmx in "
         "libvirt's CPU map"),
        ("", AMD_ON, True,
         "no <cpu> element: QEMU's default model qemu64, which includes svm in libvirt's CPU "
         "map"),
        ("<cpu><topology sockets='1' cores='2' threads='1'/></cpu>", AMD_ON, True,
         "<cpu> without a model: QEMU's default model qemu64, which includes svm in libvirt's "
         "CPU map"),
        # i686 guests get qemu32, which has no svm
        ("", AMD_ON, False,
         "no <cpu> element: QEMU's default model qemu32, which does not include svm in "
         "libvirt's CPU map"),
        # only the other vendor's flag: no
        ("<cpu mode='custom'><model>EPYC</model><feature policy='require' name='svm'/>"
         "</cpu>", INTEL_ON, False, "svm on an Intel host"),
        ("<cpu mode='host-model'><feature policy='require' name='vmx'/></cpu>", AMD_ON, False,
         "vmx on an AMD host"),
        # the vendor unknown: a required flag is seen whatever the vendor
        ("<cpu mode='host-model'><feature policy='require' name='svm'/></cpu>", VENDOR_UNKNOWN,
         True, "svm required"),
        ("<cpu mode='host-passthrough'><feature policy='disable' name='vmx'/></cpu>",
         VENDOR_UNKNOWN, None,
         "host-passthrough with vmx disabled, but the host CPU vendor is unknown"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 60 else None,
)
def test_exposure_table(cpu: str, side: HostSide, value: bool | None, reason: str) -> None:
    arch = "i686" if "qemu32" in reason else "x86_64"
    got = exposure(dom(cpu, arch), side)
    assert (got.value, got.reason) == (value, reason)


def test_s390x_guest_is_not_judged() -> None:
    got = exposure(dom("<cpu mode='host-model'/>", "s390x"), host("", arch="s390x"))
    assert got.value is None and got.reason.startswith("s390x guest")


@pytest.mark.parametrize(
    ("cpu", "flag", "asks", "disabled"),
    [
        ("<cpu mode='host-passthrough'/>", "vmx", False, False),
        ("<cpu><model>EPYC</model><feature policy='require' name='svm'/></cpu>", "vmx",
         True, False),
        ("<cpu><model>Haswell</model><feature policy='force' name='vmx'/></cpu>", "vmx",
         True, False),
        ("<cpu mode='host-model'><feature policy='disable' name='vmx'/></cpu>", "vmx",
         False, True),
        ("<cpu mode='host-model'><feature policy='forbid' name='svm'/></cpu>", "svm",
         False, True),
        ("<cpu mode='host-model'><feature policy='disable' name='svm'/></cpu>", "vmx",
         False, False),  # the other vendor's flag off: nothing of this host's is refused
        ("<cpu mode='host-model'><feature policy='disable' name='vmx'/></cpu>", None,
         False, None),
        ("<cpu mode='host-model'/>", None, False, False),
    ],
)
def test_asks_nesting_and_virt_disabled(
    cpu: str, flag: str | None, asks: bool, disabled: bool | None
) -> None:
    parsed = dom(cpu)
    assert (asks_nesting(parsed), virt_disabled(parsed, flag)) == (asks, disabled)


# ------------------------------------------------------------------ the host's own map


def _root_with_map(tmp_path: Path, maps: dict[str, str], cpu: str) -> Path:
    files = {**INTEL_LOADED, "etc/libvirt/qemu/vm.xml": domain_xml("vm", cpu)}
    files.update({f"{MAP_DIR}/{name}": text for name, text in maps.items()})
    return write_root(tmp_path, files)


def test_the_hosts_own_cpu_map_wins(tmp_path: Path) -> None:
    # A host whose libvirt defines Haswell with vmx: its definition decides, not nestaudit's.
    own = "<cpus><model name='Haswell'><vendor name='Intel'/><feature name='vmx'/></model></cpus>"
    root = _root_with_map(tmp_path, {"x86_Haswell.xml": own},
                          "<cpu mode='custom'><model>Haswell</model></cpu>")
    facts = facts_of(root)
    vm = facts.domain("vm")
    assert vm is not None
    assert (vm.exposes_virt, vm.exposure_reason) == (
        True, "custom model Haswell, which includes vmx in this host's CPU map")
    sources = [e.source for e in facts.evidence("domain.exposes_virt", "vm")]
    assert sources == ["/etc/libvirt/qemu/vm.xml", f"/{MAP_DIR}/x86_Haswell.xml"]


def test_models_the_hosts_map_lacks_come_from_the_shipped_table(tmp_path: Path) -> None:
    debian = {p.name: p.read_text("utf-8")
              for p in (CORPUS_MAPS / "debian12-libvirt9.0").glob("x86_*.xml")}
    root = _root_with_map(tmp_path, debian, "<cpu><model>Skylake-Server-v4</model></cpu>")
    facts = facts_of(root)
    vm = facts.domain("vm")
    assert vm is not None and vm.exposes_virt is False
    assert vm.exposure_reason == (
        "custom model Skylake-Server-v4, which does not include vmx in libvirt's CPU map")
    evidence = facts.evidence("domain.exposes_virt", "vm")
    assert evidence[-1].source.startswith("nestaudit/data/cpu_map.json (libvirt 12.x")


def test_a_broken_host_map_file_falls_back_and_is_recorded(tmp_path: Path) -> None:
    root = _root_with_map(tmp_path, {"x86_qemu64.xml": "<cpus><model name='qemu64'>"}, "")
    found = cpumap.read(Reader(bundle_of(root), EvidenceLog()))
    assert found.host_read is True and found.problems == []  # nothing read until asked
    entry = found.lookup("qemu64")
    assert entry is not None and entry.virt == ModelVirt(False, True, ()) and not entry.from_host
    assert found.problems == [
        "/usr/share/libvirt/cpu_map/x86_qemu64.xml: line 1, column 27: invalid XML: "
        "no element found"]


def test_the_hosts_map_is_read_lazily_and_once(tmp_path: Path) -> None:
    # A model is read from its own file and those of its ancestors; a model defined in a
    # file of another name is found by reading every file, once.
    maps = {
        "x86_EPYC.xml": "<cpus><model name='EPYC'><feature name='svm'/></model></cpus>",
        "x86_EPYC-v2.xml": "<cpus><model name='EPYC-v2'><model name='EPYC'/></model></cpus>",
        "x86_odd-name.xml": "<cpus><model name='Odd'><feature name='vmx'/></model></cpus>",
        "x86_Haswell.xml": "<cpus><model name='Haswell'/></cpus>",
    }
    found = cpumap.read(Reader(bundle_of(_root_with_map(tmp_path, maps, "")), EvidenceLog()))
    entry = found.lookup("EPYC-v2")
    assert entry == cpumap.MapEntry(ModelVirt(False, True, ("EPYC",)),
                                    f"/{MAP_DIR}/x86_EPYC-v2.xml", True)
    assert found.files_read == {"x86_EPYC-v2.xml", "x86_EPYC.xml"}
    odd = found.lookup("Odd")
    assert odd is not None and odd.virt.vmx and odd.source == f"/{MAP_DIR}/x86_odd-name.xml"
    assert len(found.files_read) == 4
    assert found.lookup("EPYC-v2") is entry  # looked up once per bundle
    shipped = found.lookup("Skylake-Server-v4")  # not in this map: the shipped table
    assert shipped is not None and not shipped.from_host
    unknown = exposure(dom("<cpu><model>FutureLake</model></cpu>"), host(cpu_map=found))
    assert (unknown.value, unknown.reason) == (
        None, "custom model FutureLake is in neither this host's CPU map nor libvirt's: "
              "libvirt here does not know it")
