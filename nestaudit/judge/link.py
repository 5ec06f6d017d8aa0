"""Which bundle runs inside which domain, and what a host learns from the level above it.

An L1's SMBIOS system UUID equals its domain's libvirt UUID on the L0 (compared
lower-case); a topology file can state the link instead. A linked L1 gets the `chain.*`
facts: that it is linked, its L0's name, and the CPU flags its L0 has that it lacks
(NV-L1-FEATURES).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from nestaudit.bundle import Bundle
from nestaudit.facts import HostFacts
from nestaudit.facts.registry import FactSpec
from nestaudit.topology import Topology
from nestaudit.values import UNKNOWN

CHAIN_FACTS = {
    spec.name: spec
    for spec in (
        FactSpec(
            "chain.l0_linked",
            "bool",
            "host",
            "the inputs given together",
            "never",
            "An L1 whose L0 bundle was given too (its SMBIOS UUID equals one of the "
            "L0's domain UUIDs, or a topology file says which domain it is).",
        ),
        FactSpec(
            "chain.l0_host",
            "str | None",
            "host",
            "the linked L0 bundle",
            "never",
            "The linked L0's host name; None when not linked.",
        ),
        FactSpec(
            "chain.l0_flags_missing",
            "list[str]",
            "host",
            "/proc/cpuinfo of both levels",
            "not linked to an L0 bundle, or a cpuinfo unreadable",
            "CPU flags the L0 has on every CPU that this L1 lacks.",
        ),
    )
}


class Link(NamedTuple):
    """An L1 bundle (index `l1`) collected inside domain `domain` of the L0 bundle `l0`."""

    l0: int
    domain: str
    l1: int
    how: str


def host_name(facts: HostFacts, bundle: Bundle) -> str:
    """The name a report gives a host: its host name, else its input's file name."""
    name = facts.values().get("host.name", UNKNOWN)
    if isinstance(name, str) and name:
        return name
    return Path(bundle.origin).name or "host"


def link_bundles(
    bundles: Sequence[Bundle], facts: Sequence[HostFacts], topology: Topology
) -> list[Link]:
    """Every link between the inputs, by system UUID or as the topology file states."""
    by_uuid: dict[str, tuple[int, str]] = {}
    for i, f in enumerate(facts):
        # An L1's domains link too: the bundle collected inside one is an L2.
        for dom in f.domains:
            uuid = dom.values().get("domain.uuid")
            if isinstance(uuid, str) and uuid:
                by_uuid.setdefault(uuid.lower(), (i, str(dom.values().get("domain.name"))))
    names = [host_name(f, b) for f, b in zip(facts, bundles)]
    links: list[Link] = []
    for j, f in enumerate(facts):
        uuid = f.values().get("host.system_uuid")
        target = by_uuid.get(uuid.lower()) if isinstance(uuid, str) else None
        if target is not None and target[0] != j:
            links.append(Link(target[0], target[1], j, f"system UUID {uuid}"))
            continue
        stated = _stated_link(j, bundles[j].origin, facts, names, topology)
        if stated is not None:
            links.append(stated)
    return links


def _stated_link(
    j: int, origin: str, facts: Sequence[HostFacts], names: Sequence[str], topology: Topology
) -> Link | None:
    """The link the topology file states for bundle `j`, if it names that bundle."""
    note = next((n for n in topology.domains if n.bundle in (origin, Path(origin).name)), None)
    if note is None or note.bundle is None:
        return None
    for i, other in enumerate(facts):
        if (
            i != j
            and (note.host is None or note.host == names[i])
            and other.domain(note.domain) is not None
        ):
            return Link(i, note.domain, j, f"topology file ({topology.origin})")
    return None


def _flags(values: Mapping[str, object]) -> set[str] | None:
    flags = values.get("cpu.flags")
    return {str(f) for f in flags} if isinstance(flags, list) else None


def chain_values(
    own: Mapping[str, object], l0: Mapping[str, object] | None, l0_name: str | None
) -> dict[str, object]:
    """The `chain.*` facts of a host, given its linked L0's values (None: not linked)."""
    values: dict[str, object] = {
        "chain.l0_linked": l0 is not None,
        "chain.l0_host": l0_name if l0 is not None else None,
        "chain.l0_flags_missing": UNKNOWN,
    }
    if l0 is not None:
        mine, theirs = _flags(own), _flags(l0)
        if mine is not None and theirs is not None:
            values["chain.l0_flags_missing"] = sorted(theirs - mine)
    return values
