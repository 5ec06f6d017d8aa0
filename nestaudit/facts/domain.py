"""Domain facts: each libvirt domain's (`domain.*`) from its best XML, and the summary over
all of them (`domains.*`), which is only known when every domain could be seen."""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.collect.spec import LIVE_DOMAINS, PERSISTENT_DOMAINS
from nestaudit.facts.cpumap import CpuMap
from nestaudit.facts.domainxmls import completeness, problems, read_domains
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.exposure import (
    Exposure,
    HostSide,
    asks_nesting,
    exposure,
    host_side,
    virt_disabled,
)
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import (
    CpuFacts,
    DomainFacts,
    DomainsSummary,
    HostInfo,
    KvmFacts,
    Maybe,
)
from nestaudit.facts.parsers.domainxml import ParsedDomain
from nestaudit.facts.parsers.osinfo import guest_os
from nestaudit.facts.reader import Reader
from nestaudit.facts.usage import VmStats
from nestaudit.values import UNKNOWN, Version

# This group's entries in the fact registry, in the order docs/facts.md lists them.
SPECS: tuple[FactSpec, ...] = (
    FactSpec("domains.count", "int", "host",
             "/etc/libvirt/qemu, /run/libvirt/qemu, /var/run/libvirt/qemu, virsh list/dumpxml",
             "the persistent or the live directory unreadable (and no virsh)",
             "Number of domains."),
    FactSpec("domains.names", "list[str]", "host", "as domains.count",
             "as domains.count", "Domain names."),
    FactSpec("domains.running", "list[str]", "host",
             "/run/libvirt/qemu status files, virsh dumpxml",
             "live directories unreadable and no virsh", "Names of running domains."),
    FactSpec("domains.active", "list[str]", "host",
             "/run/libvirt/qemu status files, virsh dumpxml",
             "live directories unreadable and no virsh",
             "Names of the domains with a QEMU process: running, paused (also for a "
             "migration), blocked, crashed or pmsuspended. Each holds the KVM module "
             "(verdicts.md, 'Domains that hold /dev/kvm'); only shut-off domains do not."),
    FactSpec("domains.exposing", "list[str]", "host", "domain.exposes_virt",
             "as domains.count", "Domains whose guest sees vmx/svm (domain.exposes_virt True)."),
    FactSpec("domains.hugepages", "list[str]", "host", "domain.hugepages",
             "as domains.count", "Domains backed by huge pages."),
    FactSpec("domains.readable", "bool", "host", "libvirt directory listings, virsh",
             "never",
             "Domain evidence is complete: the persistent and live directories were listed (a "
             "missing directory is fine) or virsh dumpxml worked for every listed domain."),
    FactSpec("domains.problems", "list[str]", "host", "domain XML",
             "none known broken, but a libvirt directory, a domain XML or a virsh dumpxml "
             "could not be read",
             "Every domain XML (persistent, live or from virsh) that was read but could not "
             "be parsed: truncated, not well-formed, a refused DTD or entity, not a domain; "
             "as 'source: why'."),
    FactSpec("domain.name", "str", "domain", "<name>, else the file or command name",
             "never", "Domain name."),
    FactSpec("domain.uuid", "str", "domain", "<uuid>",
             "no <uuid>", "UUID, lower-case."),
    FactSpec("domain.running", "bool", "domain",
             "live status XML (<domstatus state=...>), virsh dumpxml id",
             "live directories unreadable", "The domain is running."),
    FactSpec("domain.active", "bool", "domain", "live status XML, virsh dumpxml id",
             "live directories unreadable",
             "The domain has a live definition (running or paused)."),
    FactSpec("domain.state", "str", "domain", "<domstatus state=...>",
             "live directories unreadable", "running | paused | shut off | ... (virsh's words)."),
    FactSpec("domain.arch", "str", "domain", "<os><type arch=...>",
             "no arch attribute", "Guest architecture."),
    FactSpec("domain.type", "str", "domain", "<domain type=...>",
             "no type attribute", "kvm | qemu | ..."),
    FactSpec("domain.cpu_mode", "str | None", "domain", "<cpu mode=...>",
             "XML unreadable",
             "host-passthrough | host-model | custom | maximum; a <cpu> with a <model> and no "
             "mode is custom; None without <cpu> (or with neither mode nor model)."),
    FactSpec("domain.cpu_model", "str | None", "domain", "<cpu><model>",
             "XML unreadable", "CPU model name."),
    FactSpec("domain.cpu_features", "list[str]", "domain", "<cpu><feature policy= name=>",
             "XML unreadable", "'policy:name' for each feature (policy defaults to require)."),
    FactSpec("domain.virt_flag", "str", "domain", "cpu.vendor",
             "cpu.vendor unknown",
             "The host vendor's virtualization flag: vmx (intel), svm (amd), '' otherwise."),
    FactSpec("domain.exposes_virt", "bool", "domain",
             "<cpu> of the best XML; cpu.vendor, cpu.flags, kvm.nested, cpu.host_model_virt; "
             "libvirt's CPU map (the host's /usr/share/libvirt/cpu_map, else nestaudit's copy)",
             "s390x or non-x86 guests; the host vendor unknown where it decides; host-model, "
             "match='minimum' or an optional flag with kvm.nested unknown; a model the CPU map "
             "does not know; XML unreadable",
             "The guest sees the host vendor's vmx/svm (verdicts.md 'Domain CPU exposure'): "
             "host-passthrough and maximum do; a required or forced flag does; host-model and "
             "match='minimum' do when nesting is on; a named model (QEMU's qemu64 without one) "
             "does when the CPU map says it includes the flag."),
    FactSpec("domain.exposure_reason", "str", "domain", "as domain.exposes_virt",
             "never",
             "Why, in plain words: 'host-passthrough', 'vmx required', 'vmx disabled', 'svm on "
             "an Intel host', 'custom model Haswell, which does not include vmx in libvirt's "
             "CPU map', ..."),
    FactSpec("domain.virt_disabled", "bool", "domain", "<cpu><feature> of the best XML, cpu.vendor",
             "XML unreadable; vmx or svm disabled while the host CPU vendor is unknown",
             "The host vendor's flag is disabled or forbidden on purpose (<feature "
             "policy='disable'|'forbid' name='vmx'/>, svm on AMD)."),
    FactSpec("domain.asks_nesting", "bool", "domain", "<cpu><feature> of the best XML",
             "XML unreadable",
             "The CPU definition requires or forces vmx or svm, either vendor's: it asks for "
             "nesting."),
    FactSpec("domain.restart_needed", "bool", "domain",
             "the live definition and /etc/libvirt/qemu/<name>.xml",
             "an active domain whose persistent definition was not collected (virsh dumpxml "
             "only), or whose live or persistent exposure is unknown",
             "The persistent definition would expose the flag while the running definition does "
             "not, so a shutdown and start would give it; False when not running (no live "
             "definition), when they agree, or for a transient domain."),
    FactSpec("domain.xml_source", "str", "domain", "domain XML",
             "never",
             "Host path or command of the XML the facts come from (live status preferred)."),
    FactSpec("domain.xml_live", "bool", "domain", "domain XML",
             "never",
             "The facts come from a live definition (status file or virsh dumpxml of an active "
             "domain)."),
    FactSpec("domain.hugepages", "bool", "domain", "<memoryBacking><hugepages/>",
             "XML unreadable", "Memory backed by huge pages."),
    FactSpec("domain.os_id", "str", "domain", "<libosinfo:os id=...>",
             "no libosinfo metadata", "libosinfo id URL (http://redhat.com/rhel/9.6)."),
    FactSpec("domain.os_family", "str", "domain", "domain.os_id",
             "no libosinfo metadata",
             "rhel | windows | fedora | ubuntu | centos-stream | debian | other."),
    FactSpec("domain.os_version", "Version", "domain", "domain.os_id",
             "no metadata, or an id without a version (fedora/unknown)",
             "Version: 9.6 for RHEL; 10, 11 for Windows clients; 2016, 2019, 2022, 2025 for "
             "Windows Server (2012.2 for 2012 R2)."),
    FactSpec("domain.os_kind", "str", "domain", "domain.os_id",
             "no libosinfo metadata", "server | client for Windows; '' otherwise."),
    FactSpec("domain.os_label", "str", "domain", "domain.os_id",
             "no libosinfo metadata",
             "Human label: 'RHEL 9.6', 'Windows Server 2022', 'Windows 11'."),
    FactSpec("domain.os_minor_unknown", "bool", "domain", "domain.os_id",
             "no libosinfo metadata",
             "Only the major version is known: an id such as rhel/10-unknown, which "
             "virt-install writes for a release newer than its OS database."),
    FactSpec("domain.title", "str", "domain", "<title>",
             "XML unreadable", "Title ('' when absent)."),
    FactSpec("domain.description", "str", "domain", "<description>",
             "XML unreadable", "Description ('' when absent)."),
    FactSpec("domain.parse_problem", "str | None", "domain", "domain XML",
             "never",
             "Why an XML of this domain could not be read (refused DTD, invalid XML, unreadable "
             "file); None when all were read."),
    FactSpec("domain.qemu_pid", "int | None", "domain",
             "live status XML (<domstatus pid=...>)", "live directories unreadable",
             "The pid of the domain's QEMU process; None without a live status file that "
             "names one (the domain is shut off, or its live XML came from virsh)."),
    FactSpec("domain.nested_runs", "int | None", "domain",
             "/sys/kernel/debug/kvm/<pid>-<fd>/nested_run (root only, debugfs mounted)",
             "debugfs not collected or unreadable (a non-root collection, a sosreport), or "
             "the pid unknown",
             "How often the domain's vCPUs entered a nested guest: above 0, the domain has "
             "run its own VMs (in use as a hypervisor). None without a QEMU process, or when "
             "KVM has no statistics for it."),
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "domains.count": ("domains.readable",),
    "domains.names": ("domains.readable",),
    "domains.running": ("domains.readable",),
    "domains.active": ("domains.readable",),
    "domains.exposing": ("domains.readable",),
    "domains.hugepages": ("domains.readable",),
    "domains.problems": ("domains.readable",),
    "domain.active": ("domain.running",),
    "domain.state": ("domain.running",),
    "domain.cpu_model": ("domain.cpu_mode",),
    "domain.cpu_features": ("domain.cpu_mode",),
    "domain.virt_flag": ("domain.exposes_virt",),
    "domain.exposure_reason": ("domain.exposes_virt",),
    "domain.virt_disabled": ("domain.cpu_mode",),
    "domain.asks_nesting": ("domain.cpu_mode",),
    "domain.restart_needed": ("domain.running",),
    "domain.os_family": ("domain.os_id",),
    "domain.os_version": ("domain.os_id",),
    "domain.os_kind": ("domain.os_id",),
    "domain.os_label": ("domain.os_id",),
    "domain.os_minor_unknown": ("domain.os_id",),
    "domain.name": ("domain.xml_source",),
    "domain.uuid": ("domain.xml_source",),
    "domain.arch": ("domain.xml_source",),
    "domain.type": ("domain.xml_source",),
    "domain.xml_live": ("domain.xml_source",),
    "domain.title": ("domain.xml_source",),
    "domain.description": ("domain.xml_source",),
    "domain.hugepages": ("domain.xml_source",),
    "domain.parse_problem": ("domain.xml_source",),
    "domain.qemu_pid": ("domain.running",),
    "domain.nested_runs": ("domain.qemu_pid",),  # no QEMU process: no statistics to read
}


