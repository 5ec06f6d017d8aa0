"""Judge rules against fact values: `run(rules, host values, domains, evidence)`.

Outcome of a rule for one target:
    applies False -> not_applicable;  applies unknown -> unknown;
    else violated True -> the rule's `on_violation` (fail | info);
         violated False -> pass;  violated unknown -> unknown.
A type mismatch at evaluation (a regex on an int, say) gives the outcome `error` with a
message naming the rule, never an exception.

Facts are plain values: str, int, bool, list[str], `Version`, None ("does not exist") or
UNKNOWN. The engine knows no fact names except two used to pick remediation steps:
`cpu.vendor` and `host.arch` (a step marked `vendor: intel` is dropped on a known AMD
host; when the fact is unknown, every step is kept).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Protocol, cast

from nestaudit.engine.compile import EvaluationError
from nestaudit.engine.memo import HOST_WORDS, MEMO, TARGETED, TEMPLATE, frozen
from nestaudit.engine.model import Finding, Rule
from nestaudit.engine.steps import fill
from nestaudit.engine.templates import MESSAGE_LIST_MAX
from nestaudit.values import UNKNOWN, Evidence
from nestaudit.vocabulary import Outcome, Scope

Values = Mapping[str, object]
# Says, in words, what evidence the unknown facts lacked (the engine knows no fact names).
UnknownWords = Callable[[Sequence[str], Values], str]
# Outcomes whose finding carries the rule's remediation: something to act on.
_ACTED_ON = (Outcome.FAIL, Outcome.INFO)


class EvidenceLike(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def excerpt(self) -> str: ...


def evaluate(
    rule: Rule,
    values: Values,
    target: str,
    evidence: Callable[[str], Sequence[EvidenceLike]],
    words: UnknownWords | None = None,
) -> Finding:
    """Judge `rule` for `target` from fact `values`; attach the evidence of its facts.
    `words` tells the reader what an unknown lacked when the rule has no message for it."""
    return _evaluated(rule, values, target, evidence, words)[0]


def _evaluated(
    rule: Rule,
    values: Values,
    target: str,
    evidence: Callable[[str], Sequence[EvidenceLike]],
    words: UnknownWords | None = None,
) -> tuple[Finding, str]:
    """`evaluate`, and how the message was made (memo.TEMPLATE, TARGETED or HOST_WORDS)."""
    error: str | None = None
    try:
        outcome = _outcome(rule, values)
    except EvaluationError as err:
        outcome = Outcome.ERROR
        error = f"rule {rule.id} ({rule.where}) could not be evaluated for {target}: {err}"
    unknown = tuple([f for f in rule.condition_facts if values.get(f, UNKNOWN) is UNKNOWN])
    message, how = (error, TARGETED) if error is not None else _message(
        rule, outcome, values, target, unknown, words
    )
    return Finding(
        rule=rule.id,
        limitation=rule.limitation,
        # A finding that fails states the problem; the rule's title says what passing means.
        title=rule.fail_title if rule.fail_title and outcome is rule.on_violation else rule.title,
        outcome=outcome,
        severity=rule.severity,
        target=target,
        message=message,
        evidence=_evidence(rule, evidence),
        remediation=fill(rule.remediation, values, target) if outcome in _ACTED_ON else (),
        references=rule.references,
        unknown_facts=unknown,
        scope=rule.scope,
        reading=rule.reading,
    ), how


def _outcome(rule: Rule, values: Values) -> Outcome:
    applies = True if rule.applies is None else rule.applies.test(values)
    if applies is False:
        return Outcome.NOT_APPLICABLE
    if applies is None:
        return Outcome.UNKNOWN
    violated = rule.violated.test(values)
    if violated is None:
        return Outcome.UNKNOWN
    return rule.on_violation if violated else Outcome.PASS


def _message(
    rule: Rule,
    outcome: Outcome,
    values: Values,
    target: str,
    unknown: tuple[str, ...],
    words: UnknownWords | None = None,
) -> tuple[str, str]:
    """The finding's message, and how it was made (what it depends on)."""
    template = rule.message(outcome)
    if template is None and outcome is Outcome.INFO:
        template = rule.message(Outcome.FAIL)
    if template is not None:
        return template.render(values, target, MESSAGE_LIST_MAX), TEMPLATE
    if outcome is Outcome.NOT_APPLICABLE:
        if rule.applies is None:  # cannot happen; kept for completeness
            return f"Does not apply to {target}.", TARGETED
        return f"Does not apply to {target}: needs {rule.applies.describe()}.", TARGETED
    if outcome is Outcome.UNKNOWN:
        if not unknown:
            return f"Cannot tell for {target} from the evidence collected.", TARGETED
        if words is not None:
            return f"Cannot tell for {target}: {words(unknown, values)}", HOST_WORDS
        verb = "is" if len(unknown) == 1 else "are"
        return (
            f"Cannot tell for {target}: {', '.join(unknown)} {verb} unknown "
            "in the evidence collected."
        ), TARGETED
    return f"{rule.title}: {outcome}.", TARGETED


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


def run(
    rules: Sequence[Rule],
    host_values: Values,
    domains: Sequence[tuple[str, Values]],
    evidence_for: Callable[[str, str | None], Sequence[EvidenceLike]],
    *,
    host_target: str | None = None,
    words: UnknownWords | None = None,
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

    # Each fact's value as the memo's key, made once per host (or domain, for its own).
    keys: dict[tuple[str, str | None], Hashable] = {}

    def host_key(fact: str) -> Hashable:
        key = keys.get((fact, None))
        if key is None:
            key = keys[(fact, None)] = frozen(host_values.get(fact, UNKNOWN))
        return key

    def judged(rule: Rule, values: Values, target: str,
               evidence: Callable[[str], Sequence[EvidenceLike]],
               key: Callable[[str], Hashable]) -> Finding:
        return MEMO.finding(rule, target, key, evidence,
                            lambda: _evaluated(rule, values, target, evidence, words))

    domain_rules: list[Rule] = []
    for rule in rules:
        if rule.scope == Scope.DOMAIN:
            domain_rules.append(rule)
        else:
            findings.append(judged(rule, host_values, host_target, host_evidence, host_key))
    if domain_rules:
        for domain, own in domains:
            merged = {**host_values, **own}
            domain_evidence = _domain_evidence(cached, domain, own)
            domain_key = _domain_key(host_key, domain, own)
            findings.extend(
                judged(r, merged, domain, domain_evidence, domain_key) for r in domain_rules
            )
    findings.sort(key=lambda f: (f.rule, f.target))
    return tuple(findings)


def _domain_key(
    host_key: Callable[[str], Hashable], domain: str, own: Values
) -> Callable[[str], Hashable]:
    keys: dict[str, Hashable] = {}

    def key(fact: str) -> Hashable:
        if fact not in own:
            return host_key(fact)
        found = keys.get(fact)
        if found is None:
            found = keys[fact] = frozen(own[fact])
        return found

    return key


def _domain_evidence(
    evidence_for: Callable[[str, str | None], Sequence[EvidenceLike]],
    domain: str,
    own: Values,
) -> Callable[[str], Sequence[EvidenceLike]]:
    def evidence(fact: str) -> Sequence[EvidenceLike]:
        return evidence_for(fact, domain if fact in own else None)

    return evidence
