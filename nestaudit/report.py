"""The report model: hosts with their role, verdict and findings, and nesting chains.

One JSON-ready dict that every renderer draws from (spec/report-contract.md, plus the
fields the HTML needs: a host summary, counts and provenance). Deterministic: the same
bundles and rules give the same dict; time comes from the bundles, never from now().
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nestaudit import DOC_URL, __version__, engine, ruleset
from nestaudit.bundle import Bundle
from nestaudit.derive import NO_TOPOLOGY, Topology, derive
from nestaudit.engine import Finding, Rule
from nestaudit.facts import HostFacts, build_facts
from nestaudit.matrix import least_supported, place
from nestaudit.values import UNKNOWN, Version
from nestaudit.verdict import Verdict, host_verdict, support_caps

REPORT_SCHEMA_VERSION = 1
VERDICT_FACT = "verdict.support"
SEVERITY_ORDER = ("info", "low", "medium", "high", "critical")
OUTCOME_ORDER = ("fail", "error", "unknown", "info", "waived", "pass", "not_applicable")
DOC_TITLE = "RHEL 10, Configuring and managing Linux virtual machines, ch. 21 Creating nested virtual machines"


def jsonable(value: object) -> Any:
    """Fact values as JSON: Version as text, UNKNOWN as null."""
    if value is UNKNOWN:
        return None
    if isinstance(value, Version):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Judged:
    """One bundle, judged: its facts (with derived values), findings and verdict."""

    bundle: Bundle
    facts: HostFacts
    host_values: dict[str, object]
    domains: list[tuple[str, dict[str, object]]]
    findings: tuple[Finding, ...]
    verdict: Verdict
    name: str


def _host_name(facts: HostFacts, bundle: Bundle) -> str:
    name = facts.values().get("host.name", UNKNOWN)
    if isinstance(name, str) and name:
        return name
    return Path(bundle.origin).name or "host"


def judge(
    bundle: Bundle,
    rules: Sequence[Rule],
    topology: Topology = NO_TOPOLOGY,
) -> Judged:
    facts = build_facts(bundle)
    host_values, domains = derive(facts, topology)
    name = _host_name(facts, bundle)
    # Rules that read the verdict run after it is known (a second pass).
    first = [r for r in rules if VERDICT_FACT not in r.needed]
    second = [r for r in rules if VERDICT_FACT in r.needed]
    findings = engine.run(first, host_values, domains, facts.evidence, host_target=name)
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
    if second:
        host_values[VERDICT_FACT] = verdict.support
        more = engine.run(second, host_values, domains, facts.evidence, host_target=name)
        findings = tuple(sorted((*findings, *more), key=lambda f: (f.rule, f.target)))
    if host_values.get("host.container") not in (None, UNKNOWN):
        verdict = Verdict(
            verdict.support,
            verdict.ready,
            (*verdict.reasons,
             f"collected inside a {host_values['host.container']} container: the kernel facts "
             "describe the container's host"),
        )
    return Judged(bundle, facts, host_values, domains, findings, verdict, name)


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
        modules.append({
            "name": module,
            "loaded": jsonable(loaded),
            "nested_runtime": "not loaded" if loaded is False else _on_off(v.get("kvm.nested")),
            "nested_persistent": persistent,
            "persistent_source": jsonable(v.get("kvm.nested_persistent_source")),
        })
    dev = v.get("kvm.dev_kvm")
    domains = []
    for name, d in judged.domains:
        exposes = d.get("domain.exposes_virt")
        domains.append({
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
        })
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


def _system_uuid(judged: Judged) -> str | None:
    value = judged.host_values.get("host.system_uuid", UNKNOWN)
    return value.lower() if isinstance(value, str) and value else None


def _os_text(values: Mapping[str, object], prefix: str) -> str | None:
    label = values.get(f"{prefix}.os_label" if prefix == "domain" else "os.name")
    return label if isinstance(label, str) and label else None


def _level(level: str, **fields: Any) -> dict[str, Any]:
    return {"level": level, **{k: v for k, v in fields.items() if v is not None or k == "os"}}


def build_chains(judged: Sequence[Judged]) -> list[dict[str, Any]]:
    """Chains L0 -> L1 (-> L2) that the inputs show, each with its own verdict."""
    catalogue = ruleset.catalogue()
    by_uuid = {u: j for j in judged if (u := _system_uuid(j)) is not None}
    linked: set[int] = set()
    chains: list[dict[str, Any]] = []
    for l0 in judged:
        if l0.host_values.get("virt.role") == "L1":
            continue
        host_caps = support_caps([f for f in l0.findings if f.scope == "host"], catalogue)
        for name, dom in l0.domains:
            if dom.get("domain.candidate") is not True:
                continue
            uuid = dom.get("domain.uuid")
            l1 = by_uuid.get(uuid.lower()) if isinstance(uuid, str) else None
            dom_findings = [f for f in l0.findings if f.scope == "domain" and f.target == name]
            caps = host_caps + support_caps(dom_findings, catalogue)
            levels = [
                _level("L0", host=l0.name, os=_os_text(l0.host_values, "os"),
                       arch=jsonable(l0.host_values.get("host.arch")),
                       hypervisor="kvm"),
            ]
            exposes = dom.get("domain.exposes_virt")
            ready: bool | None = l0.verdict.ready
            if exposes is UNKNOWN and ready is True:
                ready = None
            table = str(dom.get("domain.support_conditional"))
            reasons = [f"placed as {table}: {dom.get('domain.support_reason')}"]
            if l1 is None:
                levels.append(_level("L1", domain=name, os=_os_text(dom, "domain"),
                                     domain_uuid=jsonable(uuid)))
            else:
                linked.add(id(l1))
                levels.append(_level("L1", host=l1.name, domain=name,
                                     os=_os_text(l1.host_values, "os"), domain_uuid=jsonable(uuid),
                                     arch=jsonable(l1.host_values.get("host.arch"))))
                caps += support_caps(l1.findings, catalogue)
                placement = place(
                    jsonable(l0.host_values.get("host.arch")),
                    [_os_of(l0.host_values), _os_of(l1.host_values)],
                )
                table = placement.support
                reasons = [f"placed as {table}: " + "; ".join(placement.reasons)]
                if ready is not False and l1.verdict.ready is not True:
                    ready = l1.verdict.ready
            support = "unknown" if table == "unknown" else least_supported(
                [table] + [c for c, _ in caps]
            )
            reasons.extend(sorted({r for _, r in caps}))
            chains.append({
                "levels": levels,
                "linked": l1 is not None,
                "verdict": {"support": support, "ready": ready, "reasons": reasons},
            })
    for l1 in judged:
        if l1.host_values.get("virt.role") != "L1" or id(l1) in linked:
            continue
        caps = support_caps(l1.findings, catalogue)
        own = l1.host_values.get("support.own_table")
        table = own if isinstance(own, str) else "unknown"
        support = "unknown" if table == "unknown" else least_supported(
            [table] + [c for c, _ in caps]
        )
        chains.append({
            "levels": [
                _level("L0", host=None, os=None, arch=jsonable(l1.host_values.get("host.arch")),
                       hypervisor=jsonable(l1.host_values.get("virt.hypervisor"))),
                _level("L1", host=l1.name, os=_os_text(l1.host_values, "os"),
                       arch=jsonable(l1.host_values.get("host.arch"))),
            ],
            "linked": False,
            "verdict": {
                "support": support,
                "ready": l1.verdict.ready,
                "reasons": [
                    "unlinked: no L0 bundle given has a domain with this L1's system UUID",
                    f"placed as {table}: {l1.host_values.get('support.own_reason')}",
                    *sorted({r for _, r in caps}),
                ],
            },
        })
    chains.sort(key=lambda c: [(lv["level"], str(lv.get("host")), str(lv.get("domain")))
                               for lv in c["levels"]])
    return chains


def _os_of(values: Mapping[str, object]) -> Any:
    from nestaudit.derive import _host_os

    return _host_os(values)


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
    judged = [judge(b, rules, topo) for b in bundles]
    hosts = sorted((host_dict(j) for j in judged),
                   key=lambda h: (h["host"], h["bundle"]["sha256"]))
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
        "chains": build_chains(judged),
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
    return sorted({f"{f['rule']} ({h['host']})" for h in report["hosts"] for f in h["findings"]
                   if f["outcome"] == "error"})
