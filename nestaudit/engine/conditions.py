"""Conditions of the rule language: their structure, their checks, their reading.

A condition is exactly one of `{all: [...]}`, `{any: [...]}`, `{not: cond}` or a predicate
`{fact: NAME, OP: VALUE}`. `check_condition` lists every structural problem of condition
data; `nestaudit.engine.compile` turns sound data into a `Condition` whose `test(values)`
answers True, False or None (unknown), in three-valued (Kleene) logic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, Optional

from nestaudit.engine.regex import RegexRefused, check_pattern
from nestaudit.engine.templates import FACT_NAME, display
from nestaudit.values import Version

Truth = Optional[bool]
"""True, False, or None for unknown."""

Values = Mapping[str, object]
Test = Callable[[Values], Truth]

#: Condition operators, with the kind of literal each takes.
OPERATORS: dict[str, str] = {
    "eq": "scalar",
    "ne": "scalar",
    "in": "list",
    "not_in": "list",
    "ge": "ordered",
    "gt": "ordered",
    "le": "ordered",
    "lt": "ordered",
    "matches": "regex",
    "contains": "scalar",
    "empty": "bool",
    "known": "bool",
    "is_none": "bool",
}
CONNECTIVES: tuple[str, ...] = ("all", "any", "not")

_VERSION_LITERAL = re.compile(r"^\d+(?:\.\d+)*$")


class ConditionError(ValueError):
    """A condition is malformed. `path` locates it inside the condition's data."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class Condition:
    """A compiled condition: `test(values)` returns True, False or None (unknown).

    Two conditions are equal when they say the same (`test` is their compiled form). A
    plain immutable class, not a dataclass: `check` would pay for importing `dataclasses`.
    """

    __slots__ = ("children", "fact", "kind", "op", "test", "value")
    kind: Literal["all", "any", "not", "predicate"]
    test: Test
    children: tuple[Condition, ...]
    fact: str | None
    op: str | None
    value: object

    def __init__(
        self,
        kind: Literal["all", "any", "not", "predicate"],
        test: Test,
        children: tuple[Condition, ...] = (),
        fact: str | None = None,
        op: str | None = None,
        value: object = None,
    ) -> None:
        for name, given in (
            ("kind", kind),
            ("test", test),
            ("children", children),
            ("fact", fact),
            ("op", op),
            ("value", value),
        ):
            object.__setattr__(self, name, given)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Condition is immutable (cannot set {name})")

    def _said(self) -> tuple[object, ...]:
        return (self.kind, self.children, self.fact, self.op, self.value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Condition):
            return NotImplemented
        return self._said() == other._said()

    def __hash__(self) -> int:
        return hash(self._said())

    def __repr__(self) -> str:
        return f"Condition({self.describe()!r})"

    def facts(self) -> frozenset[str]:
        """Every fact name the condition reads."""
        if self.fact is not None:
            return frozenset((self.fact,))
        out: frozenset[str] = frozenset()
        for child in self.children:
            out |= child.facts()
        return out

    def describe(self) -> str:
        """A short human reading, e.g. `cpu.vendor is intel and kvm.nested is no`."""
        if self.kind == "predicate":
            return _describe_predicate(str(self.fact), str(self.op), self.value)
        if self.kind == "not":
            return f"not ({self.children[0].describe()})"
        joiner = " and " if self.kind == "all" else " or "
        texts = [
            f"({c.describe()})"
            if c.kind in ("all", "any") and len(c.children) > 1
            else c.describe()
            for c in self.children
        ]
        return joiner.join(texts)


def _describe_predicate(fact: str, op: str, value: object) -> str:
    shown = display(value)
    words = {
        "eq": f"{fact} is {shown}",
        "ne": f"{fact} is not {shown}",
        "in": f"{fact} is one of {shown}",
        "not_in": f"{fact} is none of {shown}",
        "ge": f"{fact} >= {shown}",
        "gt": f"{fact} > {shown}",
        "le": f"{fact} <= {shown}",
        "lt": f"{fact} < {shown}",
        "matches": f"{fact} matches /{shown}/",
        "contains": f"{fact} contains {shown}",
        "empty": f"{fact} is {'' if value is True else 'not '}empty",
        "known": f"{fact} is {'' if value is True else 'not '}known",
        "is_none": f"{fact} is {'' if value is True else 'not '}none",
    }
    return words.get(op, f"{fact} {op} {shown}")


FactProblem = Optional[Callable[[str], Optional[str]]]
"""Says what is wrong with a fact name the caller does not accept (unknown, wrong scope)."""


