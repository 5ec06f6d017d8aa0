"""Nesting chains across the inputs (L0 -> L1 -> L2), each with its own verdict.

An L0's chains run through its candidate domains (those that expose virtualization to
their guests); a linked L1 bundle continues a chain through its own candidate domains. An
L1 bundle that no L0 bundle links to is an unlinked chain, reported, not dropped. A host
takes the least supported of its own verdict and its chains' (design.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.model import Finding
from nestaudit.judge.assessment import Chain, ChainLevel, Reason, Verdict
from nestaudit.judge.derive import domain_os, host_os
from nestaudit.judge.host import Judged
from nestaudit.judge.link import Link
from nestaudit.judge.tables import place
from nestaudit.judge.verdict import support_caps
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.values import OS, UNKNOWN
from nestaudit.vocabulary import Role, Scope, SupportClass

Caps = list[tuple[SupportClass, Reason]]


class _Caps:
    """Support caps of each judged host and of each of its domains, computed once."""

    def __init__(self, judged: Sequence[Judged]) -> None:
        limitations = catalogue()
        self.host: dict[int, Caps] = {}
        self.domain: dict[tuple[int, str], Caps] = {}
        for index, j in enumerate(judged):
            host = [f for f in j.findings if f.scope == Scope.HOST]
            self.host[index] = support_caps(host, limitations)
            by_target: dict[str, list[Finding]] = {}
            for f in j.findings:
                if f.scope == Scope.DOMAIN:
                    by_target.setdefault(f.target, []).append(f)
            for target, found in by_target.items():
                self.domain[(index, target)] = support_caps(found, limitations)

    def of_domain(self, index: int, domain: str) -> Caps:
        return self.domain.get((index, domain), [])


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _arch(values: Mapping[str, object]) -> str | None:
    arch = values.get("host.arch")
    return arch if isinstance(arch, str) else None


def _ready(*values: bool | None) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _exposure_ready(dom: Mapping[str, object]) -> bool | None:
    exposes = dom.get("domain.exposes_virt")
    if dom.get("domain.candidate") is True and exposes is UNKNOWN:
        return True if dom.get("host.arch") == "s390x" else None
    return None if exposes is UNKNOWN else bool(exposes)


def _chain(
    levels: Sequence[ChainLevel],
    arch: str | None,
    oses: list[OS | None],
    caps: Caps,
    ready: bool | None,
    linked: bool,
    use: str | None = None,
) -> Chain:
    placement = place(arch, oses, l1_use=use)
    if placement.support is SupportClass.UNKNOWN:
        support = SupportClass.UNKNOWN
    else:
        support = SupportClass.least([placement.support, *(c for c, _ in caps)])
    placed = f"placed as {placement.support}"
    if placement.rows:
        placed += f" (rows {', '.join(placement.rows)})"
    if placement.reasons:
        placed += ": " + "; ".join(placement.reasons)
    reasons = (Reason(placed), *sorted({r for _, r in caps}, key=str))
    return Chain(tuple(levels), linked, Verdict(support, ready, reasons))


def _l0_level(l0: Judged) -> ChainLevel:
    return ChainLevel(
        Role.L0,
        host=l0.name,
        os=_text(l0.values.get("os.name")),
        arch=_arch(l0.values),
        hypervisor="kvm",
    )


def _through_l1_bundle(
    l0_level: ChainLevel,
    l1: Judged,
    index: int,
    domain: str,
    uuid: str | None,
    oses: tuple[OS, OS],
    caps: Caps,
    caps_of: _Caps,
    ready: bool | None,
    use: str | None,
) -> list[Chain]:
    """The chains through an L0 domain whose own (L1) bundle was given: one per L2."""
    l1_level = ChainLevel(
        Role.L1,
        host=l1.name,
        domain=domain,
        os=_text(l1.values.get("os.name")),
        arch=_arch(l1.values),
        domain_uuid=uuid,
        hypervisor=_text(l1.values.get("virt.hypervisor")),
    )
    arch = l0_level.arch
    l2s = [(n, d) for n, d in l1.domains if d.get("domain.candidate") is True]
    if not l2s:
        return [_chain([l0_level, l1_level], arch, list(oses), caps, ready, True, use)]
    return [
        _chain(
            [
                l0_level,
                l1_level,
                ChainLevel(
                    Role.L2,
                    domain=l2_name,
                    os=_text(l2.get("domain.os_label")),
                    domain_uuid=_text(l2.get("domain.uuid")),
                ),
            ],
            arch,
            [*oses, domain_os(l2)],
            caps + caps_of.of_domain(index, l2_name),
            ready,
            True,
            use,
        )
        for l2_name, l2 in l2s
    ]


def _from_l0(
    i: int,
    l0: Judged,
    judged: Sequence[Judged],
    by_l0: Mapping[tuple[int, str], Link],
    caps_of: _Caps,
    topology: Topology,
) -> list[Chain]:
    chains: list[Chain] = []
    l0_level = _l0_level(l0)
    l0_os = host_os(l0.values)
    for name, dom in l0.domains:
        if dom.get("domain.candidate") is not True:
            continue
        link = by_l0.get((i, name))
        note = topology.domain(l0.name, name)
        use = note.use if note else None
        caps = caps_of.host[i] + caps_of.of_domain(i, name)
        ready = _ready(l0.verdict.ready, _exposure_ready(dom))
        uuid = _text(dom.get("domain.uuid"))
        if link is None:
            level = ChainLevel(
                Role.L1, domain=name, os=_text(dom.get("domain.os_label")), domain_uuid=uuid
            )
            dom_os = note.os if note and note.os else domain_os(dom)
            chains.append(
                _chain([l0_level, level], l0_level.arch, [l0_os, dom_os], caps, ready, False, use)
            )
            continue
        l1 = judged[link.l1]
        chains.extend(
            _through_l1_bundle(
                l0_level,
                l1,
                link.l1,
                name,
                uuid,
                (l0_os, host_os(l1.values)),
                caps + caps_of.host[link.l1],
                caps_of,
                _ready(ready, l1.verdict.ready),
                use,
            )
        )
    return chains


def _unlinked_l1(index: int, l1: Judged, caps_of: _Caps, topology: Topology) -> Chain:
    arch = _arch(l1.values)
    note = topology.host(l1.name)
    l0_level = ChainLevel(
        Role.L0,
        host=note.l0_host if note else None,
        os=note.l0_os.describe() if note and note.l0_os else None,
        arch=arch,
        hypervisor=_text(l1.values.get("virt.hypervisor")),
    )
    l1_level = ChainLevel(Role.L1, host=l1.name, os=_text(l1.values.get("os.name")), arch=arch)
    chain = _chain(
        [l0_level, l1_level],
        arch,
        [note.l0_os if note else None, host_os(l1.values)],
        caps_of.host[index],
        l1.verdict.ready,
        False,
    )
    unlinked = Reason("unlinked: no L0 bundle given has a domain with this L1's system UUID")
    verdict = chain.verdict._replace(reasons=(unlinked, *chain.verdict.reasons))
    return chain._replace(verdict=verdict)


def _chain_key(chain: Chain) -> list[tuple[str, str, str]]:
    return [(lv.level, str(lv.host), str(lv.domain)) for lv in chain.levels]


def build_chains(
    judged: Sequence[Judged], links: Sequence[Link], topology: Topology = NO_TOPOLOGY
) -> tuple[Chain, ...]:
    """Every nesting chain the inputs show, sorted by their levels."""
    caps_of = _Caps(judged)
    by_l0 = {(link.l0, link.domain): link for link in links}
    linked_l1 = {link.l1 for link in links}
    chains: list[Chain] = []
    for i, j in enumerate(judged):
        if j.values.get("virt.role") != Role.L1:
            chains.extend(_from_l0(i, j, judged, by_l0, caps_of, topology))
    for i, j in enumerate(judged):
        if j.values.get("virt.role") == Role.L1 and i not in linked_l1:
            chains.append(_unlinked_l1(i, j, caps_of, topology))
    return tuple(sorted(chains, key=_chain_key))


def account_for_chains(j: Judged, chains: Sequence[Chain]) -> Judged:
    """A host takes the least supported of its own verdict and its chains' (design.md)."""
    mine = [c for c in chains if any(lv.host == j.name for lv in c.levels)]
    classes = [c.verdict.support for c in mine if c.verdict.support is not SupportClass.UNKNOWN]
    verdict = j.verdict
    if verdict.support is SupportClass.UNKNOWN or not classes:
        return j
    lowest = SupportClass.least([verdict.support, *classes])
    if lowest == verdict.support:
        return j
    chain = next(c for c in mine if c.verdict.support == lowest)
    path = " -> ".join(str(lv.host or lv.domain) for lv in chain.levels)
    reason = Reason(f"chain {path}: {lowest}: {chain.verdict.reasons[-1]}")
    return j._replace(verdict=verdict._replace(reasons=(*verdict.reasons, reason)))
