"""Read host paths through a root without ever leaving it, blocking, or changing anything.

Standard library only and Python 3.9 compatible. Every function returns a plain dict
(the bundle's evidence record) and never raises for a problem with one path.
"""

from __future__ import annotations

import base64
import errno
import os
import stat
from typing import Any

from nestaudit.collect.spec import MAX_LINKS

Record = dict[str, Any]  # an evidence record: {"status": ..., ...}


class ResolveError(Exception):
    """A path cannot be resolved: carries the probe status and the reason."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _status_of(exc: OSError) -> str:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "missing"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "denied"
    return "error"


def _reason_of(exc: OSError) -> str:
    return exc.strerror or str(exc)


def resolve(root: str, host_path: str) -> str:
    """Return the host path `host_path` resolves to, with links followed inside `root`.

    Links resolve as they would after `chroot root`: an absolute target starts again at
    the root and `..` never climbs above it, so nothing outside the root is ever read.
    The result is a host path (starting with "/") without symbolic links in it.
    Raises ResolveError for missing components, loops and unreadable directories.
    """
    pending = [p for p in host_path.split("/") if p]
    pending.reverse()
    done: list[str] = []
    links = 0
    while pending:
        part = pending.pop()
        if part == ".":
            continue
        if part == "..":
            if done:
                done.pop()
            continue
        candidate = "/" + "/".join(done + [part])
        try:
            st = os.lstat(_on_disk(root, candidate))
        except OSError as exc:
            raise ResolveError(_status_of(exc), _reason_of(exc)) from None
        if stat.S_ISLNK(st.st_mode):
            links += 1
            if links > MAX_LINKS:
                raise ResolveError("error", "too many levels of symbolic links (a link loop)")
            try:
                target = os.readlink(_on_disk(root, candidate))
            except OSError as exc:
                raise ResolveError(_status_of(exc), _reason_of(exc)) from None
            rest = [p for p in target.split("/") if p]
            rest.reverse()
            pending.extend(rest)
            if target.startswith("/"):
                done = []
            continue
        done.append(part)
    return "/" + "/".join(done)


def _on_disk(root: str, host_path: str) -> str:
    if root == "/":
        return host_path
    return root.rstrip("/") + host_path


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISREG, "file"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISCHR, "char"),
        (stat.S_ISBLK, "block"),
        (stat.S_ISFIFO, "fifo"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return "other"


def _encode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), "base64"


def read_file(root: str, host_path: str, cap: int) -> tuple[Record, str | None, int]:
    """Read one regular file; return (record, resolved host path or None, bytes stored).

    FIFOs, sockets and device nodes are reported as `not_regular` and never opened;
    O_NONBLOCK and O_NOFOLLOW guard against a file swapped for one between stat and open.
    """
    try:
        real = resolve(root, host_path)
    except ResolveError as exc:
        return {"status": exc.status, "reason": exc.reason}, None, 0
    on_disk = _on_disk(root, real)
    try:
        st = os.lstat(on_disk)
    except OSError as exc:
        return {"status": _status_of(exc), "reason": _reason_of(exc)}, real, 0
    if not stat.S_ISREG(st.st_mode):
        kind = _file_type(st.st_mode)
        return {"status": "not_regular", "reason": "is a " + kind, "type": kind}, real, 0
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(on_disk, flags)
    except OSError as exc:
        return {"status": _status_of(exc), "reason": _reason_of(exc)}, real, 0
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return {"status": "not_regular", "reason": "changed type while read"}, real, 0
        chunks = []
        size = 0
        while size <= cap:
            chunk = os.read(fd, min(1024 * 1024, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return {"status": _status_of(exc), "reason": _reason_of(exc)}, real, 0
    finally:
        os.close(fd)
    data = b"".join(chunks)
    record: Record = {"status": "ok"}
    if len(data) > cap:
        data = data[:cap]
        record = {
            "status": "too_large",
            "reason": f"larger than the cap of {cap} bytes; the first {cap} are kept",
            "truncated": True,
        }
    content, encoding = _encode(data)
    record.update({"content": content, "encoding": encoding, "size": len(data)})
    if real != host_path:
        record["resolved"] = real
    return record, real, len(data)


def list_dir(root: str, host_path: str) -> tuple[Record, str | None]:
    """List a directory's entries (names, sorted); return (record, resolved host path)."""
    try:
        real = resolve(root, host_path)
    except ResolveError as exc:
        return {"status": exc.status, "reason": exc.reason}, None
    try:
        st = os.lstat(_on_disk(root, real))
        if not stat.S_ISDIR(st.st_mode):
            kind = _file_type(st.st_mode)
            return {"status": "not_regular", "reason": "is a " + kind, "type": kind}, real
        entries = sorted(os.listdir(_on_disk(root, real)))
    except OSError as exc:
        return {"status": _status_of(exc), "reason": _reason_of(exc)}, real
    record: Record = {"status": "ok", "entries": entries}
    if real != host_path:
        record["resolved"] = real
    return record, real


def stat_path(root: str, host_path: str) -> Record:
    """Describe a path from stat alone (used for /dev/kvm: never opened)."""
    try:
        real = resolve(root, host_path)
        st = os.stat(_on_disk(root, real))
    except ResolveError as exc:
        return {"status": exc.status, "reason": exc.reason}
    except OSError as exc:
        return {"status": _status_of(exc), "reason": _reason_of(exc)}
    record: Any = {
        "status": "ok",
        "type": _file_type(st.st_mode),
        "mode": f"{stat.S_IMODE(st.st_mode):04o}",
    }
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        record["rdev"] = f"{os.major(st.st_rdev)}:{os.minor(st.st_rdev)}"
    return dict(record)
