"""Who is an L1: domain roles (in use, capable, ordinary) and what each does to a verdict.

Expectations rest on verdicts.md ("Support class" 3-5, "Domain roles", "Domains that hold
/dev/kvm", "Identifying operating systems") and chapter 21.2 (the tables).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from judging import build_report
from nestaudit.bundle import Bundle, from_data, load
from nestaudit.collect import collect
from nestaudit.facts import build_facts

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "samples" / "roots"
BUNDLES = REPO / "samples" / "bundles"
TOPOLOGIES = REPO / "samples" / "topologies"


def sample(name: str) -> Bundle:
    return load(BUNDLES / f"{name}.json")


def outcome(report: dict[str, Any], rule: str, target: str | None = None) -> str:
    (host,) = report["hosts"]
    found = [
        f["outcome"]
        for f in host["findings"]
        if f["rule"] == rule and (target is None or f["target"] == target)
    ]
    assert len(found) == 1, (rule, target, found)
    return str(found[0])


def edited_root(tmp_path: Path, name: str, replace: dict[str, tuple[str, str]]) -> Bundle:
    """A copy of sample root `name` with text replaced in some of its files, collected."""
    root = tmp_path / name
    shutil.copytree(ROOTS / name, root, symlinks=True)
    for rel, (old, new) in replace.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return from_data(collect(root=str(root)), f"{name}.json")


def test_nested_run_shows_the_l1_in_use() -> None:
    """KVM's statistics: ci-hypervisor and fedora-lab have entered nested guests;
    app-server could but has not; win-dev's CPU model has no vmx. The L1s in use place the
    host: fedora-lab's Fedora is outside the tables (verdicts.md, Support class 3)."""
    report = build_report([sample("intel-l0-l1-in-use")])
    assert outcome(report, "domain-cpu-exposes-virt", "ci-hypervisor") == "pass"
    assert outcome(report, "domain-cpu-exposes-virt", "app-server") == NA
    assert outcome(report, "domain-ordinary-cpu", "win-dev") == "info"
    chains = {c["levels"][1]["domain"]: c for c in report["chains"]}
    assert chains["ci-hypervisor"]["conditional"] is False
    assert chains["app-server"]["conditional"] is True
    assert "win-dev" not in chains  # an ordinary VM is no nesting level
    assert chains["ci-hypervisor"]["verdict"]["support"] == "technology-preview"
    assert chains["fedora-lab"]["verdict"]["support"] == "unsupported"
    assert outcome(report, "domain-os-in-tables", "fedora-lab") == "fail"
    verdict = report["hosts"][0]["verdict"]
    assert verdict["support"] == "unsupported"
    assert any("fedora-lab" in r and "KVM counted 917 entries" in r for r in verdict["reasons"])


NA = "not_applicable"