def check_condition(
    data: object,
    fact_problem: FactProblem = None,
    path: tuple[str | int, ...] = (),
) -> list[ConditionError]:
    """Every structural problem of condition `data` (not only the first).

    `fact_problem(name)` may return a message for a fact name the caller does not accept
    (unknown fact, wrong scope). Paths are relative to `data`.
    """
    if not isinstance(data, Mapping):
        return [ConditionError(path, f"a condition must be a mapping, not {_kind(data)}")]
    keys = list(data)
    unknown = [k for k in keys if k not in CONNECTIVES and k not in OPERATORS and k != "fact"]
    errors = [
        ConditionError(
            (*path, str(key)),
            f"unknown operator {key!r} (operators: {', '.join(OPERATORS)}; "
            f"connectives: {', '.join(CONNECTIVES)})",
        )
        for key in unknown
    ]
    if any(k in CONNECTIVES for k in keys):
        return errors + _connective_problems(data, fact_problem, path)
    if "fact" not in data:
        if not unknown:
            errors.append(ConditionError(path, "a predicate needs `fact` (or use all, any, not)"))
        return errors
    return errors + _predicate_problems(data, fact_problem, path, bool(unknown))


def _connective_problems(
    data: Mapping[Any, Any], fact_problem: FactProblem, path: tuple[str | int, ...]
) -> list[ConditionError]:
    """The problems of an `all`, `any` or `not` condition and of its children."""
    keys = [k for k in data if k in CONNECTIVES or k in OPERATORS or k == "fact"]
    if len(keys) > 1:
        return [
            ConditionError(
                path,
                "a condition is exactly one of all, any, not or a fact predicate; "
                f"this one has {', '.join(map(str, keys))}",
            )
        ]
    key = keys[0]
    body = data[key]
    if key == "not":
        return check_condition(body, fact_problem, (*path, key))
    if not isinstance(body, list) or not body:
        return [ConditionError((*path, key), f"{key} needs a non-empty list of conditions")]
    errors: list[ConditionError] = []
    for i, child in enumerate(body):
        errors.extend(check_condition(child, fact_problem, (*path, key, i)))
    return errors


def _predicate_problems(
    data: Mapping[Any, Any],
    fact_problem: FactProblem,
    path: tuple[str | int, ...],
    has_unknown_keys: bool,
) -> list[ConditionError]:
    """The problems of a `{fact: NAME, OP: VALUE}` predicate."""
    errors: list[ConditionError] = []
    fact = data["fact"]
    if not isinstance(fact, str) or not FACT_NAME.match(fact):
        errors.append(ConditionError((*path, "fact"), f"bad fact name {fact!r}"))
    elif fact_problem is not None:
        problem = fact_problem(fact)
        if problem:
            errors.append(ConditionError((*path, "fact"), problem))
    ops = [k for k in data if k in OPERATORS]
    if not ops:
        if not has_unknown_keys:
            what = f"predicate on {fact} has no operator (one of {', '.join(OPERATORS)})"
            errors.append(ConditionError(path, what))
        return errors
    if len(ops) > 1:
        what = f"predicate on {fact} has several operators ({', '.join(ops)}); use all"
        return [*errors, ConditionError(path, what)]
    problem = _literal_problem(ops[0], data[ops[0]])
    if problem:
        errors.append(ConditionError((*path, ops[0]), problem))
    return errors


def _literal_problem(op: str, lit: object) -> str | None:
    kind = OPERATORS[op]
    if kind == "bool":
        return None if isinstance(lit, bool) else f"{op} takes true or false, not {lit!r}"
    if kind == "list":
        if not isinstance(lit, list):
            return f"{op} takes a list, not {_kind(lit)}"
        for item in lit:
            if not _is_scalar(item):
                return f"{op} takes a list of plain values, not one with {_kind(item)}"
        return None
    if kind == "regex":
        if not isinstance(lit, str):
            return f"matches takes a regular expression string, not {_kind(lit)}"
        try:
            re.compile(lit)
            check_pattern(lit)
        except re.error as err:
            return f"bad regular expression {lit!r}: {err}"
        except RegexRefused as err:
            return f"regular expression {lit!r} refused: {err} (docs/rules.md, Regular expressions)"
        return None
    if kind == "ordered":
        if as_version(lit) is None and as_number(lit) is None:
            return f"{op} takes a number or a version like 9.6, not {lit!r}"
        return None
    if not _is_scalar(lit):
        return f"{op} takes a plain value (string, number, true/false, null), not {_kind(lit)}"
    return None


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _kind(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"{type(value).__name__} {value!r}"


def as_number(value: object) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
        try:
            return float(value)
        except ValueError:
            return None
    return None


def as_version(value: object) -> Version | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Version((value,))
    if isinstance(value, float):
        return Version.parse(repr(value))
    if isinstance(value, str) and _VERSION_LITERAL.match(value):
        return Version.parse(value)
    return None


def iter_predicates(condition: Condition) -> Iterator[Condition]:
    """Every predicate of a condition tree, depth first."""
    if condition.kind == "predicate":
        yield condition
    for child in condition.children:
        yield from iter_predicates(child)
