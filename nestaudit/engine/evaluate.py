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
    # Host facts' evidence and memo keys are the same for every domain: made once. Looked
    # up as dicts (a miss makes the entry), not through closures: a fleet looks up
    # hundreds a host, and a dict's lookup runs no Python frame.
    host_evidence = _EvidenceOf(evidence_for, None)
    host_key = _KeyOf(host_values)

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
            findings.append(judged(rule, host_values, host_target,
                                   host_evidence.__getitem__, host_key.__getitem__))
    if domain_rules:
        for domain, own in domains:
            merged = {**host_values, **own}
            domain_evidence = _EvidenceOf(evidence_for, domain, own, host_evidence).__getitem__
            domain_key = _KeyOf(own, host_key).__getitem__
            findings.extend(
                judged(r, merged, domain, domain_evidence, domain_key) for r in domain_rules
            )
    findings.sort(key=lambda f: (f.rule, f.target))
    return tuple(findings)


class _KeyOf(dict[str, Hashable]):
    """Each fact's value as the memo's key, made when first asked: the values' own, else
    (a domain's) the host's."""

    def __init__(self, values: Values, host: _KeyOf | None = None) -> None:
        super().__init__()
        self._values = values
        self._host = host

    def __missing__(self, fact: str) -> Hashable:
        if self._host is not None and fact not in self._values:
            key = self._host[fact]
        else:
            key = frozen(self._values.get(fact, UNKNOWN))
        self[fact] = key
        return key


class _EvidenceOf(dict[str, Sequence[EvidenceLike]]):
    """Each fact's evidence as plain `Evidence`, asked of `evidence_for` when first needed:
    for a domain, its own facts' with its name, the others' the host's (`host`)."""

    def __init__(
        self,
        evidence_for: Callable[[str, str | None], Sequence[EvidenceLike]],
        domain: str | None,
        own: Values | None = None,
        host: _EvidenceOf | None = None,
    ) -> None:
        super().__init__()
        self._evidence_for = evidence_for
        self._domain = domain
        self._own = own
        self._host = host

    def __missing__(self, fact: str) -> Sequence[EvidenceLike]:
        if self._host is not None and self._own is not None and fact not in self._own:
            found = self._host[fact]
        else:
            given = self._evidence_for(fact, self._domain)
            if type(given) is tuple and (not given or set(map(type, given)) == _EVIDENCE):
                found = given  # plain Evidence already (the facts' own): kept, not copied
            else:
                found = tuple(
                    item if type(item) is Evidence
                    else Evidence(str(item.source), str(item.excerpt))
                    for item in given
                )
        self[fact] = found
        return found


_EVIDENCE = {Evidence}
