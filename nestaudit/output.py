"""Write output files atomically: a temporary file beside the target, then a rename.

Standard library only (the collector writes bundles through it). A failure leaves the
target as it was: never half-written, never clobbered.
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


def write_bytes(path: str, data: bytes) -> None:
    """Write `data` to `path` atomically; "-" writes to standard output."""
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
    import tempfile  # here, not at the top: `check` writing to stdout never needs it

    try:
        fd, tmp = tempfile.mkstemp(prefix=".nestaudit-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise NestauditError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise NestauditError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def write_json(path: str, data: Any, compress: bool | None = None) -> None:
    """Write JSON; gzip it when the name ends in .gz (mtime 0, so output is reproducible)."""
    raw = dumps_json(data).encode("utf-8")
    if compress is None:
        compress = path.endswith(".gz")
    if compress:
        import gzip

        raw = gzip.compress(raw, mtime=0)
    write_bytes(path, raw)
