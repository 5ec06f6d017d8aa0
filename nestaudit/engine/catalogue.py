"""The limitation catalogue: every statement of the chapter a host can violate, by stable ID.

The package ships a copy of the shared `spec/limitations.yaml` (`nestaudit/data/`);
tests/test_corpus_copy.py fails when the copy drifts from the original.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from nestaudit.engine.parsed import load_yaml
from nestaudit.errors import RuleError
from nestaudit.resources import limitations_file
from nestaudit.vocabulary import SupportClass


class Limitation(NamedTuple):
    """One entry of the catalogue."""

    id: str
    section: str
    kind: str
    gates_ready: bool
    violation: SupportClass | None
    statement: str


@cache
def catalogue() -> dict[str, Limitation]:
    """The shipped catalogue by ID; a malformed file is a RuleError naming it."""
    path = limitations_file()
    try:
        entries = load_yaml(path.read_text("utf-8"))
        return {
            str(e["id"]): Limitation(
                id=str(e["id"]),
                section=str(e["section"]),
                kind=str(e["kind"]),
                gates_ready=bool(e.get("gates_ready", False)),
                violation=SupportClass(e["violation"]) if e.get("violation") else None,
                statement=" ".join(str(e["statement"]).split()),
            )
            for e in entries
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: not a valid limitation catalogue: {exc}") from exc