def read(
    r: Reader, cpu: CpuFacts, host: HostInfo, kvm: KvmFacts, cpu_map: CpuMap
) -> tuple[DomainsSummary, tuple[DomainFacts, ...]]:
    """The summary and every domain, sorted by name; the host's CPU, its KVM's nesting and
    libvirt's CPU map decide what each guest's CPU exposes."""
    found, states = read_domains(r)
    complete, live_known = completeness(r, states)
    side = host_side(cpu, host, kvm, cpu_map)
    persistent_seen = states[PERSISTENT_DOMAINS] in ("ok", "missing")
    stats = VmStats(r)
    domains = tuple(
        _domain(r.ev, name, found[name], live_known, side, persistent_seen, stats)
        for name in sorted(found)
    )
    summary = DomainsSummary(
        count=len(domains) if complete else UNKNOWN,
        names=[d.name for d in domains] if complete else UNKNOWN,
        running=[d.name for d in domains if d.running is True] if live_known else UNKNOWN,
        active=[d.name for d in domains if d.active is True] if live_known else UNKNOWN,
        exposing=[d.name for d in domains if d.exposes_virt is True] if complete else UNKNOWN,
        hugepages=[d.name for d in domains if d.hugepages is True] if complete else UNKNOWN,
        readable=complete,
        problems=problems(found, complete),
    )
    return summary, domains


