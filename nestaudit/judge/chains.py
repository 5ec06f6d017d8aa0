"""Nesting chains across the inputs (L0 -> L1 -> L2), each with its own verdict.

An L0's chains run through its domains in use as L1 hypervisors, and, marked conditional,
through the ones that could be (capable: their guest sees the extension, nothing shows
use). A linked L1 bundle continues a chain through its domains, the L2s, and a linked L2
bundle names its level. An L1 bundle that no L0 bundle links to is an unlinked chain,
reported, not dropped. A host takes the least supported of its own verdict and of its
chains through L1s in use; conditional chains never lower it (verdicts.md, Support class).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.model import Finding
from nestaudit.judge.assessment import Chain, ChainLevel, Reason, Verdict
from nestaudit.judge.derive import NESTING_ARCHES, domain_os, host_os
from nestaudit.judge.host import Judged
from nestaudit.judge.link import Link
from nestaudit.judge.tables import place
from nestaudit.judge.verdict import support_caps
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.values import OS, UNKNOWN
from nestaudit.vocabulary import DomainRole, Role, Scope, SupportClass

Caps = list[tuple[SupportClass, Reason]]
_L3 = "NV-L3"


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


def _exposure_ready(dom: Mapping[str, object], arch: str | None) -> bool | None:
    exposes = dom.get("domain.exposes_virt")
    if exposes is UNKNOWN:
        return True if arch == "s390x" else None  # IBM Z: nothing to configure
    return bool(exposes)


def _chain(
    levels: Sequence[ChainLevel],
    arch: str | None,
    oses: list[OS | None],
    caps: Caps,
    ready: bool | None,
    linked: bool,
    use: str | None = None,
    conditional: str | None = None,
) -> Chain:
    """A chain and its verdict; `conditional` says why it is only a possibility (its L1
    is capable, nothing shows it in use)."""
    placement = place(arch, oses, l1_use=use)
    if placement.support is SupportClass.UNKNOWN:
        support = SupportClass.UNKNOWN
    else:
        support = SupportClass.least([placement.support, *(c for c, _ in caps)])
    placed = f"the tables place it as {placement.support}"
    if placement.rows:
        placed += f" (rows {', '.join(placement.rows)})"
    if support is not placement.support:
        # The chain's class is not the tables' own: say what lowered it, first.
        placed = f"{support}: {placed}, lowered by the reasons below"
    if placement.reasons:
        placed += "; " + "; ".join(placement.reasons)
    first = (Reason(conditional),) if conditional else ()
    reasons = (*first, Reason(placed), *sorted({r for _, r in caps}, key=str))
    return Chain(tuple(levels), linked, Verdict(support, ready, reasons), conditional is not None)


def _l0_level(l0: Judged) -> ChainLevel:
    return ChainLevel(
        Role.L0,
        host=l0.name,
        os=_text(l0.values.get("os.name")),
        arch=_arch(l0.values),
        hypervisor=_text(l0.values.get("virt.hypervisor")),  # what runs below it, as above
    )


def _domain_level(
    level: Role, name: str, dom: Mapping[str, object], own: Judged | None
) -> ChainLevel:
    """A domain as a level of a chain, with its own bundle's host when that was given."""
    if own is None:
        return ChainLevel(
            level,
            domain=name,
            os=_text(dom.get("domain.os_label")),
            domain_uuid=_text(dom.get("domain.uuid")),
        )
    return ChainLevel(
        level,
        host=own.name,
        domain=name,
        os=_text(own.values.get("os.name")),
        arch=_arch(own.values),
        domain_uuid=_text(dom.get("domain.uuid")),
        hypervisor=_text(own.values.get("virt.hypervisor")),
    )


class _Inputs(NamedTuple):
    """What every chain of one set of inputs is built from."""

    judged: Sequence[Judged]
    child: Mapping[tuple[int, str], int]  # (host, domain) -> the bundle inside the domain
    caps: _Caps
    topology: Topology


def _conditional(name: str, dom: Mapping[str, object]) -> str | None:
    if dom.get("domain.role") == DomainRole.IN_USE:
        return None
    return (
        f"conditional: nothing shows that {name} hosts VMs ({dom.get('domain.role_reason')}); "
        "this is the verdict if it does"
    )


