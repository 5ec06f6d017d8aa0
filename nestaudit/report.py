"""The report model: hosts with their role, verdict and findings, and nesting chains.

One JSON-ready dict that every renderer draws from (spec/report-contract.md, plus the
fields the HTML needs: a host summary, counts and provenance). Deterministic: the same
bundles and rules give the same dict; time comes from the bundles, never from now().
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from nestaudit import DOC_URL, __version__, engine, ruleset
from nestaudit.bundle import Bundle
from nestaudit.derive import derive, host_os
from nestaudit.engine import Finding, Rule
from nestaudit.facts import HostFacts, build_facts
from nestaudit.facts.render import json_value as jsonable
from nestaudit.matrix import OS, least_supported, place
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.values import UNKNOWN
from nestaudit.verdict import Verdict, host_verdict, support_caps

REPORT_SCHEMA_VERSION = 1
VERDICT_FACT = "verdict.support"
# Facts known only after the first pass: the verdict, and what linked bundles show.
SECOND_PASS_FACTS = frozenset({VERDICT_FACT})
SEVERITY_ORDER = ("info", "low", "medium", "high", "critical")
OUTCOME_ORDER = ("fail", "error", "unknown", "info", "waived", "pass", "not_applicable")
DOC_TITLE = (
    "RHEL 10, Configuring and managing Linux virtual machines, "
    "ch. 21 Creating nested virtual machines"
)


class Judged(NamedTuple):
    """One bundle, judged: its facts (with derived values), findings and verdict."""

    bundle: Bundle
    facts: HostFacts
    host_values: dict[str, object]
    domains: list[tuple[str, dict[str, object]]]
    findings: tuple[Finding, ...]
    verdict: Verdict
    name: str
    evidence: Any = None  # (fact, domain) -> evidence, for the second pass


class Link(NamedTuple):
    """An L1 bundle (index `l1`) collected inside domain `domain` of the L0 bundle `l0`."""

    l0: int
    domain: str
    l1: int
    how: str


def _host_name(facts: HostFacts, bundle: Bundle) -> str:
    name = facts.values().get("host.name", UNKNOWN)
    if isinstance(name, str) and name:
        return name
    return Path(bundle.origin).name or "host"


def link_bundles(
    bundles: Sequence[Bundle], facts: Sequence[HostFacts], topology: Topology
) -> list[Link]:
    """Which bundle runs inside which domain: the L1's SMBIOS system UUID equals the
    domain's libvirt UUID (compared lower-case), or the topology file says so."""
    by_uuid: dict[str, tuple[int, str]] = {}
    names = [_host_name(f, b) for f, b in zip(facts, bundles)]
    for i, f in enumerate(facts):
        if f.values().get("virt.role") == "L1":
            continue
        for dom in f.domains:
            uuid = dom.values().get("domain.uuid")
            if isinstance(uuid, str) and uuid:
                by_uuid.setdefault(uuid.lower(), (i, str(dom.values().get("domain.name"))))
    links: list[Link] = []
    for j, f in enumerate(facts):
        uuid = f.values().get("host.system_uuid")
        target = by_uuid.get(uuid.lower()) if isinstance(uuid, str) else None
        if target is not None and target[0] != j:
            links.append(Link(target[0], target[1], j, f"system UUID {uuid}"))
            continue
        for note in topology.domains:
            if note.bundle is None:
                continue
            origin = bundles[j].origin
            if note.bundle not in (origin, Path(origin).name):
                continue
            for i, other in enumerate(facts):
                if (
                    i != j
                    and (note.host is None or note.host == names[i])
                    and other.domain(note.domain) is not None
                ):
                    links.append(Link(i, note.domain, j, f"topology file ({topology.origin})"))
                    break
            break
    return links


def _flags(values: Mapping[str, object]) -> set[str] | None:
    flags = values.get("cpu.flags")
    return {str(f) for f in flags} if isinstance(flags, list) else None


def _evidence_with_chain(facts: HostFacts, chain: Mapping[str, object]) -> Any:
    def evidence(name: str, domain: str | None) -> list[Any]:
        if name.startswith("chain.") and chain.get("chain.l0_linked") is True:
            return [engine.Evidence("linked L0 bundle", str(chain.get("chain.l0_host")))]
        return facts.evidence(name, domain)

    return evidence


