"""Evaluate rules against facts in three-valued (Kleene) logic.

A rule (loaded by `nestaudit.rulefile`) holds two conditions, `applies` and `violated`,
compiled at load time into closures over a fact mapping. A condition yields True, False or
None (unknown): a predicate on an UNKNOWN fact is unknown (except `known`), `all` is False
if any child is False, else unknown if any child is unknown, else True; `any` is the dual;
`not` swaps True and False and keeps unknown. So a fact that could not be read gives the
outcome `unknown` instead of a silent pass.

Outcome of a rule for one target:
    applies False -> not_applicable;  applies unknown -> unknown;
    else violated True -> the rule's `on_violation` (fail | info);
         violated False -> pass;  violated unknown -> unknown.
A type mismatch at evaluation (a regex on an int, say) gives the outcome `error` with a
message naming the rule, never an exception.

Facts are plain values: str, int, bool, list[str], `Version`, None ("does not exist") or
UNKNOWN. The engine knows no fact names except two optional ones used to pick remediation
steps: `cpu.vendor` and `host.arch` (a step marked `vendor: intel` is dropped on a known AMD
host; when the fact is unknown, every step is kept).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Optional, Protocol, cast

from nestaudit import DOC_URL
from nestaudit.values import UNKNOWN, Version
from nestaudit.values import Evidence as Evidence  # re-exported: findings carry it

Outcome = Literal["pass", "fail", "info", "not_applicable", "unknown", "error", "waived"]
Severity = Literal["info", "low", "medium", "high", "critical"]
Scope = Literal["host", "domain"]

OUTCOMES: tuple[str, ...] = (
    "pass", "fail", "info", "not_applicable", "unknown", "error", "waived",
)
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
SCOPES: tuple[str, ...] = ("host", "domain")
STEP_KINDS: tuple[str, ...] = ("hint", "command", "edit")
VENDORS: tuple[str, ...] = ("intel", "amd", "ibm", "arm")
MESSAGE_KEYS: tuple[str, ...] = ("fail", "pass", "info", "not_applicable", "unknown")

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

#: The placeholder every template may use besides fact names.
TARGET = "target"

Truth = Optional[bool]
"""True, False, or None for unknown."""

Values = Mapping[str, object]
Test = Callable[[Values], Truth]

_VERSION_LITERAL = re.compile(r"^\d+(?:\.\d+)*$")
_FACT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$")
_TEMPLATE_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class EvaluationError(Exception):
    """A predicate met a fact value of a type it cannot handle (internal to evaluate)."""


class ConditionError(ValueError):
    """A condition is malformed. `path` locates it inside the condition's data."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class EvidenceLike(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def excerpt(self) -> str: ...


# --------------------------------------------------------------------------- display


MESSAGE_LIST_MAX = 12
"""A message names at most this many items of a list fact (the domains of a large host);
remediation steps always name every item, since each one is work to do."""


def display(value: object, limit: int | None = None) -> str:
    """The text a message shows for a fact value; `limit` caps how many list items it names."""
    if value is UNKNOWN:
        return "unknown"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(display(v) for v in value) if isinstance(value, (set, frozenset)) else [
            display(v) for v in value
        ]
        if not items:
            return "none"
        if limit is not None and len(items) > limit:
            return f"{', '.join(items[:limit])} and {len(items) - limit} more"
        return ", ".join(items)
    return str(value)


# --------------------------------------------------------------------------- templates


class Template(NamedTuple):
    """A message or remediation text with `{fact.name}` placeholders; `{{`/`}}` are braces."""

    text: str
    parts: tuple[tuple[str, str | None], ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        """Split `text` into literal runs and placeholder names; ValueError on bad braces."""
        parts: list[tuple[str, str | None]] = []
        literal: list[str] = []
        pos = 0
        for match in _TEMPLATE_TOKEN.finditer(text):
            literal.append(text[pos : match.start()])
            pos = match.end()
            token = match.group(0)
            if token in ("{{", "}}"):
                literal.append(token[0])
                continue
            name = match.group(1)
            if name is None:
                raise ValueError(
                    f"unbalanced {token!r} at column {match.start() + 1} "
                    "(write {{ or }} for a literal brace)"
                )
            name = name.strip()
            if not _FACT_NAME.match(name):
                raise ValueError(f"bad placeholder {{{name}}}: not a fact name")
            parts.append(("".join(literal), name))
            literal = []
        literal.append(text[pos:])
        tail = "".join(literal)
        if tail or not parts:
            parts.append((tail, None))
        return cls(text, tuple(parts))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for _, name in self.parts if name is not None)

    def render(self, values: Values, target: str, list_limit: int | None = None) -> str:
        """The text for `target`; list facts name at most `list_limit` items when given."""
        out: list[str] = []
        for literal, name in self.parts:
            out.append(literal)
            if name is None:
                continue
            if name == TARGET:
                out.append(target)
            else:
                out.append(display(values.get(name, UNKNOWN), list_limit))
        return "".join(out)


