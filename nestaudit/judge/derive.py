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
from nestaudit.judge.tables import Matrix, Placement, place
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.values import OS, UNKNOWN, Version
from nestaudit.vocabulary import Role, SupportClass

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
            "domain.exposes_virt, virt.role, host.arch",
            "the domain's exposure is unknown on an L0",
            "The domain is a nesting level: on an L0 it passes vmx/svm to its guest "
            "(every domain on IBM Z, where nothing needs configuring); on an L1 every "
            "domain is an L2.",
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
    is_l1: bool
    os: OS  # unknown inside a container: os-release describes the image
    l0_os: OS | None


def derive(
    facts: HostFacts,
    topology: Topology = NO_TOPOLOGY,
    *,
    l0_os: OS | None = None,
    linked_os: Mapping[str, OS] | None = None,
    matrix: Matrix | None = None,
) -> tuple[dict[str, object], list[tuple[str, dict[str, object]]]]:
    """Host values and (domain name, domain values) with the derived facts added.

    `l0_os` is the OS of an L1's L0 when a linked bundle or the topology file shows it;
    `linked_os` maps a domain to the OS its own bundle reports (better than libosinfo).
    `matrix` None means the default tables, whose placements are memoized.
    """
    values = facts.values()
    host = _host(values, topology, l0_os)
    own = _own_placement(values, host, matrix)
    # "unknown" as a class is the fact's value being unknown: rules then say `unknown`.
    values["support.own_table"] = UNKNOWN if own.support is SupportClass.UNKNOWN else own.support
    _set_placement(values, "support.own", own)
    domains: list[tuple[str, dict[str, object]]] = []
    candidates: list[tuple[str, Placement]] = []
    for dom in facts.domains:
        name, dom_values, placement = _domain(dom.values(), host, topology, linked_os or {}, matrix)
        if dom_values["domain.candidate"] is True:
            candidates.append((name, placement))
        domains.append((name, dom_values))
    combined = _combined(candidates) if candidates else own
    values["support.host_table"] = combined.support
    _set_placement(values, "support.host", combined)
    return values, domains


def _host(values: Mapping[str, object], topology: Topology, l0_os: OS | None) -> _Host:
    arch = values.get("host.arch", UNKNOWN)
    name = values.get("host.name")
    host_name = name if isinstance(name, str) else ""
    note = topology.host(host_name)
    if l0_os is None and note is not None:
        l0_os = note.l0_os
    container = values.get("host.container")
    # verdicts.md, Containers: the kernel facts are the host's, os-release the image's.
    own_os = OS(None) if isinstance(container, str) and container else host_os(values)
    return _Host(
        name=host_name,
        arch=arch if isinstance(arch, str) else None,
        is_l1=values.get("virt.role") == Role.L1,
        os=own_os,
        l0_os=l0_os,
    )


def _own_placement(values: Mapping[str, object], host: _Host, matrix: Matrix | None) -> Placement:
    """The host's own level alone: an L1 with its L0 (when shown), else an L0."""
    if not host.os.known:
        container = values.get("host.container")
        why = (
            f"collected inside a {container} container: its os-release describes the image, "
            "not the host, so the host's OS is unknown"
            if isinstance(container, str) and container
            else "the host's OS is unknown: the tables need it"
        )
        return Placement(SupportClass.UNKNOWN, (), (why,))
    if host.is_l1:
        return place(host.arch, [host.l0_os, host.os], matrix=matrix)
    own = place(host.arch, [host.os], matrix=matrix)
    if values.get("virt.role") != Role.L0:
        return own._replace(reasons=("the host's level is unknown: judged as an L0", *own.reasons))
    return own


def _candidate(values: Mapping[str, object], host: _Host) -> object:
    """Whether the domain is a nesting level (True, False or UNKNOWN)."""
    if host.arch not in NESTING_ARCHES:
        return False  # 21.2: nesting does not work there; NV-ARCH says so
    if host.is_l1 or host.arch == "s390x":
        return True
    exposes = values.get("domain.exposes_virt", UNKNOWN)
    return UNKNOWN if exposes is UNKNOWN else bool(exposes)


def _domain(
    values: dict[str, object],
    host: _Host,
    topology: Topology,
    linked_os: Mapping[str, OS],
    matrix: Matrix | None,
) -> tuple[str, dict[str, object], Placement]:
    name = str(values.get("domain.name"))
    note = topology.domain(host.name, name)
    dom_os = linked_os.get(name) or (note.os if note and note.os else None) or domain_os(values)
    if not host.os.known:
        placement = Placement(SupportClass.UNKNOWN, (), ("the host's OS is unknown",))
    elif host.is_l1:
        placement = place(host.arch, [host.l0_os, host.os, dom_os], l1_use=None, matrix=matrix)
    else:
        use = note.use if note else None
        placement = place(host.arch, [host.os, dom_os], l1_use=use, matrix=matrix)
    values["domain.candidate"] = _candidate(values, host)
    # A level whose OS is unknown is never silently placed (NV-OS-MATRIX): the domain's
    # own class is unknown, while the host keeps the class of the rows with a reason.
    values["domain.support_table"] = placement.support if dom_os.known else UNKNOWN
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
