"""Sosreports judged like live hosts: the facts and verdicts agree.

The first tests run the real `sos report --batch` of the Debian package `sosreport` on this
machine (the issue's "done when": kernel, processor, release, hardware, libvirt and virsh
plugins), read it with `bundle_from_sos`, and compare its facts with a live
`nestaudit.collect.collect()` of the same machine. They fail, never skip, when sos is
missing. A fact may differ only where the sosreport lacks the evidence the live value came
from (bundle `source.lacking`), and the failure then names that evidence.

The last tests run `nestaudit check` on the sosreport-shaped fixtures in tests/fixtures/sos
and on the sample bundles they were made from: same support, readiness and role.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest

from nestaudit import cli
from nestaudit.bundle import Bundle, from_data
from nestaudit.collect import collect
from nestaudit.errors import EXIT_FINDINGS, EXIT_OK
from nestaudit.facts import HostFacts, build_facts
from nestaudit.sources.sos import bundle_from_sos, dev_stat, is_sosreport
from nestaudit.values import UNKNOWN

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "sos"
SAMPLES = REPO / "samples" / "bundles"
SOS_PLUGINS = "kernel,processor,release,hardware,libvirt,virsh"

# Read from files and command outputs every sosreport made with SOS_PLUGINS holds: these
# must be known and equal, no excuse.
CORE_FACTS = ("host.arch", "cpu.vendor", "cpu.flags", "os.id", "os.version")
# May be unknown from a sosreport only where it lacks the evidence the live value used.
KVM_FACTS = ("kvm.modules_loaded", "kvm.module", "kvm.module_loaded", "kvm.nested",
             "virt.hypervisor", "virt.role")


def run_sos(folder: Path, plugins: str = SOS_PLUGINS) -> Path:
    """Run the real `sos report --batch` (as root) into `folder`; the archive it wrote."""
    sos = shutil.which("sos") or shutil.which("sosreport")
    assert sos is not None, (
        "the sos command is missing: install the Debian package `sosreport` "
        "(apt-get install -y sosreport) to run this test"
    )
    argv = [sos, "report", "--batch", "--quiet", "--tmp-dir", str(folder), "-o", plugins]
    if Path(sos).name == "sosreport":
        argv.remove("report")
    run = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    archives = [p for p in folder.iterdir()
                if p.name.startswith("sosreport") and re.search(r"\.tar(\.\w+)?$", p.name)]
    assert run.returncode == 0 and len(archives) == 1, (
        f"sos report failed (exit {run.returncode}; it must run as root): "
        f"{run.stderr.strip() or run.stdout.strip()}"
    )
    assert is_sosreport(archives[0])
    return archives[0]


@pytest.fixture(scope="module")
def live() -> Bundle:
    return from_data(collect(), "live")


@pytest.fixture(scope="module")
def sos_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    archive = run_sos(tmp_path_factory.mktemp("sos"))
    return from_data(bundle_from_sos(archive), str(archive))


def _sources(facts: HostFacts, name: str) -> list[str]:
    return [e.source for e in facts.evidence(name)]


def _lacked(lacking: list[str], sources: list[str]) -> list[str]:
    """The lacking evidence among a fact's sources ("/proc/modules:3" is "/proc/modules")."""
    return sorted({item for item in lacking for source in sources
                   if source == item or source.startswith((item + ":", item + "/"))})