# --------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    """A compiled condition: `test(values)` returns True, False or None (unknown)."""

    kind: Literal["all", "any", "not", "predicate"]
    test: Test = field(compare=False, repr=False)
    children: tuple[Condition, ...] = ()
    fact: str | None = None
    op: str | None = None
    value: object = None

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


def check_condition(
    data: object,
    fact_problem: Callable[[str], str | None] | None = None,
    path: tuple[str | int, ...] = (),
) -> list[ConditionError]:
    """Every structural problem of condition `data` (not only the first).

    `fact_problem(name)` may return a message for a fact name the caller does not accept
    (unknown fact, wrong scope). Paths are relative to `data`.
    """
    errors: list[ConditionError] = []
    if not isinstance(data, Mapping):
        return [ConditionError(path, f"a condition must be a mapping, not {_kind(data)}")]
    keys = list(data)
    connectives = [k for k in keys if k in CONNECTIVES]
    ops = [k for k in keys if k in OPERATORS]
    unknown = [k for k in keys if k not in CONNECTIVES and k not in OPERATORS and k != "fact"]
    errors.extend(
        ConditionError(
            (*path, str(key)),
            f"unknown operator {key!r} (operators: {', '.join(OPERATORS)}; "
            f"connectives: {', '.join(CONNECTIVES)})",
        )
        for key in unknown
    )
    if connectives:
        if len(connectives) > 1 or ops or "fact" in data:
            others = [k for k in keys if k in CONNECTIVES or k in OPERATORS or k == "fact"]
            errors.append(ConditionError(
                path,
                "a condition is exactly one of all, any, not or a fact predicate; "
                f"this one has {', '.join(map(str, others))}",
            ))
            return errors
        key = connectives[0]
        body = data[key]
        if key == "not":
            errors.extend(check_condition(body, fact_problem, (*path, key)))
        elif not isinstance(body, list) or not body:
            errors.append(
                ConditionError((*path, key), f"{key} needs a non-empty list of conditions")
            )
        else:
            for i, child in enumerate(body):
                errors.extend(check_condition(child, fact_problem, (*path, key, i)))
        return errors
    if "fact" not in data:
        if not unknown:
            errors.append(ConditionError(
                path, "a predicate needs `fact` (or use all, any, not)",
            ))
        return errors
    fact = data["fact"]
    if not isinstance(fact, str) or not _FACT_NAME.match(fact):
        errors.append(ConditionError((*path, "fact"), f"bad fact name {fact!r}"))
    elif fact_problem is not None:
        problem = fact_problem(fact)
        if problem:
            errors.append(ConditionError((*path, "fact"), problem))
    if not ops:
        if not unknown:
            errors.append(ConditionError(
                path, f"predicate on {fact} has no operator (one of {', '.join(OPERATORS)})",
            ))
        return errors
    if len(ops) > 1:
        errors.append(ConditionError(
            path, f"predicate on {fact} has several operators ({', '.join(ops)}); use all",
        ))
        return errors
    op = ops[0]
    problem = _literal_problem(op, data[op])
    if problem:
        errors.append(ConditionError((*path, op), problem))
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
        except re.error as err:
            return f"bad regular expression {lit!r}: {err}"
        return None
    if kind == "ordered":
        if _as_version(lit) is None and _as_number(lit) is None:
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


def _as_number(value: object) -> float | int | None:
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


def _as_version(value: object) -> Version | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Version((value,))
    if isinstance(value, float):
        return Version.parse(repr(value))
    if isinstance(value, str) and _VERSION_LITERAL.match(value):
        return Version.parse(value)
    return None


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
    lit_version = _as_version(lit)
    lit_number = _as_number(lit)

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
        lit_version = _as_version(lit)
        lit_number = _as_number(lit)

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


# --------------------------------------------------------------------------- rules


