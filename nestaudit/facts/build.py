"""Build the fact model from a bundle's raw evidence: `build_facts(bundle) -> HostFacts`.

Each fact group (host, cpu, os, kvm, virt, domain) reads its sources through the bundle,
records where every value came from, and leaves a fact UNKNOWN when its evidence is absent
or unreadable: a probe that could not read a file never turns into "no".
"""

from __future__ import annotations

from nestaudit.bundle import Bundle
from nestaudit.facts import cpu, cpumap, domain, host, kvm, os, virt
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.model import HostFacts
from nestaudit.facts.reader import Reader

# derived fact -> the facts whose evidence it shares, as each group declares it
_EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    fact: base
    for group in (host, cpu, os, kvm, virt, domain)
    for fact, base in group.EVIDENCE_FROM.items()
}


def build_facts(bundle: Bundle) -> HostFacts:
    """Turn a bundle's raw evidence into the fact model. Never raises on host content."""
    r = Reader(bundle, EvidenceLog())
    info = cpu.cpuinfo(r)
    host_facts = host.read(r, info)
    cpu_map = cpumap.read(r)  # once per bundle, whatever the number of domains
    cpu_facts = cpu.read(r, info, host_facts.arch, cpu_map)
    os_facts = os.read(r)
    kvm_facts = kvm.read(r, info, host_facts)
    virt_facts = virt.read(r, info, cpu_facts, host_facts)
    summary, domains = domain.read(r, cpu_facts, host_facts, kvm_facts, cpu_map)
    return HostFacts.assemble(
        host_facts,
        cpu_facts,
        os_facts,
        kvm_facts,
        virt_facts,
        summary,
        domains,
        origin=bundle.origin,
        bundle_sha256=bundle.sha256,
        collected_at=bundle.collected_at,
        problems=tuple(d.parse_problem for d in domains if d.parse_problem),
        evidence_map=r.ev.frozen([d.name for d in domains], _EVIDENCE_FROM),
    )
