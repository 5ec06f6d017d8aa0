"""nestaudit.ticket: the support-ticket package, made through the real command line.

An Intel L0 and its L1 (the `rhel9.6-l1` domain seen from inside) are packaged with
`--case 01234567`, unpacked with tarfile, and checked: the member list, SHA256SUMS (in
Python and with the real `sha256sum -c`), that the bundles are redacted with one mapping
(the chain still links), and that no secret of the hand-written lists in tests/secrets/
appears in any member's name or content.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pypdf
import pytest

from nestaudit import cli
from nestaudit.bundle import from_data
from nestaudit.errors import EXIT_ERROR, RenderError
from nestaudit.redact import Redactor
from nestaudit.ticket import write_ticket

REPO = Path(__file__).resolve().parents[1]
BUNDLES = REPO / "samples" / "bundles"
SECRETS = REPO / "tests" / "secrets"
L0, L1 = "intel-l0-rhel10-nested-on", "l1-rhel-under-kvm-exposing"
INPUTS = [str(BUNDLES / f"{L0}.json"), str(BUNDLES / f"{L1}.json")]
TOP = "nestaudit-ticket-01234567"
COLLECTED = int(datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc).timestamp())


def secrets_of(name: str) -> list[str]:
    lines = (SECRETS / f"{name}.txt").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class Package:
    """A package written by the CLI and unpacked into a folder."""

    def __init__(self, path: Path, unpacked: Path, mapping: Path, stdout: str) -> None:
        self.path, self.unpacked, self.mapping, self.stdout = path, unpacked, mapping, stdout
        with tarfile.open(path, "r:gz") as tar:
            self.members = tar.getmembers()
            tar.extractall(unpacked, filter="data")
        self.top = unpacked / TOP

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.top).as_posix(): p.read_bytes()
                for p in sorted(self.top.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    work = tmp_path_factory.mktemp("ticket")
    out, mapping = work / "case.tar.gz", work / "private-mapping.json"
    run = subprocess.run(
        [sys.executable, "-m", "nestaudit", "ticket", *INPUTS, "--case", "01234567",
         "--mapping", str(mapping), "-o", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return Package(out, work / "unpacked", mapping, run.stdout)


# -- the package -------------------------------------------------------------------------------


def test_cli_prints_the_path_and_keeps_the_mapping_outside(package: Package) -> None:
    assert package.stdout.strip() == str(package.path)
    assert package.mapping.is_file()  # created by the run, beside the package, not in it
    secret = json.loads(package.mapping.read_text())["secret"]
    assert all(secret.encode() not in data for data in package.files().values())


def test_member_list(package: Package) -> None:
    names = [m.name for m in package.members]
    assert names == sorted(names)
    bundles = [n for n in names if n.startswith(f"{TOP}/bundles/") and n.endswith(".json")]
    assert len(bundles) == 2
    assert sorted(names) == sorted([
        TOP, f"{TOP}/README.txt", f"{TOP}/SHA256SUMS", f"{TOP}/bundles", *bundles,
        f"{TOP}/report.html", f"{TOP}/report.json", f"{TOP}/report.pdf",
    ])
    for bundle in bundles:  # named by the redacted host label
        assert Path(bundle).stem.startswith("host-") and len(Path(bundle).stem) == 13
    for member in package.members:
        assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "root", "root")
        assert member.mtime == COLLECTED
        assert member.isdir() or member.isfile()
        assert member.mode == (0o755 if member.isdir() else 0o644)


def test_checksums_match(package: Package) -> None:
    files = package.files()
    sums = files.pop("SHA256SUMS").decode("ascii").splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == set(files)
    for name, data in files.items():
        assert hashlib.sha256(data).hexdigest() == listed[name], name
    tool = shutil.which("sha256sum")
    assert tool is not None, "sha256sum (coreutils) is needed to check the package"
    check = subprocess.run([tool, "-c", "SHA256SUMS"], cwd=package.top,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert sorted(check.stdout.splitlines()) == sorted(f"{n}: OK" for n in files)


def test_a_changed_file_fails_the_check(package: Package, tmp_path: Path) -> None:
    copy = tmp_path / TOP
    shutil.copytree(package.top, copy)
    (copy / "report.json").write_text("{}\n")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=copy,
                           capture_output=True, text=True)
    assert check.returncode == 1 and "report.json: FAILED" in check.stdout


def _text_of(name: str, data: bytes) -> str:
    if name.endswith(".pdf"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    text = data.decode("utf-8")
    if name.endswith(".json") and name.startswith("bundles/"):
        bundle = json.loads(text)
        decoded = [base64.b64decode(r["content"]).decode("utf-8", "replace")
                   for r in bundle["files"].values() if r.get("encoding") == "base64"]
        text = "\n".join([text, *decoded])
    return text


def test_no_secret_in_any_member_name_or_content(package: Package) -> None:
    secrets = [s.lower() for s in secrets_of(L0) + secrets_of(L1)]
    names = "\n".join(m.name for m in package.members).lower()
    assert [s for s in secrets if s in names] == []
    for name, data in package.files().items():
        text = _text_of(name, data).lower()
        squashed = "".join(text.split())
        left = [s for s in secrets if s in text or s in squashed]
        assert left == [], f"{name} holds {left}"
    # nor the input file names, which often carry a host name
    for data in package.files().values():
        assert L0.encode() + b".json" not in data and L1.encode() + b".json" not in data


def test_bundles_are_redacted_with_one_mapping_and_still_link(package: Package) -> None:
    files = package.files()
    bundles = [from_data(json.loads(files[n]), n) for n in sorted(files)
               if n.startswith("bundles/")]
    for bundle in bundles:
        assert bundle.data["redaction"]["mapping"] == package.mapping.name
    report = json.loads(files["report.json"])
    assert sorted(g["origin"] for g in report["generated_from"]) == [b.origin for b in bundles]
    assert {h["host"].split(".")[0] for h in report["hosts"]} == {
        Path(b.origin).stem for b in bundles}
    linked = [c for c in report["chains"] if c["linked"]]
    assert linked, "the L1 no longer links to its domain after redaction"
    assert {c["levels"][1]["domain"] for c in linked} == {"rhel9.6-l1"}
    # the package judges again to the same report, as its README says: self-contained
    names = [b.origin for b in bundles]
    again = subprocess.run(
        [sys.executable, "-m", "nestaudit", "check", "--format", "json", *names],
        capture_output=True, cwd=package.top, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert again.returncode in (0, 1), again.stderr
    assert again.stdout == files["report.json"]


def test_readme(package: Package) -> None:
    readme = package.files()["README.txt"].decode("utf-8")
    assert readme.startswith(f"{TOP}: a nestaudit support-ticket package for case 01234567")
    for name in ("report.pdf", "report.html", "report.json", "bundles/", "SHA256SUMS",
                 "sha256sum -c SHA256SUMS", package.mapping.name, "2026-11-20T09:00:00Z"):
        assert name in readme
    assert "stayed with the sender" in readme and "NOT INCLUDED" not in readme
    assert "uuid: " in readme and "hostname: " in readme  # counts per kind


# -- without a PDF renderer, determinism ---------------------------------------------------------


@pytest.fixture()
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """render() as on a machine without WeasyPrint's libraries."""
    import nestaudit.render as render_mod

    real = render_mod.render

    def render(report: Any, fmt: Any, **kwargs: Any) -> bytes:
        if fmt is render_mod.OutputFormat.PDF:
            raise RenderError("PDF output needs WeasyPrint and its system libraries (pango)")
        return real(report, fmt, **kwargs)

    monkeypatch.setattr(render_mod, "render", render)
    yield


