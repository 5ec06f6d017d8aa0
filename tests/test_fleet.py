"""`nestaudit fleet`: the same judgement as `check` of the same inputs, in fleet.json (a
valid report with totals and errors), fleet.csv and a self-contained fleet.html."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nestaudit.bundle import load
from nestaudit.cli import main
from nestaudit.judge import assess
from nestaudit.report import to_json
from nestaudit.topology import load_topology

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "bundles"
TOPOLOGY = REPO / "samples" / "topologies" / "rhel96-l0-windows-wsl2.yaml"
SCHEMA = json.loads((REPO / "nestaudit" / "schemas" / "report.schema.json").read_text("utf-8"))
L0 = SAMPLES / "intel-l0-rhel10-nested-on.json"  # its domain rhel9.6-l1 is L1
L1 = SAMPLES / "l1-rhel-under-kvm-exposing.json"


def _fleet(*args: str) -> int:
    return main(["fleet", *args])


def _read(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "fleet.json").read_text("utf-8"))
    return data


def _check(paths: list[Path], topology: Path | None = None) -> dict[str, Any]:
    stated = load_topology(str(topology)) if topology else None
    bundles = [load(p) for p in paths]
    return to_json(assess(bundles, None, stated) if stated else assess(bundles))


@pytest.fixture(scope="module")
def samples_fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fleet") / "report"
    assert _fleet(str(SAMPLES), "-o", str(out), "-j", "1", "-q") == 1  # samples fail checks
    return out


def test_fleet_json_is_checks_judgement(samples_fleet: Path) -> None:
    fleet = _read(samples_fleet)
    check = _check(sorted(SAMPLES.glob("*.json")))
    assert fleet["hosts"] == check["hosts"]
    assert fleet["chains"] == check["chains"]
    assert fleet["generated_from"] == check["generated_from"]
    assert fleet["errors"] == []
    assert [h["host"] for h in fleet["hosts"]] == sorted(h["host"] for h in fleet["hosts"])


def test_fleet_json_validates_and_counts(samples_fleet: Path) -> None:
    fleet = _read(samples_fleet)
    jsonschema.Draft202012Validator(SCHEMA).validate(fleet)
    totals = fleet["fleet"]
    hosts = fleet["hosts"]
    assert totals["hosts"] == len(hosts) == 28
    assert totals["inputs"] == 28
    assert totals["chains"] == len(fleet["chains"])
    assert totals["exit_code"] == 1
    for support, n in totals["support"].items():
        assert n == sum(1 for h in hosts if h["verdict"]["support"] == support)
    assert totals["ready"]["no"] == sum(1 for h in hosts if h["verdict"]["ready"] is False)
    failing_cpu = sum(
        1 for h in hosts
        if any(f["limitation"] == "NV-CPU-EXT" and f["outcome"] == "fail" for f in h["findings"])
    )
    assert totals["limitations"]["NV-CPU-EXT"]["fail"] == failing_cpu > 0


def test_parallel_workers_give_the_same_report(tmp_path: Path, samples_fleet: Path) -> None:
    out = tmp_path / "report"
    assert _fleet(str(SAMPLES), "-o", str(out), "-j", "2", "-q") == 1
    assert (out / "fleet.json").read_bytes() == (samples_fleet / "fleet.json").read_bytes()
    assert (out / "fleet.csv").read_bytes() == (samples_fleet / "fleet.csv").read_bytes()
    assert (out / "fleet.html").read_bytes() == (samples_fleet / "fleet.html").read_bytes()


def test_fleet_json_written_beside_the_page_fails_the_run_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nestaudit.fleet import run

    def full(out: Any, *_: Any) -> None:
        raise OSError(28, "No space left on device", out.name)

    monkeypatch.setattr(run, "write_report", full)  # run in the process that writes it
    out = tmp_path / "report"
    assert _fleet(str(L0), str(L1), "-o", str(out), "-q") == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("nestaudit fleet: internal error: OSError (")
    assert "fleet.json): [Errno 28] No space left on device" in line
    assert list(tmp_path.iterdir()) == []  # no report, no temporary folder


def test_links_and_shared_names_judged_as_check_does(tmp_path: Path) -> None:
    """An L0 given twice (the same host name) and its L1: both copies name the chain's
    L0, so check lowers both; the L1 links to the first copy only."""
    folder = tmp_path / "in"
    folder.mkdir()
    first, copy, l1 = folder / "a-l0.json", folder / "b-copy.json", folder / "c-l1.json"
    shutil.copy(L0, first)
    shutil.copy(L0, copy)
    shutil.copy(L1, l1)
    out = tmp_path / "report"
    _fleet(str(folder), str(SAMPLES / "ubuntu-l0.json"), "-o", str(out), "-j", "2", "-q")
    fleet = _read(out)
    check = _check([first, copy, l1, SAMPLES / "ubuntu-l0.json"])
    assert fleet["hosts"] == check["hosts"]
    assert fleet["chains"] == check["chains"]
    assert any(c["linked"] for c in fleet["chains"])


def test_topology_links_as_check(tmp_path: Path) -> None:
    out = tmp_path / "report"
    _fleet(str(SAMPLES), "-o", str(out), "-j", "1", "-q", "--topology", str(TOPOLOGY))
    fleet = _read(out)
    check = _check(sorted(SAMPLES.glob("*.json")), TOPOLOGY)
    assert fleet["hosts"] == check["hosts"]
    assert fleet["chains"] == check["chains"]


def test_unreadable_inputs_listed_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    folder = tmp_path / "in"
    (folder / "deep" / "er").mkdir(parents=True)
    shutil.copy(L1, folder / "deep" / "er" / "l1.json")
    (folder / "package.json").write_text('{"name": "not a bundle"}')  # skipped: not a bundle
    (folder / "broken.json.gz").write_bytes(gzip.compress(b'{"kind": "nestaudit-bundle", '))
    named = tmp_path / "named.json"
    named.write_text('{"kind": "something else"}')
    out = tmp_path / "report"
    code = _fleet(str(folder), str(tmp_path / "missing.json"), str(named), "-o", str(out))
    assert code == 2
    fleet = _read(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(fleet)
    assert [h["host"] for h in fleet["hosts"]] == [_check([L1])["hosts"][0]["host"]]
    inputs = {e["input"]: e["message"] for e in fleet["errors"]}
    assert set(inputs) == {str(folder / "broken.json.gz"), str(tmp_path / "missing.json"),
                           str(named)}
    assert "no such file or directory" in inputs[str(tmp_path / "missing.json")]
    assert "not a nestaudit bundle" in inputs[str(named)]
    assert fleet["fleet"]["errors"] == 3 and fleet["fleet"]["exit_code"] == 2
    err = capsys.readouterr().err
    assert err.count("nestaudit: error: ") == 3 and "Traceback" not in err
    page = (out / "fleet.html").read_text("utf-8")
    assert "missing.json: no such file or directory" in page


def test_lists_from_a_file_and_from_stdin(tmp_path: Path) -> None:
    listed = tmp_path / "list.txt"
    listed.write_text(f"# the L0\n{L0}\n\n{L1}\n@{listed}\n")  # names itself: read once
    out = tmp_path / "from-file"
    assert _fleet(f"@{listed}", "-o", str(out), "-j", "1", "-q") == 1
    names = [h["host"] for h in _read(out)["hosts"]]
    assert names == [h["host"] for h in _check([L0, L1])["hosts"]]
    stdin_out = tmp_path / "from-stdin"
    result = subprocess.run(
        [sys.executable, "-m", "nestaudit", "fleet", "@-", "-o", str(stdin_out)],
        input=f"{L0}\n{L1}\n", capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""  # no progress when standard error is not a terminal
    assert _read(stdin_out)["hosts"] == _read(out)["hosts"]
    assert "2 hosts judged" in result.stdout


def test_csv_has_a_row_per_host(samples_fleet: Path) -> None:
    fleet = _read(samples_fleet)
    with (samples_fleet / "fleet.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["host"] for r in rows] == [h["host"] for h in fleet["hosts"]]
    for row, host in zip(rows, fleet["hosts"]):
        assert row["support"] == host["verdict"]["support"]
        ready = host["verdict"]["ready"]
        assert row["ready"] == {True: "yes", False: "no", None: "unknown"}[ready]
        assert int(row["fail"]) == host["counts"]["outcome"].get("fail", 0)
        assert row["sha256"] == host["bundle"]["sha256"]
        failing = sorted({f["limitation"] for f in host["findings"] if f["outcome"] == "fail"})
        assert row["failing_limitations"].split() == failing


def test_html_is_self_contained_and_holds_hostile_names_as_text(tmp_path: Path) -> None:
    data = json.loads(L1.read_text("utf-8"))
    hostile = '</script><img src=x onerror=alert(1)>.example.com\n'
    for path in ("/etc/hostname", "/proc/sys/kernel/hostname"):
        data["files"][path].update(content=hostile, size=len(hostile))
    bundle = tmp_path / "hostile.json"
    bundle.write_text(json.dumps(data))
    out = tmp_path / "report"
    _fleet(str(bundle), str(L0), "-o", str(out), "-j", "1", "-q")
    page = (out / "fleet.html").read_text("utf-8")
    assert page.count("</script>") == 2  # the data's and the script's own: nothing closes early
    assert "<img" not in page
    for external in ("src=\"http", "href=\"http", "<link", "@import", "url("):
        assert external not in page
    start = page.index('id="fleet-data">') + len('id="fleet-data">')
    embedded = json.loads(page[start:page.index("</script>", start)])
    assert sorted(h[0] for h in embedded["hosts"]) == sorted(h["host"] for h in _read(out)["hosts"])
    assert hostile.strip() in [h[0] for h in embedded["hosts"]]


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = subprocess.run(
        [sys.executable, "-m", "nestaudit", "fleet", str(L0), "-o", str(out)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"nestaudit: error: {out}: the folder is not empty; give a new or empty one"
    ]
    assert os.listdir(out) == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".nestaudit")]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _fleet(str(L0), "-o", str(empty), "-q") == 1
    assert sorted(os.listdir(empty)) == ["fleet.csv", "fleet.html", "fleet.json"]


def test_fail_on_and_allow_unknown_as_check(tmp_path: Path) -> None:
    clean = SAMPLES / "intel-l0-rhel10-nested-on.json"
    codes: list[int] = []
    for extra in ([], ["--fail-on", "critical"], ["--allow-unknown"]):
        out = tmp_path / f"r{len(codes)}"
        codes.append(_fleet(str(clean), "-o", str(out), "-q", *extra))
        check = subprocess.run(
            [sys.executable, "-m", "nestaudit", "check", str(clean), "--format", "json", *extra],
            capture_output=True, timeout=120, cwd=REPO,
        )
        assert codes[-1] == check.returncode
    assert _read(tmp_path / "r1")["fleet"]["fail_on"] == "critical"


def test_waivers_apply_as_check_applies_them(tmp_path: Path) -> None:
    """Each fail of the AMD host waived, one waiver stale: fleet.json's hosts and waivers
    section equal `check`'s of the same inputs and file, and the exit code is check's."""
    amd_off = SAMPLES / "amd-nested-off-running.json"
    subjects = ["rule: nested-enabled", "rule: nested-persistent", "rule: kvm-usable",
                "limitation: NV-OS-MATRIX\n    host: l0-amd-legacy.lab.example.com",
                "rule: reload-needs-stopped-vms"]
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n" + "".join(
        f"  - {s}\n    reason: accepted for the test\n    expires: 2026-12-31\n" for s in subjects
    ))
    inputs = [str(amd_off), str(SAMPLES / "amd-l0-rhel10-nested-on-running.json")]
    options = ["--waivers", str(waivers), "--as-of", "2026-06-01"]
    checked = subprocess.run(
        [sys.executable, "-m", "nestaudit", "check", *inputs, "--format", "json", *options],
        capture_output=True, text=True, check=False, timeout=120,
    )
    out = tmp_path / "report"
    code = _fleet(*inputs, "-o", str(out), "-j", "1", "-q", *options)
    assert code == checked.returncode
    fleet, check = _read(out), json.loads(checked.stdout)
    assert fleet["hosts"] == check["hosts"]
    assert fleet["waivers"] == check["waivers"]
    assert fleet["waivers"]["applied"] >= 4
    assert [s.get("rule") for s in fleet["waivers"]["stale"]] == ["kvm-usable"]
    jsonschema.validate(fleet, SCHEMA)
    waived = [f for h in fleet["hosts"] for f in h["findings"] if f["outcome"] == "waived"]
    assert all(f["waiver"]["reason"] == "accepted for the test" for f in waived)


def test_an_input_reached_twice_is_judged_once(tmp_path: Path) -> None:
    from nestaudit.fleet.discover import FOUND, NAMED, Item, discover

    fleet = tmp_path / "fleet"
    (fleet / "rack1").mkdir(parents=True)
    shutil.copy(L0, fleet / "rack1" / "l0.json")
    shutil.copy(L1, fleet / "l1.json")
    (fleet / "again.json").symlink_to(fleet / "rack1" / "l0.json")  # the same file
    (tmp_path / "elsewhere").symlink_to(fleet)  # the same folder by another path
    items, problems = discover([str(fleet), str(tmp_path / "elsewhere" / "rack1"),
                                str(fleet / "l1.json")])
    assert problems == []
    assert items == [Item(str(fleet / "again.json"), FOUND), Item(str(fleet / "l1.json"), FOUND)]
    assert discover([str(fleet / "l1.json"), str(fleet)])[0] == [
        Item(str(fleet / "l1.json"), NAMED), Item(str(fleet / "again.json"), FOUND)]
    # the same file through a linked folder's parent, and a listed path with ".." in it
    listed = tmp_path / "list"
    listed.write_text(f"{tmp_path / 'elsewhere' / '..' / 'fleet' / 'l1.json'}\n")
    assert discover([str(tmp_path / "elsewhere"), f"@{listed}"])[0] == [
        Item(str(tmp_path / "elsewhere" / "again.json"), FOUND),
        Item(str(tmp_path / "elsewhere" / "l1.json"), FOUND)]
