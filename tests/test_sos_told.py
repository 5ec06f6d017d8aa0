"""Sosreports told straight (issue 11): when sos ran and which sos, what the sosreport
lacks and how to add it, the persistent nested value from the files sos copied, and `show`.

Real data: tests/corpus/sos/debian-sos-4.0 is a real sos 4.0 run's manifest, version.txt and
date outputs; tests/corpus/sos/hotsos-openstack-sos-4.2 hotsos' sos 4.2 version.txt.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from nestaudit import cli
from nestaudit.bundle import from_data
from nestaudit.facts import build_facts
from nestaudit.judge import assess
from nestaudit.render import OutputFormat, render
from nestaudit.report import to_json
from nestaudit.resources import PACKAGE
from nestaudit.sources.sos import bundle_from_sos
from nestaudit.sources.sos.runinfo import parse_date_output, run_info, sos_version
from nestaudit.values import UNKNOWN

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "sos"
FIXTURES = REPO / "tests" / "fixtures" / "sos"
REAL = CORPUS / "debian-sos-4.0"


def _sos_l0(tmp_path: Path, version: str, kvm_conf: str | None) -> Path:
    """The Intel L0 sosreport fixture as an older sos would have made it: `version` in the
    manifest, no /usr/lib/modprobe.d, and /etc/modprobe.d/kvm.conf holding `kvm_conf`."""
    root = tmp_path / "sosreport-l0"
    shutil.copytree(FIXTURES / "intel-l0-rhel10-nested-on", root)
    manifest = root / "sos_reports" / "manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["version"] = version
    manifest.write_text(json.dumps(data), "utf-8")
    shutil.rmtree(root / "usr" / "lib" / "modprobe.d")
    conf = root / "etc" / "modprobe.d" / "kvm.conf"
    if kvm_conf is None:
        conf.unlink()
    else:
        conf.write_text(kvm_conf, "utf-8")
    return root


def _with_real_run(tmp_path: Path, date: str | None = None, utc: str | None = None) -> Path:
    """A sosreport folder holding the real sos 4.0 run's files (date outputs replaced
    when given)."""
    root = tmp_path / "sosreport-real"
    shutil.copytree(REAL, root, ignore=shutil.ignore_patterns("MANIFEST.json", "README.md"))
    if date is not None:
        (root / "sos_commands" / "date" / "date").write_text(date + "\n", "utf-8")
    if utc is not None:
        (root / "sos_commands" / "date" / "date_--utc").write_text(utc + "\n", "utf-8")
    return root


# ------------------------------------------------------------------- when, and which sos


def test_real_manifest_gives_version_and_utc_time(tmp_path: Path) -> None:
    info = run_info(_with_real_run(tmp_path))
    assert info == {"version": "4.0", "started_local": "2026-12-02T16:25:48",
                    "collected_at": "2026-12-02T16:25:48Z"}


def test_local_time_is_turned_into_utc_by_the_date_plugin(tmp_path: Path) -> None:
    root = _with_real_run(tmp_path, date="Wed Dec  2 17:25:50 CET 2026",
                          utc="Wed Dec  2 16:25:51 UTC 2026")
    info = run_info(root)
    # sos wrote 16:25:48 local; the host runs an hour ahead of UTC
    assert info["collected_at"] == "2026-12-02T15:25:48Z"


def test_without_the_date_plugin_the_time_stays_local(tmp_path: Path) -> None:
    root = _with_real_run(tmp_path)
    shutil.rmtree(root / "sos_commands" / "date")
    assert run_info(root)["collected_at"] is None
    assert run_info(root)["started_local"] == "2026-12-02T16:25:48"


def test_date_output_parsing() -> None:
    assert str(parse_date_output("Wed Dec  2 16:25:50 UTC 2026")) == "2026-12-02 16:25:50"
    assert parse_date_output("mercredi 2 décembre 2026") is None
    assert parse_date_output("") is None


def test_version_txt_without_manifest() -> None:
    assert sos_version(CORPUS / "hotsos-openstack-sos-4.2", None) == "4.2"


def test_bundle_time_is_sos_time_never_the_read_time(tmp_path: Path) -> None:
    root = _with_real_run(tmp_path)
    (root / "proc").mkdir()
    (root / "proc" / "cpuinfo").write_text("processor\t: 0\nvendor_id\t: GenuineIntel\n")
    data = bundle_from_sos(root)
    assert data["collected_at"] == "2026-12-02T16:25:48Z"
    assert data["source"]["sos"]["version"] == "4.0"
    assert data["source"]["sos"]["plugins"] == ["date", "kernel", "processor"]


def _report(path: Path) -> dict[str, Any]:
    bundle = from_data(bundle_from_sos(path), str(path))
    return to_json(assess([bundle]))


def test_no_manifest_means_time_not_known_in_every_format() -> None:
    path = FIXTURES / "l1-rhel-under-vmware"  # sos 3.9: version.txt only
    bundle = from_data(bundle_from_sos(path), str(path))
    assessment = assess([bundle])
    data = to_json(assessment)
    host = data["hosts"][0]["bundle"]
    assert host["collected_at"] is None and host["sos_version"] == "3.9"
    assert data["generated_from"][0]["collected_at"] is None
    read_time = bundle.collected_at
    for fmt in (OutputFormat.TEXT, OutputFormat.MD, OutputFormat.HTML):
        text = render(assessment, fmt).decode("utf-8")
        assert "not known" in text, fmt
        assert read_time not in text, f"{fmt} shows the time nestaudit read the sosreport"
    junit = render(assessment, OutputFormat.JUNIT).decode("utf-8")
    assert "timestamp=" not in junit and read_time not in junit


# ------------------------------------------------------------------- what it lacks


def test_lacks_section_in_every_format_names_the_sos_fix() -> None:
    path = FIXTURES / "l1-rhel-under-vmware"
    bundle = from_data(bundle_from_sos(path), str(path))
    assessment = assess([bundle])
    data = to_json(assessment)
    schema = json.loads((PACKAGE / "schemas" / "report.schema.json").read_text("utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    lacking = {lack["what"]: lack for lack in data["hosts"][0]["bundle"]["lacking"]}
    later = lacking["modprobe files in /run, /usr/local/lib and /lib"]
    assert later["items"] == ["/lib/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d"]
    assert "sos 4.5 or later" in later["add"] and "sos 3.9" in later["add"]
    assert "no sos plugin" in lacking["modprobe files in /usr/lib/modprobe.d"]["add"]
    assert "virsh plugin" in lacking["virsh's listing and capabilities"]["add"]
    for fmt, title in ((OutputFormat.TEXT, "What this sosreport lacks"),
                       (OutputFormat.MD, "### What this sosreport lacks"),
                       (OutputFormat.HTML, "<h2>What this sosreport lacks</h2>"),
                       (OutputFormat.JUNIT, 'name="sos.lacks.0"')):
        text = render(assessment, fmt).decode("utf-8")
        assert title in text, fmt
        assert "sos 4.5 or later copies them" in text, fmt


def test_a_plugin_that_did_not_run_is_named_with_its_option(tmp_path: Path) -> None:
    root = _with_real_run(tmp_path)  # ran only date, kernel and processor
    (root / "proc").mkdir()
    (root / "proc" / "cpuinfo").write_text("processor\t: 0\nvendor_id\t: GenuineIntel\n")
    lacking = {x["what"]: x for x in _report(root)["hosts"][0]["bundle"]["lacking"]}
    assert lacking["the /dev/kvm device"]["add"].startswith(
        "sos's block plugin collects them and did not run: add `-e block`")
    assert "-e libvirt" in lacking["libvirt's domain XMLs"]["add"]


def test_json_report_round_trips_the_sos_fields() -> None:
    from nestaudit.report import from_json

    path = FIXTURES / "l1-rhel-under-vmware"
    assessment = assess([from_data(bundle_from_sos(path), str(path))])
    again = from_json(json.loads(json.dumps(to_json(assessment))))
    assert again.hosts[0].bundle == assessment.hosts[0].bundle


# ------------------------------------------------------------------- the persistent value


def _persistent(root: Path) -> tuple[Any, Any]:
    facts = build_facts(from_data(bundle_from_sos(root), str(root))).values()
    return facts["kvm.nested_persistent"], facts["kvm.nested_persistent_source"]


@pytest.mark.parametrize(("line", "value"), [("options kvm_intel nested=0\n", False),
                                             ("options kvm_intel nested=1\n", True)])
def test_a_copied_file_decides_with_a_caveat(tmp_path: Path, line: str, value: bool) -> None:
    root = _sos_l0(tmp_path, "4.0", line)
    got, source = _persistent(root)
    assert got is value
    assert source.startswith("/etc/modprobe.d/kvm.conf:1 (judged from the files seen; the "
                             "sosreport lacks /run/modprobe.d, /usr/local/lib/modprobe.d, "
                             "/usr/lib/modprobe.d, where a file read later")


def test_the_rule_fails_on_a_copied_nested_0_and_says_what_it_lacks(tmp_path: Path) -> None:
    root = _sos_l0(tmp_path, "4.0", "options kvm_intel nested=0\n")
    findings = {f["rule"]: f for f in _report(root)["hosts"][0]["findings"]}
    persistent = findings["nested-persistent"]
    assert persistent["outcome"] == "fail"
    assert "the sosreport lacks /run/modprobe.d" in persistent["message"]


def test_unknown_only_where_nothing_seen_assigns_it(tmp_path: Path) -> None:
    root = _sos_l0(tmp_path, "4.0", None)
    got, _ = _persistent(root)
    assert got is UNKNOWN
    findings = {f["rule"]: f for f in _report(root)["hosts"][0]["findings"]}
    persistent = findings["nested-persistent"]
    assert persistent["outcome"] == "unknown"
    excerpts = " ".join(e["excerpt"] for e in persistent["evidence"])
    assert "not in the sosreport" in excerpts


def test_sos_45_copies_the_other_folders(tmp_path: Path) -> None:
    # sos 4.5+ copies /run, /usr/local/lib and /lib: only /usr/lib/modprobe.d is unseen
    root = _sos_l0(tmp_path, "4.5.6", "options kvm_intel nested=1\n")
    got, source = _persistent(root)
    assert got is True
    assert "the sosreport lacks /usr/lib/modprobe.d," in source


# ------------------------------------------------------------------- show


def test_show_reads_a_sosreport(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", str(FIXTURES / "l1-rhel-under-vmware")]) == 0
    out = capsys.readouterr().out
    assert "collected:  not known (the sosreport does not record it) by sos 3.9" in out
    assert "this sosreport lacks:" in out
    assert "sos 4.5 or later copies them" in out


def test_show_reads_a_sosreport_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import tarfile

    root = _with_real_run(tmp_path)
    (root / "proc").mkdir()
    (root / "proc" / "cpuinfo").write_text("processor\t: 0\nvendor_id\t: GenuineIntel\n")
    archive = tmp_path / "sosreport-real.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(root, arcname="sosreport-real")
    assert cli.main(["show", str(archive)]) == 0
    assert "collected:  2026-12-02T16:25:48Z by sos 4.0" in capsys.readouterr().out