def judge_all(
    bundles: Sequence[Bundle], rules: Sequence[Rule], topology: Topology = NO_TOPOLOGY
) -> tuple[list[Judged], list[Link]]:
    """Judge every bundle, each knowing what the bundles linked to it show."""
    facts = [build_facts(b) for b in bundles]
    links = link_bundles(bundles, facts, topology)
    first = [r for r in rules if not (r.needed & SECOND_PASS_FACTS)]
    judged: list[Judged] = []
    for index, (bundle, f) in enumerate(zip(bundles, facts)):
        up = next((link for link in links if link.l1 == index), None)
        down = {link.domain: host_os(facts[link.l1].values()) for link in links if link.l0 == index}
        l0_os = host_os(facts[up.l0].values()) if up is not None else None
        host_values, domains = derive(f, topology, l0_os=l0_os, linked_os=down)
        chain: dict[str, object] = {
            "chain.l0_linked": up is not None,
            "chain.l0_host": _host_name(facts[up.l0], bundles[up.l0]) if up else None,
            "chain.l0_flags_missing": UNKNOWN,
        }
        if up is not None:
            mine, theirs = _flags(host_values), _flags(facts[up.l0].values())
            if mine is not None and theirs is not None:
                chain["chain.l0_flags_missing"] = sorted(theirs - mine)
        host_values.update(chain)
        name = _host_name(f, bundle)
        evidence = _evidence_with_chain(f, chain)
        findings = engine.run(first, host_values, domains, evidence, host_target=name)
        rows = host_values.get("support.host_rows")
        table_limitation = (
            "NV-SUPPORTED-ENV"
            if isinstance(rows, list) and rows and all(str(r).startswith("S") for r in rows)
            else "NV-OS-MATRIX"
        )
        verdict = host_verdict(
            str(host_values["support.host_table"]),
            table_limitation,
            str(host_values["support.host_reason"]),
            findings,
            ruleset.catalogue(),
        )
        container = host_values.get("host.container")
        if isinstance(container, str) and container:
            verdict = Verdict(
                verdict.support,
                verdict.ready,
                (
                    *verdict.reasons,
                    f"collected inside a {container} container: the kernel facts describe the "
                    "container's host",
                ),
            )
        judged.append(Judged(bundle, f, host_values, domains, findings, verdict, name, evidence))
    return judged, links


def second_pass(j: Judged, rules: Sequence[Rule]) -> Judged:
    """Run the rules that read the final verdict (after chains had their say)."""
    if not rules:
        return j
    values = {**j.host_values, VERDICT_FACT: j.verdict.support}
    more = engine.run(rules, values, j.domains, j.evidence, host_target=j.name)
    findings = tuple(sorted((*j.findings, *more), key=lambda x: (x.rule, x.target)))
    return j._replace(host_values=values, findings=findings)


def _steps(finding: Finding, vendor: object, arch: object) -> list[dict[str, Any]]:
    if finding.outcome in ("pass", "not_applicable"):
        return []
    out = []
    for step in finding.remediation:
        if step.vendor and step.vendor != vendor:
            continue
        if step.arch and step.arch != arch:
            continue
        item: dict[str, Any] = {
            "kind": step.kind,
            "text": step.text,
            "disruptive": step.disruptive,
            "reboot": step.reboot,
        }
        if step.vendor:
            item["vendor"] = step.vendor
        if step.arch:
            item["arch"] = step.arch
        if step.path:
            item["path"] = step.path
        out.append(item)
    return out


def finding_dict(finding: Finding, vendor: object, arch: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "limitation": finding.limitation,
        "title": finding.title,
        "outcome": finding.outcome,
        "severity": finding.severity,
        "target": finding.target,
        "scope": finding.scope,
        "message": finding.message,
        "evidence": [{"source": e.source, "excerpt": e.excerpt} for e in finding.evidence],
        "remediation": _steps(finding, vendor, arch),
        "references": [{"section": r.section, "url": r.url} for r in finding.references],
        "unknown_facts": list(finding.unknown_facts),
    }
    if finding.reading:
        data["reading"] = finding.reading
    return data


def _on_off(value: object) -> str:
    if value is UNKNOWN:
        return "unknown"
    return "on" if value else "off"


