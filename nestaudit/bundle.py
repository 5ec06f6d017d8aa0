"""The bundle: the versioned contract between a host and an analyst.

Loads `.json` and `.json.gz` bundles, validates them against the shipped JSON Schema and
gives the later stages a small read API over the raw evidence (aliases followed, base64
decoded). Refuses, with one line naming the file, anything that is not a bundle this
version can read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from nestaudit import limits
from nestaudit.collect import BUNDLE_KIND, SCHEMA_VERSION
from nestaudit.errors import BundleError
from nestaudit.resources import PACKAGE

OK = "ok"


@cache
def schema() -> dict[str, Any]:
    text = (PACKAGE / "schemas" / "bundle.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validation_errors(data: Any) -> list[str]:
    """Every schema error as "<json path>: <message>", sorted by path."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = [f"{e.json_path}: {_clipped(e.message)}" for e in validator.iter_errors(data)]
    return sorted(errors)


def _clipped(message: str, limit: int = 200) -> str:
    """A schema message on one line and short: it may quote a whole file's content."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def canonical_sha256(data: Any, *, valid_bundle: bool = False) -> str:
    """SHA-256 of canonical JSON (UTF-8, sorted keys, no insignificant white space).
    `valid_bundle`: `data` passed the bundle schema (so floats can only be where it
    allows numbers)."""
    return hashlib.sha256(canonical_bytes(data, valid_bundle=valid_bundle)).hexdigest()


def canonical_bytes(data: Any, *, valid_bundle: bool = False) -> bytes:
    """Canonical JSON: orjson's compact sorted output is byte for byte json.dumps's with
    sort_keys, separators (",", ":") and ensure_ascii off, for the strings, integers,
    booleans and nulls a bundle holds, five times faster; json.dumps for what orjson
    refuses (integers past 64 bits, strings with lone surrogates) or may spell otherwise
    (floats)."""
    floats = _bundle_has_float(data) if valid_bundle else _has_float(data)
    if not floats:
        try:
            import orjson

            return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        except (ImportError, TypeError):  # orjson.JSONEncodeError is a TypeError
            pass
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return raw.encode("utf-8", errors="surrogatepass")


def _has_float(data: Any) -> bool:
    """Whether a float is anywhere in `data` (a live bundle's command durations are)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            return True
    return False


# Sections of a valid bundle whose records hold strings, booleans, lists of strings and
# one integer, `size` (which JSON Schema lets be written 5.0): only it can be a float.
_FLAT_SECTIONS = ("files", "dirs", "stats")


def _bundle_has_float(data: dict[str, Any]) -> bool:
    """_has_float for a validated bundle, without walking every file's lines and every
    folder's entries: thousands of bundles are hashed in a fleet."""
    for key, value in data.items():
        if key in _FLAT_SECTIONS and isinstance(value, dict):
            if any(type(r.get("size")) is float for r in value.values()):
                return True
        elif _has_float(value):
            return True
    return False


class Bundle:
    """A validated bundle and where it came from. `data` is the JSON document.

    A plain class, not a dataclass: `check` would pay for importing `dataclasses`."""

    __slots__ = ("_sha256", "data", "origin")

    def __init__(self, data: dict[str, Any], origin: str) -> None:
        self.data = data
        self.origin = origin
        self._sha256: str | None = None

    def __repr__(self) -> str:
        return f"Bundle(origin={self.origin!r})"

    @property
    def sha256(self) -> str:
        # Once per bundle: hashing the canonical JSON of a large host takes milliseconds.
        if self._sha256 is None:
            self._sha256 = canonical_sha256(self.data, valid_bundle=True)
        return self._sha256

    @property
    def collected_at(self) -> str:
        return str(self.data["collected_at"])

    @property
    def evidence_time(self) -> str | None:
        """When the evidence was taken (UTC), None when not known: a sosreport's is when sos
        ran (`source.sos`), never when nestaudit read it; every other bundle's is
        `collected_at`."""
        if self.source.get("type") != "sosreport":
            return self.collected_at
        sos = self.source.get("sos")
        return str(sos["collected_at"]) if isinstance(sos, dict) and sos.get(
            "collected_at") else None

    @property
    def sos_run(self) -> dict[str, Any] | None:
        """The `source.sos` record of a sosreport's bundle, None for other bundles."""
        sos = self.source.get("sos") if self.source.get("type") == "sosreport" else None
        return sos if isinstance(sos, dict) else None

    @property
    def source(self) -> dict[str, Any]:
        source: dict[str, Any] = self.data["source"]
        return source

    def file_record(self, path: str) -> dict[str, Any] | None:
        """The evidence record of a host path, following `alias_of`; None if never probed."""
        files: dict[str, Any] = self.data["files"]
        record = files.get(path)
        seen = {path}
        while record is not None and "alias_of" in record:
            target = record["alias_of"]
            if target in seen:
                return None
            seen.add(target)
            record = files.get(target)
        return record

    def status(self, path: str) -> str | None:
        record = self.data["files"].get(path)
        return None if record is None else str(record["status"])

    def text(self, path: str) -> str | None:
        """The content of a file read completely (`ok`), as text; None otherwise."""
        record = self.file_record(path)
        if record is None or record["status"] != OK or "content" not in record:
            return None
        content = str(record["content"])
        if record.get("encoding") == "base64":
            try:
                return base64.b64decode(content, validate=True).decode("utf-8", errors="replace")
            except (binascii.Error, ValueError):
                return None  # not base64 after all: the content is unusable, so unknown
        return content

    def dir_record(self, path: str) -> dict[str, Any] | None:
        dirs: dict[str, Any] = self.data["dirs"]
        record = dirs.get(path)
        if record is not None and "alias_of" in record:
            record = dirs.get(record["alias_of"])
        return record

    def dir_entries(self, path: str) -> list[str] | None:
        """The names listed in a globbed directory, or None when it could not be listed."""
        record = self.dir_record(path)
        if record is None or record["status"] != OK:
            return None
        return list(record.get("entries", []))

    def dir_path(self, path: str) -> str:
        """The host path under which a (possibly aliased) directory's files are stored."""
        record = self.data["dirs"].get(path)
        if record is not None and "alias_of" in record:
            return str(record["alias_of"])
        return path

    def stat(self, path: str) -> dict[str, Any] | None:
        record: dict[str, Any] | None = self.data["stats"].get(path)
        return record

    def command(self, name: str) -> dict[str, Any] | None:
        record: dict[str, Any] | None = self.data["commands"].get(name)
        return record

    def probe_counts(self) -> dict[str, int]:
        """How many probes (files, directories, stats, commands) ended in each status."""
        counts: dict[str, int] = {}
        for section in ("files", "dirs", "stats", "commands"):
            for record in self.data[section].values():
                counts[record["status"]] = counts.get(record["status"], 0) + 1
        return dict(sorted(counts.items()))


def _valid_fast(data: Any) -> bool:
    """jsonschema-rs when installed (fifty times faster than the compiled validator on a
    large bundle, which matters when a fleet is judged), else the compiled validator
    (about ten times faster than jsonschema). Either only says yes or no; on a no,
    jsonschema reports every error, sorted by path."""
    valid = _valid_rust(data)
    if valid is not None:
        return valid
    from nestaudit.schemas import is_valid_fast

    return is_valid_fast("bundle", data)


def _valid_rust(data: Any) -> bool | None:
    """jsonschema-rs's answer; None without it, or for a value Rust cannot take (a lone
    surrogate, a huge integer)."""
    validator = _rust_validator()
    if validator is None:
        return None
    try:
        return bool(validator.is_valid(data))
    except (ValueError, TypeError, OverflowError):
        return None


@cache
def _rust_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(schema())


# The parts of a bundle its schema leaves open (any JSON may sit under them): the only
# places where a valid bundle nests deeper than the four levels the schema lays down.
_OPEN_PARTS = ("collector", "host", "redaction", "source")


def from_data(data: Any, origin: str, *, measured: bool = True) -> Bundle:
    """Validate a decoded JSON document as a bundle; raise BundleError naming `origin`.
    `measured`: its depth is known to be within the limit. If not, a document the schema
    accepts has only its open parts measured (a fifth of the time a walk of the whole
    takes), any other is measured whole, first, as `read_json` would have."""
    valid = None
    if not measured:
        valid = _valid_rust(data)  # bounded by the schema's depth, not the document's
        _measure([data.get(part) for part in _OPEN_PARTS] if valid else data, origin)
    if not isinstance(data, dict) or data.get("kind") != BUNDLE_KIND:
        raise BundleError(f'{origin}: not a nestaudit bundle (no "kind": "{BUNDLE_KIND}")')
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleError(f"{origin}: not a nestaudit bundle (schema_version is not a number)")
    if version > SCHEMA_VERSION:
        raise BundleError(
            f"{origin}: bundle schema version {version} is newer than this nestaudit reads "
            f"({SCHEMA_VERSION}); upgrade nestaudit"
        )
    if valid is None:
        valid = _valid_fast(data)
    errors = [] if valid else validation_errors(data)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise BundleError(f"{origin}: invalid bundle: {errors[0]}{more}")
    return Bundle(data=data, origin=origin)


def _measure(value: object, origin: str) -> None:
    """The depth limit, for `value` or (a list of the open parts, one level for the root
    object) a valid bundle: over the limit exactly when the whole document is."""
    try:
        limits.check_value_depth(value)
    except limits.LimitError as exc:
        raise BundleError(f"{origin}: not a bundle: {exc}") from None


def _decoded(raw: bytes, measure: bool = True) -> tuple[Any, bool]:
    """The JSON document in `raw`, and whether its depth was checked against the limit.
    orjson decodes in half json's time and refuses 1024 levels itself, so its document is
    measured once decoded (unless `measure` is off: the caller does it); json reads what
    orjson refuses (NaN, integers past 64 bits, lone surrogates) and words the errors, and
    is given text only once its depth is checked (its recursion runs out)."""
    try:
        import orjson

        data = orjson.loads(raw)
    except (ImportError, ValueError):
        text = raw.decode("utf-8")
        limits.check_json_depth(text)
        return json.loads(text), True
    if measure:
        limits.check_value_depth(data)
    return data, measure


def load(path: str | Path) -> Bundle:
    """Read and validate a bundle file (`.json` or gzip-compressed, by content)."""
    data, measured = _read(path, "bundle", measure=False)  # from_data measures it
    return from_data(data, str(path), measured=measured)


def read_json(path: str | Path, what: str = "bundle") -> Any:
    """The JSON document in a file, gzip-compressed or not (by content); BundleError names
    the file and says it is not a `what` when it cannot be read. Within the limits of
    nestaudit/limits.py: a regular file, its size and gunzipped size capped, its JSON depth
    checked."""
    return _read(path, what, measure=True)[0]


def _read(path: str | Path, what: str, *, measure: bool) -> tuple[Any, bool]:
    name = str(path)
    try:
        raw = limits.read_regular(path, limits.MAX_BUNDLE_BYTES)
        if raw[:2] == b"\x1f\x8b":
            raw = limits.gunzip(raw, limits.MAX_BUNDLE_BYTES)
        return _decoded(raw, measure)
    except FileNotFoundError:
        raise BundleError(f"{name}: no such file") from None
    except UnicodeDecodeError:
        raise BundleError(f"{name}: not a {what}: the file is not UTF-8 text") from None
    except limits.LimitError as exc:
        raise BundleError(f"{name}: not a {what}: {exc}") from None
    except OSError as exc:
        raise BundleError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise BundleError(
            f"{name}: not a {what}: invalid JSON at line {exc.lineno} column {exc.colno}: "
            f"{exc.msg}"
        ) from None
