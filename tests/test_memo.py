"""Findings remembered across hosts (nestaudit/engine/memo.py): the same findings as
judging every host afresh, whatever was judged before; values of other types, other
evidence or another target are never taken for the same."""

from __future__ import annotations

import importlib
from collections.abc import Hashable, Sequence
from pathlib import Path

import pytest

from nestaudit.bundle import load
from nestaudit.engine.memo import HOST_WORDS, TARGETED, TEMPLATE, FindingMemo, frozen
from nestaudit.engine.model import Finding
from nestaudit.engine.rulefile import load_rules
from nestaudit.fleet import work
from nestaudit.fleet.discover import FOUND, Item
from nestaudit.judge import assess
from nestaudit.judge.registry import builtin_rules
from nestaudit.report import to_json
from nestaudit.topology import NO_TOPOLOGY
from nestaudit.vocabulary import Outcome, Severity

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples" / "bundles").glob("*.json"))
# the module, which nestaudit.engine's `evaluate` function hides as an attribute
evaluate_mod = importlib.import_module("nestaudit.engine.evaluate")


def _judged(
    paths: Sequence[Path],
) -> list[tuple[work.Record, work.Record, tuple[work.ChainOut, ...]]]:
    """Each bundle's host JSON, page row and chains, judged alone as fleet does."""
    work.setup(None, NO_TOPOLOGY)
    out = []
    for path in paths:
        result = work.judge_alone((0, Item(str(path), FOUND)))
        assert isinstance(result, work.Alone)
        out.append((result.host.json, result.host.row, result.chains))
    return out


def test_a_warm_memo_gives_what_judging_afresh_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluate_mod, "MEMO", FindingMemo(0))
    afresh = _judged(SAMPLES)
    check = to_json(assess([load(p) for p in SAMPLES]))
    monkeypatch.setattr(evaluate_mod, "MEMO", FindingMemo())
    assert _judged(SAMPLES) == afresh
    assert _judged(SAMPLES[::-1]) == _judged(SAMPLES)[::-1] == afresh[::-1]
    assert to_json(assess([load(p) for p in SAMPLES])) == check  # check: linked, warm


def test_values_are_keyed_with_their_type() -> None:
    assert frozen(True) != frozen(1) != frozen(1.0)
    assert frozen(["a", "b"]) != frozen(("a", "b"))
    assert frozen(["a", 1]) != frozen(["a", True])
    assert frozen({"a": [1]}) == frozen({"a": [1]})


def _finding(target: str, message: str) -> Finding:
    return Finding("r", "NV-X", "t", Outcome.PASS, Severity.LOW, target, message)


def _ask(memo: FindingMemo, target: str, value: object, evidence: tuple[object, ...],
         how: str, made: list[str]) -> Finding:
    rule = builtin_rules()[0]

    def make() -> tuple[Finding, str]:
        made.append(target)
        return _finding(target, f"made for {target}"), how

    def value_of(fact: str) -> Hashable:
        return frozen(value)

    return memo.finding(rule, target, value_of, lambda fact: evidence, make)


def test_what_the_key_holds_decides_what_is_remembered() -> None:
    memo, made = FindingMemo(), list[str]()
    first = _ask(memo, "host-a", True, ("e",), TEMPLATE, made)
    again = _ask(memo, "host-b", True, ("e",), TEMPLATE, made)
    assert made == ["host-a"]  # the same facts and evidence: remembered, target set
    assert again == first._replace(target="host-b")
    _ask(memo, "host-c", 1, ("e",), TEMPLATE, made)  # 1 is not True
    _ask(memo, "host-d", True, ("other",), TEMPLATE, made)  # other evidence
    assert made == ["host-a", "host-c", "host-d"]


def test_engine_words_are_remembered_per_target_and_host_words_never() -> None:
    memo, made = FindingMemo(), list[str]()
    _ask(memo, "host-a", True, (), TARGETED, made)
    _ask(memo, "host-b", True, (), TARGETED, made)
    _ask(memo, "host-b", True, (), TARGETED, made)
    assert made == ["host-a", "host-b"]
    memo, made = FindingMemo(), list[str]()
    _ask(memo, "host-a", True, (), HOST_WORDS, made)
    _ask(memo, "host-a", True, (), HOST_WORDS, made)
    assert made == ["host-a", "host-a"]


def test_a_full_memo_starts_again() -> None:
    memo, made = FindingMemo(size=2), list[str]()
    for value in (1, 2, 3, 1):
        _ask(memo, "h", value, (), TEMPLATE, made)
    assert made == ["h"] * 4  # 1 was dropped when 3 filled the memo


STEPS_BY_VENDOR = """\
rules:
  - id: nested-on
    limitation: NV-NESTED-ENABLED
    title: Nesting is on
    scope: host
    severity: high
    violated: {fact: kvm.nested, eq: false}
    message:
      fail: "Nesting is off."
      pass: "Nesting is on."
      unknown: "Nesting is not known."
    remediation:
      - kind: command
        argv: [modprobe, kvm_intel, nested=1]
        vendor: intel
      - kind: command
        argv: [modprobe, kvm_amd, nested=1]
        vendor: amd
"""


def test_the_cpu_vendor_that_picks_steps_is_in_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule reads no vendor, but its steps are picked by it: hosts alike but for their
    vendor get their own steps."""
    (tmp_path / "r.yaml").write_text(STEPS_BY_VENDOR, "utf-8")
    rules = load_rules([tmp_path / "r.yaml"], {"kvm.nested": "host"}, {"NV-NESTED-ENABLED"})
    monkeypatch.setattr(evaluate_mod, "MEMO", FindingMemo())
    steps = []
    for vendor in ("intel", "amd", "intel"):
        values = {"kvm.nested": False, "cpu.vendor": vendor, "host.arch": "x86_64"}
        (finding,) = evaluate_mod.run(rules, values, [], lambda fact, domain: (),
                                      host_target="h")
        steps.append([s.text for s in finding.remediation])
    assert steps == [["modprobe kvm_intel nested=1"], ["modprobe kvm_amd nested=1"],
                     ["modprobe kvm_intel nested=1"]]


def test_a_finding_for_another_target_changes_the_target_alone() -> None:
    finding = Finding("r", "NV-X", "Title", Outcome.FAIL, Severity.HIGH, "l0", "off",
                      reading="read")
    moved = finding.for_target("l1")
    assert type(moved) is Finding
    assert moved == finding._replace(target="l1") != finding