# --------------------------------------------------------------------------- one domain


def _best(candidates: list[ParsedDomain]) -> ParsedDomain:
    """The XML the facts come from: a readable live one, else a readable one, else any."""
    good = [c for c in candidates if c.problem is None]
    live = [c for c in good if c.live]
    if live:
        return live[0]
    if good:
        return good[0]
    return candidates[0]


def _domain(
    ev: EvidenceLog, name: str, candidates: list[ParsedDomain], live_known: bool,
    host: HostSide, persistent_seen: bool, stats: VmStats,
) -> DomainFacts:
    best = _best(candidates)
    problems = [c.problem for c in candidates if c.problem]
    problem = "; ".join(p for p in problems if p) or None
    for p in problems:
        ev.add("domain.parse_problem", p.split(": ", 1)[0], p.split(": ", 1)[-1], name)
    virt_flag: Maybe[str] = host.flag if host.flag is not None else UNKNOWN
    if best.problem is not None:
        ev.add("domain.xml_source", best.source, "could not be read", name)
        return _unreadable(name, best.source, virt_flag, problem)
    src = best.source
    ev.add("domain.xml_source", src, f"<domain type='{best.type}'> <name>{best.name}</name>", name)
    state, running, active = _run_state(ev, name, best, live_known)
    exp = exposure(best, host)
    _exposure_evidence(ev, name, best, exp)
    disabled = virt_disabled(best, host.flag)
    if best.hugepages:
        ev.add("domain.hugepages", src, "<memoryBacking><hugepages/>", name)
    guest = _guest(ev, name, best)
    pid = _qemu_pid(best, live_known)
    return DomainFacts(
        name=name,
        uuid=best.uuid or UNKNOWN,
        running=running,
        active=active,
        state=state,
        arch=best.arch or UNKNOWN,
        type=best.type or UNKNOWN,
        cpu_mode=best.cpu_mode,
        cpu_model=best.cpu_model,
        cpu_features=[f"{policy}:{feature}" for policy, feature in best.features],
        virt_flag=virt_flag,
        exposes_virt=_maybe(exp.value),
        exposure_reason=exp.reason,
        virt_disabled=_maybe(disabled),
        asks_nesting=asks_nesting(best),
        restart_needed=_restart_needed(ev, name, best, exp, candidates, host, persistent_seen),
        xml_source=src,
        xml_live=best.live,
        hugepages=best.hugepages,
        os_id=guest.id,
        os_family=guest.family,
        os_version=guest.version,
        os_kind=guest.kind,
        os_label=guest.label,
        os_minor_unknown=guest.minor_unknown,
        title=best.title,
        description=best.description,
        parse_problem=problem,
        qemu_pid=pid,
        nested_runs=stats.nested_runs(ev, name, pid),
    )


