"""Nesting chains across bundles: linking by SMBIOS UUID, chain verdicts, topology files.

Expectations rest on chapter 21.2 (the tables and the feature limitations) and on
verdicts.md (support class rules 1-3, Windows L1 without a statement of use).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judging import build_report
from nestaudit.bundle import Bundle, from_data, load
from nestaudit.collect import collect
from nestaudit.errors import InputError

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "samples" / "roots"
BUNDLES = REPO / "samples" / "bundles"
L0 = BUNDLES / "intel-l0-rhel10-nested-on.json"
L1_ROOT = ROOTS / "l1-rhel-under-kvm-exposing"
L1_UUID = "f6864b80-7b6e-4216-9ed8-e261ccbd5e54"  # rhel9.6-l1's <uuid> in the L0 sample


def variant(tmp_path: Path, name: str, edit: Callable[[Path], None]) -> Bundle:
    """A copy of the L1 sample root, changed by `edit`, collected into a bundle."""
    root = tmp_path / name
    shutil.copytree(L1_ROOT, root, symlinks=True)
    edit(root)
    return from_data(collect(root=str(root)), f"{name}.json")


def no_domains(root: Path) -> None:
    for folder in ("etc/libvirt/qemu", "run/libvirt/qemu"):
        for xml in (root / folder).glob("*.xml"):
            xml.unlink()


def os_release(version: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        no_domains(root)
        path = root / "usr" / "lib" / "os-release"
        path.write_text(path.read_text().replace("9.6", version))

    return edit


def chains_through(report: dict[str, Any], domain: str) -> list[dict[str, Any]]:
    return [
        c
        for c in report["chains"]
        if len(c["levels"]) > 1 and c["levels"][1].get("domain") == domain
    ]


def host(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(h for h in report["hosts"] if h["host"] == name)


def test_sample_l1_uuid_is_the_l0_domain_uuid() -> None:
    text = (L1_ROOT / "sys" / "class" / "dmi" / "id" / "product_uuid").read_text().strip()
    assert text.lower() == L1_UUID


def test_rhel10_l0_to_rhel96_l1_is_technology_preview(tmp_path: Path) -> None:
    """21.2 TP table row 1: L0 RHEL 10.0+, L1 RHEL 9.6+."""
    l1 = variant(tmp_path, "l1-96", os_release("9.6"))
    report = build_report([load(L0), l1])
    (chain,) = chains_through(report, "rhel9.6-l1")
    assert chain["linked"] is True
    assert [lv["level"] for lv in chain["levels"]] == ["L0", "L1"]
    assert chain["levels"][1]["host"] == "l1-rhel96.lab.example.com"
    assert chain["verdict"]["support"] == "technology-preview"
    assert chain["verdict"]["ready"] is True
    assert any("L2 must run: RHEL 9.6 and later" in r for r in chain["verdict"]["reasons"])
    assert host(report, "l1-rhel96.lab.example.com")["verdict"]["support"] == "technology-preview"


def test_rhel10_l0_to_rhel94_l1_is_unsupported(tmp_path: Path) -> None:
    """21.2 TP table: the L1 must run RHEL 9.6 or later; the L1's os-release decides."""
    l1 = variant(tmp_path, "l1-94", os_release("9.4"))
    report = build_report([load(L0), l1])
    (chain,) = chains_through(report, "rhel9.6-l1")
    assert chain["linked"] is True
    assert chain["verdict"]["support"] == "unsupported"
    assert any("9.4" in r for r in chain["verdict"]["reasons"])
    assert host(report, "l1-rhel96.lab.example.com")["verdict"]["support"] == "unsupported"


