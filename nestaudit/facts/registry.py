"""The registry of every fact: name, type, scope, source, when it is unknown, and meaning.

Each fact group lists its facts beside the code that reads them (`host.SPECS`, ...); this
assembles them in the order docs/facts.md shows. Rules may only name facts listed here (and
those judging derives, `nestaudit.judge.registry`); tools/regenerate.py writes docs/facts.md
from both, and a test keeps the registry in step with `values()`.
"""

from __future__ import annotations

from nestaudit.facts import cpu, domain, host, kvm, os, virt
from nestaudit.facts.factspec import FactSpec

__all__ = ["FACTS", "FactSpec", "names"]

FACTS: dict[str, FactSpec] = {
    spec.name: spec for group in (host, cpu, os, kvm, virt, domain) for spec in group.SPECS
}


def names(scope: str) -> set[str]:
    """The fact names of one scope (host | domain)."""
    return {name for name, spec in FACTS.items() if spec.scope == scope}