def _summary(judged: Judged) -> dict[str, Any]:
    v = judged.host_values
    module = v.get("kvm.module")
    modules = []
    if isinstance(module, str):
        loaded = v.get("kvm.module_loaded")
        persistent = _on_off(v.get("kvm.nested_persistent"))
        if v.get("kvm.nested_persistent_explicit") is False and persistent != "unknown":
            persistent = f"kernel default ({persistent})"
        modules.append(
            {
                "name": module,
                "loaded": jsonable(loaded),
                "nested_runtime": "not loaded" if loaded is False else _on_off(v.get("kvm.nested")),
                "nested_persistent": persistent,
                "persistent_source": jsonable(v.get("kvm.nested_persistent_source")),
            }
        )
    dev = v.get("kvm.dev_kvm")
    domains = []
    for name, d in judged.domains:
        exposes = d.get("domain.exposes_virt")
        domains.append(
            {
                "name": name,
                "state": jsonable(d.get("domain.state")),
                "cpu_mode": jsonable(d.get("domain.cpu_mode")),
                "exposes": "unknown" if exposes is UNKNOWN else ("yes" if exposes else "no"),
                "exposure_reason": jsonable(d.get("domain.exposure_reason")),
                "os": jsonable(d.get("domain.os_label")) or "unknown",
                "hugepages": jsonable(d.get("domain.hugepages")),
                "title": jsonable(d.get("domain.title")) or "",
                "description": jsonable(d.get("domain.description")) or "",
                "uuid": jsonable(d.get("domain.uuid")),
                "support": jsonable(d.get("domain.support_table")),
            }
        )
    return {
        "arch": jsonable(v.get("host.arch")),
        "kernel": jsonable(v.get("host.kernel")),
        "container": jsonable(v.get("host.container")),
        "os": {
            "id": jsonable(v.get("os.id")),
            "name": jsonable(v.get("os.name")),
            "version": jsonable(v.get("os.version")),
        },
        "cpu": {
            "vendor": jsonable(v.get("cpu.vendor")),
            "model": jsonable(v.get("cpu.model")),
            "count": jsonable(v.get("cpu.count")),
            "virt_flags_needed": jsonable(v.get("cpu.virt_flags_needed")) or [],
            "virt_flags_missing": jsonable(v.get("cpu.virt_flags_missing")) or [],
            "flags": jsonable(v.get("cpu.flags")) or [],
        },
        "role": jsonable(v.get("virt.role")) or "unknown",
        "hypervisor": jsonable(v.get("virt.hypervisor")),
        "cloud": jsonable(v.get("virt.cloud")),
        "hypervisor_sources": jsonable(v.get("virt.hypervisor_sources")) or [],
        "modules": modules,
        "dev_kvm": "unknown" if dev is UNKNOWN else ("present" if dev else "absent"),
        "domains": domains,
    }


def _counts(findings: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    outcome: dict[str, int] = {}
    severity: dict[str, int] = {}
    for f in findings:
        outcome[f["outcome"]] = outcome.get(f["outcome"], 0) + 1
        if f["outcome"] == "fail":
            severity[f["severity"]] = severity.get(f["severity"], 0) + 1
    return {
        "outcome": {k: outcome[k] for k in OUTCOME_ORDER if k in outcome},
        "severity_fail": {k: severity[k] for k in reversed(SEVERITY_ORDER) if k in severity},
    }


def host_dict(judged: Judged) -> dict[str, Any]:
    v = judged.host_values
    vendor, arch = v.get("cpu.vendor"), v.get("host.arch")
    findings = [finding_dict(f, vendor, arch) for f in judged.findings]
    return {
        "host": judged.name,
        "bundle": {
            "sha256": judged.bundle.sha256,
            "collected_at": judged.bundle.collected_at,
            "source": judged.bundle.source["type"],
        },
        "role": jsonable(v.get("virt.role")) or "unknown",
        "verdict": judged.verdict.as_dict(),
        "findings": findings,
        "summary": _summary(judged),
        "counts": _counts(findings),
    }


# ---------------------------------------------------------------- chains


def _os_text(values: Mapping[str, object], prefix: str) -> str | None:
    label = values.get(f"{prefix}.os_label" if prefix == "domain" else "os.name")
    return label if isinstance(label, str) and label else None


def _level(level: str, **fields: Any) -> dict[str, Any]:
    return {
        "level": level,
        **{k: v for k, v in fields.items() if v is not None or k in ("os", "host")},
    }


class _Caps:
    """Support caps of each judged host and of each of its domains, computed once."""

    def __init__(self, judged: Sequence[Judged]) -> None:
        catalogue = ruleset.catalogue()
        self.host: dict[int, list[tuple[str, str]]] = {}
        self.domain: dict[tuple[int, str], list[tuple[str, str]]] = {}
        for index, j in enumerate(judged):
            host = [f for f in j.findings if f.scope == "host"]
            self.host[index] = support_caps(host, catalogue)
            by_target: dict[str, list[Finding]] = {}
            for f in j.findings:
                if f.scope == "domain":
                    by_target.setdefault(f.target, []).append(f)
            for target, found in by_target.items():
                self.domain[(index, target)] = support_caps(found, catalogue)

    def of_domain(self, index: int, domain: str) -> list[tuple[str, str]]:
        return self.domain.get((index, domain), [])


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
    levels: list[dict[str, Any]],
    arch: Any,
    oses: list[OS | None],
    caps: list[tuple[str, str]],
    ready: bool | None,
    linked: bool,
    use: str | None = None,
) -> dict[str, Any]:
    placement = place(arch, oses, l1_use=use)
    support = (
        "unknown"
        if placement.support == "unknown"
        else least_supported([placement.support] + [c for c, _ in caps])
    )
    reasons = [
        f"placed as {placement.support}"
        + (f" (rows {', '.join(placement.rows)})" if placement.rows else "")
        + (": " + "; ".join(placement.reasons) if placement.reasons else "")
    ]
    reasons.extend(sorted({r for _, r in caps}))
    return {
        "levels": levels,
        "linked": linked,
        "verdict": {"support": support, "ready": ready, "reasons": reasons},
    }


