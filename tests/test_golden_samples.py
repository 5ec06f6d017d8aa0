"""Golden files of every text format on real samples (samples/bundles), and their PDF read back.

Each case (tools/regenerate.py, SAMPLE_CASES) judges sample bundles with the built-in rules
and renders HTML, Markdown, JSON, JUnit and text; the bytes must equal
tests/golden/samples/<case>.<ext>. The goldens move whenever rules, facts or templates
change on purpose: regenerate them with `python tools/regenerate.py` and review
`git diff tests/golden/samples/` like code. The PDF is not compared by bytes: its text and
outline are read back with pypdf.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest

from judging import build_report, render, reread
from nestaudit import bundle as bundle_mod
from nestaudit.render import OutputFormat
from nestaudit.render.view import build_view as view_of
from nestaudit.report import to_json
from tools.regenerate import GOLDEN_FORMATS, SAMPLE_CASES, goldens, sample_case

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "samples"
CASES = SAMPLE_CASES
EXTENSIONS = GOLDEN_FORMATS
SAMPLE_GOLDENS = [g for g in goldens() if g.path.parent == GOLDEN]


@cache
def _report_json(case: str) -> str:
    return json.dumps(to_json(sample_case(case)))


def report_for(case: str) -> dict[str, Any]:
    """A fresh copy of the case's report (renderers must not depend on shared state)."""
    data: dict[str, Any] = json.loads(_report_json(case))
    return data


def build_view(report: dict[str, Any]) -> Any:
    return view_of(reread(report))


@pytest.mark.parametrize("golden", SAMPLE_GOLDENS, ids=lambda g: g.path.name)
def test_golden(golden: Any) -> None:
    assert golden.path.is_file(), f"{golden.path} missing: python tools/regenerate.py"
    assert golden.make() == golden.path.read_bytes(), (
        f"{golden.path} differs from the rendered report; if the change is intended, "
        "regenerate with python tools/regenerate.py and review the diff"
    )


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {f"{case}.{ext}" for case in CASES for ext in EXTENSIONS.values()}
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    assert present == expected, "stale or missing golden files"


def test_chain_case_links_the_l1_bundle() -> None:
    chains = report_for("chain-intel-l0-kvm-l1")["chains"]
    linked = [c for c in chains if c["linked"] is True]
    assert linked, "the L1 bundle is not linked to its L0 domain"
    for chain in linked:
        levels = chain["levels"]
        assert [lv["level"] for lv in levels[:2]] == ["L0", "L1"]
        assert levels[0]["host"] == "l0-intel-rhel10.lab.example.com"
        assert levels[1]["host"] and levels[1]["domain"]
    html = render(report_for("chain-intel-l0-kvm-l1"), OutputFormat.HTML).decode()
    assert "The levels were linked across bundles by SMBIOS system UUID." in html


def test_goldens_show_what_a_reader_needs() -> None:
    """Spot checks of meaning in the goldens, so a regeneration cannot silently lose them."""
    report = report_for("intel-l0-rhel10-nested-on")
    host = report["hosts"][0]
    fails = [f for f in host["findings"] if f["outcome"] == "fail"]
    assert fails, "the Intel sample is expected to have failing findings"
    md = render(report, OutputFormat.MD).decode()
    text = render(report, OutputFormat.TEXT).decode()
    junit = render(report, OutputFormat.JUNIT).decode()
    for finding in fails:
        assert finding["title"] in text or finding["rule"] in text
        for step in finding["remediation"]:
            if step["kind"] == "command":
                assert step["text"] in md and step["text"] in text
    assert junit.count("<failure") == len(fails)
    assert junit.count("<testcase") == len(host["findings"])


# --- the PDF of a sample, read back ---------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _outline(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(_squash(item.title))

    walk(reader.outline)
    return titles