def test_rhel10_l0_to_windows_server_2022_l1(tmp_path: Path) -> None:
    """verdicts.md: a Windows L1 without a statement of use is judged by the Hyper-V row;
    stating WSL2 in a topology file makes it the supported setup (21.2 Supported)."""
    report = build_report([load(L0)])
    (chain,) = chains_through(report, "win2k22-l1")
    assert chain["verdict"]["support"] == "technology-preview"
    assert any("WSL2" in r and "supported" in r for r in chain["verdict"]["reasons"])
    topology = tmp_path / "topology.yaml"
    topology.write_text("domains:\n  - domain: win2k22-l1\n    use: wsl2\n")
    stated = build_report([load(L0)], topology=str(topology))
    (chain,) = chains_through(stated, "win2k22-l1")
    assert chain["verdict"]["support"] == "supported"
    finding = next(
        f
        for f in stated["hosts"][0]["findings"]
        if f["rule"] == "domain-windows-wsl2" and f["target"] == "win2k22-l1"
    )
    assert finding["outcome"] == "pass"


def test_l2s_that_could_nest_are_advice_not_an_l3_verdict() -> None:
    """verdicts.md, Domain roles: on an L1, an L2 merely capable of nesting is info; its
    chains keep the table's class (21.2 TP: RHEL 10.0 L0, RHEL 9.6 L1)."""
    report = build_report([load(L0), load(BUNDLES / "l1-rhel-under-kvm-exposing.json")])
    chains = chains_through(report, "rhel9.6-l1")
    assert {len(c["levels"]) for c in chains} == {3}
    assert {c["verdict"]["support"] for c in chains} == {"technology-preview"}
    l1 = host(report, "l1-rhel96.lab.example.com")
    outcomes = {f["rule"]: f["outcome"] for f in l1["findings"] if f["scope"] == "host"}
    assert outcomes["l3-capable-guests"] == "info"
    assert outcomes["l3-guests"] == "pass"
    # The L0's Fedora and RHEL 9.4 VMs could nest, nothing shows they do: not a cap.
    l0 = host(report, "l0-intel-rhel10.lab.example.com")
    assert l0["verdict"]["support"] == "technology-preview"
    assert any("if it hosts VMs, the setup is unsupported" in r
               for r in l0["verdict"]["reasons"])


def test_an_l2_running_guests_makes_only_its_own_chain_untested() -> None:
    """21.2 Feature limitations (L3): the L2 bundle linked inside the L1's l2-runner runs a
    guest; the chain through l2-runner is untested, the L1's other L2s keep their class."""
    report = build_report(
        [load(L0), load(BUNDLES / "l1-rhel-under-kvm-exposing.json"),
         load(BUNDLES / "l2-rhel-runs-guests.json")]
    )
    l2 = host(report, "l2-runner.lab.example.com")
    assert l2["role"] == "L2"
    assert l2["verdict"]["support"] == "untested"
    runs = next(f for f in l2["findings"] if f["rule"] == "l2-runs-guests")
    assert runs["outcome"] == "fail" and "l3-guest" in runs["message"]
    l1 = host(report, "l1-rhel96.lab.example.com")
    l3 = next(f for f in l1["findings"] if f["rule"] == "l3-guests")
    assert l3["outcome"] == "fail" and "l2-runner" in l3["message"]
    by_l2 = {c["levels"][2]["domain"]: c for c in chains_through(report, "rhel9.6-l1")}
    assert by_l2["l2-runner"]["levels"][2]["host"] == "l2-runner.lab.example.com"
    assert by_l2["l2-runner"]["verdict"]["support"] == "untested"
    others = {name: c["verdict"]["support"] for name, c in by_l2.items() if name != "l2-runner"}
    assert others and set(others.values()) == {"technology-preview"}, others
    l0 = host(report, "l0-intel-rhel10.lab.example.com")
    assert l0["verdict"]["support"] == "untested"
    assert any("l2-runner.lab.example.com: untested" in r for r in l0["verdict"]["reasons"])


