"""`nestaudit diff OLD NEW` on the samples: what moved, what got worse, and its exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from nestaudit.cli import main
from nestaudit.diff.compare import match_hosts
from nestaudit.report import from_json
from nestaudit.vocabulary import Outcome, Role, Severity, SupportClass

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
ROOT = SAMPLES / "roots" / "intel-l0-rhel10-nested-on"
BUNDLE = SAMPLES / "bundles" / "intel-l0-rhel10-nested-on.json"
OTHER = SAMPLES / "bundles" / "amd-l0-rhel10-nested-on-running.json"
HOST = "l0-intel-rhel10.lab.example.com"
UUID = "4c4c4544-0037-5851-8034-4d3933000000"
DIFF_SCHEMA = json.loads((REPO / "nestaudit" / "schemas" / "diff.schema.json").read_text())
KVM_CONF = "etc/modprobe.d/kvm.conf"
NESTED = "sys/module/kvm_intel/parameters/nested"


def diff(capfd: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["diff", *(str(a) for a in args)])
    out, err = capfd.readouterr()
    return code, out, err


def diff_json(capfd: pytest.CaptureFixture[str], *args: object) -> tuple[int, dict[str, Any]]:
    code, out, err = diff(capfd, *args, "--format", "json")
    assert code in (0, 1), err
    document: dict[str, Any] = json.loads(out)
    errors = [e.message for e in Draft202012Validator(DIFF_SCHEMA).iter_errors(document)]
    assert errors == [], errors[:3]
    assert document["worse"] is (code == 1)
    return code, document


def root_copy(tmp_path: Path, name: str, **files: str) -> Path:
    """The sample root copied, with some files given new content (keys use / as __)."""
    target = tmp_path / name
    shutil.copytree(ROOT, target, symlinks=True)
    for key, content in files.items():
        (target / key.replace("__", "/")).write_text(content)
    return target


def nesting_off(tmp_path: Path) -> Path:
    """The sample host after someone turned nesting off, now and at the next boot."""
    return root_copy(
        tmp_path, "off", **{KVM_CONF.replace("/", "__"): "options kvm_intel nested=0\n",
                            NESTED.replace("/", "__"): "N\n"}
    )


def findings_of(document: dict[str, Any], host: str = HOST) -> dict[str, dict[str, Any]]:
    (entry,) = [h for h in document["hosts"] if h["host"] == host]
    return {f"{f['rule']} [{f['target']}]": f for f in entry["findings"]}


def report_of(tmp_path: Path, name: str, *inputs: Path) -> Path:
    target = tmp_path / name
    assert main(["check", *map(str, inputs), "--format", "json", "-o", str(target)]) in (0, 1)
    return target


# ---------------------------------------------------------------- no change


def test_the_same_input_twice_changes_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    code, out, _ = diff(capfd, BUNDLE, BUNDLE)
    assert code == 0
    assert "0 changed (0 worse), 1 unchanged, 0 added, 0 removed: nothing got worse" in out
    assert HOST not in out  # an unchanged host is counted, not listed
    code, document = diff_json(capfd, ROOT, ROOT)
    assert code == 0 and document["counts"]["unchanged"] == 1
    (host,) = document["hosts"]
    assert host["status"] == "unchanged" and host["matched_by"] == "name"
    assert host["findings"] == [] and host["domains"] == [] and host["worse"] == []
    assert document["old"]["kind"] == "root" and document["new"]["kind"] == "root"


def test_a_report_read_back_equals_judging_its_input(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """report.from_json loses nothing diff compares: the report of a root against the root."""
    report = report_of(tmp_path, "r.json", ROOT)
    code, document = diff_json(capfd, report, ROOT)
    assert code == 0 and document["counts"] == {
        "changed": 0, "unchanged": 1, "added": 0, "removed": 0, "worse": 0
    }
    assert document["old"]["kind"] == "report"


# ---------------------------------------------------------------- worse and better


def test_nesting_turned_off_is_worse(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    off = nesting_off(tmp_path)
    code, document = diff_json(capfd, ROOT, off)
    assert code == 1
    (host,) = document["hosts"]
    assert host["status"] == "changed"
    assert host["verdict"]["ready"] == {"old": True, "new": False}
    changed = findings_of(document)
    nested = changed[f"nested-enabled [{HOST}]"]
    assert (nested["change"], nested["old"], nested["new"], nested["worse"]) == (
        "changed", "pass", "fail", True
    )
    assert changed[f"nested-persistent [{HOST}]"]["worse"] is True
    assert "readiness: ready -> not ready" in host["worse"]
    assert f"new fail (critical): nested-enabled [{HOST}]" in host["worse"]
    # A finding that changed but is not a fail or unknown is listed and not counted.
    assert all(not f["worse"] for f in changed.values() if f["new"] not in ("fail", "unknown"))

    code, out, _ = diff(capfd, ROOT, off)
    assert code == 1
    assert f"{HOST}  WORSE" in out
    assert "readiness: ready -> not ready" in out
    assert "something got worse" in out.splitlines()[-1]


def test_nesting_turned_back_on_is_better(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, document = diff_json(capfd, nesting_off(tmp_path), ROOT)
    assert code == 0
    (host,) = document["hosts"]
    assert host["status"] == "changed" and host["worse"] == []
    assert host["verdict"]["ready"] == {"old": False, "new": True}
    nested = findings_of(document)[f"nested-enabled [{HOST}]"]
    assert (nested["old"], nested["new"], nested["worse"]) == ("fail", "pass", False)


def test_fail_on_sets_what_counts(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Only the persistent setting off: a high fail, readiness untouched."""
    conf = {KVM_CONF.replace("/", "__"): "options kvm_intel nested=0\n"}
    later = root_copy(tmp_path, "later", **conf)
    code, document = diff_json(capfd, ROOT, later)
    assert code == 1
    (host,) = document["hosts"]
    assert host["verdict"]["ready"] == {"old": True, "new": True}
    assert findings_of(document)[f"nested-persistent [{HOST}]"]["new"] == "fail"
    code, document = diff_json(capfd, ROOT, later, "--fail-on", "critical")
    assert code == 0 and document["fail_on"] == "critical"
    assert findings_of(document)[f"nested-persistent [{HOST}]"]["worse"] is False


