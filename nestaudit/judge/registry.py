"""Every fact a rule may use, and the rule set checked against them.

The parsers' facts are registered in `nestaudit.facts.registry`; judging adds the facts it
derives (placement in the tables, chain links, the final verdict), registered beside the
code that makes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from nestaudit.engine import ruleset
from nestaudit.engine.model import Rule
from nestaudit.facts.registry import FACTS, FactSpec
from nestaudit.judge.derive import DERIVED
from nestaudit.judge.link import CHAIN_FACTS
from nestaudit.judge.roles import ROLE_FACTS
from nestaudit.judge.verdict import VERDICT_FACT
from nestaudit.resources import rules_dir


def judged_facts() -> dict[str, FactSpec]:
    """The facts judging derives, by name."""
    return {**DERIVED, **ROLE_FACTS, **CHAIN_FACTS, VERDICT_FACT.name: VERDICT_FACT}


def known_facts() -> dict[str, str]:
    """Every fact name a rule may use, with its scope (host or domain)."""
    names = {name: spec.scope for name, spec in FACTS.items()}
    names.update({name: spec.scope for name, spec in judged_facts().items()})
    return names


def load_rules(extra: Sequence[str | Path] = (), builtin: bool = True) -> tuple[Rule, ...]:
    """The built-in rules (unless `builtin` is False) plus the rules of `extra` folders."""
    paths: list[str | Path] = [rules_dir()] if builtin else []
    paths.extend(extra)
    return ruleset.load(paths, known_facts())


@cache
def builtin_rules() -> tuple[Rule, ...]:
    return load_rules()
