"""Waivers (nestaudit/waivers/): loading, matching, expiry, stale entries, exit codes, the JSON
report and every format, bad files; on the sample bundles."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from judging import assessment_of
from nestaudit.bundle import load
from nestaudit.errors import EXIT_FINDINGS, EXIT_OK, InputError
from nestaudit.judge.assessment import Assessment
from nestaudit.render import OutputFormat, render
from nestaudit.report import exit_code, from_json, to_json
from nestaudit.resources import PACKAGE
from nestaudit.vocabulary import Outcome, Severity
from nestaudit.waivers import apply_waivers, load_waivers

REPO = Path(__file__).resolve().parent.parent
BUNDLES = REPO / "samples" / "bundles"
EXAMPLE = REPO / "docs" / "examples" / "waivers.yaml"
# Four host-scoped fails: nested-enabled (critical), nested-persistent (high),
# host-os-in-tables and reload-needs-stopped-vms (medium).
AMD_OFF = BUNDLES / "amd-nested-off-running.json"
AMD_HOST = "l0-amd-legacy.lab.example.com"
# One domain-scoped fail: domain-cpu-exposes-virt on regular-guest.
AMD_ON = BUNDLES / "amd-l0-rhel10-nested-on-running.json"
# host-os-in-tables is unknown (medium): a container shows no OS to place.
CONTAINER = BUNDLES / "container-on-vm.json"
DAY = datetime.date(2026, 6, 1)


def judged(bundle: Path) -> Assessment:
    return assessment_of([load(str(bundle))])


def write(tmp_path: Path, text: str, name: str = "waivers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def entry(subject: str, expires: str = "2026-12-31", **more: str) -> str:
    lines = [f"  - {subject}", "    reason: accepted for the test", f"    expires: {expires}"]
    lines += [f"    {key}: {json.dumps(value)}" for key, value in more.items()]
    return "\n".join(lines) + "\n"


def waived(tmp_path: Path, bundle: Path, *entries: str, day: datetime.date = DAY) -> Assessment:
    path = write(tmp_path, "waivers:\n" + "".join(entries))
    return apply_waivers(judged(bundle), load_waivers(str(path), day))


def outcomes(a: Assessment) -> dict[tuple[str, str], Outcome]:
    return {(f.rule, f.target): f.outcome for _, f in a.findings}


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


# ---------------------------------------------------------------- loading


def test_the_example_file_loads_with_defaults_and_lines() -> None:
    waivers = load_waivers(str(EXAMPLE), DAY)
    assert waivers.name == "waivers.yaml" and waivers.as_of == DAY
    first, second, third = waivers.waivers
    assert (first.limitation, first.rule, first.host) == (
        "NV-NESTED-ENABLED", None, "l0-amd-*.lab.example.com"
    )
    assert first.expires == "2026-12-31"  # unquoted in YAML, a date: kept as its text
    assert (first.owner, first.ticket) == ("virt-team", "CHG-1001")
    assert (second.rule, second.host, second.target, second.ticket) == (
        "host-os-in-tables", "*", "*", None
    )
    assert third.target == "regular-*"
    assert [w.line for w in waivers.waivers] == [7, 15, 21]


def test_the_schema_ships_in_the_package_and_accepts_the_example() -> None:
    import yaml

    schema = json.loads((PACKAGE / "schemas" / "waivers.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    for item in data["waivers"]:
        item["expires"] = item["expires"].isoformat()
    assert not list(Draft202012Validator(schema).iter_errors(data))


# ---------------------------------------------------------------- matching


def test_a_limitation_and_a_rule_waive_their_fails_and_leave_the_verdict(tmp_path: Path) -> None:
    before = judged(AMD_OFF)
    after = waived(
        tmp_path, AMD_OFF, entry("limitation: NV-NESTED-ENABLED"), entry("rule: nested-persistent")
    )
    got = outcomes(after)
    assert got[("nested-enabled", AMD_HOST)] is Outcome.WAIVED
    assert got[("nested-persistent", AMD_HOST)] is Outcome.WAIVED
    assert got[("host-os-in-tables", AMD_HOST)] is Outcome.FAIL
    assert got[("reload-needs-stopped-vms", AMD_HOST)] is Outcome.FAIL
    host, was = after.hosts[0], before.hosts[0]
    assert host.verdict == was.verdict  # waivers never change readiness or support class
    assert after.chains == before.chains
    assert host.counts.of_outcome(Outcome.WAIVED) == 2
    assert host.counts.of_outcome(Outcome.FAIL) == was.counts.of_outcome(Outcome.FAIL) - 2
    note = next(f.waiver for f in host.findings if f.rule == "nested-enabled")
    assert note is not None and note.original_outcome is Outcome.FAIL and not note.expired
    assert after.waivers is not None and after.waivers.applied == 2 and not after.waivers.stale


def test_host_globs_match_without_regard_to_case(tmp_path: Path) -> None:
    after = waived(
        tmp_path, AMD_OFF,
        entry("rule: nested-enabled", host="L0-AMD-*.lab.example.com"),
        entry("rule: nested-persistent", host="l0-intel-*"),
    )
    got = outcomes(after)
    assert got[("nested-enabled", AMD_HOST)] is Outcome.WAIVED
    assert got[("nested-persistent", AMD_HOST)] is Outcome.FAIL
    assert after.waivers is not None
    [stale] = after.waivers.stale
    assert stale.waiver.host == "l0-intel-*" and stale.why == "matches no host of this report"


def test_target_globs_pick_domains(tmp_path: Path) -> None:
    after = waived(
        tmp_path, AMD_ON,
        entry("rule: domain-cpu-exposes-virt", target="regular-*"),
        entry("rule: domain-cpu-needs-restart", target="other-*"),
    )
    got = outcomes(after)
    assert got[("domain-cpu-exposes-virt", "regular-guest")] is Outcome.WAIVED
    assert [f.rule for _, f in after.findings if f.outcome is Outcome.WAIVED] == [
        "domain-cpu-exposes-virt"
    ]
    assert exit_code(judged(AMD_ON), Severity.MEDIUM) == EXIT_FINDINGS
    assert exit_code(after, Severity.MEDIUM) == EXIT_OK
    assert after.waivers is not None
    assert [s.waiver.target for s in after.waivers.stale] == ["other-*"]


def test_an_unknown_is_waived_keeping_its_original_outcome(tmp_path: Path) -> None:
    after = waived(tmp_path, CONTAINER, entry("rule: host-os-in-tables"))
    [f] = [f for _, f in after.findings if f.rule == "host-os-in-tables"]
    assert f.outcome is Outcome.WAIVED
    assert f.waiver is not None and f.waiver.original_outcome is Outcome.UNKNOWN


def test_passes_are_never_waived_and_such_a_waiver_is_stale(tmp_path: Path) -> None:
    after = waived(
        tmp_path, AMD_OFF,
        entry("rule: kvm-usable"), entry("rule: no-such-rule"), entry("limitation: NV-NOTHING"),
    )
    assert outcomes(after) == outcomes(judged(AMD_OFF))
    assert after.waivers is not None
    assert [(s.waiver.line, s.why) for s in after.waivers.stale] == [
        (2, "matches no fail or unknown finding: what it accepted is fixed, or never failed here"),
        (5, "no rule of the rule set has this id"),
        (8, "no rule of the rule set checks this limitation"),
    ]


# ---------------------------------------------------------------- expiry


@pytest.mark.parametrize(
    ("day", "outcome", "expired"),
    [
        (datetime.date(2026, 6, 30), Outcome.WAIVED, False),  # its last day: still applies
        (datetime.date(2026, 7, 1), Outcome.FAIL, True),
    ],
)
def test_expiry_is_judged_on_the_day_given(
    tmp_path: Path, day: datetime.date, outcome: Outcome, expired: bool
) -> None:
    after = waived(tmp_path, AMD_OFF, entry("rule: nested-enabled", "2026-06-30"), day=day)
    [f] = [f for _, f in after.findings if f.rule == "nested-enabled"]
    assert f.outcome is outcome
    assert f.waiver is not None and f.waiver.expired is expired
    assert after.waivers is not None and after.waivers.as_of == day.isoformat()
    assert after.waivers.expired == int(expired) and not after.waivers.stale


def test_the_first_waiver_still_in_force_applies(tmp_path: Path) -> None:
    after = waived(
        tmp_path, AMD_OFF,
        entry("rule: nested-enabled", "2025-01-31"),
        entry("limitation: NV-NESTED-ENABLED", "2027-01-31", owner="ops"),
    )
    [f] = [f for _, f in after.findings if f.rule == "nested-enabled"]
    assert f.outcome is Outcome.WAIVED
    assert f.waiver is not None and (f.waiver.expires, f.waiver.owner) == ("2027-01-31", "ops")
    assert after.waivers is not None and not after.waivers.stale  # the expired one matched


# ---------------------------------------------------------------- the report


def test_the_json_report_validates_and_reads_back(tmp_path: Path) -> None:
    after = waived(
        tmp_path, AMD_OFF,
        entry("rule: nested-enabled", owner="virt-team", ticket="CHG-7"),
        entry("rule: nested-persistent", "2026-01-01"),
        entry("rule: kvm-usable"),
    )
    report = json.loads(json.dumps(to_json(after)))
    schema = json.loads((PACKAGE / "schemas" / "report.schema.json").read_text("utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(report))
    findings = {f["rule"]: f for f in report["hosts"][0]["findings"]}
    assert findings["nested-enabled"]["outcome"] == "waived"
    assert findings["nested-enabled"]["waiver"] == {
        "reason": "accepted for the test", "owner": "virt-team", "expires": "2026-12-31",
        "ticket": "CHG-7", "original_outcome": "fail",
    }
    assert findings["nested-persistent"]["outcome"] == "fail"
    assert findings["nested-persistent"]["expired_waiver"]["expires"] == "2026-01-01"
    section = report["waivers"]
    assert (section["file"], section["as_of"], section["applied"], section["expired"]) == (
        "waivers.yaml", "2026-06-01", 1, 1
    )
    assert [s["rule"] for s in section["stale"]] == ["kvm-usable"]
    assert "never a verdict" in section["note"]
    assert from_json(report) == after


def test_a_report_without_waivers_has_no_waivers_section() -> None:
    assert "waivers" not in to_json(judged(AMD_OFF))


@pytest.mark.parametrize(
    "fmt", [OutputFormat.TEXT, OutputFormat.MD, OutputFormat.HTML, OutputFormat.JUNIT,
            OutputFormat.PDF]
)
def test_every_format_shows_reason_and_expiry(tmp_path: Path, fmt: OutputFormat) -> None:
    after = waived(
        tmp_path, AMD_OFF,
        entry("rule: nested-enabled", "2026-12-31", owner="virt-team"),
        entry("rule: nested-persistent", "2026-01-15"),
    )
    data = render(after, fmt)
    if fmt is OutputFormat.PDF:
        import io

        import pypdf

        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    else:
        text = " ".join(data.decode("utf-8").split())
    assert "Waived until 2026-12-31 (was Fail): accepted for the test. Owner: virt-team." in text
    assert "expired on 2026-01-15 and no longer applies" in text
    assert "judged on 2026-06-01" in text
    if fmt is OutputFormat.JUNIT:
        assert '<skipped message="waived: ' in data.decode("utf-8")


# ---------------------------------------------------------------- the command line


def test_check_exits_0_once_every_fail_is_waived(tmp_path: Path) -> None:
    assert run("check", str(AMD_OFF)).returncode == EXIT_FINDINGS
    path = write(tmp_path, "waivers:\n" + entry("rule: nested-enabled") + entry(
        "rule: nested-persistent") + entry("limitation: NV-OS-MATRIX", host=AMD_HOST) + entry(
        "rule: reload-needs-stopped-vms"))
    result = run("check", str(AMD_OFF), "--waivers", str(path), "--as-of", "2026-06-01")
    assert result.returncode == EXIT_OK, result.stderr
    assert "4 waived" in result.stdout and result.stderr == ""
    # the same file on a later day: every waiver has expired and the fails count again
    later = run("check", str(AMD_OFF), "--waivers", str(path), "--as-of", "2027-01-01")
    assert later.returncode == EXIT_FINDINGS
    assert "4 finding(s) count again" in later.stderr


def test_stale_waivers_are_warned_on_standard_error(tmp_path: Path) -> None:
    path = write(tmp_path, "waivers:\n" + entry("rule: kvm-usable"))
    result = run("check", str(AMD_OFF), "--format", "json", "--waivers", str(path),
                 "--as-of", "2026-06-01")
    assert result.returncode == EXIT_FINDINGS
    assert result.stderr == (
        "nestaudit: warning: waivers.yaml: line 2: stale waiver (rule kvm-usable): matches no "
        "fail or unknown finding: what it accepted is fixed, or never failed here\n"
    )
    assert json.loads(result.stdout)["waivers"]["stale"][0]["line"] == 2


def test_a_redacted_report_matches_host_names_by_their_pseudonym(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "waivers:\n" + entry("rule: nested-enabled", host=AMD_HOST)
        + entry("rule: nested-persistent", host="l0-amd-legacy.other.example.com"),
    )
    result = run(
        "check", str(AMD_OFF), "--format", "json", "--redact", "--mapping",
        str(tmp_path / "key.json"), "--waivers", str(path), "--as-of", "2026-06-01",
    )
    report = json.loads(result.stdout)
    outcomes = {f["rule"]: f["outcome"] for f in report["hosts"][0]["findings"]}
    assert outcomes["nested-enabled"] == "waived"
    assert outcomes["nested-persistent"] == "fail"
    assert "l0-amd-legacy" not in result.stdout  # the stale waiver's host is a pseudonym too


def test_audit_records_the_waivers_in_its_report(tmp_path: Path) -> None:
    path = write(tmp_path, "waivers:\n" + entry("rule: nested-enabled"))
    out = tmp_path / "out"
    result = run("audit", str(AMD_OFF), "-o", str(out), "-q", "--waivers", str(path),
                 "--as-of", "2026-06-01")
    assert result.returncode == EXIT_FINDINGS  # three fails are left
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["waivers"]["applied"] == 1 and "1 waived" in result.stdout


def test_ticket_takes_waivers(tmp_path: Path) -> None:
    import tarfile

    path = write(tmp_path, "waivers:\n" + entry("rule: nested-enabled", host=AMD_HOST))
    package = tmp_path / "t.tar.gz"
    result = run("ticket", str(AMD_OFF), "-o", str(package), "--mapping",
                 str(tmp_path / "key.json"), "--waivers", str(path), "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    with tarfile.open(package) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("report.json"))
        handle = tar.extractfile(member)
        assert handle is not None
        report: dict[str, Any] = json.loads(handle.read())
    assert report["waivers"]["applied"] == 1


def test_fix_leaves_out_waived_findings(tmp_path: Path) -> None:
    plain, waived_ = tmp_path / "plain.sh", tmp_path / "waived.sh"
    assert run("fix", str(AMD_OFF), "-o", str(plain)).returncode == 0
    path = write(tmp_path, "waivers:\n" + entry("rule: nested-persistent"))
    result = run("fix", str(AMD_OFF), "-o", str(waived_), "--waivers", str(path),
                 "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    header = "# rule nested-persistent (NV-NESTED-PERSISTENT)"
    assert header in plain.read_text("utf-8")
    script = waived_.read_text("utf-8")
    assert header not in script and "# rule nested-enabled (NV-NESTED-ENABLED)" in script
    assert "# 3 failing finding(s)" in script


# ---------------------------------------------------------------- bad files

BAD = {
    "malformed": ("waivers:\n  - rule: [x\n", "line 3: malformed YAML"),
    "alias": (
        "waivers:\n  - &w\n    rule: nested-enabled\n    reason: r\n    expires: 2026-01-01\n"
        "  - *w\n",
        "line 2: refused YAML: anchor &w: anchors and aliases are not accepted",
    ),
    "both": (
        "waivers:\n  - rule: nested-enabled\n    limitation: NV-NESTED-ENABLED\n"
        "    reason: r\n    expires: 2026-01-01\n",
        "line 2: waivers[0]: a waiver names a limitation or a rule (exactly one of them)",
    ),
    "neither": (
        "waivers:\n  - host: a\n    reason: r\n    expires: 2026-01-01\n",
        "line 2: waivers[0]: a waiver names a limitation or a rule",
    ),
    "no reason": (
        "waivers:\n  - rule: nested-enabled\n    expires: 2026-01-01\n",
        "line 2: waivers[0]: 'reason' is a required property",
    ),
    "bad date": (
        "waivers:\n  - rule: nested-enabled\n    reason: r\n    expires: 2026-02-30\n",
        "line 4: '2026-02-30' is not a day of the calendar",
    ),
    "not a date": (
        "waivers:\n  - rule: nested-enabled\n    reason: r\n    expires: next year\n",
        "line 4: waivers[0].expires: 'next year' is not a date as YYYY-MM-DD",
    ),
    "unknown key": (
        "waivers:\n  - rule: nested-enabled\n    reason: r\n    expires: 2026-01-01\n"
        "    hots: x\n",
        "line 2: waivers[0]: Additional properties are not allowed ('hots' was unexpected)",
    ),
    "empty": ("", "line 1: empty"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_one_line_naming_file_and_line(tmp_path: Path, case: str) -> None:
    text, expected = BAD[case]
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_waivers(str(path), DAY)
    assert str(caught.value) == f"{path}: {expected}" or str(caught.value).startswith(
        f"{path}: {expected}"
    )


def test_a_bad_file_exits_2_before_anything_is_written(tmp_path: Path) -> None:
    path = write(tmp_path, BAD["bad date"][0])
    out = tmp_path / "r.html"
    result = run("report", str(AMD_OFF), "-o", str(out), "--waivers", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"nestaudit: error: {path}: line 4: '2026-02-30' is not a day of the calendar\n"
    )
    assert not out.exists()


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "waivers: []\n" + "#" * (1 << 20))
    with pytest.raises(InputError, match="a waivers file is at most 1024 KiB"):
        load_waivers(str(path), DAY)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--waivers", "missing.yaml"], "missing.yaml: no such waivers file"),
        (["--as-of", "2026-06-01"], "--as-of judges the expiry of waivers: give --waivers"),
        (["--waivers", str(EXAMPLE), "--as-of", "2026-13-01"], "'2026-13-01' is not a day"),
    ],
)
def test_bad_options_exit_2_in_one_line(args: list[str], needle: str) -> None:
    result = run("check", str(AMD_OFF), *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and needle in result.stderr
