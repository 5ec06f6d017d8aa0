"""Faults of the machine, not of the input: a full disk, a read-only folder, standard output
that cannot be written, an unexpected exception, a python3 without the full install, file
names that are not UTF-8. Each ends in one line on stderr and exit 2 (verdicts.md, "Exit
codes"), never a traceback, and leaves no partial output.

Some cases need root (a tmpfs that fills up, an immutable folder); CI runs as root, so they
run there; elsewhere they say so and skip.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nestaudit import cli, output
from nestaudit.bundle import load
from nestaudit.collect import collect
from nestaudit.collect.names import unescape

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "bundles" / "ubuntu-l0.json"
ROOT = REPO / "samples" / "roots" / "ubuntu-l0"
SYSTEM_PYTHON = "/usr/bin/python3"


def nestaudit(*args: object, cwd: Path = REPO, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nestaudit", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False, **kw,
    )


def one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and needle in lines[0], lines[0]


def root_only() -> None:
    if os.geteuid() == 0:
        return
    if os.environ.get("CI"):
        pytest.fail("CI runs as root: this test needs it")
    pytest.skip("needs root (a tmpfs mount or an immutable folder)")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- unexpected errors ------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Never exit 1 (the code for "findings fail") on a crash, never a traceback unless
    --debug asks for it."""

    def broken(_args: object) -> int:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setitem(cli._VERBS, "show", broken)
    assert cli.main(["show", str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error: RuntimeError: a bug over two lines" in err and "--debug" in err
    assert cli.main(["--debug", "show", str(SAMPLE)]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err
    assert cli.main(["show", str(SAMPLE), "--debug"]) == 2  # anywhere on the line
    assert "Traceback" in capsys.readouterr().err


# --- standard output that cannot be written -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", SAMPLE],
        ["check", SAMPLE, "--format", "json"],
        ["report", SAMPLE, "-o", "-", "--format", "md"],
        ["collect", "--root", ROOT, "-o", "-"],
        ["show", SAMPLE],
        ["facts", SAMPLE],
    ],
    ids=lambda a: " ".join(str(x) for x in a[:3]) if isinstance(a, list) else str(a),
)
def test_standard_output_on_a_full_device(args: list[object]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "nestaudit", *map(str, args)],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120, check=False,
        )
    one_line_error(result, "standard output: cannot write: No space left on device")


# --- full disk and read-only folders: nothing half-written -----------------------------


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                   check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_audit_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    root_only()
    with small_tmpfs(tmp_path / "disk", "64k") as disk:
        one_line_error(nestaudit("audit", SAMPLE, "-o", disk / "out"),
                       "cannot write: No space left on device")
        assert leftovers(disk) == []  # neither the folder nor its temporary one


def test_audit_leaves_nothing_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same, without root: the third file's write fails as a full disk would."""
    real = output._write_new
    calls: list[str] = []

    def third_fails(path: str, data: bytes, mode: int) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data, mode)

    monkeypatch.setattr(output, "_write_new", third_fails)
    assert cli.main(["audit", str(SAMPLE), "-o", str(tmp_path / "out"), "-q"]) == 2
    assert "cannot write: No space left on device" in capsys.readouterr().err
    assert len(calls) == 3 and leftovers(tmp_path) == []


@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[Path]:
    """A folder nobody may write into, root included (chattr +i)."""
    folder.mkdir()
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize(
    ("verb", "name"),
    [("audit", "out"), ("report", "r.html"), ("collect", "b.json"), ("ticket", "t.tar.gz"),
     ("redact", "red.json")],
)
def test_writing_into_a_read_only_folder(tmp_path: Path, verb: str, name: str) -> None:
    root_only()
    with immutable(tmp_path / "ro") as folder:
        target = folder / name
        args: list[object] = [verb, SAMPLE, "-o", target]
        if verb == "collect":
            args = [verb, "--root", ROOT, "-o", target]
        if verb in ("redact", "ticket"):
            args += ["--mapping", tmp_path / "m.json"]
        one_line_error(nestaudit(*args), str(target))
        assert leftovers(folder) == []


def test_writing_under_proc(tmp_path: Path) -> None:
    one_line_error(nestaudit("audit", SAMPLE, "-o", "/proc/nestaudit-out"),
                   "/proc/nestaudit-out")
    one_line_error(nestaudit("report", SAMPLE, "-o", "/proc/nestaudit.html"),
                   "/proc/nestaudit.html")


# --- audit never overwrites ---------------------------------------------------------------