SUPPORT_TEXT = {
    "supported": "Supported",
    "technology-preview": "Technology Preview",
    "untested": "Untested",
    "unsupported": "Unsupported",
    "unknown": "Support unknown",
}
READY_TEXT = {True: "Ready", False: "Not ready", None: "Readiness unknown"}


@pytest.mark.parametrize(
    "case",
    ["intel-l0-rhel10-nested-on", "amd-l0-rhel10-nested-on-running", "chain-intel-l0-kvm-l1"],
)
def test_pdf_of_a_sample_has_verdict_failures_fixes_and_outline(case: str) -> None:
    report = report_for(case)
    reader = pypdf.PdfReader(io.BytesIO(render(report, OutputFormat.PDF)))
    pages = [page.extract_text() for page in reader.pages]
    text = _squash(" ".join(pages))
    titles = _outline(reader)

    for section in ("Verdict", "Results", "Findings", "Host", "Provenance"):
        assert section in titles, (section, titles)
    if report["chains"]:
        assert "Nesting chains" in titles
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page

    failing = 0
    for host in report["hosts"]:
        verdict = host["verdict"]
        label = f"{SUPPORT_TEXT[verdict['support']]} · {READY_TEXT[verdict['ready']]}"
        assert label in text, label
        assert host["host"] in titles or any(t.startswith(host["host"]) for t in titles)
        for finding in host["findings"]:
            if finding["outcome"] != "fail":
                continue
            failing += 1
            assert _squash(finding["title"]) in text, finding["title"]
            bookmark = f"Fail: {finding['title']} ({finding['target']})"
            assert _squash(bookmark) in titles, bookmark
            for step in finding["remediation"]:
                if step["kind"] in ("command", "edit"):
                    for line in step["text"].splitlines():
                        assert _squash(line) in text, line
    assert failing > 0
    # passing checks are listed, not dropped, even in the compact print form
    passing = {f["title"] for h in report["hosts"] for f in h["findings"] if f["outcome"] == "pass"}
    for title in passing:
        assert _squash(title) in text, title


# --- a large host: the PDF condenses, the HTML keeps every finding --------------------

SAMPLE_ROOT = REPO / "samples" / "roots" / "intel-l0-rhel10-nested-on"
CLONES = {"rhel10.0-l1": 12, "web-portal": 12, "rhel9.6-l1": 16}  # fail, unknown, capable
# Each clone's CPU as edited from its template's. rhel10.0-l1 requires vmx; its clones
# require svm instead, which an Intel host cannot give: a domain that asks for nesting and
# cannot get it fails. web-portal is host-model, which exposes vmx with this host's nesting
# on; its clones name a model libvirt's CPU map does not know, so that their exposure stays
# unknown (verdicts.md, Domain CPU exposure).
CLONE_CPU = {
    "rhel10.0-l1": ("<feature policy='require' name='vmx'/>",
                    "<feature policy='require' name='svm'/>"),
    "web-portal": ("<cpu mode='host-model' check='partial'/>",
                   "<cpu mode='custom' match='exact'><model>FutureLake</model></cpu>"),
}


