"""OS facts (nestaudit/facts/os.py) from the corpus os-release cases."""

from __future__ import annotations

from typing import Any

import pytest

from factroots import CORPUS, case_id, cases_with, facts_of
from nestaudit.facts import HostFacts
from nestaudit.values import Version


def os_facts(name: str) -> HostFacts:
    return facts_of(CORPUS / "os-release" / name)


@pytest.mark.parametrize("case", cases_with("os_release"), ids=case_id)
def test_os_release_cases(case: dict[str, Any]) -> None:
    facts = facts_of(CORPUS / case["dir"])
    expected = case["os_release"]
    assert facts.os.id == expected["ID"]
    assert facts.os.version_text == expected["VERSION_ID"]
    assert facts.os.name == expected["PRETTY_NAME"]
    assert facts.os.is_rhel is (expected["ID"] == "rhel")
    assert facts.os.version == Version.parse(expected["VERSION_ID"])
    assert facts.evidence("os.id")[0].source == "/etc/os-release"


def test_os_versions_compare_numerically() -> None:
    v96, v100, v810 = (os_facts(n).os.version for n in ("rhel-9.6", "rhel-10.0", "rhel-8.10"))
    assert isinstance(v96, Version) and isinstance(v100, Version) and isinstance(v810, Version)
    assert v810 < v96 < v100
    assert v100 == Version.parse("10")
    assert os_facts("rhel-10.0").os.major == 10


def test_centos_is_not_rhel() -> None:
    facts = os_facts("centos-9")
    assert facts.os.is_rhel is False
    assert facts.os.family == "rhel-like"
    assert os_facts("ubuntu-24.04").os.family == "debian"
    assert os_facts("rhel-9.2").os.family == "rhel"
