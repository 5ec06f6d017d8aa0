"""Extract a tar archive (a sosreport, say) without trusting a byte of it.

Standard library only. Members are read one by one from the compressed stream and written
by this module itself (never `TarFile.extractall`), so that:

- nothing is written outside the destination folder: absolute names and `..` components
  are refused, and no write ever goes through a symbolic link;
- no link leads out of it: a symbolic link's target must be relative, may climb with
  leading `..` only as far as the folder holding the link is deep, and then only descend
  (a target like `a/../..` is skipped, since `a` could itself be a link); an absolute
  target is skipped rather than rewritten. A hard link must name a regular file extracted
  before it;
- sizes are capped from the headers, before any data is read: a member declaring more
  than `max_member` bytes (a 10 GB sparse file, say) or an archive expanding to more than
  `max_total` bytes is refused without writing it;
- device nodes and FIFOs are never created: they are skipped and recorded;
- a truncated or corrupt archive (or one that is not a tar archive) is one clear error.

Every refusal is an InputError with one line naming the archive, the member and the problem.
"""

from __future__ import annotations

import lzma
import os
import shutil
import stat
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nestaudit.errors import InputError

MiB = 1024 * 1024
GiB = 1024 * MiB
DEFAULT_MAX_MEMBER = 256 * MiB
DEFAULT_MAX_TOTAL = 2 * GiB
DEFAULT_MAX_MEMBERS = 500_000

ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz2", ".txz")

_CHUNK = MiB


def is_archive_name(path: str | Path) -> bool:
    """Whether a file name ends in one of the tar suffixes this module reads."""
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True)
class Extraction:
    """What `extract` did: the top folder, counts, and members skipped on purpose."""

    top: Path
    members: int
    bytes_written: int
    skipped: tuple[str, ...]  # "<member>: <why>", in archive order


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class _Extractor:
    def __init__(
        self, archive: Path, dest: Path, max_member: int, max_total: int, max_members: int
    ) -> None:
        self.archive = archive
        self.dest = dest
        self.max_member = max_member
        self.max_total = max_total
        self.max_members = max_members
        self.total = 0
        self.count = 0
        self.skipped: list[str] = []
        self.tops: set[str] = set()

    # -- errors ---------------------------------------------------------------------------
    def refuse(self, name: str, problem: str) -> InputError:
        return InputError(f"{self.archive}: member {name!r}: {problem}; archive refused")

    def skip(self, name: str, why: str) -> None:
        self.skipped.append(f"{name}: {why}")

    # -- paths ----------------------------------------------------------------------------
    def parts_of(self, name: str) -> list[str]:
        """The components of a member name, refusing absolute names and `..`."""
        if name.startswith("/") or name.startswith("\\"):
            raise self.refuse(name, "absolute path")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise self.refuse(name, "path with a '..' component")
        return parts

    def directory(self, name: str, parts: list[str]) -> Path:
        """Create (or walk) the real directories `parts` under dest; never follow a link."""
        current = self.dest
        for part in parts:
            current = current / part
            try:
                st = current.lstat()
            except FileNotFoundError:
                try:
                    current.mkdir(mode=0o755)
                except OSError as exc:
                    raise self.write_error(name, exc) from exc
                continue
            except OSError as exc:
                raise self.write_error(name, exc) from exc
            if stat.S_ISLNK(st.st_mode):
                raise self.refuse(name, "would be written through a symbolic link")
            if not stat.S_ISDIR(st.st_mode):
                raise self.refuse(name, "a parent folder is a file in the archive")
        return current

    def write_error(self, name: str, exc: OSError) -> InputError:
        reason = exc.strerror or str(exc)
        return InputError(f"{self.archive}: member {name!r}: cannot write under {self.dest}: "
                          f"{_one_line(reason)}")

    def clear(self, name: str, target: Path) -> None:
        """Remove an earlier member of the same name (tar's last-wins), never a folder."""
        try:
            st = target.lstat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise self.write_error(name, exc) from exc
        if stat.S_ISDIR(st.st_mode):
            raise self.refuse(name, "a folder of the same name was extracted before")
        try:
            target.unlink()
        except OSError as exc:
            raise self.write_error(name, exc) from exc

    # -- members --------------------------------------------------------------------------
    def member(self, tar: tarfile.TarFile, info: tarfile.TarInfo) -> None:
        name = info.name
        self.count += 1
        if self.count > self.max_members:
            raise self.refuse(name, f"more than {self.max_members} members")
        parts = self.parts_of(name)
        if not parts:
            return
        if info.ischr() or info.isblk() or info.isfifo():
            self.skip(name, "device node or FIFO, not extracted")
            return
        if info.isdir():
            self.directory(name, parts)
            self.tops.add(parts[0])
            return
        if info.isreg():
            self.regular(tar, info, name, parts)
        elif info.issym():
            self.symlink(info, name, parts)
        elif info.islnk():
            self.hardlink(info, name, parts)
        else:
            self.skip(name, "unsupported member type, not extracted")
            return
        self.tops.add(parts[0])

    def regular(
        self, tar: tarfile.TarFile, info: tarfile.TarInfo, name: str, parts: list[str]
    ) -> None:
        if info.size > self.max_member:
            raise self.refuse(
                name, f"declares {info.size} bytes, more than the cap of {self.max_member}"
            )
        if self.total + info.size > self.max_total:
            raise self.refuse(
                name, f"the archive expands to more than the cap of {self.max_total} bytes"
            )
        self.total += info.size
        target = self.directory(name, parts[:-1]) / parts[-1]
        self.clear(name, target)
        source = tar.extractfile(info)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(target, flags, 0o644)
        except OSError as exc:
            raise self.write_error(name, exc) from exc
        with os.fdopen(fd, "wb") as out:
            if source is not None:
                self.copy(name, source, out, info.size)

    def copy(self, name: str, source: IO[bytes], out: IO[bytes], size: int) -> None:
        written = 0
        while True:
            chunk = source.read(_CHUNK)  # read errors (truncation) reach extract()
            if not chunk:
                break
            written += len(chunk)
            if written > size:  # cannot happen with tarfile; a guard all the same
                raise self.refuse(name, "holds more data than its header declares")
            try:
                out.write(chunk)
            except OSError as exc:
                raise self.write_error(name, exc) from exc

    def symlink(self, info: tarfile.TarInfo, name: str, parts: list[str]) -> None:
        target = info.linkname
        if not target:
            self.skip(name, "symbolic link without a target, not extracted")
            return
        if target.startswith("/"):
            self.skip(name, f"symbolic link to the absolute path {target!r}, not followed")
            return
        tparts = [p for p in target.split("/") if p not in ("", ".")]
        climb = 0
        while climb < len(tparts) and tparts[climb] == "..":
            climb += 1
        if climb > len(parts) - 1:
            raise self.refuse(
                name, f"symbolic link to {target!r} points outside the extraction folder"
            )
        if ".." in tparts[climb:]:
            self.skip(name, f"symbolic link to {target!r} climbs after descending, not followed")
            return
        link = self.directory(name, parts[:-1]) / parts[-1]
        self.clear(name, link)
        try:
            link.symlink_to(target)
        except OSError as exc:
            raise self.write_error(name, exc) from exc

    def hardlink(self, info: tarfile.TarInfo, name: str, parts: list[str]) -> None:
        tparts = [p for p in info.linkname.split("/") if p not in ("", ".")]
        if info.linkname.startswith("/") or ".." in tparts or not tparts:
            raise self.refuse(
                name, f"hard link to {info.linkname!r} points outside the extraction folder"
            )
        source = self.dest
        for part in tparts:
            source = source / part
            try:
                st = source.lstat()
            except OSError:
                self.skip(name, f"hard link to {info.linkname!r}, which was not extracted")
                return
            if stat.S_ISLNK(st.st_mode):
                self.skip(name, f"hard link to {info.linkname!r} through a link, not followed")
                return
        if not stat.S_ISREG(st.st_mode):
            self.skip(name, f"hard link to {info.linkname!r}, which is not a regular file")
            return
        target = self.directory(name, parts[:-1]) / parts[-1]
        if target == source:
            return
        self.clear(name, target)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            try:
                shutil.copyfile(source, target, follow_symlinks=False)
            except OSError as exc:
                raise self.write_error(name, exc) from exc

    def top(self) -> Path:
        if len(self.tops) == 1:
            only = self.dest / next(iter(self.tops))
            if only.is_dir() and not only.is_symlink():
                return only
        return self.dest


