"""nestaudit.sources.archive: hostile archives are refused, nothing lands outside dest."""

from __future__ import annotations

import io
import lzma
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from nestaudit.errors import InputError
from nestaudit.sources.archive import extract, extract_safely, is_archive_name

TOP = "sosreport-host1-2026-11-20-abcdefg"


def _add_file(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _add(tar: tarfile.TarFile, name: str, kind: bytes, linkname: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    tar.addfile(info)


def _archive(path: Path, build, mode: str = "w:xz") -> Path:  # type: ignore[no-untyped-def]
    with tarfile.open(path, mode) as tar:  # type: ignore[call-overload]
        build(tar)
    return path


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture()
def box(tmp_path: Path) -> tuple[Path, Path]:
    """(a folder for archives, the extraction folder nested two levels inside tmp_path)."""
    archives = tmp_path / "archives"
    archives.mkdir()
    dest = tmp_path / "a" / "b" / "dest"
    return archives, dest


def _assert_nothing_outside(tmp_path: Path, dest: Path) -> None:
    allowed = {"archives", "a", "a/b", "a/b/dest"}
    outside = {p for p in _tree(tmp_path) if not p.startswith("archives/")}
    outside = {p for p in outside if not p.startswith("a/b/dest/")}
    assert outside <= allowed, outside - allowed


def _one_line_error(exc: pytest.ExceptionInfo[InputError], archive: Path, *words: str) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(str(archive))
    for word in words:
        assert word in message, message
    return message


def test_a_sosreport_archive_extracts_with_its_links(box: tuple[Path, Path]) -> None:
    archives, dest = box

    def build(tar: tarfile.TarFile) -> None:
        _add(tar, TOP, tarfile.DIRTYPE)
        _add_file(tar, f"{TOP}/usr/lib/os-release", b'ID="rhel"\n')
        _add(tar, f"{TOP}/etc/os-release", tarfile.SYMTYPE, "../usr/lib/os-release")
        _add(tar, f"{TOP}/lib", tarfile.SYMTYPE, "usr/lib")
        _add_file(tar, f"{TOP}/sos_commands/kernel/uname_-a", b"Linux host1 6.12\n")
        _add(tar, f"{TOP}/uname", tarfile.SYMTYPE, "sos_commands/kernel/uname_-a")
        _add(tar, f"{TOP}/proc/copy", tarfile.LNKTYPE, f"{TOP}/usr/lib/os-release")

    archive = _archive(archives / f"{TOP}.tar.xz", build)
    top = extract_safely(archive, dest)
    assert top == dest / TOP
    assert (top / "etc/os-release").read_text() == 'ID="rhel"\n'
    assert (top / "uname").read_text() == "Linux host1 6.12\n"
    assert (top / "proc/copy").read_text() == 'ID="rhel"\n'
    assert os.readlink(top / "lib") == "usr/lib"


@pytest.mark.parametrize("suffix,mode", [(".tar", "w"), (".tar.gz", "w:gz"), (".tgz", "w:gz"),
                                         (".tar.bz2", "w:bz2"), (".tar.xz", "w:xz")])
def test_every_compression_is_read(box: tuple[Path, Path], suffix: str, mode: str) -> None:
    archives, dest = box
    archive = _archive(archives / f"x{suffix}",
                       lambda t: _add_file(t, f"{TOP}/version.txt", b"sosreport: 4.8\n"), mode)
    assert is_archive_name(archive)
    assert (extract_safely(archive, dest) / "version.txt").read_bytes() == b"sosreport: 4.8\n"


def test_dotdot_member_is_refused(box: tuple[Path, Path], tmp_path: Path) -> None:
    archives, dest = box
    archive = _archive(archives / "evil.tar.xz", lambda t: _add_file(t, "../../x", b"owned"))
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, "'../../x'", "'..'")
    assert not (tmp_path / "a" / "x").exists()
    assert not (tmp_path / "x").exists()
    _assert_nothing_outside(tmp_path, dest)


def test_absolute_member_is_refused(box: tuple[Path, Path], tmp_path: Path) -> None:
    archives, dest = box
    target = tmp_path / "abs-target"
    archive = _archive(archives / "evil.tar", lambda t: _add_file(t, str(target), b"owned"), "w")
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, str(target), "absolute path")
    assert not target.exists()


def test_symlink_pointing_out_is_refused(box: tuple[Path, Path], tmp_path: Path) -> None:
    archives, dest = box

    def build(tar: tarfile.TarFile) -> None:
        _add(tar, f"{TOP}/etc/escape", tarfile.SYMTYPE, "../../../../outside")

    archive = _archive(archives / "evil.tar.gz", build, "w:gz")
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, f"{TOP}/etc/escape", "points outside")
    assert not (dest / TOP / "etc" / "escape").is_symlink()
    _assert_nothing_outside(tmp_path, dest)


