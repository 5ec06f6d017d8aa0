"""The JSON report: `to_json(assessment)` writes it, `from_json(data)` reads one back.

The document follows spec/report-contract.md (hosts, findings, verdicts, chains) plus the
fields the other formats show (a host summary, counts, provenance), and validates against
`schemas/report.schema.json`. `exit_code` is what `check`, `report` and `audit` exit with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from nestaudit import DOC_URL
from nestaudit.engine.model import Finding, Reference, Step
from nestaudit.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError
from nestaudit.judge.assessment import (
    Assessment,
    BundleRef,
    Chain,
    ChainLevel,
    Counts,
    DomainSummary,
    HostAssessment,
    HostSummary,
    ModuleSummary,
    Reason,
    Source,
    Verdict,
)
from nestaudit.lenient import boolean as _bool
from nestaudit.lenient import each as _each
from nestaudit.lenient import integer as _int
from nestaudit.lenient import mapping as _map
from nestaudit.lenient import optional as _opt
from nestaudit.lenient import sequence as _seq
from nestaudit.lenient import strings as _strings
from nestaudit.lenient import text as _text
from nestaudit.soscoverage import Lack
from nestaudit.values import Evidence
from nestaudit.vocabulary import Outcome, Role, Scope, Severity, StepKind, SupportClass, Word
from nestaudit.waivers import jsonform as waiver_form

REPORT_SCHEMA_VERSION = 1

# ---------------------------------------------------------------- writing


def to_json(assessment: Assessment) -> dict[str, Any]:
    """The JSON report of `assessment` (deterministic: sorted as the Assessment is)."""
    a = assessment
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": a.tool_name, "version": a.tool_version},
        "rules": {"version": a.rules_version, "doc": a.doc},
        "provenance": {
            "tool": a.tool,
            "rules_version": a.rules_version,
            "doc": a.doc,
            "doc_url": a.doc_url,
        },
        "generated_from": [s._asdict() for s in a.sources],
        "hosts": [host_json(h) for h in a.hosts],
        "chains": [chain_json(c) for c in a.chains],
        **({"waivers": waiver_form.report_json(a.waivers)} if a.waivers else {}),
    }


def _word(value: Word | None) -> str | None:
    return None if value is None else value.value


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "support": verdict.support.value,
        "ready": verdict.ready,
        "reasons": [str(r) for r in verdict.reasons],
    }


def _step_json(step: Step) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": step.kind.value,
        "text": step.text,
        "disruptive": step.disruptive,
        "reboot": step.reboot,
    }
    for key in ("vendor", "arch", "path", "domain", "replaces", "option", "command", "check"):
        value = getattr(step, key)
        if value:
            item[key] = str(value)
    if step.line is not None:
        item["line"] = step.line
    return item


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the report contract has it."""
    data: dict[str, Any] = {
        "rule": finding.rule,
        "limitation": finding.limitation,
        "title": finding.title,
        "outcome": finding.outcome.value,
        "severity": finding.severity.value,
        "target": finding.target,
        "scope": finding.scope.value,
        "message": finding.message,
        "evidence": [{"source": e.source, "excerpt": e.excerpt} for e in finding.evidence],
        "remediation": [_step_json(s) for s in finding.remediation],
        "references": [{"section": r.section, "url": r.url} for r in finding.references],
        "unknown_facts": list(finding.unknown_facts),
    }
    if finding.reading:
        data["reading"] = finding.reading
    if finding.waiver is not None:
        data.update(waiver_form.note_json(finding.waiver))
    return data


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _summary_json(s: HostSummary) -> dict[str, Any]:
    return {
        "arch": s.arch,
        "kernel": s.kernel,
        "container": s.container,
        "os": {"id": s.os_id, "name": s.os_name, "version": s.os_version},
        "cpu": {
            "vendor": s.cpu_vendor,
            "model": s.cpu_model,
            "count": s.cpu_count,
            "virt_flags_needed": list(s.virt_flags_needed),
            "virt_flags_missing": list(s.virt_flags_missing),
            "flags": list(s.flags),
        },
        "role": s.role.value,
        "hypervisor": s.hypervisor,
        "cloud": s.cloud,
        "hypervisor_sources": list(s.hypervisor_sources),
        "modules": [m._asdict() for m in s.modules],
        "dev_kvm": "unknown" if s.dev_kvm is None else ("present" if s.dev_kvm else "absent"),
        "domains": [
            {**d._asdict(), "exposes": _yes_no(d.exposes), "support": _word(d.support)}
            for d in s.domains
        ],
        "system_uuid": s.system_uuid,
    }


