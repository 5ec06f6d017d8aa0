"""The redaction mapping file: the secret that keys every label, and the table of labels
given (label -> kind and, unless asked not to, the original) for the user's own reference.

    {"kind": "nestaudit-redaction-mapping", "version": 1, "secret": "<64 hex digits>",
     "labels": {"host-1a2b3c4d": {"kind": "hostname", "original": "node1"}}}

It holds the originals, so it is written atomically and readable by its owner only.
"""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import Any

from nestaudit.errors import InputError
from nestaudit.limits import MAX_BUNDLE_BYTES, LimitError, check_json_depth, read_regular
from nestaudit.output import file_mode, replace_file

MAPPING_KIND = "nestaudit-redaction-mapping"
MAPPING_VERSION = 1


def new_mapping() -> dict[str, Any]:
    """A mapping with a fresh random secret and no labels yet."""
    return {
        "kind": MAPPING_KIND,
        "version": MAPPING_VERSION,
        "secret": secrets.token_hex(32),
        "labels": {},
    }


def read_mapping(path: Path) -> dict[str, Any]:
    """The mapping in the file at `path`; InputError naming it when it is not one."""
    try:
        text = read_regular(path, MAX_BUNDLE_BYTES).decode("utf-8")
        check_json_depth(text)
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, LimitError) as exc:
        raise InputError(f"{path}: cannot read the redaction mapping: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not a redaction mapping: invalid JSON at line {exc.lineno}"
        ) from exc
    if (
        not isinstance(data, dict)
        or data.get("kind") != MAPPING_KIND
        or not isinstance(data.get("secret"), str)
        or not re.fullmatch(r"[0-9a-f]{64}", data["secret"])
        or not isinstance(data.get("labels", {}), dict)
    ):
        raise InputError(
            f"{path}: not a nestaudit redaction mapping (needs \"kind\": \"{MAPPING_KIND}\" "
            f"and a 64-hex-digit \"secret\")"
        )
    return data


def _write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by its owner only."""
    try:
        existing: int | None = path.stat().st_mode
    except OSError:
        existing = None
    try:
        replace_file(str(path), text.encode("utf-8"), file_mode(True, existing))
    except OSError as exc:
        raise InputError(
            f"{path}: cannot write the redaction mapping: {exc.strerror or exc}"
        ) from exc


def write_mapping(path: Path, mapping: dict[str, Any]) -> None:
    """Write `mapping` to `path` (mode 0600)."""
    _write_private(path, json.dumps(mapping, indent=2, sort_keys=True) + "\n")
