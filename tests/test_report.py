"""The JSON report: to_json and from_json are each other's inverse, the remediation a finding
carries is what the engine chose, and exit codes follow the findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from judging import assessment_of, build_report
from nestaudit.bundle import from_data, load
from nestaudit.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from nestaudit.report import exit_code, from_json, to_json
from nestaudit.vocabulary import Severity

REPO = Path(__file__).resolve().parent.parent
BUNDLES = REPO / "samples" / "bundles"
SCHEMA = json.loads((REPO / "nestaudit" / "schemas" / "report.schema.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(p.stem for p in BUNDLES.glob("*.json")))
def test_a_report_read_back_is_the_same_assessment(name: str) -> None:
    assessment = assessment_of([load(BUNDLES / f"{name}.json")])
    written = to_json(assessment)
    jsonschema.validate(written, SCHEMA)
    assert from_json(json.loads(json.dumps(written))) == assessment


def test_a_chain_read_back_is_the_same_assessment() -> None:
    pair = [load(BUNDLES / "intel-l0-rhel10-nested-on.json"),
            load(BUNDLES / "l1-rhel-under-kvm-exposing.json")]
    assessment = assessment_of(pair)
    assert assessment.chains and from_json(to_json(assessment)) == assessment


def _without_cpuinfo(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BUNDLES / f"{name}.json").read_text("utf-8"))
    data["files"]["/proc/cpuinfo"] = {"status": "denied", "reason": "Permission denied"}
    return data


def test_an_unknown_vendor_keeps_every_vendor_step_of_a_failing_finding() -> None:
    """The engine keeps steps meant for a vendor it cannot rule out; the report shows them
    all (it had dropped every vendor-tagged `modprobe`, leaving only the firmware hint)."""
    report = build_report([from_data(_without_cpuinfo("intel-module-not-loaded"), "x.json")])
    host = report["hosts"][0]
    assert host["summary"]["cpu"]["vendor"] is None
    finding = next(f for f in host["findings"] if f["rule"] == "kvm-usable")
    assert finding["outcome"] == "fail"
    commands = [s["text"] for s in finding["remediation"] if s["kind"] == "command"]
    assert commands == ["modprobe kvm_intel", "modprobe kvm_amd", "modprobe kvm"]
    assert [s.get("vendor") for s in finding["remediation"]] == ["intel", "amd", "ibm", None]


def test_a_known_vendor_keeps_only_its_own_steps() -> None:
    report = build_report([load(BUNDLES / "intel-module-not-loaded.json")])
    finding = next(f for f in report["hosts"][0]["findings"] if f["rule"] == "kvm-usable")
    assert [s["text"] for s in finding["remediation"] if s["kind"] == "command"] == [
        "modprobe kvm_intel"
    ]


@pytest.mark.parametrize(
    ("name", "fail_on", "code"),
    [
        ("l1-rhel-in-openstack", Severity.MEDIUM, EXIT_OK),
        ("intel-module-not-loaded", Severity.MEDIUM, EXIT_FINDINGS),
        ("intel-module-not-loaded", Severity.CRITICAL, EXIT_FINDINGS),
        ("intel-nested-on-not-persistent", Severity.CRITICAL, EXIT_OK),
    ],
)
def test_exit_code_follows_the_threshold(name: str, fail_on: Severity, code: int) -> None:
    assert exit_code(assessment_of([load(BUNDLES / f"{name}.json")]), fail_on) == code


def test_a_rule_in_error_exits_2() -> None:
    report = build_report([load(BUNDLES / "intel-l0-rhel10-nested-on.json")])
    report["hosts"][0]["findings"][0]["outcome"] = "error"
    assert exit_code(from_json(report), Severity.CRITICAL) == EXIT_ERROR
