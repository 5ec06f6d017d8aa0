"""Rule sets: rule folders loaded against a fact vocabulary, their fingerprint, their reading."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from nestaudit import __version__
from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.model import Rule
from nestaudit.engine.rulefile import load_rules
from nestaudit.resources import rules_dir


def load(paths: Sequence[str | Path], known_facts: Mapping[str, str]) -> tuple[Rule, ...]:
    """Every rule of `paths` (rule files or folders), checked against `known_facts` (fact
    name -> scope) and the catalogue's IDs; RuleError lists every problem."""
    return load_rules([Path(p) for p in paths], known_facts, catalogue().keys())


@cache
@cache
def rules_version() -> str:
    """A short fingerprint of the built-in rule files, so reports say which rules judged.
    Once per process: a fleet judges thousands of hosts with the same rules."""
    digest = hashlib.sha256()
    base = rules_dir()
    for path in sorted(base.rglob("*.yaml")):
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def describe(rule: Rule) -> str:
    """A rule in full, for `nestaudit rules show`."""
    limitation = catalogue().get(rule.limitation)
    lines = [
        f"{rule.id}: {rule.title}",
        f"  limitation: {rule.limitation}"
        + (f" ({limitation.kind}, section {limitation.section})" if limitation else ""),
        f"  scope: {rule.scope}   severity: {rule.severity}   on violation: {rule.on_violation}",
        f"  defined in: {rule.where}",
    ]
    if limitation:
        lines.append(f"  catalogue: {limitation.statement}")
    if rule.applies is not None:
        lines.append(f"  applies when: {rule.applies.describe()}")
    lines.append(f"  violated when: {rule.violated.describe()}")
    if rule.reading:
        lines.append(f"  reading: {rule.reading}")
    lines.append("  facts: " + ", ".join(rule.needed_order))
    for step in rule.remediation:
        who = ", ".join(x for x in (step.vendor, step.arch) if x)
        lines.append(f"  remediation ({step.kind}{'; ' + who if who else ''}): {step.summary}")
    lines.extend(f"  reference: section {ref.section}, {ref.url}" for ref in rule.references)
    return "\n".join(lines)
