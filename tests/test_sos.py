"""nestaudit.sources.sos: sosreports (folders and archives) read as bundles.

`test_ci_real_sosreport_matches_live_collection` is the CI test of the issue's "done when":
it runs the real `sos report` of the Debian package `sosreport` on this machine and
compares its evidence with a live collection. It fails (never skips) when sos is missing.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

from nestaudit.bundle import from_data
from nestaudit.collect import collect
from nestaudit.errors import InputError
from nestaudit.sources.sos import (
    bundle_from_sos,
    command_name,
    is_sosreport,
    mangle,
    parse_uname,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "sos"
SAMPLES = REPO / "samples" / "roots"
L0 = FIXTURES / "intel-l0-rhel10-nested-on"
VMWARE = FIXTURES / "l1-rhel-under-vmware"


def _tar(folder: Path, archive: Path, top: str, mode: str = "w:xz") -> Path:
    with tarfile.open(archive, mode) as tar:  # type: ignore[call-overload]
        tar.add(folder, arcname=top)
    return archive


# -- fixtures are current --------------------------------------------------------------------


def _compare_trees(a: Path, b: Path) -> list[str]:
    problems = []
    names_a = {p.relative_to(a) for p in a.rglob("*")}
    names_b = {p.relative_to(b) for p in b.rglob("*")}
    problems += [f"only in {a}: {n}" for n in sorted(names_a - names_b)]
    problems += [f"only in {b}: {n}" for n in sorted(names_b - names_a)]
    for name in sorted(names_a & names_b):
        pa, pb = a / name, b / name
        if pa.is_symlink() or pb.is_symlink():
            if not (pa.is_symlink() and pb.is_symlink() and os.readlink(pa) == os.readlink(pb)):
                problems.append(f"link differs: {name}")
        elif pa.is_file() and not filecmp.cmp(pa, pb, shallow=False):
            problems.append(f"content differs: {name}")
    return problems


def test_fixtures_are_up_to_date(tmp_path: Path) -> None:
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_fixtures
    finally:
        sys.path.remove(str(FIXTURES))
    for folder in make_fixtures.build(tmp_path):
        problems = _compare_trees(folder, FIXTURES / folder.name)
        assert not problems, (
            "tests/fixtures/sos is out of date; run python tests/fixtures/sos/make_fixtures.py: "
            + "; ".join(problems[:5])
        )


# -- names -------------------------------------------------------------------------------------


def test_mangle_matches_sos_file_names() -> None:
    assert mangle("uname -a") == "uname_-a"
    assert mangle("virsh -r list --all") == "virsh_-r_list_--all"
    assert mangle("virsh -r dumpxml rhel9.6-l1") == "virsh_-r_dumpxml_rhel9.6-l1"
    assert mangle("ls -lR /var/lib/libvirt/qemu") == "ls_-lR_.var.lib.libvirt.qemu"
    assert mangle("/usr/sbin/dmidecode") == "dmidecode"
    assert mangle("virsh -r dumpxml my vm") == "virsh_-r_dumpxml_my_vm"


def test_command_names() -> None:
    assert command_name(["uname", "-a"]) == "uname -a"
    assert command_name(["/usr/sbin/dmidecode"]) == "dmidecode"
    assert command_name(["virsh", "-r", "list", "--all"]) == "virsh list --all"
    assert command_name(["virsh", "-r", "-c", "qemu:///system", "dumpxml", "--security-info",
                         "web"]) == "virsh dumpxml web"
    assert command_name(["virsh", "-r", "capabilities"]) == "virsh capabilities"
    assert command_name(["virsh", "-r", "dominfo", "web"]) is None
    assert command_name(["sysctl", "-a"]) is None


def test_parse_uname() -> None:
    rhel = ("Linux l0.lab.example.com 5.14.0-570.12.1.el9_6.x86_64 #1 SMP PREEMPT_DYNAMIC "
            "Tue Apr 22 05:31:53 EDT 2025 x86_64 x86_64 x86_64 GNU/Linux")
    assert parse_uname(rhel) == ("l0.lab.example.com", "5.14.0-570.12.1.el9_6.x86_64", "x86_64")
    debian = "Linux vm 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux"
    assert parse_uname(debian) == ("vm", "6.18.44-fc-v782", "x86_64")
    arm = "Linux a1 6.12.0-55.el10.aarch64 #1 SMP Mon Apr 1 2025 aarch64 aarch64 aarch64 GNU/Linux"
    assert parse_uname(arm)[2] == "aarch64"
    assert parse_uname("garbage") == (None, None, None)


# -- recognising -------------------------------------------------------------------------------


def test_is_sosreport(tmp_path: Path) -> None:
    assert is_sosreport(L0) and is_sosreport(VMWARE)
    parent = tmp_path / "unpacked"
    shutil.copytree(VMWARE, parent / "sosreport-l1-2026-11-20-aaaaaaa", symlinks=True)
    assert is_sosreport(parent)
    assert not is_sosreport(SAMPLES / "l1-rhel-under-vmware")
    assert not is_sosreport(REPO / "samples" / "bundles" / "l1-rhel-under-vmware.json")
    assert not is_sosreport(tmp_path / "absent")
    archive = _tar(VMWARE, tmp_path / "l1.tar.xz", "sosreport-l1-2026-11-20-aaaaaaa")
    assert is_sosreport(archive)
    other = _tar(SAMPLES / "l1-rhel-under-vmware", tmp_path / "root.tar.gz", "root", "w:gz")
    assert not is_sosreport(other)
    broken = tmp_path / "sosreport-x-2026-11-20.tar.xz"
    broken.write_bytes(archive.read_bytes()[:300])
    assert is_sosreport(broken)


def test_not_a_sosreport_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        bundle_from_sos(SAMPLES / "l1-rhel-under-vmware")
    assert str(exc.value) == (
        f"{SAMPLES / 'l1-rhel-under-vmware'}: not a sosreport "
        "(no sos_commands/, sos_reports/ or version.txt in it)"
    )
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match=r"notes\.txt: not a sosreport \(neither a folder"):
        bundle_from_sos(text)
    broken = tmp_path / "sosreport-x.tar.xz"
    broken.write_bytes(b"\xfd7zXZ\x00" + b"\x00" * 50)
    with pytest.raises(InputError, match="corrupt, truncated or not a tar archive"):
        bundle_from_sos(broken)


# -- the L0 fixture (sos 4.x layout, with a manifest) -----------------------------------------


@pytest.fixture(scope="module")
def l0() -> dict[str, Any]:
    bundle = bundle_from_sos(L0)
    from_data(bundle, str(L0))
    return bundle


def test_l0_source_and_host(l0: dict[str, Any]) -> None:
    assert l0["source"]["type"] == "sosreport"
    assert l0["source"]["path"] == str(L0)
    assert l0["host"] == {"hostname": "l0-intel-rhel10.lab.example.com", "arch": "x86_64",
                          "kernel": "6.12.0-55.9.1.el10_0.x86_64"}


def test_l0_commands_mapped(l0: dict[str, Any]) -> None:
    commands = l0["commands"]
    assert set(commands) == {
        "uname -a", "lsmod", "lscpu", "dmidecode", "hostname", "virsh list --all",
        "virsh capabilities", "virsh dumpxml rhel9.4-guest", "virsh dumpxml rhel9.6-l1",
        "virsh dumpxml win2k22-l1", "virsh dumpxml kvm-lab",
    }
    dump = commands["virsh dumpxml rhel9.6-l1"]
    assert dump["argv"] == ["virsh", "-r", "dumpxml", "rhel9.6-l1"]
    assert dump["status"] == "ok" and dump["exit_code"] == 0
    assert dump["source"] == "sos_commands/virsh/virsh_-r_dumpxml_rhel9.6-l1"
    assert "<uuid>f6864b80-7b6e-4216-9ed8-e261ccbd5e54</uuid>" in dump["stdout"]
    assert "UUID: 4C4C4544-0037-5851-8034-4D3933000000" in commands["dmidecode"]["stdout"]
    assert commands["lsmod"]["stdout"].splitlines()[1].split()[:2] == ["kvm_intel", "479232"]
    assert "virsh list" not in commands  # the table is stored as "virsh list --all" only
    assert " 3    rhel9.6-l1" in commands["virsh list --all"]["stdout"]


def test_l0_files_equal_the_sample_root(l0: dict[str, Any]) -> None:
    """Every file the sosreport holds reads as the same evidence as the sample root."""
    live = collect(root=str(SAMPLES / "intel-l0-rhel10-nested-on"))
    assert l0["files"]["/sys/module/kvm_intel/parameters/nested"]["content"] == "Y\n"
    ok = [p for p, r in l0["files"].items() if r["status"] == "ok"]
    assert "/proc/cpuinfo" in ok and "/etc/os-release" in ok and "/etc/modprobe.d/kvm.conf" in ok
    assert "/run/libvirt/qemu/rhel9.6-l1.xml" in ok
    for path in ok:
        assert l0["files"][path] == live["files"][path], path


def test_l0_lacking(l0: dict[str, Any]) -> None:
    lacking = l0["source"]["lacking"]
    for absent in ("/etc/machine-id", "/proc/1/cgroup", "/proc/version",
                   "/var/run/libvirt/qemu", "systemd-detect-virt", "virt-what"):
        assert absent in lacking
        assert absent not in l0["files"] and absent not in l0["dirs"]
    # the block plugin's `ls -lanR /dev` shows the device node that sos cannot copy
    assert "/dev/kvm" not in lacking
    assert l0["stats"]["/dev/kvm"]["type"] == "char"
    for present in ("/proc/cpuinfo", "dmidecode", "virsh list --all", "uname -a"):
        assert present not in lacking
    # covered by a plugin that ran, and absent on the host: missing, not lacking
    assert l0["files"]["/sys/class/dmi/id/chassis_asset_tag"]["status"] == "missing"
    assert l0["dirs"]["/sys/module/kvm_amd/parameters"]["status"] == "missing"


def test_archive_gives_the_same_evidence(tmp_path: Path, l0: dict[str, Any]) -> None:
    archive = _tar(L0, tmp_path / "sosreport-l0-intel-rhel10-2026-11-20-abcdefg.tar.xz",
                   "sosreport-l0-intel-rhel10-2026-11-20-abcdefg")
    bundle = bundle_from_sos(archive)
    from_data(bundle, str(archive))
    assert bundle["source"]["path"] == str(archive)
    for key in ("files", "dirs", "stats", "commands", "host"):
        assert bundle[key] == l0[key], key
    assert bundle["source"]["lacking"] == l0["source"]["lacking"]
    assert not list(tmp_path.glob("nestaudit-sos-*"))


# -- the VMware L1 fixture (older layout: version.txt, no manifest) ---------------------------


def test_vmware_without_manifest() -> None:
    bundle = bundle_from_sos(VMWARE)
    from_data(bundle, str(VMWARE))
    commands = bundle["commands"]
    assert set(commands) == {"uname -a", "lsmod", "lscpu", "dmidecode", "hostname", "virt-what"}
    assert commands["virt-what"] == {"argv": ["virt-what"], "status": "ok", "stdout": "vmware\n",
                                     "source": "sos_commands/vhostmd/virt-what"}
    assert "exit_code" not in commands["dmidecode"]  # unknown without a manifest
    assert "UUID: 6B0E1C42-3D5A-2F8E-9C4B-710D2E6A5F88" in commands["dmidecode"]["stdout"]
    assert bundle["host"]["hostname"] == "l1-vmware-rhel96.lab.example.com"
    assert "virsh list --all" in bundle["source"]["lacking"]
    assert "/etc/libvirt/qemu" in bundle["dirs"]  # libvirt ran: no libvirt here is a fact
    assert bundle["dirs"]["/etc/libvirt/qemu"]["status"] == "missing"


def test_plugin_not_run_means_lacking(tmp_path: Path) -> None:
    copy = tmp_path / "sos"
    shutil.copytree(VMWARE, copy, symlinks=True)
    version = copy / "version.txt"
    version.write_text(re.sub(r"(?m)^(hardware|libvirt): .*\n", "", version.read_text()))
    shutil.rmtree(copy / "sys" / "class")
    bundle = bundle_from_sos(copy)
    from_data(bundle, str(copy))
    lacking = bundle["source"]["lacking"]
    assert "/sys/class/dmi/id/product_name" in lacking
    assert "/sys/class/dmi/id/product_name" not in bundle["files"]
    assert "/etc/libvirt/qemu" in lacking and "/etc/libvirt/qemu" not in bundle["dirs"]


# -- the real sos of this machine --------------------------------------------------------------

SOS_PLUGINS = "kernel,processor,release,hardware,libvirt,virsh"


def _without_mhz(text: str) -> str:
    """cpuinfo without the lines that change between two reads (current frequency)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("cpu MHz"))


