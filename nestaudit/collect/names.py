"""File names that are not UTF-8, kept losslessly in a JSON bundle.

Linux file names are bytes; Python lists them as text with each byte that is not UTF-8
held as a lone surrogate (PEP 383), which no JSON encoder can write. Before a bundle is
written, every string holding such a byte is escaped: the byte becomes `\\xNN` and a
backslash `\\\\`, and the escaped string is listed under the bundle's `escaped_names`, so
a reader knows which strings to unescape (`unescape`) and nothing else is touched:

    /etc/modprobe.d/kvm\udcff.conf  ->  "/etc/modprobe.d/kvm\\xff.conf"

Standard library only, Python 3.9: the collector uses it on bare hosts.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\udc80-\udcff]")
_ESCAPE = re.compile(r"\\\\|\\x([0-9a-f]{2})")


def escape(text: str) -> str:
    """`text` with its undecodable bytes as \\xNN (and backslashes doubled); unchanged
    when it has none."""
    if not _SURROGATE.search(text):
        return text
    out = text.replace("\\", "\\\\")
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", out)


def unescape(text: str) -> bytes:
    """The bytes of an escaped name: the inverse of `escape` for a listed string."""
    parts: list[bytes] = []
    end = 0
    for match in _ESCAPE.finditer(text):
        parts.append(text[end:match.start()].encode("utf-8"))
        parts.append(bytes([int(match.group(1), 16)]) if match.group(1) else b"\\")
        end = match.end()
    parts.append(text[end:].encode("utf-8"))
    return b"".join(parts)


def escape_all(data: Any, escaped: set[str]) -> Any:
    """`data` (dicts, lists, strings) with every string escaped; adds what changed to
    `escaped`."""
    if isinstance(data, str):
        shown = escape(data)
        if shown is not data and shown != data:
            escaped.add(shown)
        return shown
    if isinstance(data, dict):
        return {escape_all(k, escaped): escape_all(v, escaped) for k, v in data.items()}
    if isinstance(data, list):
        return [escape_all(v, escaped) for v in data]
    return data