def build_chains(
    judged: Sequence[Judged], links: Sequence[Link], topology: Topology = NO_TOPOLOGY
) -> list[dict[str, Any]]:
    """Every nesting chain the inputs show (L0 -> L1 -> L2), each with its own verdict.

    An L0's chains run through the domains that expose virtualization to their guests;
    a linked L1 bundle continues the chain through its own such domains. An L1 bundle
    that no L0 bundle links to is reported as an unlinked chain, not dropped.
    """
    chains: list[dict[str, Any]] = []
    caps_of = _Caps(judged)
    by_l0 = {(link.l0, link.domain): link for link in links}
    linked_l1 = {link.l1 for link in links}
    for i, l0 in enumerate(judged):
        if l0.host_values.get("virt.role") == "L1":
            continue
        arch = jsonable(l0.host_values.get("host.arch"))
        l0_level = _level(
            "L0", host=l0.name, os=_os_text(l0.host_values, "os"), arch=arch, hypervisor="kvm"
        )
        l0_os = host_os(l0.host_values)
        for name, dom in l0.domains:
            if dom.get("domain.candidate") is not True:
                continue
            link = by_l0.get((i, name))
            note = topology.domain(l0.name, name)
            use = note.use if note else None
            caps = caps_of.host[i] + caps_of.of_domain(i, name)
            ready = _ready(l0.verdict.ready, _exposure_ready(dom))
            uuid = jsonable(dom.get("domain.uuid"))
            if link is None:
                level = _level("L1", domain=name, os=_os_text(dom, "domain"), domain_uuid=uuid)
                dom_os = note.os if note and note.os else _os_from_domain(dom)
                chains.append(
                    _chain([l0_level, level], arch, [l0_os, dom_os], caps, ready, False, use)
                )
                continue
            l1 = judged[link.l1]
            l1_level = _level(
                "L1",
                host=l1.name,
                domain=name,
                os=_os_text(l1.host_values, "os"),
                arch=jsonable(l1.host_values.get("host.arch")),
                domain_uuid=uuid,
                hypervisor=jsonable(l1.host_values.get("virt.hypervisor")),
            )
            l1_os = host_os(l1.host_values)
            caps = caps + caps_of.host[link.l1]
            ready = _ready(ready, l1.verdict.ready)
            l2s = [(n, d) for n, d in l1.domains if d.get("domain.candidate") is True]
            if not l2s:
                chains.append(
                    _chain([l0_level, l1_level], arch, [l0_os, l1_os], caps, ready, True, use)
                )
            for l2_name, l2 in l2s:
                level = _level(
                    "L2",
                    domain=l2_name,
                    os=_os_text(l2, "domain"),
                    domain_uuid=jsonable(l2.get("domain.uuid")),
                )
                chains.append(
                    _chain(
                        [l0_level, l1_level, level],
                        arch,
                        [l0_os, l1_os, _os_from_domain(l2)],
                        caps + caps_of.of_domain(link.l1, l2_name),
                        ready,
                        True,
                        use,
                    )
                )
    for j, l1 in enumerate(judged):
        if l1.host_values.get("virt.role") != "L1" or j in linked_l1:
            continue
        arch = jsonable(l1.host_values.get("host.arch"))
        host_note = topology.host(l1.name)
        chain = _chain(
            [
                _level(
                    "L0",
                    host=host_note.l0_host if host_note else None,
                    os=host_note.l0_os.describe() if host_note and host_note.l0_os else None,
                    arch=arch,
                    hypervisor=jsonable(l1.host_values.get("virt.hypervisor")),
                ),
                _level("L1", host=l1.name, os=_os_text(l1.host_values, "os"), arch=arch),
            ],
            arch,
            [host_note.l0_os if host_note else None, host_os(l1.host_values)],
            caps_of.host[j],
            l1.verdict.ready,
            False,
        )
        chain["verdict"]["reasons"].insert(
            0, "unlinked: no L0 bundle given has a domain with this L1's system UUID"
        )
        chains.append(chain)
    chains.sort(
        key=lambda c: [
            (lv["level"], str(lv.get("host")), str(lv.get("domain"))) for lv in c["levels"]
        ]
    )
    return chains