class Reference(NamedTuple):
    """A section of the chapter (and the URL of the document that has it)."""

    section: str
    url: str = DOC_URL


class StepTemplate(NamedTuple):
    """A remediation step of a rule, its text still with placeholders."""

    kind: str
    text: Template
    vendor: str | None = None
    arch: str | None = None
    disruptive: bool = False
    reboot: bool = False
    path: str | None = None


class Step(NamedTuple):
    """A remediation step of a finding: `kind` is hint, command or edit."""

    kind: str
    text: str
    vendor: str | None = None
    arch: str | None = None
    disruptive: bool = False
    reboot: bool = False
    path: str | None = None


@dataclass(frozen=True)
class Rule:
    """One check. `file` and `line` say where it was defined, for messages."""

    id: str
    limitation: str
    title: str
    scope: Scope
    severity: Severity
    violated: Condition
    messages: tuple[tuple[str, Template], ...]
    applies: Condition | None = None
    on_violation: Literal["fail", "info"] = "fail"
    tags: tuple[str, ...] = ()
    remediation: tuple[StepTemplate, ...] = ()
    references: tuple[Reference, ...] = ()
    reading: str | None = None
    description: str | None = None
    file: str = "<memory>"
    line: int = 0
    condition_facts: tuple[str, ...] = field(init=False, compare=False, repr=False)
    needed: frozenset[str] = field(init=False, compare=False, repr=False)
    needed_order: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        facts = self.violated.facts()
        if self.applies is not None:
            facts |= self.applies.facts()
        names: frozenset[str] = frozenset()
        for _, template in self.messages:
            names |= template.names
        for step in self.remediation:
            names |= step.text.names
        needed = facts | (names - {TARGET})
        object.__setattr__(self, "condition_facts", tuple(sorted(facts)))
        object.__setattr__(self, "needed", needed)
        object.__setattr__(self, "needed_order", tuple(sorted(needed)))

    def message(self, key: str) -> Template | None:
        for name, template in self.messages:
            if name == key:
                return template
        return None

    @property
    def where(self) -> str:
        return f"{self.file}: line {self.line}"


class Finding(NamedTuple):
    """The outcome of one rule for one target (the host, or one of its domains)."""

    rule: str
    limitation: str
    title: str
    outcome: Outcome
    severity: Severity
    target: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    remediation: tuple[Step, ...] = ()
    references: tuple[Reference, ...] = ()
    unknown_facts: tuple[str, ...] = ()
    scope: Scope = "host"
    tags: tuple[str, ...] = ()
    reading: str | None = None


def needed_facts(rule: Rule) -> frozenset[str]:
    """The facts a rule reads: in its conditions, messages and remediation placeholders."""
    return rule.needed


def evaluate(
    rule: Rule,
    values: Values,
    target: str,
    evidence: Callable[[str], Sequence[EvidenceLike]],
) -> Finding:
    """Judge `rule` for `target` from fact `values`; attach the evidence of its facts."""
    outcome: Outcome
    error: str | None = None
    try:
        applies = True if rule.applies is None else rule.applies.test(values)
        if applies is False:
            outcome = "not_applicable"
        elif applies is None:
            outcome = "unknown"
        else:
            violated = rule.violated.test(values)
            if violated is True:
                outcome = rule.on_violation
            elif violated is False:
                outcome = "pass"
            else:
                outcome = "unknown"
    except EvaluationError as err:
        outcome = "error"
        error = f"rule {rule.id} ({rule.where}) could not be evaluated for {target}: {err}"
    unknown = tuple([f for f in rule.condition_facts if values.get(f, UNKNOWN) is UNKNOWN])
    message = error if error is not None else _message(rule, outcome, values, target, unknown)
    return Finding(
        rule=rule.id,
        limitation=rule.limitation,
        title=rule.title,
        outcome=outcome,
        severity=rule.severity,
        target=target,
        message=message,
        evidence=_evidence(rule, evidence),
        remediation=(
            _steps(rule, values, target) if outcome in ("fail", "info") else ()
        ),
        references=rule.references,
        unknown_facts=unknown,
        scope=rule.scope,
        tags=rule.tags,
        reading=rule.reading,
    )


