"""Meta-tests over the built-in rule set (style.md, convention 8)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from judging import build_report
from nestaudit.bundle import load
from nestaudit.engine.catalogue import catalogue
from nestaudit.judge.registry import builtin_rules

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
# A limitation that can only fail across several bundles (an L0 and its L1 together).
MULTI_BUNDLE_ONLY = {"NV-L1-FEATURES"}
# Rules that fire only on evidence that could not be read, which a committed sample root
# cannot hold (git keeps no permissions): shown on a changed bundle below.
UNREADABLE_EVIDENCE_ONLY = {"domains-readable"}


@cache
def outcomes() -> dict[str, set[str]]:
    """rule id -> every outcome it reached over every sample."""
    seen: dict[str, set[str]] = {}
    for path in SAMPLES:
        report = build_report([load(path)])
        for finding in report["hosts"][0]["findings"]:
            seen.setdefault(finding["rule"], set()).add(finding["outcome"])
    return seen


def test_every_limitation_is_encoded() -> None:
    encoded = {rule.limitation for rule in builtin_rules()}
    assert encoded == set(catalogue())


def test_rule_ids_are_unique_kebab_case() -> None:
    ids = [rule.id for rule in builtin_rules()]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id), rule_id


def test_every_rule_cites_a_section_of_the_chapter() -> None:
    for rule in builtin_rules():
        assert rule.references, rule.id
        for ref in rule.references:
            assert re.fullmatch(r"21\.[1-5]", ref.section), (rule.id, ref.section)
            assert ref.url.startswith("https://docs.redhat.com/"), rule.id


def test_fail_rules_with_commands_name_the_module_per_vendor() -> None:
    """The chapter's reload pair and options line, for the right module of each vendor."""
    rule = next(r for r in builtin_rules() if r.id == "nested-enabled")
    steps = {(s.vendor, s.text.text) for s in rule.remediation if s.kind == "command"}
    assert ("intel", "modprobe -r kvm_intel") in steps
    assert ("intel", "modprobe kvm_intel nested=1") in steps
    assert ("amd", "modprobe kvm_amd nested=1") in steps
    assert ("ibm", "modprobe kvm nested=1") in steps
    persistent = next(r for r in builtin_rules() if r.id == "nested-persistent")
    lines = {(s.vendor, s.path, s.text.text) for s in persistent.remediation if s.kind == "edit"}
    assert ("amd", "/etc/modprobe.d/kvm.conf", "options kvm_amd nested=1") in lines


@pytest.mark.parametrize("rule", [r.id for r in builtin_rules()])
def test_every_rule_fires_on_a_sample_and_passes_or_skips_on_another(rule: str) -> None:
    limitation = next(r.limitation for r in builtin_rules() if r.id == rule)
    reached = outcomes().get(rule, set())
    violation = next(r.on_violation for r in builtin_rules() if r.id == rule)
    if limitation not in MULTI_BUNDLE_ONLY and rule not in UNREADABLE_EVIDENCE_ONLY:
        assert violation in reached, f"{rule} never reaches {violation!r} on a sample: {reached}"
    assert reached & {"pass", "not_applicable"}, f"{rule} always fires: {reached}"


def test_unreadable_domain_definitions_are_reported_not_passed() -> None:
    """A non-root collection where libvirt's folders are denied: per-VM checks are missing."""
    from nestaudit.bundle import from_data

    data = json.loads((REPO / "samples/bundles/intel-l0-rhel10-nested-on.json").read_text())
    for folder in ("/etc/libvirt/qemu", "/run/libvirt/qemu", "/var/run/libvirt/qemu"):
        data["dirs"][folder] = {"status": "denied", "reason": "Permission denied"}
        for path in [p for p in data["files"] if p.startswith(folder + "/")]:
            del data["files"][path]
    report = build_report([from_data(data, "denied.json")])
    finding = next(f for f in report["hosts"][0]["findings"] if f["rule"] == "domains-readable")
    assert finding["outcome"] == "info"
    assert "not passed" in finding["message"]
    assert not [f for f in report["hosts"][0]["findings"] if f["scope"] == "domain"]