def test_write_through_a_symlink_is_refused(box: tuple[Path, Path], tmp_path: Path) -> None:
    archives, dest = box

    def build(tar: tarfile.TarFile) -> None:
        _add(tar, f"{TOP}/sub", tarfile.DIRTYPE)
        _add(tar, f"{TOP}/link", tarfile.SYMTYPE, "sub")
        _add_file(tar, f"{TOP}/link/x", b"data")

    archive = _archive(archives / "evil.tar", build, "w")
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, f"{TOP}/link/x", "symbolic link")


def test_absolute_and_climbing_links_are_skipped_not_followed(box: tuple[Path, Path]) -> None:
    archives, dest = box

    def build(tar: tarfile.TarFile) -> None:
        _add(tar, f"{TOP}/etc/passwd", tarfile.SYMTYPE, "/etc/passwd")
        _add(tar, f"{TOP}/p", tarfile.SYMTYPE, ".")
        _add(tar, f"{TOP}/q", tarfile.SYMTYPE, "p/../..")
        _add(tar, f"{TOP}/fifo", tarfile.FIFOTYPE)
        _add(tar, f"{TOP}/null", tarfile.CHRTYPE)
        _add_file(tar, f"{TOP}/version.txt", b"sosreport: 4.8\n")

    result = extract(_archive(archives / "x.tar", build, "w"), dest)
    assert result.top == dest / TOP
    assert not (result.top / "etc/passwd").exists() and not (result.top / "q").is_symlink()
    assert not (result.top / "fifo").exists() and not (result.top / "null").exists()
    skipped = "\n".join(result.skipped)
    assert "etc/passwd: symbolic link to the absolute path '/etc/passwd'" in skipped
    assert f"{TOP}/q: symbolic link to 'p/../..' climbs" in skipped
    assert f"{TOP}/fifo: device node or FIFO" in skipped
    assert f"{TOP}/null: device node or FIFO" in skipped


def test_hardlink_out_is_refused(box: tuple[Path, Path]) -> None:
    archives, dest = box
    archive = _archive(archives / "evil.tar", lambda t: _add(
        t, f"{TOP}/shadow", tarfile.LNKTYPE, "../../../etc/shadow"), "w")
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, f"{TOP}/shadow", "hard link")


def test_huge_declared_member_is_refused_before_reading(
    box: tuple[Path, Path], tmp_path: Path
) -> None:
    """A header declaring 10 GB, with no data behind it: refused for its size, not its end."""
    archives, dest = box
    header = tarfile.TarInfo(f"{TOP}/huge")
    header.size = 10 * 1024**3
    raw = header.tobuf(format=tarfile.GNU_FORMAT)
    archive = archives / "huge.tar.xz"
    archive.write_bytes(lzma.compress(raw + b"\0" * 1024))
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, f"{TOP}/huge", "10737418240 bytes", "cap")
    assert not (dest / TOP / "huge").exists()


def test_sparse_10gb_member_is_refused_without_writing_it(
    box: tuple[Path, Path], tmp_path: Path
) -> None:
    """A real GNU sparse member (10 GB, a few KB in the archive)."""
    archives, dest = box
    tar = shutil.which("tar")
    assert tar is not None, "GNU tar is needed to build the sparse archive"
    src = tmp_path / "src" / TOP
    src.mkdir(parents=True)
    with (src / "sparse").open("wb") as handle:
        handle.truncate(10 * 1024**3)
    archive = archives / "sparse.tar.gz"
    subprocess.run([tar, "--sparse", "-czf", str(archive), "-C", str(src.parent), TOP],
                   check=True)
    assert archive.stat().st_size < 1024 * 1024
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest)
    _one_line_error(exc, archive, f"{TOP}/sparse", "cap")
    assert not (dest / TOP / "sparse").exists()


def test_total_size_cap(box: tuple[Path, Path]) -> None:
    archives, dest = box

    def build(tar: tarfile.TarFile) -> None:
        for i in range(4):
            _add_file(tar, f"{TOP}/f{i}", b"x" * 1000)

    archive = _archive(archives / "big.tar", build, "w")
    with pytest.raises(InputError) as exc:
        extract_safely(archive, dest, max_total=2500)
    _one_line_error(exc, archive, f"{TOP}/f2", "expands to more than")


def test_truncated_archive_is_one_clear_error(box: tuple[Path, Path]) -> None:
    archives, dest = box

    def build(tar: tarfile.TarFile) -> None:
        _add_file(tar, f"{TOP}/proc/cpuinfo", os.urandom(200_000))

    whole = _archive(archives / "whole.tar.xz", build)
    cut = archives / "cut.tar.xz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(InputError) as exc:
        extract_safely(cut, dest)
    _one_line_error(exc, cut, "corrupt, truncated or not a tar archive")


def test_not_an_archive(box: tuple[Path, Path]) -> None:
    archives, dest = box
    bogus = archives / "bogus.tar.gz"
    bogus.write_bytes(b"this is not gzip data at all" * 10)
    with pytest.raises(InputError) as exc:
        extract_safely(bogus, dest)
    _one_line_error(exc, bogus, "corrupt, truncated or not a tar archive")
    with pytest.raises(InputError, match="no such file"):
        extract_safely(archives / "absent.tar", dest)
