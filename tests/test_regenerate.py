"""Every generated file is in step with what it is generated from (tools/regenerate.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools import regenerate

REPO = Path(__file__).resolve().parent.parent


def test_no_generated_file_is_stale() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "tools" / "regenerate.py"), "--check"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, f"run python tools/regenerate.py and review:\n{run.stdout}"
    assert run.stdout.strip().endswith("every generated file is up to date")


def test_check_names_a_stale_file_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "stale.md"
    stale.write_bytes(b"edited by hand\n")
    fresh = tmp_path / "fresh.md"
    fresh.write_bytes(b"as made\n")
    made = [
        regenerate.Generated(stale, lambda: b"as made\n"),
        regenerate.Generated(fresh, lambda: b"as made\n"),
    ]
    monkeypatch.setattr(regenerate, "generated", lambda: made)
    monkeypatch.setattr(regenerate, "REPO", tmp_path)
    assert regenerate.main(["--check"]) == 1
    assert "stale: stale.md" in capsys.readouterr().out
    assert stale.read_bytes() == b"edited by hand\n"
    assert regenerate.main([]) == 0
    assert stale.read_bytes() == b"as made\n"
    assert regenerate.main(["--check"]) == 0
