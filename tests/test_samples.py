"""The committed samples: fake host roots, their provenance, and their bundles.

Checks that every bundle in samples/bundles is what collecting its root gives today, that
the roots look like real hosts (links, aliases), that every file's origin is documented
(and real files are byte-identical to the corpus), and that each sample holds the
situation its README description promises.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from nestaudit.bundle import Bundle, load
from nestaudit.collect import collect

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
ROOTS = SAMPLES / "roots"
BUNDLES = SAMPLES / "bundles"
CORPUS = REPO / "tests" / "corpus"
COLLECTED_AT = "2026-11-20T09:00:00Z"

NAMES = sorted(p.name for p in ROOTS.iterdir() if p.is_dir())
PROVENANCE: dict[str, Any] = json.loads((SAMPLES / "provenance.json").read_text("utf-8"))


def bundle_of(name: str) -> Bundle:
    return load(BUNDLES / f"{name}.json")


def without_modes(stats: dict[str, Any]) -> dict[str, Any]:
    # a stat mode comes from the checkout's umask, not from the sample
    return {path: {k: v for k, v in rec.items() if k != "mode"} for path, rec in stats.items()}


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"samples_{name}", SAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def test_there_are_roots_and_one_bundle_per_root() -> None:
    assert len(NAMES) >= 14
    assert sorted(p.stem for p in BUNDLES.glob("*.json")) == NAMES
    assert sorted(PROVENANCE) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_collecting_the_root_again_gives_the_committed_evidence(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    fresh = collect(root=f"samples/roots/{name}")
    committed = bundle_of(name).data
    assert fresh["source"] == {"type": "root", "path": f"samples/roots/{name}"}
    assert committed["source"] == fresh["source"]
    assert committed["files"] == fresh["files"], "run: python samples/regenerate.py"
    assert committed["dirs"] == fresh["dirs"], "run: python samples/regenerate.py"
    assert without_modes(committed["stats"]) == without_modes(fresh["stats"])
    assert committed["commands"] == {} == fresh["commands"]


@pytest.mark.parametrize("name", NAMES)
def test_committed_bundle_validates_and_is_pinned(name: str) -> None:
    bundle = bundle_of(name)  # load() validates against the schema
    assert bundle.collected_at == COLLECTED_AT
    assert bundle.data["as_root"] is True
    assert bundle.data["host"] == {"hostname": None, "arch": None, "kernel": None}
    assert "/work/" not in json.dumps(bundle.data["source"])


@pytest.mark.parametrize("name", NAMES)
def test_root_has_the_links_real_hosts_have(name: str) -> None:
    root = ROOTS / name
    assert os.readlink(root / "var/run") == "../run"
    assert os.readlink(root / "lib") == "usr/lib"
    assert os.readlink(root / "etc/os-release") == "../usr/lib/os-release"
    assert (root / "var/run").is_dir() and (root / "lib").is_dir()
    record = bundle_of(name).data["files"]["/etc/os-release"]
    assert record["status"] == "ok" and record["resolved"] == "/usr/lib/os-release"
    assert "ID=" in bundle_of(name).text("/etc/os-release")  # type: ignore[operator]


@pytest.mark.parametrize("name", [n for n in NAMES if (ROOTS / n / "run/libvirt/qemu").is_dir()])
def test_var_run_libvirt_is_stored_once_as_an_alias(name: str) -> None:
    bundle = bundle_of(name)
    var_run = bundle.data["dirs"]["/var/run/libvirt/qemu"]
    assert var_run["alias_of"] == "/run/libvirt/qemu"
    assert bundle.dir_path("/var/run/libvirt/qemu") == "/run/libvirt/qemu"
    assert not [p for p in bundle.data["files"] if p.startswith("/var/run/")]
    entries = bundle.dir_entries("/var/run/libvirt/qemu")
    assert entries is not None and "autostarted" in entries
    for entry in entries:
        if entry.endswith(".xml"):
            assert bundle.text(f"/run/libvirt/qemu/{entry}") is not None


def test_lib_modprobe_d_is_an_alias_of_usr_lib_modprobe_d() -> None:
    bundle = bundle_of("intel-nested-on-not-persistent")
    assert bundle.data["dirs"]["/lib/modprobe.d"]["alias_of"] == "/usr/lib/modprobe.d"
    assert bundle.dir_entries("/lib/modprobe.d") == ["kvm.conf"]


# ---------------------------------------------------------------- provenance


def root_paths(name: str) -> set[str]:
    root = ROOTS / name
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        for entry in filenames + [d for d in dirnames if (base / d).is_symlink()]:
            out.add((base / entry).relative_to(root).as_posix())
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_file_of_a_root_has_a_documented_origin(name: str) -> None:
    rows = {row["path"]: row for row in PROVENANCE[name]["files"]}
    assert set(rows) == root_paths(name)
    for path, row in rows.items():
        on_disk = ROOTS / name / path
        if row["origin"] == "link":
            assert os.readlink(on_disk) == row["target"]
        elif row["origin"] == "real":
            source = REPO / row["source"]
            assert on_disk.read_bytes() == source.read_bytes(), f"{name}/{path} drifted"
            assert len(row["commit"]) >= 40 and "/" in row["repo"]
        elif row["origin"] == "adapted":
            source = REPO / row["source"]
            assert source.is_file() and on_disk.read_bytes() != source.read_bytes()
            assert row["note"], f"{name}/{path}: an adapted file must say what changed"
        else:
            assert row["origin"] == "written" and "source" not in row


def test_readme_names_every_root_and_every_real_origin() -> None:
    readme = (SAMPLES / "README.md").read_text("utf-8")
    for name in NAMES:
        assert f"### {name}\n" in readme
    for data in PROVENANCE.values():
        for row in data["files"]:
            if row["origin"] in ("real", "adapted"):
                assert row["source"] in readme and row["commit"] in readme
    assert readme.count("written for nestaudit") > len(NAMES)


def test_build_script_reproduces_the_committed_tree(tmp_path: Path) -> None:
    build_roots = load_script("build_roots")
    build_roots.build(tmp_path)
    assert (tmp_path / "README.md").read_text("utf-8") == (SAMPLES / "README.md").read_text("utf-8")
    assert json.loads((tmp_path / "provenance.json").read_text("utf-8")) == PROVENANCE
    for name in NAMES:
        built = tmp_path / "roots" / name
        assert root_paths(name) == {
            p.relative_to(built).as_posix()
            for p in built.rglob("*")
            if p.is_symlink() or p.is_file()
        }
        for rel in root_paths(name):
            mine, theirs = ROOTS / name / rel, built / rel
            if mine.is_symlink():
                assert os.readlink(mine) == os.readlink(theirs)
            else:
                assert mine.read_bytes() == theirs.read_bytes(), f"{name}/{rel}"


def test_regenerate_check_passes() -> None:
    regenerate = load_script("regenerate")
    cwd = os.getcwd()
    try:
        assert regenerate.main(["--check"]) == 0
    finally:
        os.chdir(cwd)


# ---------------------------------------------------------------- what the samples hold


def text(name: str, path: str) -> str:
    value = bundle_of(name).text(path)
    assert value is not None, f"{name}: {path} not collected"
    return value


def domain(name: str, path: str) -> ET.Element:
    root = ET.fromstring(text(name, path))
    found = root if root.tag == "domain" else root.find("domain")
    assert found is not None
    return found


def cpu_blocks(cpuinfo: str) -> list[dict[str, str]]:
    blocks = []
    for block in cpuinfo.split("\n\n"):
        fields = {}
        for line in block.splitlines():
            if ":" in line:
                key, value = line.split(":", 1)
                fields[key.strip()] = value.strip()
        if "processor" in fields:
            blocks.append(fields)
    return blocks


@pytest.mark.parametrize(
    ("name", "module", "nested"),
    [
        ("intel-l0-rhel10-nested-on", "kvm_intel", "Y"),
        ("intel-nested-off-persistent-on", "kvm_intel", "N"),
        ("intel-nested-on-not-persistent", "kvm_intel", "Y"),
        ("intel-cmdline-override", "kvm_intel", "N"),
        ("amd-l0-rhel10-nested-on-running", "kvm_amd", "1"),
        ("amd-nested-off-running", "kvm_amd", "0"),
        ("ibmz-lpar-hpage-nested", "kvm", "1"),
        ("l1-rhel-under-vmware", "kvm_intel", "Y"),
        ("l1-rhel-under-kvm-exposing", "kvm_intel", "Y"),
        ("rhel9-l0-windows-wsl", "kvm_intel", "Y"),
        ("centos-l0", "kvm_intel", "Y"),
    ],
)
def test_runtime_nested_value_and_loaded_module(name: str, module: str, nested: str) -> None:
    assert text(name, f"/sys/module/{module}/parameters/nested") == nested + "\n"
    modules = [line.split()[0] for line in text(name, "/proc/modules").splitlines()]
    assert module in modules and "kvm" in modules
    stat = bundle_of(name).stat("/dev/kvm")
    assert stat is not None and stat["status"] == "ok" and stat["type"] == "file"


@pytest.mark.parametrize(
    "name", ["intel-module-not-loaded", "l1-rhel-under-aws", "l1-rhel8-under-rhv"]
)
def test_hosts_without_kvm_have_no_module_and_no_device(name: str) -> None:
    bundle = bundle_of(name)
    modules = [line.split()[0] for line in text(name, "/proc/modules").splitlines()]
    assert not {"kvm", "kvm_intel", "kvm_amd"} & set(modules)
    assert bundle.dir_entries("/sys/module/kvm_intel/parameters") is None
    stat = bundle.stat("/dev/kvm")
    assert stat is not None and stat["status"] == "missing"


def test_aarch64_has_kvm_built_in() -> None:
    name = "aarch64-host"
    modules = [line.split()[0] for line in text(name, "/proc/modules").splitlines()]
    assert "kvm" not in modules
    assert bundle_of(name).stat("/dev/kvm")["status"] == "ok"  # type: ignore[index]
    assert "CPU implementer" in text(name, "/proc/cpuinfo")


@pytest.mark.parametrize(
    ("name", "needed", "hypervisor"),
    [
        ("intel-l0-rhel10-nested-on", {"vmx", "ept"}, False),
        ("intel-module-not-loaded", {"vmx", "ept"}, False),
        ("amd-l0-rhel10-nested-on-running", {"svm", "npt"}, False),
        ("amd-nested-off-running", {"svm", "npt"}, False),
        ("rhel9-l0-windows-wsl", {"vmx", "ept"}, False),
        ("l1-rhel-under-vmware", {"vmx", "ept"}, True),
        ("l1-rhel-under-kvm-exposing", {"vmx", "ept"}, True),
        ("l1-rhel-in-openstack", {"vmx", "ept"}, True),
        ("l1-rhel-under-hyperv", {"vmx", "ept"}, True),
        ("l1-rhel-under-aws", set(), True),
        ("container-on-vm", set(), True),
    ],
)
def test_x86_cpu_flags_on_every_cpu(name: str, needed: set[str], hypervisor: bool) -> None:
    blocks = cpu_blocks(text(name, "/proc/cpuinfo"))
    assert blocks
    for cpu in blocks:
        flags = set(cpu["flags"].split()) | set(cpu.get("vmx flags", "").split())
        assert needed <= flags, f"{name}: CPU {cpu['processor']} lacks {needed - flags}"
        assert ("hypervisor" in flags) is hypervisor
    if not needed:
        assert not {"vmx", "svm"} & set(blocks[0]["flags"].split())


def test_s390_lpar_has_sie_lpar_sysinfo_and_hpage() -> None:
    name = "ibmz-lpar-hpage-nested"
    assert "sie" in text(name, "/proc/cpuinfo").split("features", 1)[1].splitlines()[0].split()
    sysinfo = text(name, "/proc/sysinfo")
    assert "LPAR Name" in sysinfo and "VM00 Name" not in sysinfo
    assert text(name, "/sys/module/kvm/parameters/hpage") == "1\n"
    assert text(name, "/etc/modprobe.d/kvm.conf") == "options kvm hpage=1 nested=1\n"
    assert domain(name, "/run/libvirt/qemu/guest1.xml").find("os/type").get("arch") == "s390x"  # type: ignore[union-attr]


def test_modprobe_situations() -> None:
    off_now = bundle_of("intel-nested-off-persistent-on")
    assert "options kvm_intel nested=1" in off_now.text("/etc/modprobe.d/kvm.conf")  # type: ignore[operator]

    overridden = bundle_of("intel-nested-on-not-persistent")
    assert overridden.dir_entries("/etc/modprobe.d") == ["kvm.conf", "zz-lab.conf"]
    assert overridden.text("/etc/modprobe.d/kvm.conf") == "options kvm_intel nested=1\n"
    assert "options kvm_intel nested=0" in overridden.text("/etc/modprobe.d/zz-lab.conf")  # type: ignore[operator]
    shipped = overridden.text("/usr/lib/modprobe.d/kvm.conf")
    assert shipped is not None and "#options kvm_intel nested=1" in shipped

    cmdline = text("intel-cmdline-override", "/proc/cmdline")
    assert "kvm-intel.nested=0" in cmdline.split()

    vdsm = text("amd-l0-rhel10-nested-on-running", "/etc/modprobe.d/vdsm-nestedvt.conf")
    assert "options kvm-amd nested=1" in vdsm

    assert bundle_of("container-on-vm").dir_entries("/etc/modprobe.d") is None


def test_l1_domain_uuid_links_to_the_l1_host_dmi() -> None:
    l0_domain = domain("intel-l0-rhel10-nested-on", "/run/libvirt/qemu/rhel9.6-l1.xml")
    uuid = l0_domain.findtext("uuid")
    l1 = "l1-rhel-under-kvm-exposing"
    assert text(l1, "/sys/class/dmi/id/product_uuid").strip() == uuid
    assert text(l1, "/sys/class/dmi/id/sys_vendor") == "Red Hat\n"
    assert text(l1, "/sys/class/dmi/id/product_name") == "KVM\n"
    assert text(l1, "/sys/class/dmi/id/product_family") == "Red Hat Enterprise Linux\n"
    own = domain(l1, "/etc/libvirt/qemu/QEMUGuest1.xml")
    assert own.find("cpu").get("mode") == "host-passthrough"  # type: ignore[union-attr]


def test_intel_l0_domains_cover_the_promised_cases() -> None:
    name = "intel-l0-rhel10-nested-on"
    bundle = bundle_of(name)
    running = {
        e[: -len(".xml")]
        for e in bundle.dir_entries("/run/libvirt/qemu") or []
        if e.endswith(".xml")
    }
    assert running == {"rhel9.6-l1", "rhel9.4-guest", "win2k22-l1", "kvm-lab"}
    for dom in running:
        status = ET.fromstring(text(name, f"/run/libvirt/qemu/{dom}.xml"))
        assert status.tag == "domstatus" and status.get("state") == "running"
        assert status.find("domain").get("id")  # type: ignore[union-attr]

    def persistent(dom: str) -> ET.Element:
        return domain(name, f"/etc/libvirt/qemu/{dom}.xml")

    def os_id(dom: str) -> str | None:
        ns = {"l": "http://libosinfo.org/xmlns/libvirt/domain/1.0"}
        found = persistent(dom).find("metadata/l:libosinfo/l:os", ns)
        return None if found is None else found.get("id")

    def features(dom: str) -> set[tuple[str | None, str | None]]:
        return {(f.get("policy"), f.get("name")) for f in persistent(dom).iter("feature")}

    assert persistent("rhel9.6-l1").find("cpu").get("mode") == "host-passthrough"  # type: ignore[union-attr]
    assert os_id("rhel9.6-l1") == "http://redhat.com/rhel/9.6"
    assert ("require", "vmx") in features("rhel10.0-l1")
    assert os_id("rhel10.0-l1") == "http://redhat.com/rhel/10.0"
    assert ("disable", "vmx") in features("rhel9.6-novmx")
    assert persistent("rhel7.0").find("cpu").get("mode") == "host-model"  # type: ignore[union-attr]
    assert os_id("win2k22-l1") == "http://microsoft.com/win/2k22"
    assert os_id("win11") == "http://microsoft.com/win/11"
    assert persistent("QEMUGuest1").find("memoryBacking/hugepages") is not None
    # kvm-lab: saved as host-passthrough, running with the CPU it was started with
    assert persistent("kvm-lab").find("cpu").get("mode") == "host-passthrough"  # type: ignore[union-attr]
    live = ET.fromstring(text(name, "/run/libvirt/qemu/kvm-lab.xml"))
    assert live.findtext("domain/cpu/model") == "Skylake-Server-IBRS"
    uuids = [
        persistent(d[:-4]).findtext("uuid")
        for d in bundle.dir_entries("/etc/libvirt/qemu") or []
        if d.endswith(".xml")
    ]
    assert len(uuids) == len(set(uuids)) == 12


def test_hostile_strings_survive_collection_verbatim() -> None:
    name = "intel-l0-rhel10-nested-on"
    portal = domain(name, "/etc/libvirt/qemu/web-portal.xml")
    assert "<script>alert(1)</script>" in (portal.findtext("title") or "")
    description = portal.findtext("description") or ""
    assert '"><img src=x onerror=alert(2)>' in description
    assert "javascript:alert(3)" in description
    weird = "lab<b>&\"'vm"
    assert f"{weird}.xml" in (bundle_of(name).dir_entries("/etc/libvirt/qemu") or [])
    assert domain(name, f"/etc/libvirt/qemu/{weird}.xml").findtext("name") == weird


def test_amd_host_running_domains_and_wrong_vendor_domain() -> None:
    name = "amd-l0-rhel10-nested-on-running"
    bundle = bundle_of(name)
    assert {"epyc-l1.xml", "linux2020.xml"} <= set(bundle.dir_entries("/run/libvirt/qemu") or [])
    epyc = domain(name, "/run/libvirt/qemu/epyc-l1.xml")
    assert ("require", "svm") in {(f.get("policy"), f.get("name")) for f in epyc.iter("feature")}
    wrong = domain(name, "/etc/libvirt/qemu/regular-guest.xml")
    assert ("require", "vmx") in {(f.get("policy"), f.get("name")) for f in wrong.iter("feature")}
    assert "regular-guest.xml" not in (bundle.dir_entries("/run/libvirt/qemu") or [])


def test_container_and_cloud_markers() -> None:
    container = bundle_of("container-on-vm")
    assert container.status("/.dockerenv") == "ok"
    assert container.status("/run/.containerenv") == "missing"
    assert "docker-" in text("container-on-vm", "/proc/1/cgroup")
    assert container.dir_entries("/etc/libvirt/qemu") is None
    assert text("l1-rhel-under-aws", "/sys/class/dmi/id/sys_vendor") == "Amazon EC2\n"
    assert text("intel-nested-off-persistent-on", "/sys/class/dmi/id/product_name") == "i3.metal\n"
    assert text("l1-rhel-in-openstack", "/sys/class/dmi/id/product_name") == "OpenStack Compute\n"
    assert text("l1-rhel-under-vmware", "/sys/class/dmi/id/product_name") == (
        "VMware Virtual Platform\n"
    )


@pytest.mark.parametrize(
    ("name", "os_id", "version"),
    [
        ("intel-l0-rhel10-nested-on", "rhel", "10.0"),
        ("l1-rhel-under-kvm-exposing", "rhel", "9.6"),
        ("rhel9-l0-windows-wsl", "rhel", "9.4"),
        ("amd-nested-off-running", "rhel", "9.2"),
        ("l1-rhel8-under-rhv", "rhel", "8.10"),
        ("centos-l0", "centos", "9"),
        ("ubuntu-l0", "ubuntu", "24.04"),
        ("container-on-vm", "ubuntu", "24.04"),
    ],
)
def test_os_release(name: str, os_id: str, version: str) -> None:
    lines = dict(
        line.split("=", 1) for line in text(name, "/etc/os-release").splitlines() if "=" in line
    )
    assert lines["ID"].strip('"') == os_id
    assert lines["VERSION_ID"].strip('"') == version


def test_broken_domain_xml_is_collected_but_not_well_formed() -> None:
    name = "broken-domain-xml"
    assert domain(name, "/etc/libvirt/qemu/QEMUGuest1.xml").findtext("name") == "QEMUGuest1"
    with pytest.raises(ET.ParseError):
        ET.fromstring(text(name, "/etc/libvirt/qemu/half-written.xml"))
