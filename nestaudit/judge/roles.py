"""What each domain is to nesting: in use as a hypervisor, capable, or ordinary
(verdicts.md, "Domain roles").

Evidence of use, any one of: KVM counted nested entries for the domain's QEMU process
(`domain.nested_runs` above 0); the bundle collected inside the domain was given too, linked
to it, and has KVM loaded; a topology file says so (`role: L1`, or a `use:` of wsl2 or
hyperv). Without such evidence a domain whose guest sees the vendor's extension is capable,
one whose guest does not is ordinary, and one whose exposure is unknown is unknown. On an L1
host its domains are L2s, and the same words apply one level down: an L2 in use is a
hypervisor of L3 guests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from nestaudit.facts.registry import FactSpec
from nestaudit.topology import DomainNote
from nestaudit.values import OS, UNKNOWN
from nestaudit.vocabulary import DomainRole

_ROLE_SOURCE = (
    "domain.nested_runs, a linked bundle with KVM loaded, the topology file, "
    "domain.exposes_virt"
)

ROLE_FACTS = {
    spec.name: spec
    for spec in (
        FactSpec(
            "domain.role",
            "str",
            "domain",
            _ROLE_SOURCE,
            "no evidence of use and the domain's exposure is unknown",
            "in_use (it runs its own VMs: KVM counted nested entries for it, its own bundle "
            "has KVM loaded, or a topology file says so) | capable (its guest sees the "
            "extension, nothing shows it nests) | ordinary (its guest does not see it).",
        ),
        FactSpec(
            "domain.role_reason",
            "str",
            "domain",
            _ROLE_SOURCE,
            "never",
            "What decided domain.role, in words.",
        ),
        FactSpec(
            "domain.needs_virt",
            "bool",
            "domain",
            "domain.role, domain.asks_nesting, domain.restart_needed",
            "the role unknown and the CPU definition unreadable",
            "The domain must get the extension: it is in use as a hypervisor, or its CPU "
            "definition asks for vmx/svm (verdicts.md: either is a fail when unmet). False "
            "when only a restart stands between it and the extension (domain.restart_needed).",
        ),
        FactSpec(
            "domain.needs_virt_reason",
            "str",
            "domain",
            "as domain.needs_virt",
            "never",
            "Why domain.needs_virt is what it is, in words.",
        ),
        FactSpec(
            "domains.in_use",
            "list[str]",
            "host",
            "domain.role",
            "never",
            "Domains in use as hypervisors (on an L1: L2s that host L3 guests).",
        ),
        FactSpec(
            "domains.capable",
            "list[str]",
            "host",
            "domain.role",
            "never",
            "Domains that could host VMs but show no sign of it.",
        ),
    )
}


class LinkedBundle(NamedTuple):
    """What the bundle collected inside a domain shows, when it was given and linked."""

    host: str
    os: OS
    kvm_loaded: bool | None
    hosts_vms: bool | None  # it has domains with a QEMU process of their own


def domain_role(
    values: Mapping[str, object], note: DomainNote | None, linked: LinkedBundle | None
) -> tuple[object, str]:
    """(role or UNKNOWN, why) of one domain from its values and what else is known of it."""
    used = _evidence_of_use(values, note, linked)
    if used is not None:
        return DomainRole.IN_USE, used
    exposes = values.get("domain.exposes_virt", UNKNOWN)
    if exposes is True:
        return DomainRole.CAPABLE, "its guest sees the extension, but nothing shows it hosts VMs"
    if exposes is False and values.get("domain.virt_disabled") is True:
        flag = values.get("domain.virt_flag") or "the extension"
        return DomainRole.ORDINARY, f"{flag} is disabled on purpose in its CPU definition"
    if exposes is False:
        return DomainRole.ORDINARY, "its guest does not see the extension"
    return UNKNOWN, "whether its guest sees the extension is unknown, and nothing shows use"


def _evidence_of_use(
    values: Mapping[str, object], note: DomainNote | None, linked: LinkedBundle | None
) -> str | None:
    runs = values.get("domain.nested_runs")
    if isinstance(runs, int) and runs > 0:
        pid = values.get("domain.qemu_pid")
        return f"KVM counted {runs} entries into nested guests for its QEMU process {pid}"
    if linked is not None and linked.kvm_loaded is True:
        return f"the bundle collected inside it ({linked.host}) has KVM loaded"
    if note is not None and note.in_use:
        said = f"use: {note.use}" if note.use else "role: L1"
        return f"the topology file says so ({said})"
    return None


def nesting_need(values: Mapping[str, object], role: object, why: str) -> tuple[object, str]:
    """(whether the domain must get the extension, why): in use, or asked for by its CPU
    definition. A domain whose saved definition already gives it, once restarted, needs a
    restart rather than a new CPU (verdicts.md, Domain CPU exposure, "Outcome, by role")."""
    if values.get("domain.restart_needed") is True:
        return False, "its saved definition gives the extension; only a restart is missing"
    if role == DomainRole.IN_USE:
        return True, f"it hosts VMs ({why})"
    asks = values.get("domain.asks_nesting", UNKNOWN)
    if asks is True:
        return True, "its CPU definition requires vmx or svm: it asks to host VMs"
    if role is UNKNOWN or asks is UNKNOWN:
        return UNKNOWN, "whether it hosts VMs is unknown"
    return False, f"nothing shows it hosts VMs or asks to ({why})"
