"""The command line as a user meets it: help, exit codes, one-line errors, no lost files."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nestaudit import __version__
from nestaudit.bundle import load

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
INTEL = SAMPLES / "bundles" / "intel-l0-rhel10-nested-on.json"
CLEAN = SAMPLES / "bundles" / "intel-nested-off-persistent-on.json"
VERBS = [
    "collect", "build-collector", "show", "facts", "check", "report", "audit", "fleet", "rules",
    "redact", "ticket", "diff", "fix",
]


def run(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"nestaudit {__version__}"


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb: str) -> None:
    result = run(verb, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: nestaudit " + verb)


def test_top_level_help_teaches() -> None:
    result = run("--help")
    assert result.returncode == 0
    for verb in VERBS:
        assert verb in result.stdout
    assert "exit codes" in result.stdout and "examples" in result.stdout


def test_no_verb_is_a_usage_error() -> None:
    assert run().returncode == 2


def test_unknown_option_is_one_line() -> None:
    assert_one_line_error(run("check", "--no-such-option"), "unrecognized arguments")


# ---------------------------------------------------------------- collect


def test_collect_to_stdout_is_a_valid_bundle() -> None:
    root = SAMPLES / "roots" / "amd-l0-rhel10-nested-on-running"
    result = run("collect", "--root", str(root), "-o", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "nestaudit-bundle"
    assert data["files"]["/sys/module/kvm_amd/parameters/nested"]["content"].strip() == "1"


def test_collect_default_name_in_current_folder(tmp_path: Path) -> None:
    root = SAMPLES / "roots" / "centos-l0"
    result = run("collect", "--root", str(root), cwd=tmp_path, env={"PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    name = result.stdout.strip()
    assert name.startswith("nestaudit-l0-centos9.lab.example.com-") and name.endswith("Z.json")
    assert load(tmp_path / name).data["source"]["type"] == "root"


def test_collect_gz_and_reload(tmp_path: Path) -> None:
    out = tmp_path / "b.json.gz"
    result = run("collect", "--root", str(SAMPLES / "roots" / "aarch64-host"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert gzip.decompress(out.read_bytes()).startswith(b"{")
    assert load(out).data["files"]["/proc/cpuinfo"]["status"] == "ok"


def test_writing_to_dev_null_keeps_the_device() -> None:
    result = run("collect", "--root", str(SAMPLES / "roots" / "centos-l0"), "-q", "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_collect_into_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = run(
        "collect",
        "--root",
        str(SAMPLES / "roots" / "centos-l0"),
        "-o",
        str(tmp_path / "nope" / "b.json"),
    )
    assert_one_line_error(result, "does not exist")


# ---------------------------------------------------------------- bad bundles


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"this is not json\n", "invalid JSON at line 1"),
        (b"[1, 2, 3]\n", "not a nestaudit bundle"),
        (b'{"kind": "something-else"}', "not a nestaudit bundle"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"\x1f\x8b\x08\x00broken gzip", "corrupt gzip"),
    ],
)
@pytest.mark.parametrize("verb", ["show", "check", "facts", "report"])
def test_bad_bundle_is_one_line(tmp_path: Path, verb: str, content: bytes, needle: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    args = [verb, str(bad)]
    if verb == "report":
        args += ["-o", str(tmp_path / "r.html")]
    assert_one_line_error(run(*args), str(bad), needle)
    assert not (tmp_path / "r.html").exists()


def test_newer_schema_version_says_upgrade(tmp_path: Path) -> None:
    data = json.loads(INTEL.read_text())
    data["schema_version"] = 99
    future = tmp_path / "future.json"
    future.write_text(json.dumps(data))
    assert_one_line_error(run("show", str(future)), "schema version 99", "upgrade nestaudit")


def test_invalid_bundle_names_the_field(tmp_path: Path) -> None:
    data = json.loads(INTEL.read_text())
    data["files"]["/proc/cpuinfo"]["status"] = "exploded"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    assert_one_line_error(run("check", str(broken)), "invalid bundle", "/proc/cpuinfo")


def test_missing_input_is_one_line(tmp_path: Path) -> None:
    assert_one_line_error(run("check", str(tmp_path / "nothing.json")), "no such file")


def test_failed_report_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("previous report\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    result = run("report", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert out.read_text() == "previous report\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".nestaudit-")] == []


# ---------------------------------------------------------------- show


def test_show_summarises_a_bundle() -> None:
    result = run("show", str(INTEL))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "host:       l0-intel-rhel10.lab.example.com" in out
    assert "source:     root" in out
    assert "collected:  2026-11-20T09:00:00Z" in out
    assert "rhel9.6-l1 (persistent, running)" in out


# ---------------------------------------------------------------- check


def test_check_exit_codes_follow_fail_on() -> None:
    # intel-nested-off-persistent-on: nested off now (critical), so it fails at any level
    assert run("check", str(CLEAN)).returncode == 1
    # centos-l0: only medium and low failures
    centos = SAMPLES / "bundles" / "centos-l0.json"
    assert run("check", str(centos), "--fail-on", "high").returncode == 0
    assert run("check", str(centos), "--fail-on", "medium").returncode == 1


def test_check_text_puts_the_verdict_first() -> None:
    result = run("check", str(CLEAN), "--color", "never")
    out = result.stdout
    assert out.index("Support:") < out.index("Readiness:") < out.index("FAIL")
    assert "Support:   Technology Preview" in out and "Readiness: Not ready" in out
    assert "\033[" not in out
    colored = run("check", str(CLEAN), "--color", "always")
    assert "\033[" in colored.stdout
    no_color = run("check", str(CLEAN), "--color", "auto", env={"NO_COLOR": "1"})
    assert "\033[" not in no_color.stdout


def test_check_json_is_deterministic_across_processes() -> None:
    a = SAMPLES / "bundles" / "intel-l0-rhel10-nested-on.json"
    b = SAMPLES / "bundles" / "l1-rhel-under-kvm-exposing.json"
    first = run(
        "check", str(a), str(b), "--format", "json", env={"PYTHONHASHSEED": "1", "TZ": "UTC"}
    )
    second = run(
        "check",
        str(b),
        str(a),
        "--format",
        "json",
        env={"PYTHONHASHSEED": "4242", "TZ": "Asia/Kolkata"},
    )
    assert first.stdout and first.stdout == second.stdout


def test_custom_rules_directory_with_id_clash_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "rules:\n"
        "  - id: kvm-usable\n"
        "    limitation: NV-KVM\n"
        "    title: duplicate\n"
        "    scope: host\n"
        "    severity: low\n"
        "    violated: {fact: kvm.dev_kvm, eq: false}\n"
        "    message: {fail: x, pass: y}\n"
    )
    result = run("check", str(CLEAN), "--rules", str(tmp_path))
    assert result.returncode == 2
    assert "duplicate rule id 'kvm-usable'" in result.stderr
    assert "mine.yaml: line 2" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("rules:\n  - id: [unclosed\n", "line"),
        (
            "rules:\n  - id: x-rule\n    limitation: NV-NOPE\n    title: t\n    scope: host\n"
            "    severity: low\n    violated: {fact: kvm.dev_kvm, eq: false}\n"
            "    message: {fail: x, pass: y}\n",
            "NV-NOPE",
        ),
        (
            "rules:\n  - id: x-rule\n    limitation: NV-KVM\n    title: t\n    scope: host\n"
            "    severity: low\n    violated: {fact: kvm.no_such_fact, eq: false}\n"
            "    message: {fail: x, pass: y}\n",
            "kvm.no_such_fact",
        ),
        (
            "rules:\n  - id: x-rule\n    limitation: NV-KVM\n    title: t\n    scope: host\n"
            "    severity: low\n    violated: {fact: kvm.dev_kvm, equals: false}\n"
            "    message: {fail: x, pass: y}\n",
            "unknown operator 'equals'",
        ),
    ],
)
def test_rules_lint_reports_file_and_line(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "bad.yaml").write_text(text)
    result = run("rules", "lint", str(tmp_path))
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert "bad.yaml: line " in first and needle in result.stderr
    assert "Traceback" not in result.stderr


def test_rules_lint_builtin_and_list_and_show() -> None:
    lint = run("rules", "lint")
    assert lint.returncode == 0 and "rules OK" in lint.stdout
    listing = run("rules", "list")
    assert "nested-enabled" in listing.stdout and "NV-NESTED-ENABLED" in listing.stdout
    show = run("rules", "show", "NV-S390-HPAGE")
    assert show.returncode == 0 and "s390-hugepages-and-nesting" in show.stdout
    assert run("rules", "show", "no-such-rule").returncode == 2


def test_check_json_validates_against_the_shipped_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((REPO / "nestaudit" / "schemas" / "report.schema.json").read_text())
    for bundle in sorted((SAMPLES / "bundles").glob("*.json")):
        result = run("check", str(bundle), "--format", "json")
        assert result.returncode in (0, 1), result.stderr
        errors = sorted(
            e.message for e in Draft202012Validator(schema).iter_errors(json.loads(result.stdout))
        )
        assert errors == [], (bundle.name, errors[:3])


def test_check_without_input_collects_this_host() -> None:
    result = run("check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["generated_from"][0]["source"] == "live"
    assert report["hosts"][0]["host"] == os.uname().nodename


def test_a_folder_that_is_no_host_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    assert_one_line_error(run("check", str(tmp_path)), str(tmp_path), "not a bundle")


def test_undecodable_base64_content_is_unknown_not_a_crash(tmp_path: Path) -> None:
    # The schema refuses characters outside base64 (tests/test_faults.py);
    # a length no decoder accepts passes it and must read as unknown.
    data = json.loads(INTEL.read_text())
    data["files"]["/proc/cpuinfo"] = {
        "status": "ok",
        "content": "abcde",
        "encoding": "base64",
        "size": 3,
    }
    broken = tmp_path / "b64.json"
    broken.write_text(json.dumps(data))
    result = run("check", str(broken), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    finding = next(
        f
        for f in json.loads(result.stdout)["hosts"][0]["findings"]
        if f["rule"] == "cpu-virt-extensions"
    )
    assert finding["outcome"] == "unknown"


def test_self_referencing_yaml_alias_in_a_rule_file(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").write_text("rules: &a [*a]\n")
    result = run("rules", "lint", str(tmp_path))
    assert result.returncode == 2
    assert "loop.yaml: line 1: refused YAML: anchor &a" in result.stderr
    assert "Traceback" not in result.stderr