@pytest.fixture(scope="module")
def large_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Intel sample root with 40 more domains cloned from three of its own."""
    import shutil

    from nestaudit.collect import collect

    root = tmp_path_factory.mktemp("large") / "root"
    shutil.copytree(SAMPLE_ROOT, root, symlinks=True)
    qemu = root / "etc" / "libvirt" / "qemu"
    for template, count in CLONES.items():
        xml = (SAMPLE_ROOT / "etc" / "libvirt" / "qemu" / f"{template}.xml").read_text()
        for i in range(count):
            name = f"{template}-clone{i:02d}"
            text = xml.replace(f"<name>{template}</name>", f"<name>{name}</name>")
            if template in CLONE_CPU:
                assert CLONE_CPU[template][0] in text, template
                text = text.replace(*CLONE_CPU[template])
            (qemu / f"{name}.xml").write_text(text)
    bundle = bundle_mod.from_data(collect(root=str(root)), "large-host.json")
    return build_report([bundle])


def test_large_host_view_groups_what_repeats(large_report: dict[str, Any]) -> None:
    host = build_view(large_report).hosts[0]
    assert host.summary is not None
    domains = {d.name for d in host.summary.domains}
    assert len(domains) == 12 + sum(CLONES.values())
    # every domain appears once in the grouped domains table
    grouped = [n for g in host.summary.domain_groups for n in g.names]
    assert sorted(grouped) == sorted(domains)

    fails = {
        f.target
        for f in host.findings
        if f.rule == "domain-cpu-exposes-virt" and f.outcome == "fail"
    }
    assert {f"rhel10.0-l1-clone{i:02d}" for i in range(12)} <= fails
    (group,) = [
        g
        for g in host.detailed_groups
        if g.first.rule == "domain-cpu-exposes-virt" and g.first.outcome == "fail"
    ]
    assert group.condensed and set(group.targets) == fails
    # the clones' messages differ only by name: one wording for them all
    assert any(
        set(v.targets) >= {f"rhel10.0-l1-clone{i:02d}" for i in range(12)} for v in group.variants
    )
    # each target's own command survives the merge, once
    commands = [s for s in group.steps if s.kind == "command"]
    lines = commands[0].text.splitlines()
    assert sorted(lines) == sorted(f"virsh shutdown --domain {t}" for t in fails)
    # the same edit of every domain is one snippet, with one virt-xml line per domain
    (passthrough,) = [s for s in group.steps if s.kind == "edit" and s.text.startswith(
        '<cpu mode="host-passthrough"')]
    assert sorted((passthrough.command or "").splitlines()) == sorted(
        f"virt-xml {t} --edit --cpu host-passthrough" for t in fails)

    passing = [
        g
        for g in host.quiet_groups
        if g.first.outcome == "pass" and g.first.rule == "domain-cpu-exposure-unknown"
    ]
    described = str(host.describe_targets(passing[0].targets))
    assert described.startswith("every domain (") or "rhel9.6-l1-clone00" in described
    assert str(host.describe_targets((host.name,))) == "this host"


def test_large_host_pdf_is_condensed_but_complete(large_report: dict[str, Any]) -> None:
    html = render(large_report, OutputFormat.HTML).decode()
    findings = large_report["hosts"][0]["findings"]
    # the page too shows a rule's findings of one outcome as one card, which counts them all
    cards = re.findall(r'<details class="finding [^>]*>', html)
    counted = sum(int(m.group(1)) if (m := re.search(r'data-count="(\d+)"', c)) else 1
                  for c in cards)
    assert len(cards) < len(findings) and counted == len(findings)

    reader = pypdf.PdfReader(io.BytesIO(render(large_report, OutputFormat.PDF)))
    text = _squash(" ".join(page.extract_text() for page in reader.pages))
    for finding in findings:
        if finding["outcome"] != "fail":
            continue
        assert finding["target"] in text, finding["target"]
        for step in finding["remediation"]:
            if step["kind"] == "command":
                assert _squash(step["text"]) in text, step["text"]
    for domain in large_report["hosts"][0]["summary"]["domains"]:
        assert domain["name"] in text, domain["name"]
    assert "Checked and fine, or not applicable here" in text
    # one card per finding would take several times this
    assert len(reader.pages) <= 16, len(reader.pages)


def test_reason_with_a_target_keeps_its_wording() -> None:
    report = report_for("intel-l0-rhel10-nested-on")
    view = build_view(report)
    raw = report["hosts"][0]["verdict"]["reasons"]
    parsed = view.hosts[0].verdict.reasons
    assert [str(r) for r in parsed] == raw
    with_target = [r for r in parsed if r.target is not None]
    assert with_target and all(r.limitation and r.limitation.startswith("NV-") for r in with_target)
    assert any(r.target == "f30" for r in with_target)
