"""Compile checked condition data into closures: `compile_condition(data) -> Condition`.

A predicate on an UNKNOWN fact is unknown (except `known`); `all` is False if any child is
False, else unknown if any child is unknown, else True; `any` is the dual; `not` swaps True
and False and keeps unknown. A predicate that meets a value of a type it cannot handle
raises EvaluationError, which evaluation turns into the outcome `error`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any, Literal

from nestaudit.engine.conditions import (
    OPERATORS,
    Condition,
    ConditionError,
    Test,
    Truth,
    Values,
    as_number,
    as_version,
    check_condition,
)
from nestaudit.engine.regex import MAX_SUBJECT
from nestaudit.values import UNKNOWN, Version


class EvaluationError(Exception):
    """A predicate met a fact value of a type it cannot handle (internal to evaluation)."""


def compile_condition(data: object) -> Condition:
    """Compile condition data (already checked) into a `Condition`; ConditionError if bad."""
    errors = check_condition(data)
    if errors:
        raise errors[0]
    return _compile(data)


def _compile(data: Any) -> Condition:
    if "all" in data or "any" in data:
        kind: Literal["all", "any"] = "all" if "all" in data else "any"
        children = tuple(_compile(c) for c in data[kind])
        test = _all(children) if kind == "all" else _any(children)
        return Condition(kind, test, children)
    if "not" in data:
        child = _compile(data["not"])
        return Condition("not", _not(child.test), (child,))
    fact = str(data["fact"])
    op = next(k for k in data if k in OPERATORS)
    lit = data[op]
    value: object = tuple(lit) if isinstance(lit, list) else lit
    return Condition("predicate", _predicate(fact, op, lit), fact=fact, op=op, value=value)


def _all(children: tuple[Condition, ...]) -> Test:
    tests = tuple(c.test for c in children)

    def test(values: Values) -> Truth:
        result: Truth = True
        for t in tests:
            r = t(values)
            if r is False:
                return False
            if r is None:
                result = None
        return result

    return test


def _any(children: tuple[Condition, ...]) -> Test:
    tests = tuple(c.test for c in children)

    def test(values: Values) -> Truth:
        result: Truth = False
        for t in tests:
            r = t(values)
            if r is True:
                return True
            if r is None:
                result = None
        return result

    return test


def _not(inner: Test) -> Test:
    def test(values: Values) -> Truth:
        r = inner(values)
        return None if r is None else not r

    return test


def _mismatch(fact: str, op: str, lit: object, value: object) -> EvaluationError:
    return EvaluationError(
        f"cannot apply `{op}: {lit!r}` to fact {fact} = {value!r} ({type(value).__name__})"
    )


def _equality(fact: str, op: str, lit: object) -> Callable[[object], bool]:
    """The `eq` check for one literal: typed, with version and number coercion."""
    lit_version = as_version(lit)
    lit_number = as_number(lit)

    def equal(value: object) -> bool:
        if value is None or lit is None:
            return value is lit
        if isinstance(value, bool):
            if isinstance(lit, bool):
                return value == lit
            raise _mismatch(fact, op, lit, value)
        if isinstance(lit, bool):
            raise _mismatch(fact, op, lit, value)
        if isinstance(value, Version):
            if lit_version is None:
                raise _mismatch(fact, op, lit, value)
            return value == lit_version
        if isinstance(value, (int, float)):
            if lit_number is None:
                raise _mismatch(fact, op, lit, value)
            return value == lit_number
        if isinstance(value, str):
            return value == (lit if isinstance(lit, str) else str(lit))
        raise _mismatch(fact, op, lit, value)

    return equal


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
}


def _check(fact: str, op: str, lit: Any) -> Callable[[object], bool]:
    """The test of a predicate on a value that is not UNKNOWN."""
    if op == "eq":
        return _equality(fact, op, lit)
    if op == "ne":
        equal = _equality(fact, op, lit)
        return lambda value: not equal(value)
    if op in ("in", "not_in"):
        equals = tuple(_equality(fact, op, item) for item in lit)
        want = op == "in"
        return lambda value: any(e(value) for e in equals) is want
    if op in _ORDER:
        compare = _ORDER[op]
        lit_version = as_version(lit)
        lit_number = as_number(lit)

        def ordered(value: object) -> bool:
            if value is None:
                return False
            if isinstance(value, bool):
                raise _mismatch(fact, op, lit, value)
            if isinstance(value, Version):
                if lit_version is None:
                    raise _mismatch(fact, op, lit, value)
                return bool(compare(value, lit_version))
            if isinstance(value, (int, float)):
                if lit_number is None:
                    raise _mismatch(fact, op, lit, value)
                return bool(compare(value, lit_number))
            if isinstance(value, str) and lit_version is not None:
                parsed = Version.parse(value)
                if parsed is not None:
                    return bool(compare(parsed, lit_version))
            raise _mismatch(fact, op, lit, value)

        return ordered
    if op == "matches":
        pattern = re.compile(lit)

        def matches(value: object) -> bool:
            if value is None:
                return False
            if isinstance(value, str):
                if len(value) > MAX_SUBJECT:  # the bound on matching time (engine/regex.py)
                    raise EvaluationError(
                        f"cannot apply `{op}: {lit!r}` to fact {fact}: its value is "
                        f"{len(value)} characters, over the limit of {MAX_SUBJECT}"
                    )
                return pattern.search(value) is not None
            raise _mismatch(fact, op, lit, value)

        return matches
    if op == "contains":

        def contains(value: object) -> bool:
            if value is None:
                return False
            if isinstance(value, (list, tuple, frozenset, set)):
                return lit in value
            raise _mismatch(fact, op, lit, value)

        return contains
    if op == "empty":

        def empty(value: object) -> bool:
            if value is None:
                return lit is True
            if isinstance(value, (list, tuple, frozenset, set, str)):
                return (len(value) == 0) is lit
            raise _mismatch(fact, op, lit, value)

        return empty
    if op == "is_none":
        return lambda value: (value is None) is lit
    raise ConditionError((op,), f"unknown operator {op!r}")


def _predicate(fact: str, op: str, lit: Any) -> Test:
    if op == "known":
        want = bool(lit)
        return lambda values: (values.get(fact, UNKNOWN) is not UNKNOWN) is want
    check = _check(fact, op, lit)

    def test(values: Values) -> Truth:
        value = values.get(fact, UNKNOWN)
        if value is UNKNOWN:
            return None
        return check(value)

    return test