def _bundle_json(b: BundleRef) -> dict[str, Any]:
    """The contract's sha256 and collected_at (null when not known), the source, and for
    a sosreport the sos fields (docs/sosreports.md)."""
    data: dict[str, Any] = {"sha256": b.sha256, "collected_at": b.collected_at,
                            "source": b.source}
    if b.source == "sosreport":
        data["sos_version"] = b.sos_version
        data["started_local"] = b.started_local
        data["lacking"] = [lack._asdict() | {"items": list(lack.items)} for lack in b.lacking]
    return data


def host_json(
    h: HostAssessment, finding: Callable[[Finding], Any] = finding_json
) -> dict[str, Any]:
    """One host as the report has it; `finding` makes each finding's JSON (a fleet's
    workers put theirs together from parts they keep)."""
    data: dict[str, Any] = {
        "host": h.name,
        "bundle": _bundle_json(h.bundle),
        "role": h.role.value,
        "verdict": _verdict_json(h.verdict),
        "findings": [finding(f) for f in h.findings],
        "counts": {
            "outcome": {k.value: n for k, n in h.counts.outcome},
            "severity_fail": {k.value: n for k, n in h.counts.severity_fail},
        },
    }
    if h.summary is not None:
        data["summary"] = _summary_json(h.summary)
    return data


def chain_json(c: Chain) -> dict[str, Any]:
    """One chain as the report has it."""
    levels = []
    for lv in c.levels:
        # `host` and `os` are always there for an L0 (null when not seen); the other
        # fields only when known.
        level: dict[str, Any] = {"level": lv.level.value, "os": lv.os}
        if lv.host is not None or lv.level is Role.L0:
            level["host"] = lv.host
        for key in ("domain", "arch", "hypervisor", "domain_uuid"):
            value = getattr(lv, key)
            if value is not None:
                level[key] = value
        levels.append(level)
    return {
        "levels": levels,
        "linked": c.linked,
        "conditional": c.conditional,
        "verdict": _verdict_json(c.verdict),
    }


# ---------------------------------------------------------------- exit codes


def exit_code(assessment: Assessment, fail_on: Severity, *, allow_unknown: bool = False) -> int:
    """0 when nothing fails at or above `fail_on`, 1 when something does, 2 on a rule error.

    An `unknown` at or above `fail_on` counts like a fail (verdicts.md, "Exit codes"):
    evidence too thin to judge is never a clean host, unless `allow_unknown` says so.
    """
    counted = (Outcome.FAIL,) if allow_unknown else (Outcome.FAIL, Outcome.UNKNOWN)
    code = EXIT_OK
    for _, f in assessment.findings:
        if f.outcome is Outcome.ERROR:
            return EXIT_ERROR
        if f.outcome in counted and f.severity.at_least(fail_on):
            code = EXIT_FINDINGS
    return code


def errored_rules(assessment: Assessment) -> list[str]:
    """ "rule (host)" for every rule that ended in error."""
    return sorted(
        {f"{f.rule} ({h.name})" for h, f in assessment.findings if f.outcome is Outcome.ERROR}
    )


# ---------------------------------------------------------------- reading

_W = TypeVar("_W", bound=Word)


class _Reader:
    """Reads a JSON report leniently where fields are optional (hand-made reports leave
    some out) and strictly where a word must be one of the vocabulary's."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def word(self, kind: type[_W], value: Any, where: str, default: _W | None = None) -> _W:
        if value in (None, "") and default is not None:
            return default
        found = kind.parse(value)
        if found is None:
            raise InputError(
                f"{self.origin}: {where}: {value!r} is not one of {', '.join(kind.words())}"
            )
        return found


def from_json(data: Mapping[str, Any], origin: str = "report") -> Assessment:
    """The Assessment a JSON report describes; InputError names a word that is not one of
    the vocabulary's. Missing optional fields read as empty."""
    r = _Reader(origin)
    tool, rules, prov = (
        _map(data.get("tool")),
        _map(data.get("rules")),
        _map(data.get("provenance")),
    )
    return Assessment(
        tool_name=_text(tool.get("name")) or "nestaudit",
        tool_version=_text(tool.get("version")),
        rules_version=_text(prov.get("rules_version")) or _text(rules.get("version")) or "unknown",
        doc=_text(prov.get("doc")) or _text(rules.get("doc")),
        doc_url=_text(prov.get("doc_url")) or DOC_URL,
        sources=tuple(
            Source(
                _text(s.get("origin")),
                _text(s.get("sha256")),
                _opt(s.get("collected_at")),
                _text(s.get("source")),
            )
            for s in (_map(x) for x in _seq(data.get("generated_from")))
        ),
        hosts=_each(data.get("hosts"), lambda h, w: _host(r, h, w), "hosts"),
        chains=_each(data.get("chains"), lambda c, w: _chain(r, c, w), "chains"),
        waivers=waiver_form.report_from_json(data.get("waivers")),
    )


