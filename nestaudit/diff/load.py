"""One side of a diff: whatever the user named, as an Assessment.

A JSON report or a `fleet.json` (a report-contract document with a fleet summary beside
it) is read back with `report.from_json` after the shipped report schema accepts it;
anything else (a bundle, a host root, a sosreport) is judged here, as `check` would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from nestaudit import bundle as bundle_mod
from nestaudit.collect import BUNDLE_KIND
from nestaudit.diff.model import Side
from nestaudit.engine.model import Rule
from nestaudit.errors import InputError
from nestaudit.inputs import is_archive, load_input
from nestaudit.judge.assessment import Assessment
from nestaudit.report import REPORT_SCHEMA_VERSION, from_json
from nestaudit.resources import PACKAGE
from nestaudit.schemas import is_valid_fast
from nestaudit.topology import Topology

WHAT = "bundle, JSON report or fleet.json"


def load_side(
    name: str, rules: Sequence[Rule] | None, topology: Topology
) -> tuple[Side, Assessment]:
    """The audit `name` holds, and what it was; InputError (or BundleError) names it."""
    path = Path(name)
    if path.is_file() and not is_archive(path):
        data = bundle_mod.read_json(path, WHAT)
        if isinstance(data, Mapping) and data.get("kind") == BUNDLE_KIND:
            return _judged(bundle_mod.from_data(data, name), "bundle", rules, topology)
        if isinstance(data, Mapping) and "hosts" in data:
            assessment = read_report(data, name)
            kind = "fleet" if "fleet" in data else "report"
            return _side(name, kind, assessment), assessment
        raise InputError(f"{name}: not a nestaudit {WHAT} (no bundle kind, no hosts)")
    loaded = load_input(name)
    return _judged(loaded, str(loaded.source["type"]), rules, topology)


def _judged(
    loaded: bundle_mod.Bundle, kind: str, rules: Sequence[Rule] | None, topology: Topology
) -> tuple[Side, Assessment]:
    from nestaudit.judge import assess

    assessment = assess([loaded], rules, topology)
    return _side(loaded.origin, kind, assessment), assessment


def _side(origin: str, kind: str, assessment: Assessment) -> Side:
    return Side(origin, kind, assessment.tool, assessment.rules_version, len(assessment.hosts))


def _schema_errors(data: Mapping[str, Any]) -> list[str]:
    """Every report-schema error, sorted by path: jsonschema says where, once the compiled
    validator (ten times faster on a large fleet.json) has said no."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(_report_schema())
    return sorted(
        f"{e.json_path}: {' '.join(e.message.split())[:200]}" for e in validator.iter_errors(data)
    )


@cache
def _report_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (PACKAGE / "schemas" / "report.schema.json").read_text("utf-8")
    )
    return loaded


def read_report(data: Mapping[str, Any], origin: str) -> Assessment:
    """A JSON report (or fleet.json) as an Assessment, once the report schema accepts it."""
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool):
        if version > REPORT_SCHEMA_VERSION:
            raise InputError(
                f"{origin}: report schema version {version} is newer than this nestaudit "
                f"reads ({REPORT_SCHEMA_VERSION}); upgrade nestaudit"
            )
    errors = [] if is_valid_fast("report", data) else _schema_errors(data)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{origin}: invalid JSON report: {errors[0]}{more}")
    return from_json(data, origin)