# ---------------------------------------------------------------- matching hosts


def test_a_renamed_host_is_matched_by_its_uuid(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    renamed = root_copy(
        tmp_path, "renamed", etc__hostname="lab7.example.com\n",
        proc__sys__kernel__hostname="lab7.example.com\n",
    )
    code, document = diff_json(capfd, ROOT, renamed)
    assert code == 0
    (host,) = document["hosts"]
    assert (host["host"], host["old_host"], host["matched_by"]) == (
        "lab7.example.com", HOST, "uuid"
    )
    assert host["status"] == "changed"  # the name moved; the verdict did not
    assert host["verdict"]["support"]["old"] == host["verdict"]["support"]["new"]
    code, out, _ = diff(capfd, ROOT, renamed)
    assert f"lab7.example.com  (was {HOST}, matched by SMBIOS UUID)" in out


def test_hosts_on_one_side_are_added_or_removed(capfd: pytest.CaptureFixture[str]) -> None:
    code, document = diff_json(capfd, BUNDLE, OTHER)
    statuses = {h["host"]: (h["status"], h["matched_by"]) for h in document["hosts"]}
    assert statuses[HOST] == ("removed", None)
    (added,) = [h for h in document["hosts"] if h["status"] == "added"]
    # A new host brings its fails as new: worse exactly when it has one that counts.
    assert (code == 1) is bool(added["worse"])
    assert document["counts"]["added"] == 1 and document["counts"]["removed"] == 1


def _host(name: str, uuid: str | None) -> dict[str, Any]:
    return {
        "host": name, "bundle": {"sha256": "0" * 64, "collected_at": "2026-01-01T00:00:00Z"},
        "role": "L0", "verdict": {"support": "supported", "ready": True, "reasons": []},
        "findings": [], "summary": {"system_uuid": uuid},
    }


def test_names_match_before_uuids() -> None:
    old = from_json({"hosts": [_host("a", "u1"), _host("b", "u2"), _host("c", "u3")]}).hosts
    new = from_json({"hosts": [_host("a", "u2"), _host("d", "u3"), _host("e", None)]}).hosts
    pairs = {(o.name if o else None, n.name if n else None, how) for o, n, how in
             match_hosts(old, new)}
    # a keeps its name though its UUID moved; b's UUID is taken by no one left; c became d.
    assert pairs == {("a", "a", "name"), ("b", None, None), ("c", "d", "uuid"),
                     (None, "e", None)}


# ---------------------------------------------------------------- fleet.json


def fleet_of(capfd: pytest.CaptureFixture[str], tmp_path: Path, name: str, *inputs: Path) -> Path:
    """The fleet.json `nestaudit fleet` writes for `inputs` (roots are collected first:
    fleet reads bundles and sosreports)."""
    folder = tmp_path / f"{name}-bundles"
    folder.mkdir()
    for index, source in enumerate(inputs):
        if source.is_dir():
            assert main(["collect", "--root", str(source), "-o",
                         str(folder / f"{index}.json"), "-q"]) == 0
        else:
            shutil.copy(source, folder / f"{index}.json")
    out = tmp_path / f"{name}-report"
    assert main(["fleet", str(folder), "-o", str(out), "-q"]) in (0, 1)
    capfd.readouterr()  # what collect and fleet printed is not the diff's output
    return out / "fleet.json"


def test_fleet_against_fleet(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    before = fleet_of(capfd, tmp_path, "before", ROOT, OTHER)
    after = fleet_of(capfd, tmp_path, "after", nesting_off(tmp_path), OTHER)
    code, document = diff_json(capfd, before, before)
    assert code == 0 and document["counts"]["unchanged"] == 2
    assert document["old"]["kind"] == "fleet" and document["old"]["hosts"] == 2
    code, document = diff_json(capfd, before, after)
    assert code == 1
    statuses = {h["host"]: h["status"] for h in document["hosts"]}
    assert statuses.pop(HOST) == "changed"
    assert list(statuses.values()) == ["unchanged"]
    assert document["counts"]["worse"] == 1


# ---------------------------------------------------------------- formats and bad input


def test_markdown(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    code, out, _ = diff(capfd, ROOT, nesting_off(tmp_path), "--format", "md")
    assert code == 1
    assert out.startswith("# What changed between two audits\n")
    assert f"## {HOST} (worse)" in out
    assert "| Readiness | ready | not ready |" in out
    assert "| changed | nested-enabled | " in out and "| critical | pass | fail | yes |" in out


def test_host_strings_reach_the_terminal_escaped(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(report_of(tmp_path, "r.json", BUNDLE).read_text())
    document["hosts"][0]["host"] = "evil\x1b]0;owned\x07\u202ehost"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document))
    document["hosts"][0]["verdict"]["ready"] = False
    new = tmp_path / "new.json"
    new.write_text(json.dumps(document))
    for fmt in ("text", "json"):
        code, out, _ = diff(capfd, old, new, "--format", fmt)
        assert code == 1
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b]0;owned\\x07\\u202ehost" in out or "\\u001b]0;owned\\u0007\\u202ehost" in out


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"{not json", "invalid JSON at line 1"),
        (b'{"hello": 1}', "not a nestaudit bundle, JSON report or fleet.json"),
        (b'{"schema_version": 1, "kind": "nestaudit-bundle"}', "invalid bundle"),
        (b'{"schema_version": 1, "hosts": [{"host": "h"}]}', "invalid JSON report"),
        (b'{"schema_version": 9, "hosts": []}', "newer than this nestaudit reads"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "nestaudit", "diff", str(BUNDLE), str(bad)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"nestaudit: error: {bad}: ") and needle in line, line


def test_a_missing_input_is_exit_2(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    code, out, err = diff(capfd, missing, BUNDLE)
    assert code == 2 and out == ""
    assert err.strip() == f"nestaudit: error: {missing}: no such file or directory"


def test_the_schema_spells_the_vocabulary() -> None:
    defs = DIFF_SCHEMA["$defs"]
    for words, key in ((Outcome, "outcome"), (SupportClass, "support"), (Role, "role"),
                       (Severity, "severity")):
        assert sorted(w for w in defs[key]["enum"] if w is not None) == sorted(words.words())