def compare(sos: Bundle, live: Bundle, names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The facts among `names` that differ, each with both values, the evidence of the live
    value, and which of it the sosreport lacked."""
    sos_facts, live_facts = build_facts(sos), build_facts(live)
    sos_values, live_values = sos_facts.values(), live_facts.values()
    lacking = list(sos.source.get("lacking", []))
    differ = {}
    for name in names:
        if sos_values[name] != live_values[name]:
            live_sources = _sources(live_facts, name)
            differ[name] = {
                "sos": sos_values[name], "live": live_values[name],
                "live evidence": live_sources, "sos evidence": _sources(sos_facts, name),
                "sosreport lacked": _lacked(lacking, live_sources),
            }
    return differ


def test_real_sosreport_core_facts_equal_live(sos_bundle: Bundle, live: Bundle) -> None:
    assert sos_bundle.source["type"] == "sosreport"
    values = build_facts(live).values()
    unknown = [n for n in CORE_FACTS if values[n] is UNKNOWN]
    assert not unknown, f"the live collection cannot tell {unknown}: nothing to compare"
    assert values["cpu.flags"], "the live CPU shows no flags"
    differ = compare(sos_bundle, live, CORE_FACTS)
    assert not differ, f"the sosreport reads differently from a live collection: {differ}"


def assert_agree(sos: Bundle, live: Bundle, names: tuple[str, ...]) -> None:
    """Equal, or unknown from the sosreport because it lacks the live value's evidence:
    that is legitimate, and said in the test output (a warning naming what it lacked)."""
    differ = compare(sos, live, names)
    explained = {n: d for n, d in differ.items()
                 if d["sos"] is UNKNOWN and d["sosreport lacked"]}
    unexplained = {n: d for n, d in differ.items() if n not in explained}
    assert not unexplained, (
        f"facts differ although the sosreport holds their evidence: {unexplained}")
    for name, detail in explained.items():
        warnings.warn(f"{name}: unknown from the sosreport, {detail['live']!r} live; the "
                      f"sosreport lacked {detail['sosreport lacked']}", stacklevel=2)


def test_real_sosreport_kvm_and_role_facts_agree_with_live(
    sos_bundle: Bundle, live: Bundle
) -> None:
    assert_agree(sos_bundle, live, KVM_FACTS)


def test_real_sosreport_with_the_block_plugin_knows_dev_kvm(
    tmp_path: Path, live: Bundle
) -> None:
    """`ls -lanR /dev` (block plugin) stands in for the stat of /dev/kvm."""
    archive = run_sos(tmp_path, SOS_PLUGINS + ",block")
    bundle = from_data(bundle_from_sos(archive), str(archive))
    assert "/dev/kvm" not in bundle.source["lacking"]
    live_stat, sos_stat = live.data["stats"]["/dev/kvm"], bundle.data["stats"]["/dev/kvm"]
    assert sos_stat["status"] == live_stat["status"]
    for key in ("type", "mode", "rdev"):
        assert sos_stat.get(key) == live_stat.get(key), key
    assert compare(bundle, live, ("kvm.dev_kvm",)) == {}
    assert_agree(bundle, live, KVM_FACTS)


def test_dev_stat_reads_ls_lanR() -> None:
    listing = (
        "/dev:\ntotal 0\n"
        "drwxr-xr-x. 20 0  0   3380 Nov 20 09:00 .\n"
        "crw-rw----.  1 0 36  10, 232 Nov 20 09:00 kvm\n"
        "lrwxrwxrwx.  1 0  0     13 Nov 20 09:00 fd -> /proc/self/fd\n"
        "drwxrwxrwt.  2 0  0     40 Nov 20 09:00 shm\n\n"
        "/dev/vfio:\ncrw-rw-rw-.  1 0  0  10, 196 Nov 20 09:00 vfio\n"
    )
    assert dev_stat(listing, "kvm") == {
        "status": "ok", "type": "char", "mode": "0660", "rdev": "10:232",
        "reason": "from `ls -lanR /dev` in the sosreport (ls_-lanR_.dev)"}
    assert dev_stat(listing, "shm")["mode"] == "1777"
    assert dev_stat(listing, "fd")["type"] == "other"
    assert dev_stat(listing, "vfio")["status"] == "missing"  # in /dev/vfio, not in /dev


# -- the sosreport-shaped fixtures judge like their samples ------------------------------------

PAIRS = {"intel-l0-rhel10-nested-on": "L0", "l1-rhel-under-vmware": "L1"}


def _check(target: Path, out: Path) -> dict[str, Any]:
    code = cli.main(["check", "--format", "json", "-o", str(out), str(target)])
    report: dict[str, Any] = json.loads(out.read_text())
    assert code in (EXIT_OK, EXIT_FINDINGS)
    assert len(report["hosts"]) == 1
    host: dict[str, Any] = report["hosts"][0]
    return host


def _with_dev_listing(fixture: Path, tmp_path: Path) -> Path:
    """A copy of `fixture` with the block plugin's /dev listing, as a default sos run has:
    the sample root it was made from has /dev/kvm."""
    copy = tmp_path / fixture.name
    shutil.copytree(fixture, copy, symlinks=True)
    block = copy / "sos_commands" / "block"
    block.mkdir(exist_ok=True)
    (block / "ls_-lanR_.dev").write_text(
        "/dev:\ntotal 0\ndrwxr-xr-x. 20 0  0   3380 Nov 20 09:00 .\n"
        "crw-rw----.  1 0 36  10, 232 Nov 20 09:00 kvm\n")
    return copy


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_fixture_checks_like_its_sample(name: str, tmp_path: Path) -> None:
    sample = _check(SAMPLES / f"{name}.json", tmp_path / "sample.json")
    sos = _check(FIXTURES / name, tmp_path / "sos.json")
    assert sample["role"] == sos["role"] == PAIRS[name]
    assert sos["verdict"]["support"] == sample["verdict"]["support"]
    assert sos["host"] == sample["host"]
    if sos["verdict"]["ready"] != sample["verdict"]["ready"]:
        # only because sos copies no device node: /dev/kvm is lacking, so KVM's usability
        # is unknown, and readiness with it
        lacking = bundle_from_sos(FIXTURES / name)["source"]["lacking"]
        usable = [f for f in sos["findings"] if f["rule"] == "kvm-usable"]
        assert (sos["verdict"]["ready"], sample["verdict"]["ready"]) == (None, True)
        assert "/dev/kvm" in lacking and [f["outcome"] for f in usable] == ["unknown"]
    # with the /dev listing a default sos run has, readiness agrees too
    listed = _check(_with_dev_listing(FIXTURES / name, tmp_path), tmp_path / "listed.json")
    for key in ("support", "ready"):
        assert listed["verdict"][key] == sample["verdict"][key], key
    assert listed["role"] == sample["role"]