def _os_from_domain(values: Mapping[str, object]) -> OS:
    from nestaudit.derive import _domain_os

    return _domain_os(values)


def account_for_chains(j: Judged, chains: Sequence[Mapping[str, Any]]) -> Judged:
    """A host takes the least supported of its own verdict and its chains' (design.md)."""
    mine = [c for c in chains if any(lv.get("host") == j.name for lv in c["levels"])]
    classes = [c["verdict"]["support"] for c in mine if c["verdict"]["support"] != "unknown"]
    verdict = j.verdict
    if verdict.support == "unknown" or not classes:
        return j
    lowest = least_supported([verdict.support, *classes])
    if lowest == verdict.support:
        return j
    chain = next(c for c in mine if c["verdict"]["support"] == lowest)
    path = " -> ".join(str(lv.get("host") or lv.get("domain")) for lv in chain["levels"])
    reason = f"chain {path}: {lowest}: " + chain["verdict"]["reasons"][-1]
    return j._replace(verdict=Verdict(lowest, verdict.ready, (*verdict.reasons, reason)))


# ---------------------------------------------------------------- the report


def build_report(
    bundles: Sequence[Bundle],
    extra_rules: Sequence[str] = (),
    topology: str | None = None,
) -> dict[str, Any]:
    """Judge every bundle and assemble the report model (JSON-ready, deterministic)."""
    rules = ruleset.load(extra=extra_rules) if extra_rules else ruleset.builtin_rules()
    topo = NO_TOPOLOGY
    if topology:
        from nestaudit.topology import load_topology

        topo = load_topology(topology)
    judged, links = judge_all(bundles, rules, topo)
    chains = build_chains(judged, links, topo)
    if len(judged) > 1:
        judged = [account_for_chains(j, chains) for j in judged]
    second = [r for r in rules if r.needed & SECOND_PASS_FACTS]
    hosts = [host_dict(second_pass(j, second)) for j in judged]
    hosts.sort(key=lambda h: (h["host"], h["bundle"]["sha256"]))
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "nestaudit", "version": __version__},
        "rules": {"version": ruleset.rules_version(), "doc": DOC_TITLE},
        "provenance": {
            "tool": f"nestaudit {__version__}",
            "rules_version": ruleset.rules_version(),
            "doc": DOC_TITLE,
            "doc_url": DOC_URL,
        },
        "generated_from": sorted(
            (
                {
                    "origin": b.origin,
                    "sha256": b.sha256,
                    "collected_at": b.collected_at,
                    "source": b.source["type"],
                }
                for b in bundles
            ),
            key=lambda g: (g["sha256"], g["origin"]),
        ),
        "hosts": hosts,
        "chains": chains,
    }


def exit_code(report: Mapping[str, Any], fail_on: str) -> int:
    """0 when nothing fails at or above `fail_on`, 1 when something does, 2 on a rule error."""
    threshold = SEVERITY_ORDER.index(fail_on)
    code = 0
    for host in report["hosts"]:
        for f in host["findings"]:
            if f["outcome"] == "error":
                return 2
            if f["outcome"] == "fail" and SEVERITY_ORDER.index(f["severity"]) >= threshold:
                code = 1
    return code


def errored_rules(report: Mapping[str, Any]) -> list[str]:
    return sorted(
        {
            f"{f['rule']} ({h['host']})"
            for h in report["hosts"]
            for f in h["findings"]
            if f["outcome"] == "error"
        }
    )