def test_a_second_audit_writes_a_new_folder(tmp_path: Path) -> None:
    made = [nestaudit("audit", SAMPLE, "-q", cwd=tmp_path) for _ in range(2)]
    assert [m.returncode for m in made] == [1, 1]  # ubuntu-l0 fails host-os-in-tables
    folders = leftovers(tmp_path)
    base = "nestaudit-l0-ubuntu2404-2026-11-20"
    assert folders == [base, f"{base}-2"]
    assert "exists: wrote a new folder instead" in made[1].stdout
    for folder in folders:
        assert sorted(p.name for p in (tmp_path / folder).iterdir()) == [
            "bundle.json", "report.html", "report.json", "report.pdf"]
    # the bundle holds serials and the SMBIOS UUID: the user's alone, its folder too
    assert (tmp_path / base / "bundle.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / base).stat().st_mode & 0o777 == 0o700
    explicit = nestaudit("audit", SAMPLE, "-q", "-o", tmp_path / base)
    assert explicit.returncode == 1 and (tmp_path / f"{base}-3").is_dir()


# --- file names that are not UTF-8 ------------------------------------------------------


def odd_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(ROOT, root, symlinks=True)
    modprobe = os.fsencode(root / "etc" / "modprobe.d")
    os.makedirs(modprobe, exist_ok=True)
    with open(modprobe + b"/kvm\xff.conf", "wb") as handle:
        handle.write(b"options kvm_intel nested=0\n")
    qemu = os.fsencode(root / "etc" / "libvirt" / "qemu")
    xml = (root / "etc" / "libvirt" / "qemu" / "win10.xml").read_bytes()
    xml = xml.replace(b"<name>win10</name>", b"<name>odd</name>").replace(b"<uuid>", b"<uuid>0")
    with open(qemu + b"/vm\xfe\\x.xml", "wb") as handle:
        handle.write(xml)
    return root


def test_names_that_are_not_utf8_are_kept_losslessly(tmp_path: Path) -> None:
    bundle_path = tmp_path / "odd.json"
    made = nestaudit("collect", "--root", odd_root(tmp_path), "-o", bundle_path, "-q")
    assert made.returncode == 0, made.stderr
    data = json.loads(bundle_path.read_text("utf-8"))
    escaped = data["escaped_names"]
    assert "/etc/modprobe.d/kvm\\xff.conf" in data["files"]
    assert "/etc/modprobe.d/kvm\\xff.conf" in escaped
    assert unescape("/etc/libvirt/qemu/vm\\xfe\\\\x.xml") == b"/etc/libvirt/qemu/vm\xfe\\x.xml"
    assert "/etc/libvirt/qemu/vm\\xfe\\\\x.xml" in escaped
    assert "/etc/hostname" not in escaped  # only what held such bytes is escaped
    # the file's options are read, and the domain is judged, under its escaped name
    report = json.loads(nestaudit("check", bundle_path, "--format", "json").stdout)
    findings = report["hosts"][0]["findings"]
    persistent = next(f for f in findings if f["rule"] == "nested-persistent")
    assert persistent["outcome"] == "fail" and "kvm\\xff.conf" in persistent["message"]
    assert any(f["target"] == "odd" for f in findings)
    for verb in (["show"], ["facts"], ["redact", "-o", tmp_path / "r.json", "--mapping",
                                         tmp_path / "m.json"]):
        result = nestaudit(verb[0], bundle_path, *verb[1:])
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_in_process_collection_of_odd_names_validates(tmp_path: Path) -> None:
    data = collect(root=str(odd_root(tmp_path)))
    bundle = tmp_path / "b.json"
    output.write_json(str(bundle), data)
    assert load(bundle).data["escaped_names"]


# --- invalid base64 content ----------------------------------------------------------------


def test_base64_content_that_is_not_base64_is_an_input_error(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text())
    data["files"]["/etc/hostname"] = {"status": "ok", "encoding": "base64",
                                      "content": "aGVsbG8=\u00e9" * 1000, "size": 5}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    for verb in (["redact", "-o", tmp_path / "r.json", "--mapping", tmp_path / "m.json"],
                 ["check"], ["show"], ["facts"], ["report", "-o", tmp_path / "r.html"]):
        result = nestaudit(verb[0], bad, *verb[1:])
        one_line_error(result, f"{bad}: invalid bundle: $.files['/etc/hostname'].content")
        assert len(result.stderr) < 400  # the content is not quoted whole
    assert leftovers(tmp_path) == ["bad.json"]


# --- a python3 without the full install ---------------------------------------------------


def bare_python(package: Path, *args: object) -> subprocess.CompletedProcess[str]:
    """The system python3, isolated (-I) and without site-packages (-S): no Jinja2, no
    PyYAML, no orjson, as on a RHEL host with nothing installed."""
    code = (f"import sys; sys.path.insert(0, {str(package)!r}); "
            "from nestaudit.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.run([SYSTEM_PYTHON, "-I", "-S", "-c", code, *map(str, args)],
                          capture_output=True, text=True, cwd=package, timeout=120,
                          check=False)


@pytest.fixture(scope="module")
def bare_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert Path(SYSTEM_PYTHON).exists(), "the CI machine's system python3"
    copy = tmp_path_factory.mktemp("bare")
    for part in ("nestaudit", "rules", "templates"):
        shutil.copytree(REPO / part, copy / part)
    check = subprocess.run([SYSTEM_PYTHON, "-I", "-S", "-c", "import jinja2"],
                           capture_output=True, check=False)
    assert check.returncode != 0, "-I -S must hide Jinja2 from the system python3"
    return copy


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["collect", "--root", ROOT, "-o", "{tmp}/c.json", "-q"], 0),
        (["check", SAMPLE], 1),  # ubuntu-l0 fails host-os-in-tables
        (["check", SAMPLE, "--format", "json"], 1),
        (["report", SAMPLE, "-o", "{tmp}/r.json"], 1),  # report exits as check does
        (["show", SAMPLE], 0),
        (["facts", SAMPLE], 0),
        (["rules", "lint"], 0),
    ],
    ids=lambda a: " ".join(str(x) for x in a[:2]) if isinstance(a, list) else str(a),
)
def test_bare_python3_runs_what_needs_nothing_more(
    bare_copy: Path, tmp_path: Path, args: list[object], code: int
) -> None:
    shown = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    result = bare_python(bare_copy, *shown)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["report", SAMPLE, "-o", "{tmp}/r.html"], ["audit", SAMPLE, "-o", "{tmp}/out"],
     ["ticket", SAMPLE, "-o", "{tmp}/t.tar.gz"]],
    ids=lambda a: str(a[0]),
)
def test_bare_python3_names_what_to_install(
    bare_copy: Path, tmp_path: Path, args: list[object]
) -> None:
    shown = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    result = bare_python(bare_copy, *shown)
    one_line_error(result, "needs the Python package Jinja2")
    assert "pip" in result.stderr and "nestaudit collect" in result.stderr
    assert leftovers(tmp_path) == []
