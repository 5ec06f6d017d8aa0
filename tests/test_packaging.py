"""The installed wheel works from any folder: it carries rules/ and templates/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_carries_the_data_and_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("nestaudit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "nestaudit/_data/rules/prerequisites.yaml" in names
    assert "nestaudit/_data/rules/tables/support-matrix.yaml" in names
    assert "nestaudit/_data/templates/report.html.j2" in names
    assert "nestaudit/_data/docs/readings.md" in names  # the readings findings cite
    assert "nestaudit/schemas/bundle.schema.json" in names
    assert "nestaudit/data/limitations.yaml" in names
    assert not [n for n in names if n.startswith(("tests/", "samples/"))]

    target = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "nestaudit", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import nestaudit; print(nestaudit.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().startswith(str(target)), where.stdout
    assert run("rules", "lint").stdout.strip().endswith("rules OK")
    sample = REPO / "samples" / "bundles" / "amd-l0-rhel10-nested-on-running.json"
    report = run("check", str(sample), "--format", "json")
    assert report.returncode == 1, report.stderr
    assert json.loads(report.stdout)["hosts"][0]["role"] == "L0"
    html = elsewhere / "r.html"
    assert run("report", str(sample), "-o", str(html)).returncode == 1  # exits as check
    assert "<html" in html.read_text()
    # the wheel ships the parsed index of its rule files: loading them needs no YAML parsing
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from nestaudit.judge import registry, tables; "
            "from nestaudit.engine.catalogue import catalogue; registry.builtin_rules(); "
            "catalogue(); tables.default_matrix(); print('yaml' in sys.modules)",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert loaded.stdout.strip() == "False", loaded.stderr
