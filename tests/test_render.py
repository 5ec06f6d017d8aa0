"""Renderers: every format from the hand-made report models in tests/fixtures/report-*.json.

Golden files in tests/golden/ are compared exactly; regenerate them with
NESTAUDIT_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import copy
import importlib.abc
import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from judging import render, reread
from nestaudit.errors import InputError, RenderError
from nestaudit.render import OutputFormat, format_from_path
from nestaudit.render import view as views
from nestaudit.render.markdown import fenced, inline
from nestaudit.resources import templates_dir
from tools.regenerate import GOLDEN_FORMATS, HAND_MADE, goldens

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
NAMES = ("l0-fail", "clean", "chain")
HOSTILE_DOMAIN = "<script>alert(1)</script>"
HOSTILE_TITLE = '"><img src=x onerror=alert(2)>'
HOSTILE_LINK = "javascript:alert(3)"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"report-{name}.json").read_text("utf-8"))
    return data


def build_view(report: dict[str, Any]) -> views.Report:
    return views.build_view(reread(report))


HAND_MADE_GOLDENS = [g for g in goldens() if g.path.parent == GOLDEN]


@pytest.mark.parametrize("golden", HAND_MADE_GOLDENS, ids=lambda g: g.path.name)
def test_golden(golden: Any) -> None:
    """Every format of each hand-made report, byte for byte (tools/regenerate.py writes
    them; review its diff like code)."""
    assert golden.path.is_file(), f"{golden.path} missing: python tools/regenerate.py"
    assert golden.make() == golden.path.read_bytes(), f"{golden.path} differs"


def test_every_hand_made_report_has_its_goldens() -> None:
    assert len(HAND_MADE_GOLDENS) == len(HAND_MADE) * len(GOLDEN_FORMATS) == len(NAMES) * 5


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_every_format_renders(fmt: OutputFormat) -> None:
    report = load("l0-fail")
    out = render(report, fmt)
    assert isinstance(out, bytes)
    if fmt is OutputFormat.PDF:
        assert out.startswith(b"%PDF-")
    else:
        assert "kvm-l0.lab.example.com" in out.decode("utf-8")


@pytest.mark.parametrize("fmt", [OutputFormat(f) for f in GOLDEN_FORMATS], ids=str)
def test_output_is_deterministic_and_leaves_report_alone(fmt: OutputFormat) -> None:
    report = load("chain")
    before = copy.deepcopy(report)
    assert render(report, fmt) == render(load("chain"), fmt)
    assert report == before


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("out.html", OutputFormat.HTML),
        ("OUT.HTM", OutputFormat.HTML),
        ("a/b/report.pdf", OutputFormat.PDF),
        ("r.md", OutputFormat.MD),
        ("r.markdown", OutputFormat.MD),
        ("r.json", OutputFormat.JSON),
        ("junit.xml", OutputFormat.JUNIT),
        ("r.txt", OutputFormat.TEXT),
        (Path("x.Pdf"), OutputFormat.PDF),
        ("report", None),
        ("report.json.gz", None),
        ("report.docx", None),
    ],
)
def test_format_from_path(path: str | Path, fmt: OutputFormat | None) -> None:
    assert format_from_path(path) is fmt


def test_templates_dir_is_the_checkout_folder() -> None:
    found = templates_dir()
    assert (found / "report.html.j2").is_file()
    assert (found / "report.css").is_file() and (found / "report.js").is_file()


# --- view-model ---------------------------------------------------------------


def test_view_orders_findings_fail_first_then_by_severity() -> None:
    host = build_view(load("l0-fail")).hosts[0]
    order = [(f.outcome, f.severity, f.rule, f.target) for f in host.findings]
    assert order[0] == ("fail", "high", "nested-enabled-runtime", "kvm-l0.lab.example.com")
    assert [o for o, *_ in order[:4]] == ["fail"] * 4
    assert order[4][0] == "error" and order[5][0] == "unknown"
    assert order[-1][0] == "not_applicable"
    # anchors are stable and unique, and contain nothing a host chose
    anchors = [f.anchor for f in host.findings]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"f-[0-9a-f]{12}", a) for a in anchors)


def test_view_counts_findings_when_the_model_has_no_counts() -> None:
    report = load("l0-fail")
    given = build_view(report).hosts[0]
    del report["hosts"][0]["counts"]
    counted = build_view(report).hosts[0]
    assert counted.outcome_counts == given.outcome_counts
    assert counted.count("fail") == 4 and counted.count("pass") == 4
    assert {c.key: c.count for c in counted.severity_fail_counts}["medium"] == 3


def test_view_splits_reasons_and_keeps_optional_fields_optional() -> None:
    view = build_view(load("l0-fail"))
    reasons = view.hosts[0].verdict.reasons
    assert reasons[0].limitation == "NV-NESTED-ENABLED"
    assert reasons[0].text.startswith("Nesting is switched off")
    assert view.chains[0].linked is False
    step = next(f for f in view.hosts[0].findings if f.rule == "nested-persistent").remediation[0]
    assert (step.kind, step.path, step.reboot) == ("edit", "/etc/modprobe.d/kvm.conf", True)


def test_minimal_report_renders_in_every_text_format() -> None:
    """A report with only the contract's fields (no summary, counts, titles) still renders."""
    report = {
        "schema_version": 1,
        "tool": {"name": "nestaudit", "version": "0.1.0"},
        "rules": {"version": "1", "doc": "RHEL 10"},
        "hosts": [
            {
                "host": "h",
                "bundle": {"sha256": "ab", "collected_at": "2025-01-01T00:00:00Z"},
                "role": "unknown",
                "verdict": {"support": "unknown", "ready": None, "reasons": []},
                "findings": [
                    {
                        "rule": "kvm-available",
                        "limitation": "NV-KVM",
                        "outcome": "unknown",
                        "severity": "critical",
                        "target": "h",
                        "message": "Cannot tell.",
                        "evidence": [],
                        "remediation": [{"kind": "hint", "text": "Collect as root."}],
                    }
                ],
            }
        ],
        "chains": [],
    }
    for fmt in map(OutputFormat, GOLDEN_FORMATS):
        out = render(report, fmt).decode("utf-8")
        assert "kvm-available" in out
    text = render(report, OutputFormat.TEXT).decode()
    assert "Support unknown" in text and "Readiness unknown" in text
    html = render(report, OutputFormat.HTML).decode()
    assert "This report carries no host summary." in html


