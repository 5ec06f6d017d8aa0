"""Findings remembered across hosts: a fleet's hosts mostly share the facts a rule reads.

A rule's finding is a function of the values of the facts it reads (`Rule.needed`, and the
CPU vendor and architecture that pick its steps), their evidence and, when a message or
step names it or no template words the outcome, its target. Measured on the fleet
benchmark's 1,000 bundles: 37,792 findings, 1,668 of them distinct. So a finding is looked
up by those before it is made; one whose message says what the evidence lacked (worded
for the bundle's kind of source, which the key does not hold) is never remembered.

Each value is keyed with its type: 1, 1.0 and True are equal in a Python dict key, but not
to a rule's condition.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from nestaudit.engine.model import Finding, Rule
from nestaudit.engine.templates import TARGET

STEP_FACTS = ("cpu.vendor", "host.arch")
"""Facts that pick a rule's remediation steps besides those the steps name."""

MEMO_SIZE = 20_000
"""Findings kept (about 30 MB); the memo starts again empty when full."""

# How a finding's message was made, which says what else it depends on.
TEMPLATE = "template"  # a rule's template: the key's facts and, if named, the target
TARGETED = "targeted"  # the engine's own words about the target
HOST_WORDS = "host"  # what the evidence lacked, in words for the bundle's kind of source


def frozen(value: object) -> Hashable:
    """A value as a key: with its type, lists and dicts as tuples."""
    kind = type(value)
    if kind is list:
        items: Any = value
        if all(type(item) is str for item in items):
            return (list, tuple(items))
        return (list, tuple(frozen(item) for item in items))
    if kind is dict:
        pairs: Any = value
        return (dict, tuple((k, frozen(v)) for k, v in pairs.items()))
    return (kind, value)


def reads_target(rule: Rule) -> bool:
    """Whether a template of the rule (message or step) names the target."""
    return any(TARGET in t.names for _, t in rule.messages) or any(
        TARGET in step.facts for step in rule.remediation
    )


class FindingMemo:
    """Findings by rule, the values and evidence of the facts it reads, and target; none
    kept with size 0."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._size = size
        self._found: dict[Hashable, tuple[Rule, Finding]] = {}
        self._targeted: dict[int, tuple[Rule, bool]] = {}

    def finding(
        self,
        rule: Rule,
        target: str,
        value: Callable[[str], Hashable],
        evidence: Callable[[str], Sequence[object]],
        make: Callable[[], tuple[Finding, str]],
    ) -> Finding:
        """The rule's finding for `target`; `value(fact)` is a fact's `frozen` value,
        `make()` makes the finding and says how its message was made."""
        try:
            needed = rule.needed_order
            key = (
                id(rule),
                tuple(map(value, needed)),
                tuple(map(value, STEP_FACTS)) if rule.remediation else (),
                tuple(map(tuple, map(evidence, needed))),
            )
            general = None if self._reads_target(rule) else key
            found = self._found.get(general) if general is not None else None
            if found is None:
                found = self._found.get((key, target))
        except TypeError:  # a value that cannot be a key: judged every time
            return make()[0]
        if found is not None and found[0] is rule:
            known = found[1]
            return known if known.target == target else known.for_target(target)
        finding, how = make()
        if how == HOST_WORDS:
            return finding
        if len(self._found) >= self._size:
            self._found.clear()
        self._found[general if how == TEMPLATE and general is not None else (key, target)] = (
            rule, finding)
        return finding

    def clear(self) -> None:
        self._found.clear()

    def _reads_target(self, rule: Rule) -> bool:
        known = self._targeted.get(id(rule))
        if known is None or known[0] is not rule:  # by id, so the rule itself is kept
            known = self._targeted[id(rule)] = (rule, reads_target(rule))
        return known[1]


MEMO = FindingMemo()
"""The memo every judging in this process shares."""