def _maybe(value: bool | None) -> Maybe[bool]:
    return value if value is not None else UNKNOWN


def _exposure_evidence(ev: EvidenceLog, name: str, best: ParsedDomain, exp: Exposure) -> None:
    """The CPU element, and what else decided (a CPU map entry, host-model, nesting)."""
    cpu_excerpt = best.cpu_excerpt()
    ev.add("domain.cpu_mode", best.source, cpu_excerpt, name)
    ev.add("domain.exposes_virt", best.source, cpu_excerpt, name)
    if exp.basis is not None:
        ev.add("domain.exposes_virt", exp.basis[0], exp.basis[1], name)


def _restart_needed(
    ev: EvidenceLog, name: str, best: ParsedDomain, live: Exposure,
    candidates: list[ParsedDomain], host: HostSide, persistent_seen: bool,
) -> Maybe[bool]:
    """The persistent definition exposes the flag and the running one does not."""
    if not best.live or live.value is True:
        return False  # not active, or already given
    saved = next((c for c in candidates if not c.live and c.problem is None), None)
    if saved is None:
        # a transient domain has no definition to restart into; with only virsh dumpxml
        # of the running domain, the saved one was not collected
        return False if persistent_seen else UNKNOWN
    persistent = exposure(saved, host)
    if persistent.value is False or persistent == live:
        return False  # the saved definition gives no more, or the two agree
    if persistent.value is None or live.value is None:
        return UNKNOWN
    ev.add("domain.restart_needed", best.source, f"running: {live.reason}", name)
    ev.add("domain.restart_needed", saved.source, f"saved: {persistent.reason}", name)
    return True