def _reason(text: str) -> Reason:
    match = _REASON.match(text)
    if match is None:
        return Reason(text)
    return Reason(match["text"], match["lim"], match["target"])


def _verdict(r: _Reader, data: Mapping[str, Any], where: str) -> Verdict:
    return Verdict(
        support=r.word(SupportClass, data.get("support"), f"{where}.support", SupportClass.UNKNOWN),
        ready=_bool(data.get("ready")),
        reasons=tuple(_reason(_text(x)) for x in _seq(data.get("reasons"))),
    )


def _step(r: _Reader, data: Mapping[str, Any], where: str) -> Step:
    return Step(
        kind=r.word(StepKind, data.get("kind"), f"{where}.kind", StepKind.HINT),
        text=_text(data.get("text")),
        vendor=_opt(data.get("vendor")),
        arch=_opt(data.get("arch")),
        disruptive=data.get("disruptive") is True,
        reboot=data.get("reboot") is True,
        path=_opt(data.get("path")),
        domain=_opt(data.get("domain")),
        line=data["line"] if type(data.get("line")) is int else None,
        replaces=_opt(data.get("replaces")),
        option=_opt(data.get("option")),
        command=_opt(data.get("command")),
        check=_opt(data.get("check")),
    )


def _finding(r: _Reader, data: Mapping[str, Any], where: str) -> Finding:
    rule = _text(data.get("rule"))
    outcome = r.word(Outcome, data.get("outcome"), f"{where}.outcome")
    return Finding(
        rule=rule,
        limitation=_text(data.get("limitation")),
        title=_text(data.get("title")) or rule,
        outcome=outcome,
        severity=r.word(Severity, data.get("severity"), f"{where}.severity"),
        target=_text(data.get("target")),
        message=_text(data.get("message")),
        evidence=tuple(
            Evidence(_text(e.get("source")), _text(e.get("excerpt")))
            for e in (_map(x) for x in _seq(data.get("evidence")))
        ),
        remediation=_each(
            data.get("remediation"), lambda s, w: _step(r, s, w), f"{where}.remediation"
        ),
        references=tuple(
            Reference(_text(ref.get("section")), _text(ref.get("url")))
            for ref in (_map(x) for x in _seq(data.get("references")))
        ),
        unknown_facts=_strings(data.get("unknown_facts")),
        scope=r.word(Scope, data.get("scope"), f"{where}.scope", Scope.HOST),
        reading=_opt(data.get("reading")),
        waiver=waiver_form.note_from_json(
            data, outcome, lambda v: r.word(Outcome, v, f"{where}.waiver.original_outcome")
        ),
    )


def _counts(
    r: _Reader, given: Mapping[str, Any], findings: Sequence[Finding], where: str
) -> Counts:
    """The report's counts where it has them, else counted from its findings."""
    counted = Counts.of(findings)
    outcome, failing = _map(given.get("outcome")), _map(given.get("severity_fail"))
    return Counts(
        _given(r, Outcome, outcome, f"{where}.outcome") if outcome else counted.outcome,
        _given(r, Severity, failing, f"{where}.severity_fail")
        if failing
        else counted.severity_fail,
        counted.severity,
    )


def _given(
    r: _Reader, kind: type[_W], counts: Mapping[str, Any], where: str
) -> tuple[tuple[_W, int], ...]:
    pairs = [(r.word(kind, k, where), n) for k, n in counts.items() if _int(n)]
    return tuple(sorted(pairs, key=lambda pair: pair[0].rank))


def _module(data: Mapping[str, Any], where: str) -> ModuleSummary:
    return ModuleSummary(
        name=_text(data.get("name")),
        loaded=_bool(data.get("loaded")),
        nested_runtime=_text(data.get("nested_runtime")) or "unknown",
        nested_persistent=_text(data.get("nested_persistent")) or "unknown",
        persistent_source=_opt(data.get("persistent_source")),
    )


