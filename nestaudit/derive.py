"""Facts derived from the fact model and the support tables, for the rules to read.

The parsers (nestaudit/facts/) say what a host *is*; this module says where that places it
in the chapter's tables (rules/tables/support-matrix.yaml): each domain as a nesting level,
the host on its own, and the host with its candidate L1 domains together (verdicts.md,
Support class 1-4).
"""

from __future__ import annotations

from collections.abc import Mapping

from nestaudit.facts import HostFacts
from nestaudit.facts.registry import FactSpec
from nestaudit.matrix import OS, Matrix, Placement, least_supported, place
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.values import UNKNOWN, Version

_PLACEMENT_SOURCE = "rules/tables/support-matrix.yaml, matched by nestaudit/matrix.py"
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
            "verdict.support",
            "str",
            "host",
            "nestaudit/verdict.py, after every rule that does not read it",
            "never",
            "The host's final support class; rules that read it run in a second pass.",
        ),
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


def _host_os(values: Mapping[str, object]) -> OS:
    os_id = values.get("os.id", UNKNOWN)
    version = values.get("os.version", UNKNOWN)
    if not isinstance(os_id, str):
        return OS(None)
    label = values.get("os.name")
    return OS(
        family="rhel" if os_id == "rhel" else os_id,
        version=version if isinstance(version, Version) else None,
        label=label if isinstance(label, str) else os_id,
    )


def _domain_os(values: Mapping[str, object]) -> OS:
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


def _arch(values: Mapping[str, object]) -> str | None:
    arch = values.get("host.arch", UNKNOWN)
    return arch if isinstance(arch, str) else None


def _reason(placement: Placement) -> str:
    return "; ".join(placement.reasons) if placement.reasons else "fits the table row as it is"


def host_os(values: Mapping[str, object]) -> OS:
    """The OS of a host as the tables see it (from os-release)."""
    return _host_os(values)


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
    """
    # matrix None: the default tables, whose placements are memoized
    linked_os = linked_os or {}
    host = facts.values()
    arch = _arch(host)
    host_name = str(host.get("host.name")) if isinstance(host.get("host.name"), str) else ""
    note = topology.host(host_name)
    if l0_os is None and note is not None:
        l0_os = note.l0_os
    role = host.get("virt.role", UNKNOWN)
    own_os = _host_os(host)
    container = host.get("host.container")
    if isinstance(container, str) and container:
        # verdicts.md, Containers: the kernel facts are the host's, os-release the image's.
        own_os = OS(None)
    is_l1 = role == "L1"
    if is_l1:
        own = place(arch, [l0_os, own_os], matrix=matrix)
    else:
        own = place(arch, [own_os], matrix=matrix)
        if role != "L0":
            own = Placement(
                own.support,
                own.rows,
                ("the host's level is unknown: judged as an L0", *own.reasons),
            )
    if not own_os.known:
        why = (
            f"collected inside a {container} container: its os-release describes the image, "
            "not the host, so the host's OS is unknown"
            if isinstance(container, str) and container
            else "the host's OS is unknown: the tables need it"
        )
        own = Placement("unknown", (), (why,))
    # "unknown" as a class is the fact's value being unknown: rules then say `unknown`.
    host["support.own_table"] = UNKNOWN if own.support == "unknown" else own.support
    host["support.own_rows"] = list(own.rows)
    host["support.own_reason"] = _reason(own)

    domains: list[tuple[str, dict[str, object]]] = []
    candidates: list[tuple[str, Placement]] = []
    for dom in facts.domains:
        values = dom.values()
        name = str(values.get("domain.name"))
        exposes = values.get("domain.exposes_virt", UNKNOWN)
        if arch not in NESTING_ARCHES:
            candidate: object = False  # 21.2: nesting does not work there; NV-ARCH says so
        elif is_l1 or arch == "s390x":
            candidate = True
        elif exposes is UNKNOWN:
            candidate = UNKNOWN
        else:
            candidate = bool(exposes)
        dom_note = topology.domain(host_name, name)
        dom_os = linked_os.get(name) or (dom_note.os if dom_note and dom_note.os else None)
        if dom_os is None:
            dom_os = _domain_os(values)
        use = dom_note.use if dom_note else None
        if is_l1:
            placement = place(arch, [l0_os, own_os, dom_os], l1_use=None, matrix=matrix)
        else:
            placement = place(arch, [own_os, dom_os], l1_use=use, matrix=matrix)
        if not own_os.known:
            placement = Placement("unknown", (), ("the host's OS is unknown",))
        values["domain.candidate"] = candidate
        # A level whose OS is unknown is never silently placed (NV-OS-MATRIX): the domain's
        # own class is unknown, while the host keeps the class of the rows with a reason.
        values["domain.support_table"] = placement.support if dom_os.known else UNKNOWN
        values["domain.support_conditional"] = placement.support
        values["domain.support_rows"] = list(placement.rows)
        values["domain.support_reason"] = _reason(placement)
        if candidate is True:
            candidates.append((name, placement))
        domains.append((name, values))

    if candidates:
        support = least_supported([p.support for _, p in candidates])
        chosen = [(n, p) for n, p in candidates if p.support == support]
        rows = sorted({r for _, p in chosen for r in p.rows})
        if len(chosen) == 1:
            reasons = chosen[0][1].reasons
        else:
            # Say which domain each reason is about; identical reasons are said once.
            by_reason: dict[str, list[str]] = {}
            for name, placement in chosen:
                by_reason.setdefault(_reason(placement), []).append(name)
            reasons = tuple(f"{', '.join(names)}: {why}" for why, names in by_reason.items())
        combined = Placement(support, tuple(rows), tuple(reasons))
    else:
        combined = own
    host["support.host_table"] = combined.support
    host["support.host_rows"] = list(combined.rows)
    host["support.host_reason"] = _reason(combined)
    return host, domains
