"""The diff as JSON: `to_json(diff)`, valid against `schemas/diff.schema.json`.

Every host of either audit is listed, unchanged ones too (with `status: unchanged` and no
changes), so that a program reading it can tell "compared, nothing moved" from "not there".
"""

from __future__ import annotations

from typing import Any

from nestaudit.diff.model import ADDED, CHANGED, REMOVED, UNCHANGED, Diff, HostDiff, Side
from nestaudit.vocabulary import Word

DIFF_KIND = "nestaudit-diff"
DIFF_SCHEMA_VERSION = 1


def _word(value: Word | None) -> str | None:
    return None if value is None else value.value


def _pair(values: tuple[Any, Any]) -> dict[str, Any]:
    old, new = values
    if isinstance(old, Word) or isinstance(new, Word):
        return {"old": _word(old), "new": _word(new)}
    return {"old": old, "new": new}


def _side(side: Side) -> dict[str, Any]:
    return side._asdict()


def _host(h: HostDiff) -> dict[str, Any]:
    return {
        "host": h.name,
        "old_host": h.old_name,
        "new_host": h.new_name,
        "matched_by": h.matched_by,
        "status": h.status,
        "verdict": {
            "support": _pair(h.support),
            "ready": _pair(h.ready),
            "role": _pair(h.role),
        },
        "domains": [
            {"name": d.name, "change": d.change, "old": _word(d.old), "new": _word(d.new)}
            for d in h.domains
        ],
        "findings": [
            {
                "rule": f.rule,
                "limitation": f.limitation,
                "target": f.target,
                "title": f.title,
                "severity": f.severity.value,
                "change": f.change,
                "old": _word(f.old),
                "new": _word(f.new),
                "worse": f.worse,
            }
            for f in h.findings
        ],
        "worse": list(h.worse),
    }


def to_json(diff: Diff) -> dict[str, Any]:
    """The diff document (deterministic: hosts sorted by name, findings by rule and target)."""
    return {
        "schema_version": DIFF_SCHEMA_VERSION,
        "kind": DIFF_KIND,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "fail_on": diff.fail_on.value,
        "allow_unknown": diff.allow_unknown,
        "worse": diff.worse,
        "counts": {
            **{status: diff.count(status) for status in (CHANGED, UNCHANGED, ADDED, REMOVED)},
            "worse": sum(1 for h in diff.hosts if h.worse),
        },
        "hosts": [_host(h) for h in diff.hosts],
    }