def test_ci_real_sosreport_matches_live_collection(tmp_path: Path) -> None:
    sos = shutil.which("sos") or shutil.which("sosreport")
    assert sos is not None, (
        "the sos command is missing: install the Debian package `sosreport` "
        "(apt-get install -y sosreport) to run this test"
    )
    argv = [sos, "report", "--batch", "--quiet", "--tmp-dir", str(tmp_path),
            "-o", SOS_PLUGINS]
    if Path(sos).name == "sosreport":
        argv.remove("report")
    run = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    archives = [p for p in tmp_path.iterdir()
                if p.name.startswith("sosreport") and re.search(r"\.tar(\.\w+)?$", p.name)]
    assert run.returncode == 0 and len(archives) == 1, (
        f"sos report failed (exit {run.returncode}; it must run as root): "
        f"{run.stderr.strip() or run.stdout.strip()}"
    )
    assert is_sosreport(archives[0])
    sos_bundle = bundle_from_sos(archives[0])
    from_data(sos_bundle, str(archives[0]))
    live = collect()
    from_data(live, "live")

    assert sos_bundle["host"]["hostname"] == live["host"]["hostname"]
    assert sos_bundle["host"]["arch"] == live["host"]["arch"]
    assert sos_bundle["host"]["kernel"] == live["host"]["kernel"]

    cpuinfo = sos_bundle["files"]["/proc/cpuinfo"]
    assert cpuinfo["status"] == "ok"
    live_cpuinfo = live["files"]["/proc/cpuinfo"]["content"]
    assert _without_mhz(cpuinfo["content"]) == _without_mhz(live_cpuinfo)

    os_release = sos_bundle["files"]["/etc/os-release"]
    assert os_release["status"] == "ok"
    assert os_release["content"] == live["files"]["/etc/os-release"]["content"]

    for module in ("kvm", "kvm_intel", "kvm_amd"):
        directory = f"/sys/module/{module}/parameters"
        assert sos_bundle["dirs"][directory]["status"] == live["dirs"][directory]["status"]
        entries = live["dirs"][directory].get("entries", [])
        assert sos_bundle["dirs"][directory].get("entries", []) == entries
        for entry in entries:
            path = f"{directory}/{entry}"
            live_record = live["files"][path]
            if live_record["status"] == "ok":  # sos copies what root can read
                assert sos_bundle["files"][path]["content"] == live_record["content"], path