def _exposes(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(_text(value))


def _domain(r: _Reader, data: Mapping[str, Any], where: str) -> DomainSummary:
    support = data.get("support")
    return DomainSummary(
        name=_text(data.get("name")),
        state=_opt(data.get("state")),
        cpu_mode=_opt(data.get("cpu_mode")),
        exposes=_exposes(data.get("exposes")),
        exposure_reason=_opt(data.get("exposure_reason")),
        os=_text(data.get("os")) or "unknown",
        hugepages=_bool(data.get("hugepages")),
        title=_text(data.get("title")),
        description=_text(data.get("description")),
        uuid=_opt(data.get("uuid")),
        support=None if support is None else r.word(SupportClass, support, f"{where}.support"),
    )


def _summary(r: _Reader, data: Any, where: str) -> HostSummary | None:
    if not isinstance(data, Mapping):
        return None
    os_info, cpu = _map(data.get("os")), _map(data.get("cpu"))
    dev = data.get("dev_kvm")
    return HostSummary(
        arch=_opt(data.get("arch")),
        kernel=_opt(data.get("kernel")),
        container=_opt(data.get("container")),
        os_id=_opt(os_info.get("id")),
        os_name=_opt(os_info.get("name")),
        os_version=_opt(os_info.get("version")),
        cpu_vendor=_opt(cpu.get("vendor")),
        cpu_model=_opt(cpu.get("model")),
        cpu_count=_int(cpu.get("count")),
        virt_flags_needed=_strings(cpu.get("virt_flags_needed")),
        virt_flags_missing=_strings(cpu.get("virt_flags_missing")),
        flags=_strings(cpu.get("flags")),
        role=r.word(Role, data.get("role"), f"{where}.role", Role.UNKNOWN),
        hypervisor=_opt(data.get("hypervisor")),
        cloud=_opt(data.get("cloud")),
        hypervisor_sources=_strings(data.get("hypervisor_sources")),
        modules=_each(data.get("modules"), _module, f"{where}.modules"),
        dev_kvm={"present": True, "absent": False}.get(_text(dev)),
        domains=_each(data.get("domains"), lambda d, w: _domain(r, d, w), f"{where}.domains"),
        system_uuid=_opt(data.get("system_uuid")),
    )


def _host(r: _Reader, data: Mapping[str, Any], where: str) -> HostAssessment:
    findings = _each(data.get("findings"), lambda f, w: _finding(r, f, w), f"{where}.findings")
    bundle = _map(data.get("bundle"))
    return HostAssessment(
        name=_text(data.get("host")),
        bundle=BundleRef(
            _text(bundle.get("sha256")),
            _opt(bundle.get("collected_at")),
            _text(bundle.get("source")),
            _opt(bundle.get("sos_version")),
            _opt(bundle.get("started_local")),
            tuple(
                Lack(_text(x.get("what")), _strings(x.get("items")), _text(x.get("used_for")),
                     _text(x.get("add")))
                for x in (_map(item) for item in _seq(bundle.get("lacking")))
            ),
        ),
        role=r.word(Role, data.get("role"), f"{where}.role", Role.UNKNOWN),
        verdict=_verdict(r, _map(data.get("verdict")), f"{where}.verdict"),
        findings=findings,
        counts=_counts(r, _map(data.get("counts")), findings, f"{where}.counts"),
        summary=_summary(r, data.get("summary"), f"{where}.summary"),
    )


def _chain(r: _Reader, data: Mapping[str, Any], where: str) -> Chain:
    def level(lv: Mapping[str, Any], at: str) -> ChainLevel:
        return ChainLevel(
            level=r.word(Role, lv.get("level"), f"{at}.level", Role.UNKNOWN),
            host=_opt(lv.get("host")),
            domain=_opt(lv.get("domain")),
            os=_opt(lv.get("os")),
            arch=_opt(lv.get("arch")),
            hypervisor=_opt(lv.get("hypervisor")),
            domain_uuid=_opt(lv.get("domain_uuid")),
        )

    return Chain(
        levels=_each(data.get("levels"), level, f"{where}.levels"),
        linked=_bool(data.get("linked")),
        verdict=_verdict(r, _map(data.get("verdict")), f"{where}.verdict"),
        conditional=data.get("conditional") is True,
    )


_REASON = re.compile(r"(?P<lim>NV-[A-Z0-9-]+)(?: \((?P<target>[^\n]*?)\))?: (?P<text>.*)", re.S)
"""A reason that leads with a limitation ID: "NV-X: text" or "NV-X (target): text"."""
