"""The command line as issue 11 asks: help on every option, `check -q`, `report`'s exit
code, topology files checked against the inputs, `ticket --topology/--rules`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from nestaudit import cli
from nestaudit.arguments import VERBS, build_parser

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "bundles"
NOT_PERSISTENT = str(SAMPLES / "intel-nested-on-not-persistent.json")
L0 = str(SAMPLES / "intel-l0-rhel10-nested-on.json")


def _walk(parser: argparse.ArgumentParser, path: str) -> list[tuple[str, argparse.Action]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_walk(sub, f"{path} {name}"))
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            found.append((path, action))
    return found


def test_every_option_of_every_verb_has_help() -> None:
    actions = _walk(build_parser(), "nestaudit")
    verbs = {path.split()[1] for path, _ in actions if len(path.split()) > 1}
    assert verbs == set(VERBS)
    missing = [f"{path} {'/'.join(a.option_strings) or a.dest}"
               for path, a in actions if not (a.help or "").strip()]
    assert missing == []


def test_check_quiet_prints_the_verdict_and_what_sets_the_exit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["check", "-q", NOT_PERSISTENT]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "l0-intel-ws01.lab.example.com: Technology Preview, Ready"
    rules = sorted(line.split()[2] for line in lines[1:])
    assert rules == ["nested-option-overridden", "nested-persistent",
                     "nested-runtime-differs-from-persistent"]
    assert all(line.startswith("  FAIL ") for line in lines[1:])


def test_check_quiet_follows_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "-q", "--fail-on", "high", NOT_PERSISTENT]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in lines[1:]] == [["FAIL", "high", "nested-persistent"]]
    assert cli.main(["check", "-q", "--fail-on", "critical", NOT_PERSISTENT]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # the verdict line only


def test_check_quiet_is_text_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "-q", "--format", "json", NOT_PERSISTENT]) == 2
    assert "check -q prints text only" in capsys.readouterr().err


def test_report_exits_like_check(tmp_path: Path) -> None:
    out = str(tmp_path / "r.json")
    assert cli.main(["check", NOT_PERSISTENT, "--format", "json", "-o", out]) == 1
    assert cli.main(["report", NOT_PERSISTENT, "-o", out]) == 1
    assert cli.main(["report", NOT_PERSISTENT, "-o", out, "--fail-on", "critical"]) == 0
    assert Path(out).stat().st_size > 0  # written whatever the exit code


def _topology(tmp_path: Path, text: str) -> str:
    path = tmp_path / "topo.yaml"
    path.write_text(text, "utf-8")
    return str(path)


@pytest.mark.parametrize(("text", "named"), [
    ("domains:\n  - domain: win2k22-l\n    use: wsl2\n", "domain 'win2k22-l'"),
    ("domains:\n  - host: nosuchhost\n    domain: win2k22-l1\n", "host 'nosuchhost'"),
    ("hosts:\n  - host: l1.example.com\n    l0: {os: {family: rhel, version: '10.0'}}\n",
     "host 'l1.example.com'"),
])
def test_a_name_no_input_shows_is_an_error(tmp_path: Path, text: str, named: str) -> None:
    topo = _topology(tmp_path, text)
    run = subprocess.run(
        [sys.executable, "-m", "nestaudit", "check", L0, "--topology", topo],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"nestaudit: error: {topo}: {named}")
    assert "is in no input" in lines[0] and "Traceback" not in run.stderr


def test_a_known_domain_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topo = _topology(tmp_path, "domains:\n  - domain: win2k22-l1\n    use: wsl2\n")
    assert cli.main(["check", "-q", L0, "--topology", topo]) in (0, 1)
    assert "error" not in capsys.readouterr().err


def test_ticket_takes_topology_and_rules(tmp_path: Path) -> None:
    import json
    import tarfile

    key = str(tmp_path / "key.json")
    # the host's real name: the ticket redacts it, and the topology's with it
    good = _topology(tmp_path, "domains:\n  - host: l0-intel-rhel10.lab.example.com\n"
                               "    domain: win2k22-l1\n    use: wsl2\n")
    out = str(tmp_path / "t.tar.gz")
    rules = str(REPO / "tests" / "rules_fixtures" / "good")
    argv = ["ticket", L0, "-o", out, "--mapping", key, "--topology", good, "--rules", rules]
    assert cli.main(argv) == 0
    with tarfile.open(out) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/report.json"))
        handle = tar.extractfile(member)
        assert handle is not None
        report = json.load(handle)
    rule_ids = {f["rule"] for h in report["hosts"] for f in h["findings"]}
    assert {"intel-nested-enabled", "os-recent-enough"} <= rule_ids  # the extra rules ran
    bad = tmp_path / "bad.yaml"
    bad.write_text("domains:\n  - domain: no-such-vm\n", "utf-8")
    out2 = str(tmp_path / "t2.tar.gz")
    assert cli.main(["ticket", L0, "-o", out2, "--mapping", key, "--topology", str(bad)]) == 2
    assert not Path(out2).exists()


def test_check_redact_keeps_the_topology_matching(tmp_path: Path) -> None:
    topo = _topology(tmp_path, "domains:\n  - host: l0-intel-rhel10.lab.example.com\n"
                               "    domain: win2k22-l1\n    use: wsl2\n")
    key = str(tmp_path / "key.json")
    code = cli.main(["check", "-q", L0, "--topology", topo, "--redact", "--mapping", key])
    assert code in (0, 1)
