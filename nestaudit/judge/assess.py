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
    Chain,
    Counts,
    HostAssessment,
    Source,
)
from nestaudit.judge.chains import account_for_chains, build_chains, chains_by_host
from nestaudit.judge.derive import host_os
from nestaudit.judge.host import (
    Judged,
    LinkedHost,
    Position,
    judge_host,
    second_pass,
    second_pass_rules,
)
from nestaudit.judge.link import Link, chain_values, host_name, link_bundles
from nestaudit.judge.registry import builtin_rules
from nestaudit.judge.roles import LinkedBundle
from nestaudit.judge.summary import host_summary
from nestaudit.soscoverage import lacks
from nestaudit.topology import NO_TOPOLOGY, Topology, check_names
from nestaudit.vocabulary import Role


def assess(
    bundles: Sequence[Bundle],
    rules: Sequence[Rule] | None = None,
    topology: Topology = NO_TOPOLOGY,
) -> Assessment:
    """Judge every bundle (with the built-in rules unless `rules` is given), each knowing
    what the bundles linked to it show. Deterministic: the same inputs give an equal
    Assessment; time comes from the bundles, never from the clock."""
    judged, chains = judge_together(bundles, rules, topology, among_others=len(bundles) > 1,
                                    check_topology=True)
    hosts = sorted((host for host, _, _ in judged), key=lambda h: (h.name, h.bundle.sha256))
    sources = sorted(
        (Source(b.origin, b.sha256, b.evidence_time, b.source["type"]) for b in bundles),
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


class Links:
    """The links between the inputs, looked up by either end in constant time: a fleet
    has thousands of bundles, and scanning every link for each would be quadratic."""

    def __init__(self, links: Sequence[Link]) -> None:
        self.all = tuple(links)
        self.parent: dict[int, Link] = {link.l1: link for link in links}
        self.children: dict[int, list[Link]] = {}
        for link in links:
            self.children.setdefault(link.l0, []).append(link)


def judge_together(
    bundles: Sequence[Bundle],
    rules: Sequence[Rule] | None,
    topology: Topology,
    *,
    among_others: bool,
    check_topology: bool = False,
) -> tuple[list[tuple[HostAssessment, Bundle, HostFacts]], tuple[Chain, ...]]:
    """Each bundle's host (in input order, with its bundle and facts) and every chain, judged
    together. `among_others`: hosts take the least supported of their chains' verdicts,
    as every host of a `check` of several inputs does (`fleet` judges a fleet in groups
    that no link or host name joins to the rest, each as `check` of them all would).
    `check_topology`: a host or domain the topology names that no bundle shows is an
    InputError (only when the bundles are all the inputs, as in `check`)."""
    first, second = second_pass_rules(builtin_rules() if rules is None else rules)
    facts = [build_facts(b) for b in bundles]
    links = Links(link_bundles(bundles, facts, topology))
    names = [host_name(f, b) for f, b in zip(facts, bundles)]
    if check_topology:
        shown: dict[str, set[str]] = {}
        for name, host_facts in zip(names, facts):
            shown.setdefault(name, set()).update(d.name for d in host_facts.domains)
        check_names(topology, shown)
    judged = [
        _judge(index, bundles, facts, names, links, first, topology)
        for index in range(len(bundles))
    ]
    chains = build_chains(judged, links.all, topology)
    if among_others:
        by_host = chains_by_host(chains)
        judged = [account_for_chains(j, by_host.get(j.name, ())) for j in judged]
    hosts = [(host_assessment(second_pass(j, second)), j.bundle, j.facts) for j in judged]
    return hosts, chains


def _judge(
    index: int,
    bundles: Sequence[Bundle],
    facts: Sequence[HostFacts],
    names: Sequence[str],
    links: Links,
    rules: Sequence[Rule],
    topology: Topology,
) -> Judged:
    """Judge bundle `index` knowing the levels linked above it and the bundles of its
    domains."""
    return judge_host(
        bundles[index],
        facts[index],
        names[index],
        rules,
        topology,
        position_of(index, facts, names, links),
    )


def position_of(
    index: int, facts: Sequence[HostFacts], names: Sequence[str], links: Links
) -> Position:
    """Where bundle `index` stands: its level, the linked levels above it, its domains'
    own bundles and its `chain.*` facts."""
    parents = links.parent
    above: list[LinkedHost] = []
    up = parents.get(index)
    while up is not None and len(above) < MAX_DEPTH and up.l0 != index:
        values = facts[up.l0].values()
        above.insert(0, LinkedHost(names[up.l0], host_os(values), values))
        up = parents.get(up.l0)
    level = None
    if above:
        top = above[0].values.get("virt.role")
        depth = len(above) + (1 if top == Role.L1 else 0)  # an unlinked top L1 is an L1
        level = (Role.L1, Role.L2)[min(depth, 2) - 1]
    below = {
        link.domain: linked_bundle(names[link.l1], facts[link.l1])
        for link in links.children.get(index, ())
    }
    parent = above[-1] if above else None
    chain = chain_values(
        facts[index].values(),
        parent.values if parent else None,
        parent.name if parent else None,
    )
    return Position(level, tuple(above), below, chain)


MAX_DEPTH = 3
"""Levels above a host followed through links (an L2's L1 and L0; more cannot be judged)."""


def linked_bundle(name: str, facts: HostFacts) -> LinkedBundle:
    """What a domain's own bundle shows of it: its OS, and whether it runs KVM and VMs."""
    values = facts.values()
    kvm = values.get("kvm.kvm_loaded")
    active = values.get("domains.active")
    return LinkedBundle(
        host=name,
        os=host_os(values),
        kvm_loaded=kvm if isinstance(kvm, bool) else None,
        hosts_vms=bool(active) if isinstance(active, list) else None,
    )


def bundle_ref(bundle: Bundle) -> BundleRef:
    """Which bundle, when its evidence was taken, and for a sosreport what it lacks."""
    sos = bundle.sos_run
    if sos is None:
        return BundleRef(bundle.sha256, bundle.evidence_time, bundle.source["type"])
    lacking = lacks(bundle.source.get("lacking") or [], sos.get("plugins"), sos.get("version"))
    return BundleRef(
        bundle.sha256, bundle.evidence_time, bundle.source["type"], sos.get("version"),
        sos.get("started_local") if bundle.evidence_time is None else None, lacking,
    )


def host_assessment(judged: Judged) -> HostAssessment:
    """The typed, final view of one judged host."""
    role = Role.parse(judged.values.get("chain.level")) or Role.UNKNOWN
    bundle = judged.bundle
    return HostAssessment(
        name=judged.name,
        bundle=bundle_ref(bundle),
        role=role,
        verdict=judged.verdict,
        findings=judged.findings,
        counts=Counts.of(judged.findings),
        summary=host_summary(judged.values, judged.domains),
    )