def extract(
    archive: Path,
    dest: Path,
    *,
    max_member: int = DEFAULT_MAX_MEMBER,
    max_total: int = DEFAULT_MAX_TOTAL,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> Extraction:
    """Extract `archive` (.tar, .tar.gz/.tgz, .tar.xz, .tar.bz2) into the folder `dest`.

    `dest` is created if missing and should be empty (a fresh temporary folder). On an
    error, what was extracted so far stays in `dest` for the caller to remove.
    """
    archive = Path(archive)
    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{dest}: cannot create the extraction folder: {exc.strerror}") from exc
    if not archive.exists():
        raise InputError(f"{archive}: no such file")
    if not archive.is_file():
        raise InputError(f"{archive}: not a regular file")
    work = _Extractor(archive, dest, max_member, max_total, max_members)
    try:
        with tarfile.open(archive, mode="r|*") as tar:
            for info in tar:
                work.member(tar, info)
    except InputError:
        raise
    except (tarfile.TarError, EOFError, lzma.LZMAError, zlib.error, OSError) as exc:
        detail = _one_line(exc) or type(exc).__name__
        raise InputError(f"{archive}: corrupt, truncated or not a tar archive: {detail}") from exc
    return Extraction(
        top=work.top(), members=work.count, bytes_written=work.total,
        skipped=tuple(work.skipped),
    )


def extract_safely(
    archive: Path,
    dest: Path,
    *,
    max_member: int = DEFAULT_MAX_MEMBER,
    max_total: int = DEFAULT_MAX_TOTAL,
) -> Path:
    """Extract `archive` into `dest` (see `extract`); return the archive's top folder.

    A sosreport archive holds one `sosreport-<host>-<date>/` folder: that folder is
    returned. An archive with several top-level entries returns `dest` itself.
    """
    return extract(archive, dest, max_member=max_member, max_total=max_total).top
