"""Facts built from real bundles: the corpus cases (tests/corpus) and small fake roots."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from nestaudit.bundle import Bundle, from_data
from nestaudit.collect import collect
from nestaudit.facts import HostFacts, build_facts, to_json, to_text
from nestaudit.facts.registry import FACTS
from nestaudit.values import UNKNOWN, Version

CORPUS = Path(__file__).parent / "corpus"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text("utf-8"))


def present(case: dict[str, Any]) -> bool:
    return (CORPUS / str(case["dir"])).is_dir()


def cases_with(key: str) -> list[dict[str, Any]]:
    return [c for c in CASES if key in c and present(c)]


def case_id(case: dict[str, Any]) -> str:
    return str(case["dir"])


# --------------------------------------------------------------------------- helpers


def write_root(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def file_record(text: str) -> dict[str, Any]:
    return {"status": "ok", "content": text, "encoding": "utf-8",
            "size": len(text.encode("utf-8"))}


def command_record(argv: list[str], stdout: str, exit_code: int = 0) -> dict[str, Any]:
    return {"argv": argv, "status": "ok", "exit_code": exit_code, "stdout": stdout,
            "stderr": ""}


def bundle_of(
    root: Path,
    files: dict[str, str] | None = None,
    commands: dict[str, dict[str, Any]] | None = None,
    dirs: dict[str, dict[str, Any]] | None = None,
    drop: tuple[str, ...] = (),
) -> Bundle:
    """Collect `root` (files only, as --root does) and add evidence a root cannot hold."""
    data = collect(root=str(root))
    for prefix in drop:
        data["files"] = {k: v for k, v in data["files"].items() if not k.startswith(prefix)}
    for path, text in (files or {}).items():
        data["files"][path] = file_record(text)
    data["commands"].update(commands or {})
    data["dirs"].update(dirs or {})
    return from_data(data, str(root))


def facts_of(root: Path, **extra: Any) -> HostFacts:
    return build_facts(bundle_of(root, **extra))


INTEL = (
    "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Test Xeon\n"
    "flags\t\t: fpu lm vmx ept\n\n"
    "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: Test Xeon\n"
    "flags\t\t: fpu lm vmx ept\n\n"
)
AMD = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: Test EPYC\nflags\t\t: lm svm npt\n"
S390 = (
    "vendor_id       : IBM/S390\n# processors    : 1\nfeatures\t: esan3 zarch sie\n"
    "processor 0: version = 00,  identification = 4729E7,  machine = 2964\n"
)
INTEL_LOADED = {
    "proc/cpuinfo": INTEL,
    "proc/modules": "kvm_intel 479232 0 - Live 0x0\nkvm 1425408 1 kvm_intel, Live 0x0\n",
    "proc/sys/kernel/osrelease": "5.14.0-503.el9.x86_64\n",
    "proc/cmdline": "BOOT_IMAGE=/vmlinuz-5.14.0 root=/dev/mapper/rhel-root ro quiet\n",
}


# --------------------------------------------------------------------------- cpuinfo cases


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


# --------------------------------------------------------------------------- virt-what cases

# case -> (hypervisor, cloud, role, container); "kvm|qemu-tcg": DMI cannot tell TCG from KVM
VIRT_WHAT = {
    "aws-baremetal-x86": ("none", "aws", "L0", None),
    "aws-kvm-x86": ("kvm", "aws", "L1", None),
    "aws-kvm-arm": ("kvm", "aws", "L1", None),
    "aws-xen-x86": ("xen", "aws", "L1", None),
    "baremetal": ("none", "none", "L0", None),
    "esx4.1": ("vmware", "none", "L1", None),
    "google-cloud": ("kvm", "gcp", "L1", None),
    "hyperv": ("hyperv", "none", "L1", None),
    "kvm": ("kvm", "none", "L1", None),
    "qemu": ("kvm|qemu-tcg", "none", "L1", None),
    "qemu-smbios-kvm": ("kvm", "none", "L1", None),
    "rhev": ("kvm", "rhv", "L1", None),
    "rhel5-xen-domU-pv": ("xen", UNKNOWN, "L1", None),
    "xen-arm": ("xen", UNKNOWN, "L1", None),
    "zvm": ("zvm", "none", "L1", None),
    "crio": ("none", UNKNOWN, "L0", "crio"),
    "oci": ("none", UNKNOWN, "L0", "oci"),
}


def virt_what_facts(case: dict[str, Any], **extra: Any) -> HostFacts:
    root = CORPUS / case["dir"]
    environ = root / "proc/1/environ"
    files = dict(extra.pop("files", {}))
    if environ.is_file():
        # the collector does not read /proc/1/environ yet: add it as a newer one would
        files["/proc/1/environ"] = environ.read_text("utf-8")
    return facts_of(root, files=files, **extra)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["source"] == "virt-what" and present(c)], ids=case_id
)
def test_virt_what_cases(case: dict[str, Any]) -> None:
    assert case["case"] in VIRT_WHAT, "add the new virt-what case to VIRT_WHAT"
    hv, cloud, role, engine = VIRT_WHAT[case["case"]]
    facts = virt_what_facts(case)
    assert facts.virt.hypervisor in hv.split("|")
    assert facts.virt.cloud == cloud if cloud is not UNKNOWN else facts.virt.cloud is UNKNOWN
    assert facts.virt.role == role
    assert facts.virt.is_vm is (role == "L1")
    assert facts.host.container == engine
    assert facts.virt.hypervisor_disagreement is False
    if case["case"] == "aws-baremetal-x86":
        assert facts.virt.aws_metal is True
    elif cloud == "aws":
        assert facts.virt.aws_metal is False


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if (CORPUS / c["dir"] / "_cmd/dmidecode.txt").is_file()
     and c["case"] in VIRT_WHAT and (CORPUS / c["dir"] / "sys/class/dmi/id").is_dir()],
    ids=case_id,
)
def test_dmidecode_output_gives_the_same_answer_as_sysfs_dmi(case: dict[str, Any]) -> None:
    root = CORPUS / case["dir"]
    dmidecode = (root / "_cmd/dmidecode.txt").read_text("utf-8")
    from_sysfs = virt_what_facts(case)
    from_command = virt_what_facts(
        case,
        drop=("/sys/class/dmi/id/",),
        commands={"dmidecode": command_record(["dmidecode"], dmidecode)},
    )
    assert from_command.virt.hypervisor == from_sysfs.virt.hypervisor
    assert from_command.virt.cloud == from_sysfs.virt.cloud
    assert any(s.startswith("dmidecode: ") for s in from_command.virt.hypervisor_sources) or (
        from_command.virt.hypervisor_sources == from_sysfs.virt.hypervisor_sources
    )


def test_dmi_evidence_names_the_sysfs_files() -> None:
    case = next(c for c in CASES if c["dir"] == "virt-what/aws-kvm-x86")
    facts = virt_what_facts(case)
    excerpts = [e.excerpt for e in facts.evidence("virt.hypervisor")]
    assert any("sys_vendor=Amazon EC2" in e and "product_name=c5.large" in e for e in excerpts)


# --------------------------------------------------------------------------- s390x


@pytest.mark.parametrize(
    ("case", "hv", "level", "role"),
    [
        ("util-linux/s390-lpar-drawer", "lpar", "lpar", "L0"),
        ("util-linux/s390-zvm", "zvm", "zvm", "L1"),
        ("util-linux/s390-kvm", "kvm", "kvm", "L1"),
        ("util-linux/s390-nested-virt", "kvm", "kvm", "L1"),
        ("virt-what/zvm", "zvm", "zvm", "L1"),
    ],
)
def test_s390_sysinfo_levels(case: str, hv: str, level: str, role: str) -> None:
    facts = facts_of(CORPUS / case)
    assert facts.host.arch == "s390x"
    assert facts.virt.hypervisor == hv
    assert facts.virt.s390_level == level
    assert facts.virt.role == role
    assert facts.virt.is_vm is (role == "L1")
    assert facts.kvm.module == "kvm"
    assert facts.evidence("virt.s390_level")[0].source == "/proc/sysinfo"


def test_s390_lpar_has_sie_and_zvm_guest_lacks_it() -> None:
    lpar = facts_of(CORPUS / "util-linux/s390-lpar-drawer")
    zvm = facts_of(CORPUS / "util-linux/s390-zvm")
    assert lpar.cpu.virt_flags_missing == []
    assert zvm.cpu.virt_flags_missing == ["sie"]
    assert zvm.cpu.virt_flags_missing_detail == ["sie missing on every CPU (4)"]


# --------------------------------------------------------------------------- os-release


def os_facts(name: str) -> HostFacts:
    return facts_of(CORPUS / "os-release" / name)


@pytest.mark.parametrize("case", cases_with("os_release"), ids=case_id)
def test_os_release_cases(case: dict[str, Any]) -> None:
    facts = facts_of(CORPUS / case["dir"])
    expected = case["os_release"]
    assert facts.os.id == expected["ID"]
    assert facts.os.version_text == expected["VERSION_ID"]
    assert facts.os.name == expected["PRETTY_NAME"]
    assert facts.os.is_rhel is (expected["ID"] == "rhel")
    assert facts.os.version == Version.parse(expected["VERSION_ID"])
    assert facts.evidence("os.id")[0].source == "/etc/os-release"


def test_os_versions_compare_numerically() -> None:
    v96, v100, v810 = (os_facts(n).os.version for n in ("rhel-9.6", "rhel-10.0", "rhel-8.10"))
    assert isinstance(v96, Version) and isinstance(v100, Version) and isinstance(v810, Version)
    assert v810 < v96 < v100
    assert v100 == Version.parse("10")
    assert os_facts("rhel-10.0").os.major == 10


def test_centos_is_not_rhel() -> None:
    facts = os_facts("centos-9")
    assert facts.os.is_rhel is False
    assert facts.os.family == "rhel-like"
    assert os_facts("ubuntu-24.04").os.family == "debian"
    assert os_facts("rhel-9.2").os.family == "rhel"


# --------------------------------------------------------------------------- domain XML


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
# no host cpuinfo next to their domain XML)
EXPOSURE: dict[str, object] = {
    "insights-core/qemu-xml-numa-cpu-no-mode": UNKNOWN,  # <cpu> with only <numa>
    "insights-core/qemu-xml-rhel74-custom-haswell-notsx": UNKNOWN,  # custom, no flag
    "insights-core/qemu-xml-rhosp-nova-host-passthrough": True,
    "insights-core/qemu-xml-rhv-status-custom-broadwell": UNKNOWN,  # live, vendor unknown
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
        (INTEL, False, "vmx absent from the live custom CPU definition"),
        (AMD, False, "svm absent from the live custom CPU definition"),
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
    assert rhel7.exposure_reason == "host-model from persistent XML, vmx/svm not listed"
    assert fedora.os_family == "fedora" and fedora.os_version is UNKNOWN
    assert fedora.os_label == "Fedora (unknown version)" and fedora.hugepages is True
    facts = facts_of(vm / "win11-hyperv-host-passthrough")
    assert facts.evidence("domain.os_id", "win11")[0].excerpt == (
        '<libosinfo:os id="http://microsoft.com/win/11"/>'
    )


XML_HEAD = "<domain type='kvm'><name>{name}</name><uuid>{uuid}</uuid>" \
           "<os><type arch='x86_64' machine='q35'>hvm</type></os>"


def domain_xml(name: str, cpu: str, extra: str = "",
               uuid: str = "C7A5FDBD-EDAF-9455-926A-D65C16DB1809") -> str:
    return XML_HEAD.format(name=name, uuid=uuid) + cpu + extra + "</domain>\n"


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
    assert values["domains.problems"] == ["broken", "laughs"]
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


# --------------------------------------------------------------------------- kvm module state


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


# --------------------------------------------------------------------------- host, container


def test_host_identity_from_files(tmp_path: Path) -> None:
    facts = persistent(tmp_path, {"proc/sys/kernel/hostname": "hv01.example.com\n"})
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
    ],
)
def test_container_markers(tmp_path: Path, files: dict[str, str], engine: str) -> None:
    facts = persistent(tmp_path, files)
    assert facts.host.container == engine
    assert facts.evidence("host.container")


def test_commands_vote_and_disagreement_is_flagged(tmp_path: Path) -> None:
    root = write_root(tmp_path, {
        **INTEL_LOADED,
        "sys/class/dmi/id/sys_vendor": "QEMU\n",
        "sys/class/dmi/id/product_name": "Standard PC (Q35 + ICH9, 2009)\n",
    })
    agree = facts_of(root, commands={
        "systemd-detect-virt": command_record(["systemd-detect-virt"], "kvm\n"),
        "virt-what": command_record(["virt-what"], "kvm\n"),
    })
    assert agree.virt.hypervisor == "kvm" and agree.virt.hypervisor_disagreement is False
    assert agree.virt.hypervisor_sources == [
        "systemd-detect-virt: kvm", "virt-what: kvm", "/sys/class/dmi/id: kvm",
        "cpuinfo hypervisor flag: none",  # weak: counts only when no named source speaks
    ]
    disagree = facts_of(root, commands={
        "systemd-detect-virt": command_record(["systemd-detect-virt"], "vmware\n")})
    assert disagree.virt.hypervisor == "vmware"
    assert disagree.virt.hypervisor_disagreement is True


# --------------------------------------------------------------------------- unknown, never False


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
