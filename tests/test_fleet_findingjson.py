"""A finding's JSON put together from kept parts (nestaudit/fleet/findingjson.py): byte for
byte what serialising the host whole gives, for every sample host and for the findings
that cannot be kept (a value that is not a key, the stand-in in the finding's own text)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from nestaudit.bundle import load
from nestaudit.engine.model import Finding
from nestaudit.fleet import findingjson
from nestaudit.fleet.findingjson import FindingJson
from nestaudit.judge import assess
from nestaudit.report import finding_json, host_json
from nestaudit.values import Evidence
from nestaudit.vocabulary import Outcome, Severity

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))


def _dumps(data: object) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def _finding(target: str, message: str = "nested is off", excerpt: object = "N") -> Finding:
    return Finding("kvm-nested", "NV-KVM-NESTED", "Nested KVM", Outcome.FAIL, Severity.HIGH,
                   target, message, (Evidence("/sys/module/kvm_intel/parameters/nested",
                                              excerpt),))  # type: ignore[arg-type]


def test_every_sample_host_serialises_as_it_does_whole() -> None:
    parts = FindingJson()
    hosts = assess([load(p) for p in SAMPLES]).hosts
    whole = [_dumps(host_json(h)) for h in hosts]
    assert [_dumps(host_json(h, parts.fragment)) for h in hosts] == whole
    kept = len(parts._parts)
    assert 0 < kept < sum(len(h.findings) for h in hosts)  # shared across hosts
    assert [_dumps(host_json(h, parts.fragment)) for h in hosts[::-1]] == whole[::-1]
    assert len(parts._parts) == kept  # the second time, every finding from its parts


def test_hosts_of_another_name_get_their_own_target() -> None:
    parts = FindingJson()
    for name in ("l0-a", "l0-b", 'we"ird\u00e9'):
        got = orjson.loads(_dumps([parts.fragment(_finding(name))]))
        assert got == [finding_json(_finding(name))]
    assert len(parts._parts) == 1


@pytest.mark.parametrize("finding", [
    _finding("l0", excerpt=findingjson._TARGET),  # the stand-in a second value
    _finding("l0", excerpt=["a list", "is no key"]),  # TypeError: unhashable
])
def test_findings_that_cannot_be_kept_are_serialised_whole(finding: Finding) -> None:
    parts = FindingJson()
    assert _dumps([parts.fragment(finding)]) == _dumps([finding_json(finding)])
    assert parts._parts == {}


def test_a_text_holding_the_stand_in_keeps_its_own_bytes() -> None:
    parts = FindingJson()
    for name in ("a", "b"):
        finding = _finding(name, message=f'names "{findingjson._TARGET}" itself')
        assert _dumps([parts.fragment(finding)]) == _dumps([finding_json(finding)])


def test_size_zero_keeps_nothing_and_a_full_store_starts_again() -> None:
    none = FindingJson(0)
    assert _dumps([none.fragment(_finding("a"))]) == _dumps([finding_json(_finding("a"))])
    assert none._parts == {}
    two = FindingJson(2)
    for message in ("one", "two", "three"):
        two.fragment(_finding("a", message=message))
    assert len(two._parts) == 1
