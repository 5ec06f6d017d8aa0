"""What the tests judge with: bundles in, the JSON report (or the Assessment) out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nestaudit.bundle import Bundle
from nestaudit.judge import assess
from nestaudit.judge.assessment import Assessment
from nestaudit.judge.registry import load_rules
from nestaudit.render import OutputFormat
from nestaudit.render import render as render_assessment
from nestaudit.report import from_json, to_json
from nestaudit.topology import NO_TOPOLOGY, load_topology


def assessment_of(
    bundles: Sequence[Bundle], extra_rules: Sequence[str] = (), topology: str | None = None
) -> Assessment:
    """Judge `bundles` as `nestaudit check` does (`--rules`, `--topology` as given)."""
    rules = load_rules(extra_rules) if extra_rules else None
    return assess(bundles, rules, load_topology(topology) if topology else NO_TOPOLOGY)


def build_report(
    bundles: Sequence[Bundle], extra_rules: Sequence[str] = (), topology: str | None = None
) -> dict[str, Any]:
    """The JSON report `nestaudit check --format json` prints for `bundles`."""
    return to_json(assessment_of(bundles, extra_rules, topology))


def reread(report: dict[str, Any]) -> Assessment:
    """A JSON report (hand-made, or changed by a test) read back for rendering."""
    return from_json(report, "test report")


def render(report: dict[str, Any], fmt: OutputFormat, **options: Any) -> bytes:
    """Render a JSON report (hand-made, or changed by a test) in `fmt`."""
    return render_assessment(reread(report), fmt, **options)
