"""Facts derived from the fact model and the support tables, for the rules to read.

The parsers (nestaudit/facts/) say what a host *is*; this module says where that places it
in the chapter's tables (rules/tables/support-matrix.yaml): each domain as a nesting level,
the host on its own, and the host with its candidate L1 domains together (verdicts.md,
Support class 1-4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from nestaudit.facts import HostFacts
from nestaudit.facts.registry import FactSpec
from nestaudit.judge.roles import LinkedBundle, domain_role, nesting_need
from nestaudit.judge.tables import Matrix, Placement, place
from nestaudit.topology import NO_TOPOLOGY, DomainNote, Topology
from nestaudit.values import OS, UNKNOWN, Version
from nestaudit.vocabulary import DomainRole, Role, SupportClass

_PLACEMENT_SOURCE = "rules/tables/support-matrix.yaml, matched by nestaudit/judge/tables.py"
# Architectures where the chapter has nesting work at all (21.2).
NESTING_ARCHES = ("x86_64", "s390x")

DERIVED: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        FactSpec(
            "support.own_table",
            "str",
            "host",
            _PLACEMENT_SOURCE,
            "never (unknown is a class)",
            "Support class of this host's own level and OS, alone (verdicts.md rule 4).",
        ),
        FactSpec(
            "support.own_rows",
            "list[str]",
            "host",
            _PLACEMENT_SOURCE,
            "never",
            "Table rows the host alone fits.",
        ),
        FactSpec(
            "support.own_reason",
            "str",
            "host",
            _PLACEMENT_SOURCE,
            "never",
            "Why the host alone is placed so.",
        ),
        FactSpec(
            "support.host_table",
            "str",
            "host",
            _PLACEMENT_SOURCE,
            "never",
            "Support class from the tables for the host with its candidate nesting "
            "levels: the least supported candidate domain, or the host alone when none.",
        ),
        FactSpec(
            "support.host_rows",
            "list[str]",
            "host",
            _PLACEMENT_SOURCE,
            "never",
            "Table rows behind support.host_table.",
        ),
        FactSpec(
            "support.host_reason",
            "str",
            "host",
            _PLACEMENT_SOURCE,
            "never",
            "Why the host is placed so (the conditions on levels not seen).",
        ),
        FactSpec(
            "domain.candidate",
            "bool",
            "domain",
            "domain.role, chain.level, host.arch",
            "never",
            "The domain is a nesting level that places the host in the tables (verdicts.md, "
            "Support class 3): on an L0 an L1 in use; on an L1 every domain (an L2). Never on "
            "an architecture where nesting does not work.",
        ),
        FactSpec(
            "chain.level",
            "str",
            "host",
            "virt.role, and the bundles linked to this one",
            "never",
            "L0 | L1 | L2 | unknown: the host's level, from virt.role, or from the links "
            "(a bundle linked inside an L0's domain is an L1, inside an L1's an L2).",
        ),
        FactSpec(
            "domain.support_table",
            "str",
            "domain",
            _PLACEMENT_SOURCE,
            "the domain's guest OS is unknown (no libosinfo metadata)",
            "Support class of the chain through this domain.",
        ),
        FactSpec(
            "domain.support_conditional",
            "str",
            "domain",
            _PLACEMENT_SOURCE,
            "never",
            "The class the tables give the chain through this domain with its unknown "
            "levels assumed to fit (equals domain.support_table when the OS is known).",
        ),
        FactSpec(
            "domain.support_rows",
            "list[str]",
            "domain",
            _PLACEMENT_SOURCE,
            "never",
            "Table rows the chain through this domain fits.",
        ),
        FactSpec(
            "domain.support_reason",
            "str",
            "domain",
            _PLACEMENT_SOURCE,
            "never",
            "Why the chain through this domain is placed so.",
        ),
    )
}


def host_os(values: Mapping[str, object]) -> OS:
    """The OS of a host as the tables see it (from os-release)."""
    os_id = values.get("os.id", UNKNOWN)
    version = values.get("os.version", UNKNOWN)
    if not isinstance(os_id, str):
        return OS(None)
    label = values.get("os.name")
    return OS(
        family=os_id,
        version=version if isinstance(version, Version) else None,
        label=label if isinstance(label, str) else os_id,
    )


def domain_os(values: Mapping[str, object]) -> OS:
    """The guest OS of a domain as the tables see it (from libosinfo metadata)."""
    family = values.get("domain.os_family", UNKNOWN)
    if not isinstance(family, str) or not family:
        return OS(None)
    version = values.get("domain.os_version", UNKNOWN)
    kind = values.get("domain.os_kind", "")
    label = values.get("domain.os_label", "")
    return OS(
        family=family,
        version=version if isinstance(version, Version) else None,
        kind=kind if isinstance(kind, str) else "",
        label=label if isinstance(label, str) else family,
        minor_unknown=values.get("domain.os_minor_unknown") is True,
    )


def _reason(placement: Placement) -> str:
    return "; ".join(placement.reasons) if placement.reasons else "fits the table row as it is"


def _set_placement(values: dict[str, object], prefix: str, placement: Placement) -> None:
    values[f"{prefix}_rows"] = list(placement.rows)
    values[f"{prefix}_reason"] = _reason(placement)


class _Host(NamedTuple):
    """What derivation needs to know of the host before it looks at its domains."""

    name: str
    arch: str | None
    level: Role  # L0, L1 or L2, as links and the hypervisor show; unknown judged as L0
    os: OS  # unknown inside a container: os-release describes the image
    above: tuple[OS | None, ...]  # the levels above it, L0 first; None: not seen

    @property
    def hosts_levels(self) -> bool:
        """Its domains are nesting levels of the tables (an L1's are L2s; an L2's are L3
        guests, which no table has)."""
        return self.level is Role.L1


def derive(
    facts: HostFacts,
    topology: Topology = NO_TOPOLOGY,
    *,
    level: Role | None = None,
    above: Sequence[OS | None] = (),
    linked: Mapping[str, LinkedBundle] | None = None,
    matrix: Matrix | None = None,
) -> tuple[dict[str, object], list[tuple[str, dict[str, object]]]]:
    """Host values and (domain name, domain values) with the derived facts added.

    `level` is the host's place in a chain when links decide it (an L1's linked child is
    an L2), else `virt.role` says; `above` the OSes of the levels above it that a linked
    bundle or the topology file shows, L0 first; `linked` maps a domain to what its own
    bundle shows (its OS is better than libosinfo's). `matrix` None means the default
    tables, whose placements are memoized.
    """
    values = facts.values()
    host = _host(values, topology, level, above)
    values["chain.level"] = level or Role.parse(values.get("virt.role")) or Role.UNKNOWN
    domains: list[tuple[str, dict[str, object]]] = []
    candidates: list[tuple[str, Placement]] = []
    uses: set[str] = set()
    for dom in facts.domains:
        name, dom_values, placement = _domain(dom.values(), host, topology, linked or {}, matrix)
        if dom_values["domain.candidate"] is True:
            candidates.append((name, placement))
            note = topology.domain(host.name, name)
            uses.update([note.use] if note and note.use else [])
        domains.append((name, dom_values))
    values["domains.in_use"] = _with_role(domains, DomainRole.IN_USE)
    values["domains.capable"] = _with_role(domains, DomainRole.CAPABLE)
    # A RHEL 9 L0 fits a row only with a Windows L1 stated as used for WSL2 alone.
    own = _own_placement(
        values, host, matrix, "wsl2" if uses == {"wsl2"} else None, _families(domains)
    )
    # "unknown" as a class is the fact's value being unknown: rules then say `unknown`.
    values["support.own_table"] = UNKNOWN if own.support is SupportClass.UNKNOWN else own.support
    _set_placement(values, "support.own", own)
    combined = _combined(candidates) if candidates else own
    values["support.host_table"] = combined.support
    _set_placement(values, "support.host", combined)
    return values, domains


def _with_role(domains: Sequence[tuple[str, Mapping[str, object]]], role: DomainRole) -> list[str]:
    return [name for name, d in domains if d.get("domain.role") == role]


def _host(
    values: Mapping[str, object], topology: Topology, level: Role | None, above: Sequence[OS | None]
) -> _Host:
    arch = values.get("host.arch", UNKNOWN)
    name = values.get("host.name")
    host_name = name if isinstance(name, str) else ""
    if level is None:
        level = Role.L1 if values.get("virt.role") == Role.L1 else Role.L0
    if level is Role.L1 and not above:
        note = topology.host(host_name)
        above = (note.l0_os if note is not None else None,)
    container = values.get("host.container")
    # verdicts.md, Containers: the kernel facts are the host's, os-release the image's.
    own_os = OS(None) if isinstance(container, str) and container else host_os(values)
    return _Host(
        name=host_name,
        arch=arch if isinstance(arch, str) else None,
        level=level,
        os=own_os,
        above=tuple(above),
    )


def _families(domains: Sequence[tuple[str, Mapping[str, object]]]) -> frozenset[str] | None:
    """The guest OS families of the host's domains; None when one is unknown (it could be
    any)."""
    found = set()
    for _, d in domains:
        family = d.get("domain.os_family")
        if not isinstance(family, str):
            return None
        found.add(family)
    return frozenset(found)


def _own_placement(
    values: Mapping[str, object],
    host: _Host,
    matrix: Matrix | None,
    use: str | None,
    families: frozenset[str] | None = None,
) -> Placement:
    """The host's own level with the levels above it (as far as they are shown)."""
    if not host.os.known:
        container = values.get("host.container")
        why = (
            f"collected inside a {container} container: its os-release describes the image, "
            "not the host, so the host's OS is unknown"
            if isinstance(container, str) and container
            else "the host's OS is unknown: the tables need it"
        )
        return Placement(SupportClass.UNKNOWN, (), (why,))
    own = place(host.arch, [*host.above, host.os], l1_use=use, matrix=matrix,
                l1_families=families)
    if host.level is Role.L0 and values.get("virt.role") != Role.L0:
        return own._replace(reasons=("the host's level is unknown: judged as an L0", *own.reasons))
    return own


