"""Reports in the reader's words: unknowns say what was missing and what settles it, no
internal fact name in a human format, readings cited by a section that exists, failing
findings titled by their problem, short verdict reasons naming only rows that could apply,
counts that match the rows, and host summaries without "unknown CPU xunknown"."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from judging import assessment_of, render
from nestaudit.bundle import Bundle, load
from nestaudit.judge import missing
from nestaudit.judge.registry import builtin_rules, known_facts
from nestaudit.render import OutputFormat
from nestaudit.report import to_json
from nestaudit.resources import readings_file
from nestaudit.vocabulary import Outcome

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
HUMAN = (OutputFormat.TEXT, OutputFormat.MD, OutputFormat.HTML, OutputFormat.JUNIT)


@cache
def sample(name: str) -> Bundle:
    return load(str(REPO / "samples" / "bundles" / f"{name}.json"))


@cache
def report_of(name: str) -> dict[str, Any]:
    return to_json(assessment_of([sample(name)]))


def thin_bundle(tmp_path: Path) -> Bundle:
    """A root holding only /etc/os-release: nearly everything is unknown."""
    from nestaudit.bundle import from_data
    from nestaudit.collect import collect

    root = tmp_path / "thin"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "os-release").write_text('ID="rhel"\nVERSION_ID="10.0"\nNAME="RHEL"\n')
    return from_data(collect(root=str(root)), "thin")


def _fact_pattern() -> re.Pattern[str]:
    names = sorted(known_facts(), key=len, reverse=True)
    return re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_no_human_format_names_a_registered_fact(path: Path) -> None:
    pattern = _fact_pattern()
    report = report_of(path.stem)
    for fmt in HUMAN:
        text = render(report, fmt).decode("utf-8")
        found = sorted(set(pattern.findall(text)))
        assert not found, f"{fmt.value} of {path.stem} names {found}"
    assert "verdicts.md" not in render(report, OutputFormat.TEXT).decode()


def test_thin_evidence_reads_in_words(tmp_path: Path) -> None:
    report = to_json(assessment_of([thin_bundle(tmp_path)]))
    text = render(report, OutputFormat.TEXT).decode()
    assert not _fact_pattern().findall(text), _fact_pattern().findall(text)
    # Which evidence was missing, by file, and what would settle it.
    assert "/proc/cpuinfo could not be read" in text
    assert "/sys/module/kvm_intel/parameters/nested could not be read" in text
    assert "Settled by collecting live on the host as root" in text
    assert "not known: the CPU vendor" in text
    assert "CPU unknown" in text and "xunknown" not in text
    # The JSON keeps the machine names.
    host = report["hosts"][0]
    unknown = [f for f in host["findings"] if f["outcome"] == "unknown"]
    assert any("cpu.vendor" in f["unknown_facts"] for f in unknown)


def test_settle_steps_follow_the_source() -> None:
    facts = ("kvm.nested",)
    values = {"kvm.module": "kvm_amd"}
    assert "sudo nestaudit collect" in missing.describe(facts, values, as_root=False)
    sos = missing.describe(facts, values, source="sosreport")
    assert "/sys/module/kvm_amd/parameters/nested could not be read" in sos
    assert "sos report -o" in sos
    domain = missing.describe(("domain.os_family",), {})
    assert "libosinfo metadata" in domain and "topology file" in domain


def test_every_fact_a_builtin_rule_reads_has_words() -> None:
    lacking = sorted(
        {f for rule in builtin_rules() for f in rule.condition_facts if not missing.has_words(f)}
    )
    assert not lacking


def _sections() -> set[str]:
    text = readings_file().read_text()
    return {line[3:].strip() for line in text.splitlines() if line.startswith("## ")}


def test_every_reading_cites_a_section_of_readings_md() -> None:
    sections = _sections()
    for rule in builtin_rules():
        if not rule.reading:
            continue
        assert rule.reading.startswith("readings.md, "), (rule.id, rule.reading)
        for part in rule.reading[len("readings.md, "):].split(";"):
            cited = re.sub(r"\(.*", "", part).strip()
            assert any(cited.startswith(s) for s in sections), (rule.id, cited)


def test_readings_md_cites_the_chapter_and_every_limitation() -> None:
    from nestaudit import DOC_URL
    from nestaudit.engine.catalogue import catalogue

    text = readings_file().read_text()
    assert DOC_URL in text
    assert all(f"**{lid}**" in text for lid in catalogue()), "a limitation is not explained"


def test_failing_findings_are_titled_by_their_problem() -> None:
    fails = [r for r in builtin_rules() if r.on_violation is Outcome.FAIL]
    assert all(r.fail_title and r.fail_title != r.title for r in fails)
    host = report_of("intel-l0-rhel10-nested-on")["hosts"][0]
    restart = next(
        f for f in host["findings"]
        if f["rule"] == "domain-cpu-needs-restart" and f["outcome"] == "fail"
    )
    assert restart["title"].startswith("A running VM still runs its old CPU definition")
    passing = next(
        f for f in host["findings"]
        if f["rule"] == "domain-cpu-needs-restart" and f["outcome"] == "pass"
    )
    assert passing["title"] == "A running VM runs the CPU definition it was given"


def _reasons(name: str) -> list[str]:
    host = report_of(name)["hosts"][0]
    return [str(r) for r in host["verdict"]["reasons"]]


def test_verdict_reasons_are_short_and_name_only_rows_that_could_apply() -> None:
    no_windows = _reasons("intel-cmdline-override")
    assert not any("Windows" in r for r in no_windows), no_windows
    assert "NV-OS-MATRIX: The L1 must run: RHEL 10.0 and later or RHEL 9.6 and later." in no_windows
    with_windows = _reasons("intel-l0-rhel10-nested-on")
    assert any("Windows" in r for r in with_windows)
    for name in ("intel-cmdline-override", "intel-l0-rhel10-nested-on"):
        assert all(len(r.split()) <= 40 for r in _reasons(name)), _reasons(name)


def test_the_count_above_the_rows_is_the_number_of_rows() -> None:
    html = render(report_of("intel-l0-rhel10-nested-on"), OutputFormat.HTML).decode()
    for block in re.findall(r'class="act-title">(.*?)</h3>\s*<ol class="act-list">(.*?)</ol>',
                            html, re.S):
        title, rows = block
        shown = rows.count("<li>")
        assert re.match(rf"To act on: {shown} problems?\b", title), (title, shown)


def test_bare_metal_reads_bare_metal() -> None:
    text = render(report_of("intel-l0-rhel10-nested-on"), OutputFormat.TEXT).decode()
    assert "48 intel CPUs, bare metal" in text and "hypervisor none" not in text
    chains = report_of("amd-l0-rhel10-nested-on-running")["chains"]
    assert all(c["levels"][0]["hypervisor"] == "none" for c in chains)
    html = render(report_of("amd-l0-rhel10-nested-on-running"), OutputFormat.HTML).decode()
    assert "hypervisor kvm" not in html and "bare metal" in html


def test_a_lowered_chain_says_so_first() -> None:
    report = report_of("l1-rhel-under-aws")
    for chain in report["chains"]:
        support = chain["verdict"]["support"]
        placed = next(r for r in chain["verdict"]["reasons"] if "tables place" in r)
        if f"as {support} " not in placed + " ":
            assert placed.startswith(f"{support}: "), placed


@pytest.mark.parametrize(("message", "reason"), [
    ("nested is off. Turn it on.", "nested is off."),
    ("Is it on? maybe", "Is it on?"),
    ("version 9.6 is older", "version 9.6 is older."),  # a dot inside a word ends nothing
    ("  spread\n over\tlines!  Then more.", "spread over lines!"),
    ("ends with a dot.", "ends with a dot."),
    ("", "."),
])
def test_a_reason_is_the_first_sentence_of_its_message(message: str, reason: str) -> None:
    from nestaudit.judge.verdict import first_sentence

    assert first_sentence(message) == reason
