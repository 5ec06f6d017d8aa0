"""The one sanitizer for text that reaches a terminal.

Host data (domain names, file contents, DMI strings, command output) is written by
whoever controls the host. Printed raw, an ESC sequence can clear the screen, retitle
the terminal or rewrite what the reader sees; a bidi override (U+202E) can make a
command read differently from what it runs. Every verb passes every host-derived string
through `safe()` before it is printed; nestaudit's own colours are added afterwards.

Controls are shown escaped, never emitted or dropped, so the reader sees that they are
there: ESC becomes `\\x1b`, U+202E becomes `\\u202e`. A backslash is left alone: it is
printable and escaping it would make ordinary Windows paths unreadable.
"""

from __future__ import annotations

import json
import re

# C0 controls but TAB and LF, DEL, C1 controls (U+0080-U+009F; U+009B is a one-byte CSI),
# the bidi embeddings, overrides and isolates, the zero-width and directional marks,
# the line and paragraph separators and the byte-order mark.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)
# The same without LF: for one-line fields (a name, a title) a newline is a forgery too.
_UNSAFE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: str) -> str:
    """`text` with every terminal control shown escaped; TAB and LF kept."""
    return _UNSAFE.sub(_escaped, text)


def safe_line(text: str) -> str:
    """`text` for a one-line field: controls, TAB and LF shown escaped."""
    return _UNSAFE_LINE.sub(_escaped, text)


def json_escape(text: str) -> str:
    """`text` for JSON printed on a terminal: JSON escapes controls already (as \\u001b);
    this also escapes the bidi and zero-width characters JSON leaves as they are."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_json(value: object, *, indent: int | None = 2) -> str:
    """`value` as JSON text that is safe to print on a terminal and still valid JSON."""
    return json_escape(json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=False))