# --- text ---------------------------------------------------------------------


def test_text_puts_the_verdict_first_and_counts_last() -> None:
    text = render(load("l0-fail"), OutputFormat.TEXT).decode()
    lines = text.splitlines()
    support = next(i for i, line in enumerate(lines) if line.strip().startswith("Support:"))
    first_fail = next(i for i, line in enumerate(lines) if line.strip().startswith("FAIL"))
    assert support < first_fail
    assert "Unsupported" in lines[support] and "Not ready" in lines[support + 1]
    assert "4 fail (1 high, 3 medium), 1 error, 1 unknown, 1 waived, 2 info, 4 pass" in text
    # remediation appears under its failing finding
    block = text[text.index("nested-enabled-runtime") : text.index("domain-cpu-exposes-virt")]
    assert "$ modprobe kvm_intel nested=1" in block
    assert "\033[" not in text


def test_text_colour_only_when_asked_and_host_escapes_are_neutralised() -> None:
    report = load("clean")
    report["hosts"][0]["findings"][0]["message"] = "evil \033]0;title\007 text"
    plain = render(report, OutputFormat.TEXT).decode()
    coloured = render(report, OutputFormat.TEXT, color=True).decode()
    assert "\033" not in plain and "\\x1b]0;title\\x07" in plain
    assert "\033[1;33mTechnology Preview\033[0m" in coloured
    assert "\033]0;" not in coloured


# --- JSON ---------------------------------------------------------------------


