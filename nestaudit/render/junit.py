"""JUnit XML for CI systems: one testsuite per host, one testcase per rule and target.

Outcome mapping (the task left `unknown` open; this is the choice):
  pass, info           -> a passing testcase (info text in <system-out>)
  fail                 -> <failure message=... type=severity>, body: message, evidence, fix
  error                -> <error>: the rule itself could not be evaluated
  unknown              -> <skipped>: not decidable from the evidence, so neither pass nor fail
  not_applicable       -> <skipped>
  waived               -> <skipped message="waived: ...">: a fail someone accepted, with the
                          waiver's reason and expiry after the message
Built with xml.etree, so markup in host data is escaped; characters XML 1.0 cannot carry
at all (most C0 controls) are replaced first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from nestaudit.render.steps import CHOICE_LEAD, StepLike, blocks, parts
from nestaudit.render.view import Finding, Host, Report
from nestaudit.vocabulary import Outcome

# Outcomes reported as skipped testcases, with the word their message starts with.
_SKIPPED = {
    Outcome.UNKNOWN: "unknown",
    Outcome.NOT_APPLICABLE: "not applicable",
    Outcome.WAIVED: "waived",
}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _step_lines(step: StepLike, pad: str) -> list[str]:
    lines: list[str] = []
    for part in parts(step):
        lines.append(pad + part.words)
        if part.code is not None:
            lines += [f"{pad}    {line}" for line in part.code.split("\n")]
    return lines


def _details(finding: Finding) -> str:
    lines = [finding.message, ""]
    if finding.waiver_note:
        lines += [finding.waiver_note, ""]
    if finding.evidence:
        lines.append("Evidence:")
        lines += [f"  {e.source}: {e.excerpt}" for e in finding.evidence]
        lines.append("")
    if finding.not_known:
        lines += [f"Not known: {', '.join(finding.not_known)}", ""]
    if finding.remediation:
        lines.append("Remediation:")
        for block in blocks(finding.remediation):
            if block.step is not None:
                lines += _step_lines(block.step, "  ")
                continue
            lines.append(f"  {CHOICE_LEAD}")
            for number, option in enumerate(block.options, start=1):
                lines.append(f"  option {number}: {option.title}")
                for step in option.steps:
                    lines += _step_lines(step, "    ")
        lines.append("")
    refs = ", ".join(
        f"section {r.section} <{r.url}>" if r.url else r.section for r in finding.references
    )
    if refs:
        lines.append(f"See {refs}")
    return _x("\n".join(lines).strip() + "\n")


def _testcase(parent: ET.Element, host: Host, finding: Finding) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        {
            "classname": _x(f"nestaudit.{host.name}.{finding.limitation}"),
            "name": _x(f"{finding.rule} [{finding.target}]"),
            "time": "0",
        },
    )
    message = _x(finding.message)
    if finding.outcome is Outcome.FAIL:
        failure = ET.SubElement(case, "failure", {"message": message, "type": finding.severity})
        failure.text = _details(finding)
    elif finding.outcome is Outcome.ERROR:
        error = ET.SubElement(case, "error", {"message": message, "type": "rule-error"})
        error.text = _details(finding)
    elif finding.outcome in _SKIPPED:
        prefix = _SKIPPED[finding.outcome]
        text = " ".join(t for t in (finding.message, finding.waiver_note) if t)
        ET.SubElement(case, "skipped", {"message": _x(f"{prefix}: {text}")})
    else:
        out = ET.SubElement(case, "system-out")
        out.text = _details(finding)


def _sos_properties(host: Host) -> list[tuple[str, str]]:
    """A sosreport's sos version, collection time in words and what it lacks."""
    if host.sos_version is None:
        return []
    props = [("sos.version", host.sos_version), ("collected", host.collected_at)]
    props += [(f"sos.lacks.{i}", f"{lack.what} ({', '.join(lack.items)}): {lack.add}")
              for i, lack in enumerate(host.lacking)]
    return props


def _waiver_properties(view: Report) -> list[tuple[str, str]]:
    if view.waivers is None:
        return []
    w = view.waivers
    return [("waivers", w.headline), ("waivers.as_of", w.as_of), ("waivers.note", w.note)]


def render_junit(view: Report) -> bytes:
    """The report as a JUnit XML document (UTF-8 bytes with an XML declaration)."""
    root = ET.Element("testsuites", {"name": "nestaudit"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for host in view.hosts:
        counts = {
            "tests": len(host.findings),
            "failures": host.count(Outcome.FAIL),
            "errors": host.count(Outcome.ERROR),
            "skipped": sum(host.count(outcome) for outcome in _SKIPPED),
        }
        for key, value in counts.items():
            totals[key] += value
        attrs = {"name": _x(host.name)}
        if host.evidence_time is not None:  # a time, or none at all: JUnit's is ISO 8601
            attrs["timestamp"] = _x(host.evidence_time)
        attrs["time"] = "0"
        attrs.update((key, str(value)) for key, value in counts.items())
        suite = ET.SubElement(root, "testsuite", attrs)
        props = ET.SubElement(suite, "properties")
        for name, text in (
            ("role", host.role),
            ("support", host.verdict.support),
            ("ready", {True: "true", False: "false", None: "unknown"}[host.verdict.ready]),
            ("bundle.sha256", host.bundle_sha256),
            ("rules.version", view.rules_version),
            *_waiver_properties(view),
        ):
            ET.SubElement(props, "property", {"name": name, "value": _x(text)})
        for name, text in _sos_properties(host):
            ET.SubElement(props, "property", {"name": name, "value": _x(text)})
        for index, reason in enumerate(host.verdict.reasons):
            ET.SubElement(props, "property", {"name": f"reason.{index}", "value": _x(str(reason))})
        for finding in host.findings:
            _testcase(suite, host, finding)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    assert isinstance(data, bytes)
    return data + b"\n"
