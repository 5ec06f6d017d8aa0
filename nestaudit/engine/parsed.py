"""Parsed copies of the YAML files nestaudit ships, looked up by the SHA-256 of their bytes.

Importing PyYAML and parsing the rule files, the support tables and the limitation catalogue
costs about 50 ms, a tenth of what `nestaudit check` may take on a large host. The package
therefore carries `data/parsed.json`: for each YAML file it ships, the hash of the file's
bytes and what parsing it gives (the data, the line each rule starts on, and the text of
plain float literals such as `9.10`, which rules compare as versions).

A reader hashes the text it is about to parse and uses the stored result only when the hash
is in the index, so an edited rule file, a custom rule folder or any file the index never saw
is parsed with PyYAML as before: the index can make loading faster, never different. Only
files that parse without a problem are indexed; `rulefile` parses again with PyYAML whenever
a rule built from the index has a problem, so every error still names its exact line.

`tools/regenerate.py` builds the index; `tests/test_parsed_index.py` fails when it no longer
matches the shipped files.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from nestaudit.resources import PACKAGE

INDEX = PACKAGE / "data" / "parsed.json"
FORMAT = 1


def digest(text: str) -> str:
    """The key of `text` in the index: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _index() -> dict[str, dict[str, Any]]:
    try:
        loaded = json.loads(INDEX.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # no index (or a damaged one): everything is parsed with PyYAML
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        return {}
    entries = loaded.get("files")
    return entries if isinstance(entries, dict) else {}


def lookup(text: str) -> dict[str, Any] | None:
    """The stored parse of `text` ({"data", "rule_lines", "floats"}), or None.

    Shared, not copied (a copy of every entry cost `check` about 2 ms): callers read it and
    never change it, as tests/test_parsed_index.py checks for every loader."""
    entry: dict[str, Any] | None = _index().get(digest(text))
    return entry


def load_yaml(text: str) -> Any:
    """`yaml.load(text, Loader=CSafeLoader)`, from the index when `text` is in it.

    Malformed YAML raises ValueError with a one-line "line N: what" message, so callers
    need not import PyYAML.
    """
    entry = lookup(text)
    if entry is not None:
        return entry["data"]
    import yaml

    try:
        return load_yaml_uncached(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(err, "problem", None) or (str(err).splitlines() or ["malformed YAML"])[0]
        raise ValueError(f"malformed YAML: {where}{problem}") from err


def load_yaml_uncached(text: str) -> Any:
    """PyYAML's parse of `text`, never the index's (what the index is built from)."""
    import yaml

    return yaml.load(text, Loader=safe_loader())


def safe_loader() -> Any:
    """PyYAML's libyaml-based safe loader where the wheel has it, else the pure-Python one."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
