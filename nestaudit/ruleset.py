"""The rule set: the limitation catalogue, the built-in rules and any custom rule folders."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from nestaudit.derive import DERIVED
from nestaudit.engine import Rule
from nestaudit.errors import RuleError
from nestaudit.facts.registry import FACTS
from nestaudit.parsed import load_yaml
from nestaudit.resources import limitations_file, rules_dir
from nestaudit.rulefile import load_rules


class Limitation(NamedTuple):
    """One entry of the catalogue (spec/limitations.yaml; a copy ships in the package)."""

    id: str
    section: str
    kind: str
    gates_ready: bool
    violation: str | None
    statement: str


@cache
def catalogue() -> dict[str, Limitation]:
    path = limitations_file()
    try:
        entries = load_yaml(path.read_text("utf-8"))
        return {
            str(e["id"]): Limitation(
                id=str(e["id"]),
                section=str(e["section"]),
                kind=str(e["kind"]),
                gates_ready=bool(e.get("gates_ready", False)),
                violation=e.get("violation"),
                statement=" ".join(str(e["statement"]).split()),
            )
            for e in entries
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: not a valid limitation catalogue: {exc}") from exc


def known_facts() -> dict[str, str]:
    """Every fact name a rule may use, with its scope (host or domain)."""
    names = {name: spec.scope for name, spec in FACTS.items()}
    names.update({name: spec.scope for name, spec in DERIVED.items()})
    return names


def load(extra: Sequence[str | Path] = (), builtin: bool = True) -> tuple[Rule, ...]:
    """The built-in rules (unless `builtin` is False) plus the rules of `extra` folders."""
    paths = [rules_dir()] if builtin else []
    paths.extend(Path(p) for p in extra)
    return load_rules(paths, known_facts(), catalogue().keys())


@cache
def builtin_rules() -> tuple[Rule, ...]:
    return load()


def rules_version() -> str:
    """A short fingerprint of the built-in rule files, so reports say which rules judged."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(rules_dir().rglob("*.yaml")):
        digest.update(path.relative_to(rules_dir()).as_posix().encode())
        digest.update(path.read_bytes())
    from nestaudit import __version__

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
        lines.append(f"  remediation ({step.kind}{'; ' + who if who else ''}): {step.text.text}")
    lines.extend(f"  reference: section {ref.section}, {ref.url}" for ref in rule.references)
    return "\n".join(lines)
