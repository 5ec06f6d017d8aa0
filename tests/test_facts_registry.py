"""The fact registry stays in step with the model, the values' types and docs/facts.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nestaudit.bundle import from_data
from nestaudit.collect import collect
from nestaudit.facts import HostFacts, build_facts
from nestaudit.facts.registry import FACTS, names
from nestaudit.judge.registry import judged_facts
from nestaudit.values import UNKNOWN, Version
from tools.regenerate import facts_reference

REPO = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "corpus"
DOC = REPO / "docs" / "facts.md"


def corpus_facts() -> list[HostFacts]:
    cases = json.loads((CORPUS / "cases.json").read_text("utf-8"))
    dirs = sorted({c["dir"] for c in cases if (CORPUS / c["dir"]).is_dir()})
    return [build_facts(from_data(collect(root=str(CORPUS / d)), d)) for d in dirs]


@pytest.fixture(scope="module")
def all_facts() -> list[HostFacts]:
    return corpus_facts()


def test_registry_matches_host_values(all_facts: list[HostFacts]) -> None:
    assert set(all_facts[0].values()) == names("host")


def test_registry_matches_domain_values(all_facts: list[HostFacts]) -> None:
    domains = [d for f in all_facts for d in f.domains]
    assert domains
    assert set(domains[0].values()) == names("domain")


def test_contract_names_are_all_registered() -> None:
    # the names the rules are promised (facts-contract); more may be added, none dropped
    contract = """host.name host.arch host.kernel host.source host.container cpu.vendor cpu.model
    cpu.count cpu.flags cpu.virt_flags_needed cpu.virt_flags_missing cpu.virt_flags_missing_detail
    cpu.hypervisor_flag os.id os.name os.version os.version_text os.is_rhel os.family os.major
    kvm.modules_loaded kvm.module kvm.module_loaded kvm.kvm_loaded kvm.dev_kvm kvm.nested
    kvm.hpage kvm.nested_persistent kvm.nested_persistent_source kvm.nested_persistent_explicit
    kvm.nested_default kvm.nested_assignments kvm.nested_conflict kvm.nested_overridden_by
    kvm.hpage_persistent kvm.modprobe_readable virt.hypervisor virt.hypervisor_sources
    virt.hypervisor_disagreement virt.cloud virt.aws_metal virt.is_vm virt.role virt.s390_level
    domains.count domains.names domains.running domains.exposing domains.hugepages
    domains.readable domain.name domain.uuid domain.running domain.state domain.arch domain.type
    domain.cpu_mode domain.cpu_model domain.cpu_features domain.virt_flag domain.exposes_virt
    domain.exposure_reason domain.xml_source domain.hugepages domain.os_id domain.os_family
    domain.os_version domain.os_kind domain.os_label domain.title domain.description
    domain.virt_disabled domain.asks_nesting domain.restart_needed cpu.host_model
    cpu.host_model_virt""".split()
    assert set(contract) <= set(FACTS)


def test_every_spec_is_complete() -> None:
    for name, spec in FACTS.items():
        assert spec.name == name
        assert spec.scope == ("domain" if name.startswith("domain.") else "host")
        assert spec.type.split(" | ")[0] in ("str", "int", "bool", "list[str]", "Version"), name
        assert spec.source and spec.unknown_when and spec.doc, name


def _matches(value: object, type_: str) -> bool:
    if value is UNKNOWN:
        return True
    base, _, none = type_.partition(" | ")
    if value is None:
        return none == "None"
    checks: dict[str, Any] = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "Version": lambda v: isinstance(v, Version),
        "list[str]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
    }
    return bool(checks[base](value))


def test_values_have_their_registered_types(all_facts: list[HostFacts]) -> None:
    seen_known: set[str] = set()
    for facts in all_facts:
        scoped = [facts.values()] + [d.values() for d in facts.domains]
        for values in scoped:
            for name, value in values.items():
                assert _matches(value, FACTS[name].type), (facts.origin, name, value)
                if value is not UNKNOWN:
                    seen_known.add(name)
    # the corpus exercises most facts with a real value, not only UNKNOWN
    assert len(seen_known) >= len(FACTS) * 0.8, sorted(set(FACTS) - seen_known)


def test_list_facts_are_sorted_where_they_are_sets(all_facts: list[HostFacts]) -> None:
    ordered = {"kvm.nested_assignments", "virt.hypervisor_sources",
               "cpu.virt_flags_needed", "cpu.virt_flags_missing",
               "cpu.virt_flags_missing_detail"}
    for facts in all_facts:
        for name, value in facts.values().items():
            if isinstance(value, list) and name not in ordered:
                assert value == sorted(value), name


def test_docs_facts_md_is_generated_from_the_registry() -> None:
    assert DOC.read_text("utf-8") == facts_reference(), "stale: python tools/regenerate.py"


def test_reference_lists_every_fact_once() -> None:
    text = facts_reference()
    for name in [*FACTS, *judged_facts()]:
        assert text.count(f"| `{name}` |") == 1, name
