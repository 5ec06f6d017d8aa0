"""What links bundles, read before judging (nestaudit/fleet/work.py `peek`): the host name
and system UUID as the facts give them, and domain UUIDs that include every domain's own,
whatever markup its <uuid> element holds; then the fleet links as `check` does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from nestaudit.bundle import Bundle, load
from nestaudit.cli import main
from nestaudit.facts import build_facts
from nestaudit.facts.domainxmls import document_uuids, domain_uuids
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.host import link_facts
from nestaudit.facts.parsers.domainxml import parse_domain_xml
from nestaudit.facts.reader import Reader
from nestaudit.fleet import work
from nestaudit.fleet.discover import FOUND, NAMED, Item
from nestaudit.judge import assess
from nestaudit.report import to_json
from nestaudit.topology import NO_TOPOLOGY

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
CORPUS_XML = sorted(p for p in (REPO / "tests" / "corpus").rglob("*.xml")
                    if "<uuid" in p.read_text("utf-8", errors="replace"))
L0 = REPO / "samples" / "bundles" / "intel-l0-rhel10-nested-on.json"
L1 = REPO / "samples" / "bundles" / "l1-rhel-under-kvm-exposing.json"
L1_DOMAIN = "/etc/libvirt/qemu/rhel9.6-l1.xml"  # of L0: the domain L1 was collected in


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_keys_hold_what_the_facts_say(path: Path) -> None:
    bundle = load(path)
    facts = build_facts(bundle)
    values = facts.values()
    r = Reader(Bundle(bundle.data, bundle.origin), EvidenceLog())
    assert link_facts(r) == (values["host.name"], values["host.system_uuid"])
    own = {d.values()["domain.uuid"] for d in facts.domains}
    assert {u for u in own if isinstance(u, str)} <= domain_uuids(r)


def test_corpus_holds_domain_xml() -> None:
    assert len(CORPUS_XML) > 30  # libvirt's own test documents, among others


@pytest.mark.parametrize("path", CORPUS_XML, ids=lambda p: p.name)
def test_document_uuids_include_the_domains_own(path: Path) -> None:
    text = path.read_text("utf-8", errors="replace")
    uuid = parse_domain_xml(text, path.name, None).uuid
    if uuid:
        assert uuid in document_uuids(text)


UUID = "F6864B80-7B6E-4216-9ED8-E261CCBD5E54"


@pytest.mark.parametrize("element", [
    f"<uuid>{UUID}</uuid>",
    f"<uuid >\n  {UUID}\n</uuid >",
    f"<uuid>{UUID[:8]}<!-- a comment -->{UUID[8:]}</uuid>",
    f"<uuid>{UUID[:8]}&#45;{UUID[9:]}</uuid>",
    f"<uuid><![CDATA[{UUID}]]></uuid>",
    f"<uuid><![CDATA[{UUID[:4]}]]><![CDATA[{UUID[4:]}]]></uuid>",
])
def test_markup_inside_the_uuid_element_is_read_as_the_parser_reads_it(element: str) -> None:
    text = f"<domain type='kvm'><name>vm</name>{element}</domain>"
    assert parse_domain_xml(text, "vm.xml", None).uuid == UUID.lower()
    assert UUID.lower() in document_uuids(text)


def _with_domain_uuid(source: Path, target: Path, element: str) -> None:
    data: dict[str, Any] = json.loads(source.read_text("utf-8"))
    record = data["files"][L1_DOMAIN]
    start = record["content"].index("<uuid>")
    end = record["content"].index("</uuid>") + len("</uuid>")
    record["content"] = record["content"][:start] + element + record["content"][end:]
    record["size"] = len(record["content"].encode("utf-8"))
    target.write_text(json.dumps(data), "utf-8")


def test_a_link_through_markup_is_judged_as_check_judges_it(tmp_path: Path) -> None:
    """The L0's domain UUID written with a character reference and a comment: the fleet
    still joins the L1 to it, and both are judged as `check` of the two judges them."""
    folder = tmp_path / "in"
    folder.mkdir()
    uuid = "f6864b80-7b6e-4216-9ed8-e261ccbd5e54"
    marked = f"<uuid>f6864b80&#x2d;7b6e<!-- x -->{uuid[13:]}</uuid>"
    _with_domain_uuid(L0, folder / "l0.json", marked)
    shutil.copy(L1, folder / "l1.json")
    out = tmp_path / "report"
    main(["fleet", str(folder), "-o", str(out), "-j", "2", "-q"])
    fleet = json.loads((out / "fleet.json").read_text("utf-8"))
    check = to_json(assess([load(folder / "l0.json"), load(folder / "l1.json")]))
    assert any(c["linked"] for c in check["chains"])
    assert fleet["hosts"] == check["hosts"]
    assert fleet["chains"] == check["chains"]


def test_peek_reads_a_bundle_file_and_judges_other_inputs(tmp_path: Path) -> None:
    work.setup(None, NO_TOPOLOGY)
    peeked = work.peek((0, Item(str(L1), FOUND)))
    assert isinstance(peeked, work.Peeked) and peeked.keys is not None
    assert peeked.keys.system_uuid == "f6864b80-7b6e-4216-9ed8-e261ccbd5e54"
    assert peeked.keys.domains is None  # no topology file could name a domain
    (tmp_path / "broken.json").write_text('{"kind": "nestaudit-bundle", ', "utf-8")
    assert work.peek((1, Item(str(tmp_path / "broken.json"), FOUND))) == work.Peeked(1, None)
    root = tmp_path / "root"
    (root / "proc").mkdir(parents=True)
    (root / "proc" / "cpuinfo").write_text("processor\t: 0\nvendor_id\t: GenuineIntel\n\n")
    judged = work.peek((2, Item(str(root), NAMED)))  # a host root: collected and judged
    assert isinstance(judged, work.Alone)
