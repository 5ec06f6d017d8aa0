"""Judge one host: derive its facts' placement, run the rules, and give its verdict.

Rules that read the final verdict (`verdict.support`) run in a second pass, after chains
have had their say (`second_pass`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from nestaudit.bundle import Bundle
from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.evaluate import run
from nestaudit.engine.model import Finding, Rule
from nestaudit.facts import HostFacts
from nestaudit.judge.assessment import Reason, Verdict
from nestaudit.judge.derive import derive
from nestaudit.judge.verdict import VERDICT_FACT, host_verdict
from nestaudit.topology import Topology
from nestaudit.values import OS, Evidence
from nestaudit.vocabulary import SupportClass

EvidenceOf = Callable[[str, "str | None"], Sequence[Evidence]]


class Judged(NamedTuple):
    """One bundle, judged: its facts (with derived values), findings and verdict."""

    bundle: Bundle
    facts: HostFacts
    name: str
    values: dict[str, object]
    domains: list[tuple[str, dict[str, object]]]
    findings: tuple[Finding, ...]
    verdict: Verdict
    evidence: EvidenceOf


class LinkedL0(NamedTuple):
    """What an L1 host learns from the L0 bundle it is linked to."""

    name: str
    os: OS
    values: Mapping[str, object]


def second_pass_rules(rules: Sequence[Rule]) -> tuple[list[Rule], list[Rule]]:
    """The rules of the first pass, and those that read the final verdict."""
    first = [r for r in rules if VERDICT_FACT.name not in r.needed]
    return first, [r for r in rules if VERDICT_FACT.name in r.needed]


def _evidence(facts: HostFacts, l0: LinkedL0 | None) -> EvidenceOf:
    def evidence(name: str, domain: str | None) -> Sequence[Evidence]:
        if name.startswith("chain.") and l0 is not None:
            return [Evidence("linked L0 bundle", l0.name)]
        return facts.evidence(name, domain)

    return evidence


def _table_limitation(values: Mapping[str, object]) -> str:
    """The limitation a placement rests on: the supported table's rows, else the
    Technology Preview table."""
    rows = values.get("support.host_rows")
    if isinstance(rows, list) and rows and all(str(r).startswith("S") for r in rows):
        return "NV-SUPPORTED-ENV"
    return "NV-OS-MATRIX"


def judge_host(
    bundle: Bundle,
    facts: HostFacts,
    name: str,
    rules: Sequence[Rule],
    topology: Topology,
    *,
    l0: LinkedL0 | None = None,
    linked_os: Mapping[str, OS] | None = None,
    chain: Mapping[str, object] | None = None,
) -> Judged:
    """Judge one host with the first-pass `rules`; `l0` is its linked L0 (an L1 bundle
    given with its L0's), `linked_os` the OS each linked domain's own bundle reports, and
    `chain` its `chain.*` facts."""
    values, domains = derive(
        facts, topology, l0_os=l0.os if l0 else None, linked_os=linked_os or {}
    )
    values.update(chain or {})
    evidence = _evidence(facts, l0)
    findings = run(rules, values, domains, evidence, host_target=name)
    verdict = host_verdict(
        SupportClass(values["support.host_table"]),
        _table_limitation(values),
        str(values["support.host_reason"]),
        findings,
        catalogue(),
    )
    container = values.get("host.container")
    if isinstance(container, str) and container:
        note = Reason(
            f"collected inside a {container} container: the kernel facts describe the "
            "container's host"
        )
        verdict = verdict._replace(reasons=(*verdict.reasons, note))
    return Judged(bundle, facts, name, values, domains, findings, verdict, evidence)


def second_pass(judged: Judged, rules: Sequence[Rule]) -> Judged:
    """Run the rules that read the final verdict (after chains had their say)."""
    if not rules:
        return judged
    values = {**judged.values, VERDICT_FACT.name: judged.verdict.support}
    more = run(rules, values, judged.domains, judged.evidence, host_target=judged.name)
    findings = tuple(sorted((*judged.findings, *more), key=lambda x: (x.rule, x.target)))
    return judged._replace(values=values, findings=findings)