def test_json_is_canonical_and_lossless() -> None:
    out = render(load("l0-fail"), OutputFormat.JSON).decode("utf-8")
    assert out.endswith("}\n")
    written = json.loads(out)
    assert render(written, OutputFormat.JSON).decode("utf-8") == out  # read back, the same
    assert HOSTILE_DOMAIN in out  # ensure_ascii False, no escaping beyond JSON's own
    assert out == json.dumps(written, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- Markdown -----------------------------------------------------------------


def test_markdown_escapes_host_data() -> None:
    md = render(load("l0-fail"), OutputFormat.MD).decode()
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "| Desktop \\| build agent" not in md  # descriptions are not in tables
    # every table row keeps its column count despite host data with |
    for line in md.splitlines():
        if line.startswith("| Domain") or line.startswith("| win11"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 7


def test_markdown_remediation_in_sh_fences() -> None:
    md = render(load("l0-fail"), OutputFormat.MD).decode()
    assert "```sh\nmodprobe -r kvm_intel\nmodprobe kvm_intel nested=1\n" in md
    # the persistent fix names its file and the line it replaces, quoting it
    old = "In /etc/modprobe.d/kvm.conf, line 1 now reads:\n\n```\noptions kvm_intel nested=0\n```"
    assert old in md
    new = "Replace that line with (takes effect after a reboot):\n\n```\noptions kvm_intel nested=1"
    assert new in md
    # alternatives are options of one choice, not consecutive steps
    assert "Do one of these:\n\n**Option 1: host-passthrough**" in md
    assert "**Option 2: a named CPU model with vmx required**" in md


def test_markdown_helpers() -> None:
    assert inline("a|b") == "a\\|b"
    assert inline("x\ny") == "x<br>y"
    assert inline("[click](javascript:alert(3))") == "\\[click\\](javascript:alert(3))"
    assert inline("# not a heading") == "\\# not a heading"
    assert inline("1. not a list") == "1\\. not a list"
    assert inline("- item") == "\\- item" and inline("---") == "\\---"
    assert inline("6.12.0-55.el10") == "6.12.0-55.el10"
    assert inline("a\r\nb\x00") == "a<br>b\\\\x00"  # shown escaped, as on a terminal
    assert inline("vm\u202eexe") == "vm\\\\u202eexe"
    assert fenced("echo ```oops```") == ["````", "echo ```oops```", "````"]


# --- JUnit --------------------------------------------------------------------


def test_junit_maps_outcomes() -> None:
    root = ET.fromstring(render(load("l0-fail"), OutputFormat.JUNIT))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "15",
        "4",
        "1",
        "4",
    )
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "kvm-l0.lab.example.com"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["nested-enabled-runtime [kvm-l0.lab.example.com]"].find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert failure.get("message", "").startswith("The running kvm_intel module")
    assert "modprobe kvm_intel nested=1" in (failure.text or "")
    assert cases["non-kvm-l0 [kvm-l0.lab.example.com]"].find("error") is not None
    skipped = cases[f"guest-os-in-tables [{HOSTILE_DOMAIN}]"].find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith("unknown: ")
    assert cases["kvm-available [kvm-l0.lab.example.com]"].find("failure") is None
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["support"] == "unsupported" and props["ready"] == "false"


def test_junit_survives_control_characters() -> None:
    report = load("clean")
    report["hosts"][0]["findings"][0]["message"] = "bad \x00\x1b byte"
    root = ET.fromstring(render(report, OutputFormat.JUNIT))
    texts = [c.text or "" for c in root.iter("system-out")]
    assert any("bad \ufffd\ufffd byte" in t for t in texts)


# --- HTML ---------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_script = False
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.in_script = True
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if not self.in_script:
            self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_html_is_self_contained() -> None:
    html = render(load("l0-fail"), OutputFormat.HTML).decode()
    parsed = _parse(html)
    csp = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert csp == [
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    ]
    assert parsed.scripts == 1
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("#", "https://docs.redhat.com/")), href
    assert "@import" not in html and "url(" not in html


