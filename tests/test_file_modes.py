"""The modes of the files nestaudit writes (nestaudit/output.py), under a lax and a strict
umask: what holds a host's evidence or the redaction key is the user's alone (0600, its
folder 0700); a report follows the umask; a file replaced is never widened; a write that
fails leaves the old file as it was and nothing beside it.
"""

from __future__ import annotations

import errno
import os
import stat
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nestaudit import cli, output
from nestaudit.errors import NestauditError, RenderError

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "bundles" / "ubuntu-l0.json"
ROOT = REPO / "samples" / "roots" / "ubuntu-l0"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o077], ids=["umask022", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield int(request.param)
    finally:
        os.umask(old)


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder of the commands: empty, so no old redaction key is found."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PDF (seconds to make): the modes of the other files are what is tested."""
    import nestaudit.render as render_mod

    real = render_mod.render

    def render(report: Any, fmt: Any, **kwargs: Any) -> bytes:
        if fmt is render_mod.OutputFormat.PDF:
            raise RenderError("no PDF in this test")
        return real(report, fmt, **kwargs)

    monkeypatch.setattr(render_mod, "render", render)


def run(*argv: object) -> None:
    code = cli.main([str(a) for a in argv])
    assert code in (0, 1), code


@pytest.mark.usefixtures("no_pdf")
def test_evidence_and_keys_are_the_users_alone(umask: int, here: Path) -> None:
    run("collect", "--root", ROOT, "-o", here / "b.json", "-q")
    run("collect", "--root", ROOT, "-o", here / "b.json.gz", "-q")
    run("collect", "--root", ROOT, "--redact", "-o", here / "r.json", "-q")
    run("redact", SAMPLE, "-o", here / "red.json", "--mapping", here / "m.json")
    run("ticket", SAMPLE, "-o", here / "case.tar.gz", "--mapping", here / "m.json")
    for name in ("b.json", "b.json.gz", "r.json", "red.json", "m.json", "case.tar.gz"):
        assert mode(here / name) == 0o600, name
    key = Path(os.environ["XDG_CONFIG_HOME"]) / "nestaudit" / "redact-key.json"
    assert mode(key) == 0o600 and mode(key.parent) == 0o700
    with tarfile.open(here / "case.tar.gz") as tar:  # the members keep their own modes
        assert {m.mode for m in tar.getmembers() if m.isfile()} == {0o644}


@pytest.mark.usefixtures("no_pdf")
def test_reports_follow_the_umask(umask: int, here: Path) -> None:
    run("report", SAMPLE, "-o", here / "r.html")
    run("report", SAMPLE, "-o", here / "r.json")
    run("check", SAMPLE, "--format", "md", "-o", here / "c.md")
    run("audit", SAMPLE, "-q", "-o", here / "audit")
    public = 0o666 & ~umask
    for name in ("r.html", "r.json", "c.md", "audit/report.html", "audit/report.json"):
        assert mode(here / name) == public, name
    assert mode(here / "audit") == 0o700 and mode(here / "audit" / "bundle.json") == 0o600


def test_a_file_replaced_is_never_widened(here: Path) -> None:
    from nestaudit.redact import Redactor

    Redactor(here / "k.json").save()  # a key made by hand readable by others
    old = os.umask(0o022)
    try:
        for name, made in (("r.html", 0o600), ("r.md", 0o640), ("b.json", 0o644),
                           ("red.json", 0o400), ("k.json", 0o644)):
            if name != "k.json":
                (here / name).write_text("old\n")
            os.chmod(here / name, made)
        run("report", SAMPLE, "-o", here / "r.html")
        run("report", SAMPLE, "-o", here / "r.md")
        run("collect", "--root", ROOT, "-o", here / "b.json", "-q")
        run("redact", SAMPLE, "-o", here / "red.json", "--mapping", here / "k.json")
    finally:
        os.umask(old)
    # kept stricter: 0600 and 0640 reports stay so; a bundle or a key, private, loses what
    # 0644 gave; 0400 stays 0400
    assert mode(here / "r.html") == 0o600 and mode(here / "r.md") == 0o640
    assert mode(here / "b.json") == 0o600 and mode(here / "red.json") == 0o400
    assert mode(here / "k.json") == 0o600
    for name in ("r.html", "r.md", "b.json", "red.json"):
        assert (here / name).read_text() != "old\n", name  # replaced all the same


def test_a_write_that_fails_leaves_the_old_file_and_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.html"
    target.write_text("old\n")
    os.chmod(target, 0o640)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(NestauditError, match=r"r\.html: cannot write: No space left on device"):
        output.write_bytes(str(target), b"new\n")
    assert target.read_text() == "old\n" and mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_the_key_written_again_stays_0600_and_whole(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The mapping file goes through the same atomic writer: a failed save keeps the old
    key readable, and no temporary file holding the secret is left."""
    from nestaudit.errors import InputError
    from nestaudit.redact import Redactor
    from nestaudit.redact.mapping import read_mapping

    key = tmp_path / "key.json"
    Redactor(key).save()
    before = key.read_text()
    def broken(*_args: object) -> None:
        raise OSError(errno.EIO, "I/O")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(InputError, match="key.json: cannot write the redaction mapping: I/O"):
        Redactor(key).save()
    assert key.read_text() == before and read_mapping(key)["secret"]
    assert mode(key) == 0o600 and sorted(p.name for p in tmp_path.iterdir()) == ["key.json"]
