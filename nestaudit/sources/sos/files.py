"""Files of a sosreport folder, read by the collector's rules (collect/probe.py): links
resolved inside the folder, only regular files opened, non-blocking, never past a cap. A
FIFO, a device or a link to /dev/zero where sos writes a file is unreadable, not a hang."""

from __future__ import annotations

import base64
from pathlib import Path

from nestaudit.collect.probe import read_file


def read_member(root: Path, relative: str, cap: int, *, whole: bool = False) -> str | None:
    """The text of `relative` inside the sosreport at `root` (bytes that are not UTF-8
    replaced), or None when it is absent, not a regular file or unreadable. A file over
    `cap` bytes gives its first `cap` bytes, or None when `whole` asks for all of it."""
    record, _, _ = read_file(str(root), "/" + relative.lstrip("/"), cap)
    if record["status"] not in ("ok", "too_large") or (whole and record["status"] != "ok"):
        return None
    content = str(record["content"])
    if record["encoding"] == "base64":
        return base64.b64decode(content).decode("utf-8", errors="replace")
    return content