def test_html_escapes_hostile_host_data() -> None:
    html = render(load("l0-fail"), OutputFormat.HTML).decode()
    parsed = _parse(html)
    text = "".join(parsed.text)
    assert HOSTILE_DOMAIN in text
    assert HOSTILE_TITLE in text
    assert HOSTILE_LINK in text
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not any(t == "a" and HOSTILE_LINK in (a.get("href") or "") for t, a in parsed.tags)
    # attributes carrying host data stay inside their quotes
    assert not any("onerror" in attrs for _, attrs in parsed.tags)


def test_html_shows_every_finding_with_filters_and_copy_buttons() -> None:
    report = load("l0-fail")
    html = render(report, OutputFormat.HTML).decode()
    parsed = _parse(html)
    findings = [a for t, a in parsed.tags if t == "details" and "finding" in (a.get("class") or "")]
    assert len(findings) == len(report["hosts"][0]["findings"])
    assert {a["data-outcome"] for a in findings} == {
        "fail",
        "error",
        "unknown",
        "waived",
        "info",
        "pass",
        "not_applicable",
    }
    # failing findings open, passing ones collapsed
    assert all("open" in a for a in findings if a["data-outcome"] == "fail")
    assert not any("open" in a for a in findings if a["data-outcome"] == "pass")
    # a copy button on every block of code: a command, or an edit's (a domain edit shows
    # three: virt-xml, virsh edit and the XML; a file's replaced line shows the old line,
    # the new one and the command doing it)
    code_blocks = sum(
        1 if s["kind"] == "command" else
        (("domain" in s) + ("line" in s) + ("command" in s) + 1) if s["kind"] == "edit" else 0
        for f in report["hosts"][0]["findings"]
        for s in f["remediation"]
    )
    copies = [a for t, a in parsed.tags if t == "button" and a.get("class") == "copy"]
    assert len(copies) == code_blocks == 11
    boxes = [a for t, a in parsed.tags if t == "input" and a.get("data-filter")]
    assert {a["value"] for a in boxes if a["data-filter"] == "severity"} == {
        "critical",
        "high",
        "medium",
        "low",
        "info",
    }


def test_html_host_section_and_chain_diagram() -> None:
    html = render(load("chain"), OutputFormat.HTML).decode()
    text = "".join(_parse(html).text)
    for expected in (
        "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
        "/etc/modprobe.d/kvm.conf:3",
        "ci-runner-l1",
        "host-passthrough",
        "Nesting chains",
        "The levels were linked across bundles by SMBIOS system UUID.",
        "1111111111111111111111111111111111111111111111111111111111111111",
    ):
        assert expected in text, expected
    assert html.count('<svg class="chain-diagram"') == 1
    assert html.count("<rect x=") >= 3


def test_html_marks_missing_virt_flags() -> None:
    report = load("clean")
    cpu = report["hosts"][0]["summary"]["cpu"]
    cpu["virt_flags_missing"] = ["npt"]
    html = render(report, OutputFormat.HTML).decode()
    assert '<span class="flag missing">npt (missing)</span>' in html
    assert '<span class="flag present">svm</span>' in html


# --- PDF errors ---------------------------------------------------------------


class _NoPango(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': No such file")
        return None


def test_pdf_without_pango_names_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    with pytest.raises(RenderError) as info:
        render(load("clean"), OutputFormat.PDF)
    message = str(info.value)
    assert message.startswith("PDF output needs Pango: install the 'libpango-1.0-0'")
    assert "'pango' (RHEL)" in message and "\n" not in message


def test_pdf_rejects_unknown_paper() -> None:
    with pytest.raises(RenderError, match="paper 'legal'"):
        render(load("clean"), OutputFormat.PDF, paper="legal")


def test_a_report_with_a_word_outside_the_vocabulary_is_refused_naming_the_place() -> None:
    report = load("l0-fail")
    report["hosts"][0]["findings"][2]["outcome"] = "passed"
    with pytest.raises(InputError) as err:
        render(report, OutputFormat.TEXT)
    assert str(err.value) == (
        "test report: hosts[0].findings[2].outcome: 'passed' is not one of "
        "fail, error, unknown, waived, info, pass, not_applicable"
    )
