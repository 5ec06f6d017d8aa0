"""Render the fact model for `nestaudit facts`: JSON-ready dicts and grouped text.

JSON convention: an UNKNOWN fact is `null` AND its name is listed in the sibling
`"unknown"` list (a fact whose value may legitimately be None, such as `kvm.module` on
aarch64, is `null` without being listed). Versions are strings ("9.6").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nestaudit.facts.model import EvidenceKey, HostFacts, unknown_names
from nestaudit.values import UNKNOWN, Version


def json_value(value: object) -> Any:
    """A fact value as JSON: UNKNOWN -> None, Version -> str, lists copied."""
    if value is UNKNOWN:
        return None
    if isinstance(value, Version):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def _evidence_json(
    evidence: Mapping[EvidenceKey, Any], domain: str | None
) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for (name, dom), items in sorted(evidence.items(), key=lambda kv: kv[0][0]):
        if dom == domain:
            out[name] = [{"source": e.source, "excerpt": e.excerpt} for e in items]
    return out


def to_json(facts: HostFacts) -> dict[str, Any]:
    """The whole model as a JSON-ready dict (deterministic: sorted names and domains)."""
    values = facts.values()
    domains = []
    for dom in facts.domains:
        dvalues = dom.values()
        domains.append({
            "name": dom.name,
            "facts": {k: json_value(v) for k, v in sorted(dvalues.items())},
            "unknown": unknown_names(dvalues),
            "evidence": _evidence_json(facts.evidence_map, dom.name),
        })
    return {
        "origin": facts.origin,
        "bundle_sha256": facts.bundle_sha256,
        "collected_at": facts.collected_at,
        "facts": {k: json_value(v) for k, v in sorted(values.items())},
        "unknown": unknown_names(values),
        "evidence": _evidence_json(facts.evidence_map, None),
        "domains": domains,
        "problems": list(facts.problems),
    }


def text_value(value: object) -> str:
    """A fact value for people: "unknown", "none", "yes"/"no", lists comma-separated."""
    if value is UNKNOWN:
        return "unknown"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "(none)"
    if value == "":
        return '""'
    return str(value)


def to_text(facts: HostFacts, evidence: bool = False) -> str:
    """Human-readable facts grouped by prefix (host, cpu, os, kvm, virt, domains), then
    one block per domain. With `evidence`, each fact is followed by where it came from."""
    lines = [f"Facts from {facts.origin or 'bundle'} (collected {facts.collected_at})"]
    groups: dict[str, dict[str, object]] = {}
    for name, value in facts.values().items():
        groups.setdefault(name.split(".", 1)[0], {})[name] = value

    def emit(values: Mapping[str, object], domain: str | None, indent: str) -> None:
        width = max((len(k) for k in values), default=0)
        for name, value in values.items():
            lines.append(f"{indent}{name.ljust(width)}  {text_value(value)}")
            if evidence:
                lines.extend(
                    f"{indent}{' ' * width}    <- {item.source}: {item.excerpt}"
                    for item in facts.evidence(name, domain)
                )

    for group, values in groups.items():
        lines.append("")
        lines.append(f"[{group}]")
        emit(values, None, "  ")
    for dom in facts.domains:
        lines.append("")
        lines.append(f"[domain {dom.name}]")
        emit(dom.values(), dom.name, "  ")
    if facts.problems:
        lines.append("")
        lines.append("[problems]")
        lines.extend(f"  {p}" for p in facts.problems)
    return "\n".join(lines) + "\n"
