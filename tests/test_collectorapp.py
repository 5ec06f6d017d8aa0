"""The single-file collector (`nestaudit build-collector`): what it holds, that it runs on a
bare python3 and on Python 3.9, and that its bundle is `nestaudit collect`'s."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from nestaudit import __version__, arguments
from nestaudit.bundle import canonical_sha256, from_data, load
from nestaudit.collect import cli as collect_cli
from nestaudit.collectorapp import build, module_files

REPO = Path(__file__).resolve().parent.parent
ROOTS = REPO / "samples" / "roots"
SYSTEM_PYTHON = "/usr/bin/python3"
PY39 = Path("/root/.pyenv/versions/3.9.18/bin/python3.9")
PY38 = Path("/root/.pyenv/versions/3.8.18/bin/python3.8")
# What the collector needs, and nothing of the analysis side.
CONTENTS = [
    "__main__.py",
    "nestaudit/__init__.py",
    "nestaudit/collect/__init__.py",
    "nestaudit/collect/cli.py",
    "nestaudit/collect/commands.py",
    "nestaudit/collect/names.py",
    "nestaudit/collect/probe.py",
    "nestaudit/collect/spec.py",
    "nestaudit/errors.py",
    "nestaudit/output.py",
    "nestaudit/terminal.py",  # host names and paths it prints pass the terminal sanitizer
]


def nestaudit(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *args],
        cwd=cwd, capture_output=True, text=True, timeout=60,
    )


def run_app(python: str, app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # -I: no PYTHONPATH, no user site, not the current folder: the archive alone.
    return subprocess.run(
        [python, "-I", str(app), *args], cwd=app.parent, capture_output=True, text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("app") / "nestaudit-collect.pyz"
    result = nestaudit("build-collector", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    return target


def comparable(data: dict[str, Any]) -> str:
    """The bundle's canonical hash with what says when and on which Python left out."""
    picked = {k: v for k, v in data.items() if k != "collected_at"}
    picked["collector"] = {k: v for k, v in data["collector"].items() if k != "python"}
    return canonical_sha256(picked)


def test_the_archive_holds_the_collector_and_nothing_else(app: Path) -> None:
    with zipfile.ZipFile(app) as archive:
        assert sorted(archive.namelist()) == CONTENTS
        assert archive.read("nestaudit/collect/probe.py") == (
            REPO / "nestaudit" / "collect" / "probe.py"
        ).read_bytes()
    assert app.read_bytes().startswith(b"#!/usr/bin/env python3\n")
    assert app.stat().st_mode & stat.S_IXUSR
    assert app.stat().st_size < 40_000  # one small file to copy onto a host


def test_same_sources_build_the_same_bytes(app: Path) -> None:
    assert build() == app.read_bytes()
    assert module_files() == [n for n in CONTENTS if n.startswith("nestaudit/")]


@pytest.mark.parametrize("root", ["intel-l0-rhel10-nested-on", "l1-rhel-under-vmware"])
def test_bundle_equals_nestaudit_collects(app: Path, root: str, tmp_path: Path) -> None:
    ours = tmp_path / "ours.json.gz"
    theirs = tmp_path / "theirs.json.gz"
    result = run_app(SYSTEM_PYTHON, app, "collect", "--root", str(ROOTS / root), "-o", str(ours))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ours)
    assert "nestaudit: probes:" in result.stderr
    assert nestaudit("collect", "--root", str(ROOTS / root), "-o", str(theirs)).returncode == 0
    data = load(ours).data  # valid against the schema
    assert comparable(data) == comparable(load(theirs).data)
    assert data["collector"]["version"] == __version__
    assert data["source"] == {"type": "root", "path": str(ROOTS / root)}
    assert stat.S_IMODE(ours.stat().st_mode) == 0o600


@pytest.mark.skipif(not PY39.exists(), reason="no Python 3.9 interpreter on this machine")
def test_runs_on_python_39_isolated(app: Path) -> None:
    root = ROOTS / "amd-nested-off-running"
    result = run_app(str(PY39), app, "collect", "--root", str(root), "-o", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    from_data(data, "py39 zipapp")
    assert data["collector"]["python"].startswith("3.9.")
    reference = nestaudit("collect", "--root", str(root), "-o", "-")
    assert comparable(data) == comparable(json.loads(reference.stdout))
    live = run_app(str(PY39), app, "collect", "-o", "-")
    assert live.returncode == 0, live.stderr
    assert json.loads(live.stdout)["source"] == {"type": "live", "path": None}


@pytest.mark.skipif(not PY38.exists(), reason="no Python 3.8 interpreter on this machine")
def test_older_python_is_told_in_one_line(app: Path) -> None:
    result = run_app(str(PY38), app, "collect", "-o", "-")
    assert result.returncode == 2
    assert result.stderr == "nestaudit-collect: needs Python 3.9 or later, this is 3.8.18\n"
    assert result.stdout == ""


def test_bad_root_is_one_line_and_writes_nothing(app: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = run_app(SYSTEM_PYTHON, app, "collect", "--root", str(tmp_path / "no"), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr == f"nestaudit-collect: error: {tmp_path / 'no'}: no such directory\n"
    assert not out.exists()
    usage = run_app(SYSTEM_PYTHON, app, "collect", "--bogus")
    assert usage.returncode == 2
    assert usage.stderr.strip().endswith("unrecognized arguments: --bogus (see --help)")


def test_help_and_version(app: Path) -> None:
    result = run_app(SYSTEM_PYTHON, app, "collect", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: nestaudit-collect collect [-h] [--root DIR]")
    for option in ("--root DIR", "-o FILE, --output FILE", "--timeout S", "-q, --quiet"):
        assert option in result.stdout
    version = run_app(SYSTEM_PYTHON, app, "--version")
    assert version.stdout == f"nestaudit-collect {__version__}\n"


def _options(parser: argparse.ArgumentParser, verb: str) -> dict[str, str | None]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {
        "/".join(a.option_strings): a.help
        for a in sub.choices[verb]._actions
        if a.option_strings and a.dest != "help"
    }


def test_both_collectors_take_the_same_collection_options() -> None:
    """The zipapp's options are nestaudit collect's, help included; nestaudit adds only
    what needs the full install (a sosreport's parser, redaction)."""
    ours = _options(collect_cli.build_parser(), "collect")
    theirs = _options(arguments.build_parser(["collect"]), "collect")
    assert set(ours) == {"--root", "-o/--output", "--timeout", "-q/--quiet"}
    assert {k: theirs[k] for k in ours} == ours
    assert set(theirs) - set(ours) == {"--from-sos", "--redact", "--mapping"}


def test_interpreter_line_is_chosen(tmp_path: Path) -> None:
    target = tmp_path / "c.pyz"
    result = nestaudit("build-collector", "--python", "/usr/bin/python3 -I", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"#!/usr/bin/python3 -I\n")
    direct = subprocess.run(
        [str(target), "collect", "--root", str(ROOTS / "centos-l0"), "-o", "-", "-q"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": "/nowhere"},
    )
    assert direct.returncode == 0, direct.stderr
    assert json.loads(direct.stdout)["kind"] == "nestaudit-bundle"


def test_build_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = nestaudit("build-collector", "-o", str(tmp_path / "no" / "c.pyz"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"{tmp_path / 'no' / 'c.pyz'}: the folder" in result.stderr