def _unpack(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
                for m in tar.getmembers() if m.isfile()}


@pytest.mark.usefixtures("no_pdf")
def test_without_pdf_the_rest_is_there_and_readme_says_why(tmp_path: Path) -> None:
    out = tmp_path / "t.tar.gz"
    redactor = Redactor(tmp_path / "m.json")
    assert write_ticket(INPUTS[:1], str(out), case=None, redactor=redactor) == str(out)
    files = _unpack(out)
    top = "nestaudit-ticket"
    assert sorted(files) == sorted([f"{top}/README.txt", f"{top}/SHA256SUMS",
                                    f"{top}/report.html", f"{top}/report.json",
                                    *[n for n in files if n.startswith(f"{top}/bundles/")]])
    readme = files[f"{top}/README.txt"].decode()
    assert "report.pdf    NOT INCLUDED" in readme and "WeasyPrint" in readme
    assert b"report.pdf" not in files[f"{top}/SHA256SUMS"]


@pytest.mark.usefixtures("no_pdf")
def test_same_inputs_and_mapping_give_the_same_bytes(tmp_path: Path) -> None:
    mapping = tmp_path / "m.json"
    first, second = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    write_ticket(INPUTS, str(first), case="42", redactor=Redactor(mapping))
    write_ticket(INPUTS, str(second), case="42", redactor=Redactor(mapping))
    assert first.read_bytes() == second.read_bytes()
    # the same host twice gets a second file, not an overwritten one
    third = tmp_path / "c.tar.gz"
    write_ticket([INPUTS[0], INPUTS[0]], str(third), case="42", redactor=Redactor(mapping))
    names = sorted((n for n in _unpack(third) if "/bundles/" in n), key=len)
    assert len(names) == 2 and names[1] == names[0].replace(".json", "-2.json")


# -- errors: one line naming the file, nothing written -----------------------------------------


def _cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(argv) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = ["--mapping", str(tmp_path / "m.json")]
    err = _cli_error(["ticket", INPUTS[0], *mapping, "-o", str(tmp_path / "t.zip")], capsys)
    assert f"{tmp_path / 't.zip'}: a ticket package is a .tar.gz file" in err
    missing = tmp_path / "nowhere" / "t.tar.gz"
    err = _cli_error(["ticket", INPUTS[0], *mapping, "-o", str(missing)], capsys)
    assert f"{missing}: the folder {tmp_path / 'nowhere'} does not exist" in err
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    err = _cli_error(["ticket", str(junk), *mapping, "-o", str(tmp_path / "t.tar.gz")], capsys)
    assert f"{junk}: not a nestaudit bundle" in err
    err = _cli_error(["ticket", str(tmp_path / "absent.json"), *mapping,
                      "-o", str(tmp_path / "t.tar.gz")], capsys)
    assert f"{tmp_path / 'absent.json'}: no such file" in err
    err = _cli_error(["ticket", INPUTS[0], "--case", "../x", *mapping,
                      "-o", str(tmp_path / "t.tar.gz")], capsys)
    assert "--case '../x':" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.json"]
