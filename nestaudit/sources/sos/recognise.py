"""Whether a path is a sosreport, and where its top folder is.

A sosreport folder holds `sos_commands/`, `sos_reports/` or `version.txt`; sos's archives
hold one such folder, named `sosreport-<host>-<date>...`.
"""

from __future__ import annotations

import lzma
import tarfile
import zlib
from pathlib import Path

from nestaudit.errors import InputError
from nestaudit.sources.archive import is_archive_name

MARKERS = ("sos_commands", "sos_reports", "version.txt")


def _is_sos_dir(path: Path) -> bool:
    return path.is_dir() and any((path / m).exists() for m in MARKERS)


def _only_sos_child(path: Path) -> Path | None:
    """The only sub-folder of `path` when it is a sosreport folder; raises OSError."""
    children = [c for c in path.iterdir() if c.is_dir() and not c.is_symlink()]
    if len(children) == 1 and _is_sos_dir(children[0]):
        return children[0]
    return None


def sos_root(path: Path, origin: str) -> Path:
    """The sosreport folder at `path`, or its only sub-folder when that is one."""
    if _is_sos_dir(path):
        return path
    try:
        child = _only_sos_child(path)
    except OSError as exc:
        raise InputError(f"{origin}: cannot read the folder: {exc.strerror or exc}") from exc
    if child is not None:
        return child
    raise InputError(
        f"{origin}: not a sosreport (no sos_commands/, sos_reports/ or version.txt in it)"
    )


def _member_looks_like_sos(index: int, name: str) -> bool:
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if index == 0 and parts and parts[0].startswith("sosreport"):
        return True
    return any(p in MARKERS for p in parts[:2])


def _archive_looks_like_sos(path: Path, scan: int = 5000) -> bool:
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for index, info in enumerate(tar):
                if _member_looks_like_sos(index, info.name):
                    return True
                if index >= scan:
                    break
    except (tarfile.TarError, EOFError, lzma.LZMAError, zlib.error, OSError):
        # A damaged sosreport must reach bundle_from_sos, which names the damage.
        return path.name.startswith("sosreport")
    return False


def is_sosreport(path: str | Path) -> bool:
    """Whether `path` is a sosreport: a folder holding sos_commands/, sos_reports/ or
    version.txt (or whose only sub-folder does), or a tar archive whose members look so.

    An archive named `sosreport*` that cannot be read counts as one, so that reading it
    reports the damage instead of "not a bundle". Never raises.
    """
    p = Path(path)
    try:
        if p.is_dir():
            return _is_sos_dir(p) or _only_sos_child(p) is not None
        if p.is_file() and is_archive_name(p):
            return _archive_looks_like_sos(p)
    except OSError:
        return False
    return False