def test_l1_lacking_an_l0_flag_is_named(tmp_path: Path) -> None:
    """21.2 Feature limitations: features of the L0 may be missing on the L1."""

    def drop_ept(root: Path) -> None:
        no_domains(root)
        cpuinfo = root / "proc" / "cpuinfo"
        cpuinfo.write_text(cpuinfo.read_text().replace(" ept ", " ").replace(" ept\n", "\n"))

    report = build_report([load(L0), variant(tmp_path, "l1-noept", drop_ept)])
    l1 = host(report, "l1-rhel96.lab.example.com")
    finding = next(f for f in l1["findings"] if f["rule"] == "l1-lacks-l0-cpu-flags")
    assert finding["outcome"] == "info"
    assert "ept" in finding["message"].split("lacks:")[1]
    assert finding["limitation"] == "NV-L1-FEATURES"
    cpu = next(f for f in l1["findings"] if f["rule"] == "cpu-virt-extensions")
    assert cpu["outcome"] == "fail" and "ept" in cpu["message"]


def test_unlinked_l1_is_reported_not_dropped(tmp_path: Path) -> None:
    def other_uuid(root: Path) -> None:
        (root / "sys/class/dmi/id/product_uuid").write_text(
            "11111111-2222-3333-4444-555555555555\n"
        )

    report = build_report([load(L0), variant(tmp_path, "l1-other", other_uuid)])
    unlinked = [
        c
        for c in report["chains"]
        if c["linked"] is False and c["levels"][1].get("host") == "l1-rhel96.lab.example.com"
    ]
    assert len(unlinked) == 1
    assert unlinked[0]["levels"][0]["host"] is None
    assert "unlinked" in unlinked[0]["verdict"]["reasons"][0]
    assert not chains_through(report, "rhel9.6-l1")[0]["linked"]


def test_uuid_comparison_ignores_case(tmp_path: Path) -> None:
    def upper(root: Path) -> None:
        no_domains(root)
        path = root / "sys/class/dmi/id/product_uuid"
        path.write_text(path.read_text().upper())

    report = build_report([load(L0), variant(tmp_path, "l1-upper", upper)])
    assert chains_through(report, "rhel9.6-l1")[0]["linked"] is True


def test_topology_links_a_bundle_without_uuid(tmp_path: Path) -> None:
    def no_uuid(root: Path) -> None:
        no_domains(root)
        (root / "sys/class/dmi/id/product_uuid").unlink()

    l1 = variant(tmp_path, "l1-nouuid", no_uuid)
    topology = tmp_path / "t.yaml"
    topology.write_text("domains:\n  - domain: rhel9.6-l1\n    bundle: l1-nouuid.json\n")
    report = build_report([load(L0), l1], topology=str(topology))
    assert chains_through(report, "rhel9.6-l1")[0]["linked"] is True


def test_topology_states_the_l0_of_a_lone_l1(tmp_path: Path) -> None:
    topology = tmp_path / "t.yaml"
    topology.write_text(
        "hosts:\n  - host: l1-rhel96.lab.example.com\n"
        "    l0: {os: {family: rhel, version: '9.4'}}\n"
    )
    lone = variant(tmp_path, "l1-lone", no_domains)
    report = build_report([lone], topology=str(topology))
    assert report["hosts"][0]["verdict"]["support"] == "unsupported"
    assert report["chains"][0]["levels"][0]["os"] is not None


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("domains: [ {domain: x, use: sometimes} ]\n", "invalid topology"),
        ("domains: [unclosed\n", "line"),
        ("hosts: [ {l0: {}} ]\n", "'host' is a required property"),
    ],
)
def test_bad_topology_is_one_line(tmp_path: Path, text: str, needle: str) -> None:
    topology = tmp_path / "t.yaml"
    topology.write_text(text)
    with pytest.raises(InputError, match=needle):
        build_report([load(L0)], topology=str(topology))
    result = subprocess.run(
        [sys.executable, "-m", "nestaudit", "check", str(L0), "--topology", str(topology)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(topology) in result.stderr and "Traceback" not in result.stderr
