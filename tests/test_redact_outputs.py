"""Redaction proven through every output: for every sample, no secret from its
hand-written list (tests/secrets/<sample>.txt) is left in the redacted bundle nor in the
JSON, HTML, Markdown, text, JUnit or PDF report rendered from it.

The lists are read off the sample roots by a person (tests/secrets/README.md), never
produced by the redactor's detectors. Each secret must be present in the original bundle,
so a list cannot go stale without this test failing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judging import build_report
from nestaudit.bundle import from_data, load
from nestaudit.redact import Redactor
from secretlists import SECRETS, bundle_text, leaked, outputs_of, secrets_of

REPO = Path(__file__).resolve().parents[1]
BUNDLES = REPO / "samples" / "bundles"
SAMPLES = sorted(p.name[: -len(".json")] for p in BUNDLES.glob("*.json"))
L0, L1 = "intel-l0-rhel10-nested-on", "l1-rhel-under-kvm-exposing"
LINKED_UUID = "f6864b80-7b6e-4216-9ed8-e261ccbd5e54"  # L0 domain rhel9.6-l1 = L1 product_uuid


# -- the lists ---------------------------------------------------------------------------------


def test_every_sample_has_a_secret_list() -> None:
    listed = sorted(p.name[: -len(".txt")] for p in SECRETS.glob("*.txt"))
    assert listed == SAMPLES
    assert len(SAMPLES) >= 20


@pytest.mark.parametrize("name", SAMPLES)
def test_secret_list_is_in_the_original(name: str) -> None:
    """Every listed value is in the unredacted bundle and in its unredacted report."""
    original = load(BUNDLES / f"{name}.json").data
    secrets = secrets_of(name)
    assert secrets, f"tests/secrets/{name}.txt lists nothing"
    missing = [s for s in secrets if s.lower() not in bundle_text(original).lower()]
    assert not missing, f"not in samples/bundles/{name}.json (fix the list): {missing}"


# -- every output ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_no_secret_in_the_redacted_bundle_or_any_report(name: str, tmp_path: Path) -> None:
    original = load(BUNDLES / f"{name}.json").data
    secrets = secrets_of(name)
    redacted = Redactor(tmp_path / "mapping.json").redact_bundle(original)
    bundle = from_data(redacted, "redacted.json")  # a redacted bundle is a valid bundle
    assert redacted["redaction"]["kinds"], "the redactor found nothing to replace"
    leaks = {"bundle": leaked(secrets, bundle_text(redacted))}
    report = build_report([bundle])
    for fmt, text in outputs_of(report).items():
        leaks[fmt] = leaked(secrets, text)
    assert not {k: v for k, v in leaks.items() if v}, f"{name}: secrets left: {leaks}"
    # the report still judges the host (redaction kept the meaning)
    unredacted = build_report([load(BUNDLES / f"{name}.json")])
    for before, after in zip(unredacted["hosts"], report["hosts"]):
        assert after["role"] == before["role"]
        assert after["verdict"]["support"] == before["verdict"]["support"]
        assert after["verdict"]["ready"] == before["verdict"]["ready"]


@pytest.mark.parametrize("name", SAMPLES)
def test_same_mapping_same_labels(name: str, tmp_path: Path) -> None:
    original = load(BUNDLES / f"{name}.json").data
    mapping = tmp_path / "mapping.json"
    first = Redactor(mapping).redact_bundle(original)
    table = json.loads(mapping.read_text())
    second = Redactor(mapping).redact_bundle(original)
    assert second == first
    assert json.loads(mapping.read_text()) == table  # no new label for the same values
    other = Redactor(tmp_path / "other.json").redact_bundle(original)
    assert other != first  # another key, other labels
    from_data(second, "second.json")


# -- chains ------------------------------------------------------------------------------------


def _pair(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], Redactor]:
    redactor = Redactor(tmp_path / "mapping.json")
    l0 = redactor.redact_bundle(load(BUNDLES / f"{L0}.json").data)
    l1 = redactor.redact_bundle(load(BUNDLES / f"{L1}.json").data)
    return l0, l1, redactor


def test_l0_domain_uuid_and_l1_product_uuid_share_a_label(tmp_path: Path) -> None:
    l0, l1, redactor = _pair(tmp_path)
    label = redactor.label("uuid", LINKED_UUID)
    assert label != LINKED_UUID
    assert l1["files"]["/sys/class/dmi/id/product_uuid"]["content"].strip() == label
    assert f"<uuid>{label}</uuid>" in l0["files"]["/etc/libvirt/qemu/rhel9.6-l1.xml"]["content"]
    assert f"<uuid>{label}</uuid>" in l0["files"]["/run/libvirt/qemu/rhel9.6-l1.xml"]["content"]


def _shape(report: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The chains with host names and UUIDs mapped through `labels` (original -> label)."""
    def one(value: Any) -> Any:
        return labels.get(value, value) if isinstance(value, str) else value

    return [
        {
            "linked": chain["linked"],
            "verdict": {k: chain["verdict"][k] for k in ("support", "ready")},
            "levels": [{k: one(v) for k, v in level.items()} for level in chain["levels"]],
        }
        for chain in report["chains"]
    ]


def test_chains_link_the_same_after_redaction(tmp_path: Path) -> None:
    originals = [load(BUNDLES / f"{L0}.json"), load(BUNDLES / f"{L1}.json")]
    before = build_report(originals)
    # the pair links by UUID (tests/test_chains.py); redaction must keep that
    assert any(chain.get("linked") is True for chain in before["chains"])
    l0, l1, redactor = _pair(tmp_path)
    after = build_report([from_data(l0, "l0.json"), from_data(l1, "l1.json")])
    labels: dict[str, str] = {}
    for host in before["hosts"]:
        name = host["host"]
        labels[name] = redactor.dns_name(name)
    for chain in before["chains"]:
        for level in chain["levels"]:
            if isinstance(level.get("domain_uuid"), str):
                labels[level["domain_uuid"]] = redactor.label("uuid", level["domain_uuid"])
    assert _shape(after, {}) == _shape(before, labels)
    linked = [c for c in after["chains"] if c["linked"]]
    assert linked and all(
        c["levels"][1]["domain_uuid"] == redactor.label("uuid", LINKED_UUID) for c in linked
    )
    assert not leaked(secrets_of(L0) + secrets_of(L1), json.dumps(after))