def _unreadable(name: str, source: str, virt_flag: Maybe[str], problem: str | None) -> DomainFacts:
    """A domain none of whose XML could be read: only its name and the problem are known."""
    return DomainFacts(
        name=name, uuid=UNKNOWN, running=UNKNOWN, active=UNKNOWN, state=UNKNOWN,
        arch=UNKNOWN, type=UNKNOWN, cpu_mode=UNKNOWN, cpu_model=UNKNOWN,
        cpu_features=UNKNOWN, virt_flag=virt_flag, exposes_virt=UNKNOWN,
        exposure_reason="the domain XML could not be read", virt_disabled=UNKNOWN,
        asks_nesting=UNKNOWN, restart_needed=UNKNOWN, xml_source=source,
        xml_live=False, hugepages=UNKNOWN, os_id=UNKNOWN, os_family=UNKNOWN,
        os_version=UNKNOWN, os_kind=UNKNOWN, os_label=UNKNOWN, os_minor_unknown=UNKNOWN,
        title=UNKNOWN,
        description=UNKNOWN, parse_problem=problem, qemu_pid=UNKNOWN, nested_runs=UNKNOWN,
    )


def _run_state(
    ev: EvidenceLog, name: str, best: ParsedDomain, live_known: bool
) -> tuple[Maybe[str], Maybe[bool], Maybe[bool]]:
    """(state, running, active): a live definition tells; without one, the domain is shut
    off only if every live definition could be seen."""
    if best.live:
        state = best.state or "running"
        excerpt = (f"<domstatus state='{best.state}'>" if best.source.startswith(LIVE_DOMAINS)
                   else f"<domain id='{best.dom_id}'>")
        ev.add("domain.running", best.source, excerpt, name)
        return state, state == "running", True
    if live_known:
        ev.add("domain.running", LIVE_DOMAINS[0], "no live status file", name)
        return "shut off", False, False
    ev.add("domain.running", LIVE_DOMAINS[0], "not readable: state unknown", name)
    return UNKNOWN, UNKNOWN, UNKNOWN


def _qemu_pid(best: ParsedDomain, live_known: bool) -> Maybe[int | None]:
    """The QEMU pid of a live status file; None when the domain is known to be shut off;
    unknown when its live XML names no pid (virsh dumpxml) or live state is unreadable."""
    if best.live:
        return best.pid if best.pid is not None else UNKNOWN
    return None if live_known else UNKNOWN


class _Guest(NamedTuple):
    id: Maybe[str]
    family: Maybe[str]
    version: Maybe[Version]
    kind: Maybe[str]
    label: Maybe[str]
    minor_unknown: Maybe[bool]


def _guest(ev: EvidenceLog, name: str, best: ParsedDomain) -> _Guest:
    """The guest OS its libosinfo metadata names; all unknown without metadata."""
    if not best.os_id:
        return _Guest(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)
    guest = guest_os(best.os_id)
    ev.add("domain.os_id", best.source, f'<libosinfo:os id="{best.os_id}"/>', name)
    return _Guest(
        id=best.os_id,
        family=guest.family if guest.family is not None else UNKNOWN,
        version=guest.version if guest.version is not None else UNKNOWN,
        kind=guest.kind,
        label=guest.label,
        minor_unknown=guest.minor_unknown,
    )