def _message(
    rule: Rule, outcome: Outcome, values: Values, target: str, unknown: tuple[str, ...]
) -> str:
    template = rule.message(outcome)
    if template is None and outcome == "info":
        template = rule.message("fail")
    if template is not None:
        return template.render(values, target, MESSAGE_LIST_MAX)
    if outcome == "not_applicable":
        if rule.applies is None:  # cannot happen; kept for completeness
            return f"Does not apply to {target}."
        return f"Does not apply to {target}: needs {rule.applies.describe()}."
    if outcome == "unknown":
        if not unknown:
            return f"Cannot tell for {target} from the evidence collected."
        verb = "is" if len(unknown) == 1 else "are"
        return (
            f"Cannot tell for {target}: {', '.join(unknown)} {verb} unknown "
            "in the evidence collected."
        )
    return f"{rule.title}: {outcome}."


def _evidence(
    rule: Rule, evidence: Callable[[str], Sequence[EvidenceLike]]
) -> tuple[Evidence, ...]:
    if len(rule.needed_order) == 1:
        items = evidence(rule.needed_order[0])
        if all(type(item) is Evidence for item in items) and len(set(items)) == len(items):
            return tuple(cast(Sequence[Evidence], items))
    seen: set[Evidence] = set()
    out: list[Evidence] = []
    for name in rule.needed_order:
        for item in evidence(name):
            if type(item) is not Evidence:
                item = Evidence(str(item.source), str(item.excerpt))
            if item not in seen:
                seen.add(item)
                out.append(item)
    return tuple(out)


def _steps(rule: Rule, values: Values, target: str) -> tuple[Step, ...]:
    vendor = values.get("cpu.vendor", UNKNOWN)
    arch = values.get("host.arch", UNKNOWN)
    out: list[Step] = []
    for step in rule.remediation:
        if step.vendor is not None and isinstance(vendor, str) and step.vendor != vendor:
            continue
        if step.arch is not None and isinstance(arch, str) and step.arch != arch:
            continue
        out.append(Step(
            kind=step.kind,
            text=step.text.render(values, target),
            vendor=step.vendor,
            arch=step.arch,
            disruptive=step.disruptive,
            reboot=step.reboot,
            path=step.path,
        ))
    return tuple(out)


def run(
    rules: Sequence[Rule],
    host_values: Values,
    domains: Sequence[tuple[str, Values]],
    evidence_for: Callable[[str, str | None], Sequence[EvidenceLike]],
    *,
    host_target: str | None = None,
) -> tuple[Finding, ...]:
    """Evaluate host rules once and domain rules once per domain; sorted by (rule, target).

    Domain rules see the host's values overlaid with the domain's. `evidence_for(fact,
    domain)` is called with the domain's name for facts the domain's values provide, and
    with None for host facts. The host target is `host_target`, else `host.name`.
    """
    if host_target is None:
        name = host_values.get("host.name", UNKNOWN)
        host_target = name if isinstance(name, str) and name else "host"
    findings: list[Finding] = []
    # Host facts' evidence is the same for every domain: ask for it once.
    cache: dict[tuple[str, str | None], Sequence[EvidenceLike]] = {}

    def cached(fact: str, domain: str | None) -> Sequence[EvidenceLike]:
        key = (fact, domain)
        found = cache.get(key)
        if found is None:
            found = cache[key] = tuple(
                item if type(item) is Evidence else Evidence(str(item.source), str(item.excerpt))
                for item in evidence_for(fact, domain)
            )
        return found

    def host_evidence(fact: str) -> Sequence[EvidenceLike]:
        return cached(fact, None)

    domain_rules: list[Rule] = []
    for rule in rules:
        if rule.scope == "domain":
            domain_rules.append(rule)
        else:
            findings.append(evaluate(rule, host_values, host_target, host_evidence))
    if domain_rules:
        for domain, own in domains:
            merged = {**host_values, **own}
            domain_evidence = _domain_evidence(cached, domain, own)
            findings.extend(evaluate(r, merged, domain, domain_evidence) for r in domain_rules)
    findings.sort(key=lambda f: (f.rule, f.target))
    return tuple(findings)


def _domain_evidence(
    evidence_for: Callable[[str, str | None], Sequence[EvidenceLike]],
    domain: str,
    own: Values,
) -> Callable[[str], Sequence[EvidenceLike]]:
    def evidence(fact: str) -> Sequence[EvidenceLike]:
        return evidence_for(fact, domain if fact in own else None)

    return evidence


def iter_predicates(condition: Condition) -> Iterator[Condition]:
    """Every predicate of a condition tree, depth first."""
    if condition.kind == "predicate":
        yield condition
    for child in condition.children:
        yield from iter_predicates(child)