def _from_l0(i: int, inputs: _Inputs) -> list[Chain]:
    """The chains through an L0's domains in use as L1s, and, conditional, its capable ones."""
    l0 = inputs.judged[i]
    chains: list[Chain] = []
    l0_level = _l0_level(l0)
    arch = l0_level.arch
    for name, dom in l0.domains:
        if arch not in NESTING_ARCHES:
            continue
        if dom.get("domain.role") not in (DomainRole.IN_USE, DomainRole.CAPABLE):
            continue
        note = inputs.topology.domain(l0.name, name)
        use = note.use if note else None
        caps = inputs.caps.host[i] + inputs.caps.of_domain(i, name)
        ready = _ready(l0.verdict.ready, _exposure_ready(dom, arch))
        k = inputs.child.get((i, name))
        l1 = inputs.judged[k] if k is not None else None
        l1_level = _domain_level(Role.L1, name, dom, l1)
        conditional = _conditional(name, dom)
        if l1 is None or k is None:
            dom_os = note.os if note and note.os else domain_os(dom)
            chains.append(
                _chain(
                    [l0_level, l1_level],
                    arch,
                    [host_os(l0.values), dom_os],
                    caps,
                    ready,
                    False,
                    use,
                    conditional,
                )
            )
            continue
        oses: list[OS | None] = [host_os(l0.values), host_os(l1.values)]
        through = _Through(
            l0_level,
            l1_level,
            k,
            oses,
            caps + inputs.caps.host[k],
            _ready(ready, l1.verdict.ready),
            use,
            conditional,
        )
        chains.extend(_through_l1_bundle(through, inputs))
    return chains


class _Through(NamedTuple):
    """A chain so far: an L0 and an L1 whose own bundle was given (index `l1`)."""

    l0_level: ChainLevel
    l1_level: ChainLevel
    l1: int
    oses: list[OS | None]
    caps: Caps
    ready: bool | None
    use: str | None
    conditional: str | None


def _through_l1_bundle(t: _Through, inputs: _Inputs) -> list[Chain]:
    """The chains through an L1 bundle: one per L2 (every domain of an L1 is one), each
    with the L2's own bundle where it was given."""
    l1 = inputs.judged[t.l1]
    arch = t.l0_level.arch
    l2s = [(n, d) for n, d in l1.domains if d.get("domain.candidate") is True]
    if not l2s:
        return [
            _chain(
                [t.l0_level, t.l1_level], arch, t.oses, t.caps, t.ready, True, t.use, t.conditional
            )
        ]
    chains = []
    for l2_name, l2 in l2s:
        m = inputs.child.get((t.l1, l2_name))
        own = inputs.judged[m] if m is not None else None
        l2_os = host_os(own.values) if own is not None else domain_os(l2)
        caps = _for_l2(t.caps, l2) + inputs.caps.of_domain(t.l1, l2_name)
        if m is not None:
            caps = caps + inputs.caps.host[m]
        chains.append(
            _chain(
                [t.l0_level, t.l1_level, _domain_level(Role.L2, l2_name, l2, own)],
                arch,
                [*t.oses, l2_os],
                caps,
                t.ready,
                True,
                t.use,
                t.conditional,
            )
        )
    return chains


def _for_l2(caps: Caps, l2: Mapping[str, object]) -> Caps:
    """The caps of a chain so far that apply through this L2: the L1's L3 finding is about
    its L2s in use as hypervisors, so it caps only the chains through those."""
    if l2.get("domain.role") == DomainRole.IN_USE:
        return caps
    return [(c, r) for c, r in caps if r.limitation != _L3]


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


def chain_key(chain: Chain) -> list[tuple[str, str, str]]:
    """What chains are sorted by: each level's role, host and domain."""
    return [(lv.level, str(lv.host), str(lv.domain)) for lv in chain.levels]


def build_chains(
    judged: Sequence[Judged], links: Sequence[Link], topology: Topology = NO_TOPOLOGY
) -> tuple[Chain, ...]:
    """Every nesting chain the inputs show, sorted by their levels."""
    inputs = _Inputs(judged, {(ln.l0, ln.domain): ln.l1 for ln in links}, _Caps(judged), topology)
    linked = {link.l1 for link in links}
    chains: list[Chain] = []
    for i, j in enumerate(judged):
        if j.values.get("chain.level") not in (Role.L1, Role.L2):
            chains.extend(_from_l0(i, inputs))
    for i, j in enumerate(judged):
        if j.values.get("chain.level") == Role.L1 and i not in linked:
            chains.append(_unlinked_l1(i, j, inputs.caps, topology))
    return tuple(sorted(chains, key=chain_key))


def chains_by_host(chains: Sequence[Chain]) -> dict[str, list[Chain]]:
    """Each host name's chains through L1s in use (not conditional ones), in order: built
    once, so that accounting for chains stays linear in the number of hosts."""
    mine: dict[str, list[Chain]] = {}
    for chain in chains:
        if chain.conditional:
            continue
        for host in dict.fromkeys(lv.host for lv in chain.levels if lv.host is not None):
            mine.setdefault(host, []).append(chain)
    return mine


def account_for_chains(j: Judged, chains: Sequence[Chain]) -> Judged:
    """A host takes the least supported of its own verdict and its chains' (design.md):
    of the chains through L1s in use, never of conditional ones. `chains` may be every
    chain or only this host's (`chains_by_host`)."""
    mine = [c for c in chains if not c.conditional and any(lv.host == j.name for lv in c.levels)]
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
    lowered = verdict._replace(support=lowest, reasons=(*verdict.reasons, reason))
    return j._replace(verdict=lowered)
