"""Read a waivers file: YAML, checked against schemas/waivers.schema.json.

Example:

    waivers:
      - rule: nested-persistent
        host: "lab-*.example.com"
        reason: Lab hosts are rebuilt nightly; nesting is set by the provisioning script.
        expires: 2026-12-31
        owner: virt-team
        ticket: CHG-1234

The file is someone's decision, so it is read as carefully as any input: a size cap, safe
YAML tags only, no anchors or aliases and a bounded depth (`engine.yamldoc`, as for rule
files), every key checked by the schema.
A problem is one `InputError` naming the file and the line.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from nestaudit.engine.yamldoc import Document, Problem, parse_document
from nestaudit.errors import InputError
from nestaudit.judge.assessment import Waiver
from nestaudit.resources import PACKAGE

MAX_BYTES = 1 << 20
"""A waivers file is a list someone keeps by hand: a megabyte is thousands of entries."""


class WaiverFile(NamedTuple):
    """The waivers of one file, in file order (the first that matches a finding applies),
    and the day their expiry is judged on."""

    name: str  # the file's name only: the report records it, and a path may name a person
    waivers: tuple[Waiver, ...]
    as_of: datetime.date


@cache
def schema() -> dict[str, Any]:
    text = (PACKAGE / "schemas" / "waivers.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def load_waivers(path: str, as_of: datetime.date) -> WaiverFile:
    """The waivers of the file at `path`, to be judged on `as_of`; InputError on any problem,
    naming the file and the line."""
    text = _read(path)
    problems: list[Problem] = []
    doc = parse_document(text, path, problems, use_index=False, loader_class=_loader())
    if doc is None or problems:
        raise InputError(str(min(problems, key=lambda p: p.line)))
    data = doc.data
    problem = _first_problem(doc, data)
    if problem is not None:
        raise InputError(str(problem))
    entries = data["waivers"]
    return WaiverFile(
        Path(path).name,
        tuple(_waiver(entry, doc.line(("waivers", i))) for i, entry in enumerate(entries)),
        as_of,
    )


def _read(path: str) -> str:
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such waivers file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:
        raise InputError(f"{path}: a waivers file is at most {MAX_BYTES // 1024} KiB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line}: not UTF-8 text") from None


@cache
def _loader() -> Any:
    """The safe loader with dates kept as written: `expires: 2026-12-31` unquoted is a date
    to YAML, and `2026-02-30` would stop PyYAML with no line to name; the schema and
    `_first_problem` judge the text instead."""
    from nestaudit.engine.parsed import safe_loader

    class Loader(safe_loader()):  # type: ignore[misc]
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
    return Loader


def _first_problem(doc: Document, data: Any) -> Problem | None:
    """The schema's first complaint by line, else a date that is no day of the calendar."""
    from jsonschema import Draft202012Validator

    if data is None:
        return Problem(doc.file, 1, "empty: expected a mapping with `waivers:`")
    found = []
    for error in Draft202012Validator(schema()).iter_errors(data):
        where = tuple(error.absolute_path)
        what = error.message
        if error.validator == "oneOf":
            what = "a waiver names a limitation or a rule (exactly one of them)"
        elif error.validator == "pattern" and where[-1:] == ("expires",):
            what = f"{error.instance!r} is not a date as YYYY-MM-DD"
        label = error.json_path.removeprefix("$.") if where else "the file"
        found.append(Problem(doc.file, doc.line(where), f"{label}: {what}"))
    if found:
        return min(found, key=lambda p: (p.line, p.what))
    for index, entry in enumerate(data["waivers"]):
        if not _is_day(entry["expires"]):
            where = ("waivers", index, "expires")
            return Problem(
                doc.file, doc.line(where), f"{entry['expires']!r} is not a day of the calendar"
            )
    return None


def _is_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _waiver(entry: dict[str, Any], line: int) -> Waiver:
    return Waiver(
        rule=entry.get("rule"),
        limitation=entry.get("limitation"),
        host=entry.get("host", "*"),
        target=entry.get("target", "*"),
        reason=" ".join(entry["reason"].split()),
        expires=entry["expires"],
        owner=entry.get("owner"),
        ticket=entry.get("ticket"),
        line=line,
    )
