"""Judge one host: derive its facts' placement, run the rules, and give its verdict.

Rules that read the final verdict (`verdict.support`) run in a second pass, after chains
have had their say (`second_pass`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from nestaudit.bundle import Bundle
from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.evaluate import UnknownWords, run
from nestaudit.engine.model import Finding, Rule
from nestaudit.facts import HostFacts
from nestaudit.judge import missing
from nestaudit.judge.assessment import Reason, Verdict
from nestaudit.judge.derive import derive
from nestaudit.judge.roles import LinkedBundle
from nestaudit.judge.verdict import VERDICT_FACT, host_verdict
from nestaudit.topology import Topology
from nestaudit.values import OS, Evidence
from nestaudit.vocabulary import DomainRole, Role, SupportClass

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


class LinkedHost(NamedTuple):
    """A level above a host, whose bundle was given and linked to it."""

    name: str
    os: OS
    values: Mapping[str, object]


class Position(NamedTuple):
    """Where a host stands among the inputs judged together."""

    level: Role | None = None
    """Its level when links decide it (inside an L1's domain: L2); None: its facts say."""
    above: tuple[LinkedHost, ...] = ()
    """The linked levels above it, L0 first."""
    below: Mapping[str, LinkedBundle] = {}
    """Per domain, what the bundle collected inside it shows."""
    chain: Mapping[str, object] = {}
    """Its `chain.*` facts."""


NOWHERE = Position()
"""A host judged alone."""


def second_pass_rules(rules: Sequence[Rule]) -> tuple[list[Rule], list[Rule]]:
    """The rules of the first pass, and those that read the final verdict."""
    first = [r for r in rules if VERDICT_FACT.name not in r.needed]
    return first, [r for r in rules if VERDICT_FACT.name in r.needed]


def _evidence(facts: HostFacts, position: Position) -> EvidenceOf:
    parent = position.above[-1].name if position.above else None

    found = facts.evidence_map.get

    def evidence(name: str, domain: str | None) -> Sequence[Evidence]:
        if parent is not None and name.startswith("chain.l0_"):
            return (Evidence("linked bundle of the level above", parent),)
        return found((name, domain), ())  # the facts' own tuple: the engine keeps it

    return evidence


def _words(bundle: Bundle) -> UnknownWords:
    """What an unknown lacked and what would settle it, for this bundle's kind of source."""
    source = str(bundle.data.get("source", {}).get("type", "live"))
    as_root = bundle.data.get("as_root")

    def words(facts: Sequence[str], values: Mapping[str, object]) -> str:
        return missing.describe(facts, values, source=source, as_root=as_root)

    return words


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
    position: Position = NOWHERE,
) -> Judged:
    """Judge one host with the first-pass `rules`, knowing its place among the inputs."""
    values, domains = derive(
        facts,
        topology,
        level=position.level,
        above=tuple(h.os for h in position.above),
        linked=position.below,
    )
    values.update(position.chain)
    evidence = _evidence(facts, position)
    findings = run(rules, values, domains, evidence, host_target=name, words=_words(bundle))
    verdict = host_verdict(
        SupportClass(values["support.host_table"]),
        _table_limitation(values),
        str(values["support.host_reason"]),
        findings,
        catalogue(),
    )
    conditions = conditional_reasons(verdict.support, domains)
    verdict = verdict._replace(reasons=(*verdict.reasons, *conditions))
    container = values.get("host.container")
    if isinstance(container, str) and container:
        note = Reason(
            f"collected inside a {container} container: the kernel facts describe the "
            "container's host"
        )
        verdict = verdict._replace(reasons=(*verdict.reasons, note))
    return Judged(bundle, facts, name, values, domains, findings, verdict, evidence)


def conditional_reasons(
    support: SupportClass, domains: Sequence[tuple[str, Mapping[str, object]]]
) -> list[Reason]:
    """What the class would become if a VM that merely could nest did (verdicts.md, Support
    class 4): a reason for each capable domain placed less supported than the host."""
    out = []
    for name, d in domains:
        placed = d.get("domain.support_conditional")
        if d.get("domain.role") != DomainRole.CAPABLE or not isinstance(placed, SupportClass):
            continue
        if placed is not SupportClass.UNKNOWN and placed.rank > support.rank:
            why = d.get("domain.support_reason")
            text = f"if it hosts VMs, the setup is {placed}: {why}."
            out.append(Reason(text, "NV-OS-MATRIX", name))
    return out


def second_pass(judged: Judged, rules: Sequence[Rule]) -> Judged:
    """Run the rules that read the final verdict (after chains had their say)."""
    if not rules:
        return judged
    values = {**judged.values, VERDICT_FACT.name: judged.verdict.support}
    more = run(
        rules, values, judged.domains, judged.evidence, host_target=judged.name,
        words=_words(judged.bundle),
    )
    findings = tuple(sorted((*judged.findings, *more), key=lambda x: (x.rule, x.target)))
    return judged._replace(values=values, findings=findings)