def test_no_sample_with_ordinary_vms_only_fails() -> None:
    """An L0 whose VMs are all ordinary, of mixed CPU modes, exits 0 (verdicts.md,
    Domain CPU exposure: an ordinary domain is info, never fail)."""
    path = BUNDLES / "intel-l0-ordinary-vms.json"
    result = subprocess.run(
        [sys.executable, "-m", "nestaudit", "check", str(path), "--format", "json"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    report = build_report([load(path)])
    (host,) = report["hosts"]
    assert not [f for f in host["findings"] if f["outcome"] == "fail"]
    assert {f["target"] for f in host["findings"] if f["rule"] == "domain-ordinary-cpu"
            and f["outcome"] == "info"} >= {"db01", "web01"}


def test_l1_with_plain_l2s_states_its_unseen_l0() -> None:
    """Support class 5: an L1 bundle without its L0 names what the L0 must run; its L2s
    have no vmx, so no L3 concern."""
    report = build_report([sample("l1-rhel-plain-l2s")])
    (host,) = report["hosts"]
    assert host["role"] == "L1"
    assert host["verdict"]["support"] == "technology-preview"
    assert any("the L0 must run: RHEL 10.0 and later" in r for r in host["verdict"]["reasons"])
    assert outcome(report, "l3-guests") == "pass"
    assert outcome(report, "l3-capable-guests") == "pass"


def test_rhel96_l0_with_a_wsl2_only_windows_l1_is_supported() -> None:
    """verdicts.md, RHEL 9 L0: a RHEL 9.2+ L0 with a Windows L1 used for WSL2 is supported;
    without the topology file the L0 cannot see the use and the host is unsupported, with the
    way out named."""
    bundle = sample("rhel96-l0-windows-wsl2")
    topology = TOPOLOGIES / "rhel96-l0-windows-wsl2.yaml"
    stated = build_report([bundle], topology=str(topology))
    assert stated["hosts"][0]["verdict"]["support"] == "supported"
    assert outcome(stated, "domain-windows-wsl2", "win2k22-wsl2") == "pass"
    (chain,) = stated["chains"]
    assert chain["verdict"]["support"] == "supported" and chain["conditional"] is False
    unstated = build_report([bundle])
    assert unstated["hosts"][0]["verdict"]["support"] == "unsupported"
    assert any("a topology file can state" in r
               for r in unstated["hosts"][0]["verdict"]["reasons"])


def test_topology_role_l1_makes_a_capable_domain_in_use(tmp_path: Path) -> None:
    """A topology entry with role L1 says the domain hosts VMs: its chain is no longer
    conditional, and its OS outside the tables now caps the L0."""
    topology = tmp_path / "t.yaml"
    topology.write_text("domains:\n  - domain: f30\n    role: L1\n", encoding="utf-8")
    base = build_report([sample("intel-l0-rhel10-nested-on")])
    stated = build_report([sample("intel-l0-rhel10-nested-on")], topology=str(topology))
    assert base["hosts"][0]["verdict"]["support"] == "technology-preview"
    assert stated["hosts"][0]["verdict"]["support"] == "unsupported"
    assert outcome(stated, "domain-os-in-tables", "f30") == "fail"
    (chain,) = [c for c in stated["chains"] if c["levels"][1].get("domain") == "f30"]
    assert chain["conditional"] is False


def test_paused_domain_holds_the_module(tmp_path: Path) -> None:
    """verdicts.md, Domains that hold /dev/kvm: a paused domain (here paused for a
    migration) still has its QEMU process; reloading kvm_amd needs it stopped."""
    live = "run/libvirt/qemu/db01.xml"
    paused = edited_root(
        tmp_path, "amd-nested-off-running",
        {live: ("<domstatus state='running' reason='booted'",
                "<domstatus state='paused' reason='migration'")},
    )
    facts = build_facts(paused)
    (dom,) = [d for d in facts.domains if d.name == "db01"]
    assert dom.state == "paused" and dom.running is False
    active = facts.values()["domains.active"]
    assert isinstance(active, list) and "db01" in active
    report = build_report([paused])
    reload = next(f for f in report["hosts"][0]["findings"]
                  if f["rule"] == "reload-needs-stopped-vms")
    assert reload["outcome"] == "fail" and "db01" in reload["message"], reload


def test_rhel_n_unknown_libosinfo_ids(tmp_path: Path) -> None:
    """verdicts.md, Identifying operating systems: rhel/10-unknown meets "RHEL 10.0 and
    later"; rhel/9-unknown meets no row for certain, so the L1's OS is unknown."""
    def with_os(os_id: str) -> dict[str, Any]:
        topology = tmp_path / "role.yaml"
        topology.write_text("domains:\n  - domain: rhel9.6-l1\n    role: L1\n", encoding="utf-8")
        bundle = edited_root(
            tmp_path / os_id.replace("/", "_"), "intel-l0-rhel10-nested-on",
            {f"{folder}/rhel9.6-l1.xml": ("http://redhat.com/rhel/9.6", os_id)
             for folder in ("etc/libvirt/qemu", "run/libvirt/qemu")},
        )
        return build_report([bundle], topology=str(topology))

    ten = with_os("http://redhat.com/rhel/10-unknown")
    assert outcome(ten, "domain-os-in-tables", "rhel9.6-l1") == "pass"
    nine = with_os("http://redhat.com/rhel/9-unknown")
    assert outcome(nine, "domain-os-in-tables", "rhel9.6-l1") == "unknown"


def test_ibm_z_is_offered_no_windows_rows() -> None:
    """21.2: the Windows rows are Intel and AMD only; an IBM Z host's reasons never name
    them."""
    report = build_report([sample("ibmz-lpar-hpage-nested")])
    reasons = " ".join(report["hosts"][0]["verdict"]["reasons"])
    assert "Windows" not in reasons and "WSL2" not in reasons
    assert "RHEL" in reasons


def test_the_supported_table_has_no_l2_column() -> None:
    """21.2 Supported: the WSL2 rows name an L0 and an L1 only; no reason may speak of an
    empty L2 cell for them."""
    report = build_report([sample("rhel96-l0-windows-wsl2")],
                          topology=str(TOPOLOGIES / "rhel96-l0-windows-wsl2.yaml"))
    text = " ".join(r for c in report["chains"] for r in c["verdict"]["reasons"])
    text += " ".join(report["hosts"][0]["verdict"]["reasons"])
    assert not re.search(r"L2 (is not stated|must run)|cell is empty", text), text
