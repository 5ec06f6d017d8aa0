"""Evidence too thin to judge is never a clean host (verdicts.md, "Evidence too thin to
judge" and "Exit codes and thresholds")."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "bundles" / "intel-l0-rhel10-nested-on.json"
MARKERS = ("/proc/cpuinfo", "/etc/os-release", "/sys/module", "/proc/modules")


def nestaudit(*args: object, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_collect_of_a_folder_without_host_markers_is_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "not-a-host"
    (empty / "home").mkdir(parents=True)
    out = tmp_path / "bundle.json"
    line = one_line_error(nestaudit("collect", "--root", empty, "-o", out))
    assert str(empty) in line
    assert all(marker in line for marker in MARKERS), line
    assert not out.exists(), "no half-written bundle"


@pytest.mark.parametrize("verb", ["check", "report", "audit"])
def test_a_root_given_to_judge_has_the_same_markers(tmp_path: Path, verb: str) -> None:
    empty = tmp_path / "empty-root"
    empty.mkdir()
    args: list[object] = [verb, empty]
    if verb != "check":
        args += ["-o", tmp_path / "out.html"]
    line = one_line_error(nestaudit(*args))
    assert str(empty) in line and all(marker in line for marker in MARKERS), line


def test_one_marker_is_enough(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "os-release").write_text('ID="rhel"\nVERSION_ID="10.0"\n')
    result = nestaudit("collect", "--root", root, "-o", tmp_path / "b.json")
    assert result.returncode == 0, result.stderr


def all_denied(tmp_path: Path) -> Path:
    """The sample bundle as a collection that could read nothing: every file and folder
    denied, no command run."""
    data: dict[str, Any] = json.loads(SAMPLE.read_text())
    denied = {"status": "denied", "reason": "Permission denied"}
    data["files"] = {path: dict(denied) for path in data["files"]}
    data["dirs"] = {path: dict(denied) for path in data["dirs"]}
    data["commands"] = {}
    path = tmp_path / "all-denied.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    return path


def test_an_all_unknown_bundle_fails_unless_unknown_is_allowed(tmp_path: Path) -> None:
    bundle = all_denied(tmp_path)
    judged = nestaudit("check", bundle, "--format", "json")
    assert judged.returncode == 1, judged.stderr
    report = json.loads(judged.stdout)
    (host,) = report["hosts"]
    assert host["verdict"]["ready"] is None
    assert host["verdict"]["support"] == "unknown"
    assert not [f for f in host["findings"] if f["outcome"] == "fail"]
    # The threshold counts unknowns at or above it, as OpenSCAP does.
    assert nestaudit("check", bundle, "--fail-on", "critical").returncode == 1
    assert nestaudit("check", bundle, "--allow-unknown").returncode == 0
    assert nestaudit("check", bundle, "--allow-unknown", "--fail-on", "info").returncode == 0


@pytest.mark.parametrize("suffix", ["txt", "md", "html"])
def test_no_format_calls_an_unknown_host_clean(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report.{suffix}"
    made = nestaudit("report", all_denied(tmp_path), "-o", out)
    assert made.returncode == 1, made.stderr  # report exits as check: the unknowns count
    shown = " ".join(out.read_text().split())
    assert "Not judged clean" in shown
    assert "readiness and support class could not be decided" in shown
    assert "No check fails on this host" not in shown


SOS_L0 = REPO / "tests" / "fixtures" / "sos" / "intel-l0-rhel10-nested-on"
ROOT_L0 = REPO / "samples" / "roots" / "intel-l0-rhel10-nested-on"


def truncate(path: Path) -> None:
    """Cut a domain XML mid-element, as a full disk or an interrupted write leaves it."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("<cpu")] + "<cpu mode='host-pa", encoding="utf-8")


@pytest.mark.parametrize("source", ["root", "sosreport", "bundle"])
def test_a_truncated_domain_xml_fails_domains_readable(tmp_path: Path, source: str) -> None:
    """Issue 7, item 6: inside a root, a sosreport or a bundle, a broken domain XML is a
    finding (exit 1), not an input error and not a pass."""
    tree = tmp_path / source
    shutil.copytree(SOS_L0 if source == "sosreport" else ROOT_L0, tree, symlinks=True)
    truncate(tree / "etc" / "libvirt" / "qemu" / "f30.xml")
    given: Path = tree
    if source == "bundle":
        given = tmp_path / "truncated.json"
        made = nestaudit("collect", "--root", tree, "-o", given)
        assert made.returncode == 0, made.stderr
    judged = nestaudit("check", given, "--format", "json")
    assert judged.returncode == 1, judged.stderr
    (host,) = json.loads(judged.stdout)["hosts"]
    finding = next(f for f in host["findings"] if f["rule"] == "domains-readable")
    assert finding["outcome"] == "fail"
    assert "/etc/libvirt/qemu/f30.xml" in finding["message"]
    assert "invalid XML" in finding["message"]


def test_unreadable_definitions_are_unknown_and_count(tmp_path: Path) -> None:
    """Denied libvirt folders (a collection without root): the per-VM checks are missing,
    so domains-readable is unknown, which counts at medium unless --allow-unknown."""
    data: dict[str, Any] = json.loads(SAMPLE.read_text())
    for folder in ("/etc/libvirt/qemu", "/run/libvirt/qemu", "/var/run/libvirt/qemu"):
        data["dirs"][folder] = {"status": "denied", "reason": "Permission denied"}
        for path in [p for p in data["files"] if p.startswith(folder + "/")]:
            del data["files"][path]
    bundle = tmp_path / "denied.json"
    bundle.write_text(json.dumps(data))
    judged = nestaudit("check", bundle, "--format", "json")
    assert judged.returncode == 1
    (host,) = json.loads(judged.stdout)["hosts"]
    finding = next(f for f in host["findings"] if f["rule"] == "domains-readable")
    assert finding["outcome"] == "unknown"
    assert "missing, not passed" in finding["message"]
    assert not [f for f in host["findings"] if f["scope"] == "domain"]
    assert nestaudit("check", bundle, "--allow-unknown").returncode == 0
