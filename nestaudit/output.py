"""Write output files atomically: a temporary file beside the target, then a rename.

Standard library only (the collector writes bundles through it). A failure leaves the
target as it was: never half-written, never clobbered.

Modes: a private file (a bundle, a ticket, the redaction key: serials, UUIDs, originals)
is the user's alone, 0600; any other file (a report) follows the umask, 0666 & ~umask.
A file replaced is never widened: where the file there already had fewer permissions,
the new one keeps only those (a report made 0600 by its owner stays 0600).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from typing import Any

from nestaudit.errors import NestauditError


def dumps_json(data: Any) -> str:
    """Pretty, deterministic JSON (sorted keys), ending in a newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_bytes(
    path: str, data: bytes, *, private: bool = False, executable: bool = False
) -> None:
    """Write `data` to `path` atomically (mode 0600 if `private`, else as the umask
    allows, never wider than a file it replaces; `executable` adds x where r is given);
    "-" writes to standard output."""
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise NestauditError(f"{path}: is a directory")
        # /dev/null, /dev/stdout, a FIFO: write into it; renaming over it would replace it.
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise NestauditError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise NestauditError(f"{path}: the folder {directory} does not exist")
    try:
        new_mode = file_mode(private, mode)
        if executable:
            new_mode |= (new_mode & 0o444) >> 2
        replace_file(path, data, new_mode)
    except OSError as exc:
        raise NestauditError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def file_mode(private: bool, existing: int | None) -> int:
    """The mode of a file written: 0600 or what the umask allows, narrowed to the
    permissions of the file it replaces (`existing`, its st_mode) if there is one."""
    mode = 0o600 if private else 0o666 & ~_umask()
    if existing is not None:
        mode &= stat.S_IMODE(existing)
    return mode


def replace_file(path: str, data: bytes, mode: int) -> None:
    """Write `data` into a temporary file beside `path` with `mode`, then rename it over
    `path`; on failure remove the temporary file and raise the OSError."""
    import tempfile  # here, not at the top: `check` writing to stdout never needs it

    fd, tmp = tempfile.mkstemp(prefix=".nestaudit-", suffix=".tmp",
                               dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)  # mkstemp made it 0600; set before any byte
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(
    path: str, data: Any, compress: bool | None = None, *, private: bool = False
) -> None:
    """Write JSON; gzip it when the name ends in .gz (mtime 0, so output is reproducible)."""
    text = dumps_json(data)
    if path == "-":  # a terminal may be reading: controls in host data shown escaped
        from nestaudit.terminal import json_escape

        text = json_escape(text)
    raw = text.encode("utf-8")
    if compress is None:
        compress = path.endswith(".gz")
    if compress:
        import gzip

        raw = gzip.compress(raw, mtime=0)
    write_bytes(path, raw, private=private)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_folder(target: str, files: list[tuple[str, bytes, bool]]) -> str:
    """Write `files` ((name, data, private)) into a new folder; returns the folder's path.

    Everything is written into a temporary folder beside `target`, renamed at the end, so
    a failure leaves nothing behind. An existing folder is never written into: `target`
    taken, `target-2`, `target-3`, ... is used. The folder is the user's alone (0700, as
    mkdtemp makes it); private files (a bundle) are 0600, the others follow the umask.
    """
    import shutil
    import tempfile

    parent = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(parent):
        raise NestauditError(f"{target}: the folder {parent} does not exist")
    try:
        tmp = tempfile.mkdtemp(prefix=".nestaudit-", dir=parent)
    except OSError as exc:
        raise NestauditError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    try:
        public = 0o666 & ~_umask()
        for name, data, private in files:
            _write_new(os.path.join(tmp, name), data, 0o600 if private else public)
        return _rename_to_free_name(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise NestauditError(f"{target}: cannot write: {exc.strerror or exc}") from exc


def _write_new(path: str, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, mode)  # the umask may have narrowed what os.open was asked for


def _rename_to_free_name(tmp: str, target: str) -> str:
    """Rename `tmp` to the first of target, target-2, ... that does not exist: mkdir
    claims the name (it fails on anything there), the rename replaces that empty folder."""
    for n in range(1, 1000):
        candidate = target if n == 1 else f"{target}-{n}"
        try:
            os.mkdir(candidate, 0o700)
        except FileExistsError:
            continue
        try:
            os.rename(tmp, candidate)
        except OSError:
            os.rmdir(candidate)
            raise
        return candidate
    raise NestauditError(f"{target}: 999 folders of that name exist already")