def _candidate(values: Mapping[str, object], host: _Host) -> bool:
    """Whether the domain is a nesting level that places the host: on an L0 an L1 in use,
    on an L1 every L2 (verdicts.md, Support class 3)."""
    if host.arch not in NESTING_ARCHES:
        return False  # 21.2: nesting does not work there; NV-ARCH says so
    if host.hosts_levels:
        return True
    return host.level is Role.L0 and values.get("domain.role") == DomainRole.IN_USE


def _role(
    values: Mapping[str, object], host: _Host, note: DomainNote | None, linked: LinkedBundle | None
) -> tuple[object, str]:
    role, why = domain_role(values, note, linked)
    if role is UNKNOWN and host.arch == "s390x":
        # IBM Z needs nothing configured per guest: every guest can host VMs.
        return DomainRole.CAPABLE, "on IBM Z every guest can host VMs (nothing to configure)"
    return role, why


def _domain(
    values: dict[str, object],
    host: _Host,
    topology: Topology,
    linked: Mapping[str, LinkedBundle],
    matrix: Matrix | None,
) -> tuple[str, dict[str, object], Placement]:
    name = str(values.get("domain.name"))
    note = topology.domain(host.name, name)
    bundle = linked.get(name)
    dom_os = (
        (bundle.os if bundle is not None and bundle.os.known else None)
        or (note.os if note and note.os else None)
        or domain_os(values)
    )
    values["domain.role"], values["domain.role_reason"] = _role(values, host, note, bundle)
    values["domain.needs_virt"], values["domain.needs_virt_reason"] = nesting_need(
        values, values["domain.role"], str(values["domain.role_reason"])
    )
    if not host.os.known:
        placement = Placement(SupportClass.UNKNOWN, (), ("the host's OS is unknown",))
    elif host.level is Role.L2:
        placement = Placement(SupportClass.UNSUPPORTED, (), ("an L3 guest is in no table",))
    else:
        use = note.use if note and host.level is Role.L0 else None
        placement = place(host.arch, [*host.above, host.os, dom_os], l1_use=use, matrix=matrix)
    values["domain.candidate"] = _candidate(values, host)
    # A level whose OS is unknown is never silently placed (NV-OS-MATRIX): the domain's
    # own class is unknown, while the host keeps the class of the rows with a reason.
    decided = dom_os.known and placement.decided
    values["domain.support_table"] = placement.support if decided else UNKNOWN
    values["domain.support_conditional"] = placement.support
    _set_placement(values, "domain.support", placement)
    return name, values, placement
def _combined(candidates: Sequence[tuple[str, Placement]]) -> Placement:
    """The host with its candidate domains: the least supported of them."""
    support = SupportClass.least(p.support for _, p in candidates)
    chosen = [(n, p) for n, p in candidates if p.support == support]
    rows = sorted({r for _, p in chosen for r in p.rows})
    if len(chosen) == 1:
        return Placement(support, tuple(rows), chosen[0][1].reasons)
    # Say which domain each reason is about; identical reasons are said once.
    by_reason: dict[str, list[str]] = {}
    for name, placement in chosen:
        by_reason.setdefault(_reason(placement), []).append(name)
    reasons = tuple(f"{', '.join(names)}: {why}" for why, names in by_reason.items())
    return Placement(support, tuple(rows), reasons)
