"""From bundles to one Assessment: judge every host, link them, build the chains."""

from __future__ import annotations

from collections.abc import Sequence

from nestaudit import DOC_TITLE, DOC_URL, __version__
from nestaudit.bundle import Bundle
from nestaudit.engine.model import Rule
from nestaudit.engine.ruleset import rules_version
from nestaudit.facts import HostFacts, build_facts
from nestaudit.judge.assessment import (
    Assessment,
    BundleRef,
    Counts,
    HostAssessment,
    Source,
)
from nestaudit.judge.chains import account_for_chains, build_chains
from nestaudit.judge.derive import host_os
from nestaudit.judge.host import Judged, LinkedL0, judge_host, second_pass, second_pass_rules
from nestaudit.judge.link import Link, chain_values, host_name, link_bundles
from nestaudit.judge.registry import builtin_rules
from nestaudit.judge.summary import host_summary
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.vocabulary import Role


def assess(
    bundles: Sequence[Bundle],
    rules: Sequence[Rule] | None = None,
    topology: Topology = NO_TOPOLOGY,
) -> Assessment:
    """Judge every bundle (with the built-in rules unless `rules` is given), each knowing
    what the bundles linked to it show. Deterministic: the same inputs give an equal
    Assessment; time comes from the bundles, never from the clock."""
    first, second = second_pass_rules(builtin_rules() if rules is None else rules)
    facts = [build_facts(b) for b in bundles]
    links = link_bundles(bundles, facts, topology)
    names = [host_name(f, b) for f, b in zip(facts, bundles)]
    judged = [
        _judge(index, bundles, facts, names, links, first, topology)
        for index in range(len(bundles))
    ]
    chains = build_chains(judged, links, topology)
    if len(judged) > 1:
        judged = [account_for_chains(j, chains) for j in judged]
    hosts = sorted(
        (host_assessment(second_pass(j, second)) for j in judged),
        key=lambda h: (h.name, h.bundle.sha256),
    )
    sources = sorted(
        (Source(b.origin, b.sha256, b.collected_at, b.source["type"]) for b in bundles),
        key=lambda s: (s.sha256, s.origin),
    )
    return Assessment(
        tool_name="nestaudit",
        tool_version=__version__,
        rules_version=rules_version(),
        doc=DOC_TITLE,
        doc_url=DOC_URL,
        sources=tuple(sources),
        hosts=tuple(hosts),
        chains=chains,
    )


def _judge(
    index: int,
    bundles: Sequence[Bundle],
    facts: Sequence[HostFacts],
    names: Sequence[str],
    links: Sequence[Link],
    rules: Sequence[Rule],
    topology: Topology,
) -> Judged:
    """Judge bundle `index` knowing its linked L0 (if any) and its linked domains' OSes."""
    up = next((link for link in links if link.l1 == index), None)
    l0 = None
    if up is not None:
        l0_values = facts[up.l0].values()
        l0 = LinkedL0(names[up.l0], host_os(l0_values), l0_values)
    linked_os = {
        link.domain: host_os(facts[link.l1].values()) for link in links if link.l0 == index
    }
    own = facts[index]
    chain = chain_values(own.values(), l0.values if l0 else None, l0.name if l0 else None)
    return judge_host(
        bundles[index],
        own,
        names[index],
        rules,
        topology,
        l0=l0,
        linked_os=linked_os,
        chain=chain,
    )


def host_assessment(judged: Judged) -> HostAssessment:
    """The typed, final view of one judged host."""
    role = Role.parse(judged.values.get("virt.role")) or Role.UNKNOWN
    bundle = judged.bundle
    return HostAssessment(
        name=judged.name,
        bundle=BundleRef(bundle.sha256, bundle.collected_at, bundle.source["type"]),
        role=role,
        verdict=judged.verdict,
        findings=judged.findings,
        counts=Counts.of(judged.findings),
        summary=host_summary(judged.values, judged.domains),
    )
