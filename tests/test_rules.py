"""Meta-tests over the built-in rule set (style.md, convention 8)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from judging import assessment_of
from nestaudit.bundle import Bundle, load
from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.model import Rule
from nestaudit.judge.registry import builtin_rules
from nestaudit.vocabulary import Outcome

REPO = Path(__file__).resolve().parent.parent
BUNDLES = REPO / "samples" / "bundles"

# Violation outcomes that no committed sample can show, each with the reason and the test
# that shows it on a changed bundle instead. Every other rule names a sample for it.
NO_LINKED_PAIR_DIFFERS = {
    "l1-lacks-l0-cpu-flags": (
        "fires only on a linked L0 and L1 whose CPU flags differ; the one linked pair of "
        "samples (intel-l0-rhel10-nested-on+l1-rhel-under-kvm-exposing) gives the L1 every "
        "flag of its L0: tests/test_chains.py::test_l1_lacking_an_l0_flag_is_named drops ept "
        "from a copy of the L1"
    ),
}
NO_VIOLATION_SAMPLE = dict(NO_LINKED_PAIR_DIFFERS)
PASSING = {Outcome.PASS, Outcome.NOT_APPLICABLE}


@cache
def bundle(name: str) -> Bundle:
    path = BUNDLES / f"{name}.json"
    assert path.is_file(), f"no sample bundle {path.relative_to(REPO)}"
    return load(path)


@cache
def reached(sample: str) -> dict[str, frozenset[Outcome]]:
    """rule id -> every outcome it reaches on `sample`, over every host and target.

    `sample` is a bundle name of samples/bundles/, or names joined by `+`, judged together
    in that order (an L0 and its L1). Each sample is judged once per test session.
    """
    assessment = assessment_of([bundle(name) for name in sample.split("+")])
    seen: dict[str, set[Outcome]] = {}
    for host in assessment.hosts:
        for finding in host.findings:
            seen.setdefault(finding.rule, set()).add(finding.outcome)
    return {rule: frozenset(outcomes) for rule, outcomes in seen.items()}


def named_samples() -> list[tuple[str, Outcome, str]]:
    """(rule id, outcome, sample) for every sample a rule file names under `samples:`."""
    return [
        (rule.id, outcome, sample)
        for rule in builtin_rules()
        for outcome, names in rule.samples
        for sample in names
    ]


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
    steps = {(s.vendor, s.summary) for s in rule.remediation if s.kind == "command"}
    assert ("intel", "modprobe -r kvm_intel") in steps
    assert ("intel", "modprobe kvm_intel nested=1") in steps
    assert ("amd", "modprobe kvm_amd nested=1") in steps
    assert ("ibm", "modprobe kvm nested=1") in steps
    persistent = next(r for r in builtin_rules() if r.id == "nested-persistent")
    lines = {(s.vendor, s.path, s.text.text) for s in persistent.remediation if s.kind == "edit"}
    assert ("amd", "/etc/modprobe.d/kvm.conf", "options kvm_amd nested=1") in lines


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda rule: rule.id)
def test_every_rule_explains_itself(rule: Rule) -> None:
    """A description for the reader of a report, citing the chapter section it rests on."""
    assert rule.description and rule.description.strip(), f"rule {rule.id} has no description"
    assert re.search(r"\bchapter 21\.[1-5]", rule.description, re.IGNORECASE), (
        f"rule {rule.id}: its description cites no chapter section (chapter 21.x)"
    )


def test_descriptions_paraphrase_the_catalogue() -> None:
    """A description says why in the project's words: no 8-word run of a catalogue statement."""

    def runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"[\w'./=<>-]+", text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    pasted = {
        (rule.id, limitation.id, " ".join(run))
        for rule in builtin_rules()
        for limitation in catalogue().values()
        for run in runs(rule.description or "") & runs(limitation.statement)
    }
    assert not pasted, f"descriptions that copy the catalogue: {sorted(pasted)}"


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda rule: rule.id)
def test_every_rule_names_where_it_fires_and_where_it_passes(rule: Rule) -> None:
    named = dict(rule.samples)
    if rule.id in NO_VIOLATION_SAMPLE:
        assert rule.on_violation not in named, (
            f"rule {rule.id} now names a sample for {rule.on_violation}: drop its exception "
            f"({NO_VIOLATION_SAMPLE[rule.id]})"
        )
    else:
        assert rule.on_violation in named, (
            f"rule {rule.id} names no sample where it reaches {rule.on_violation}"
        )
    assert named.keys() & PASSING, f"rule {rule.id} names no sample where it passes"


def test_exceptions_name_rules_that_exist() -> None:
    assert set(NO_VIOLATION_SAMPLE) <= {rule.id for rule in builtin_rules()}


@pytest.mark.parametrize(
    ("rule", "outcome", "sample"),
    named_samples(),
    ids=[f"{rule}-{outcome}-{sample}" for rule, outcome, sample in named_samples()],
)
def test_rule_reaches_the_outcome_on_each_sample_it_names(
    rule: str, outcome: Outcome, sample: str
) -> None:
    got = reached(sample).get(rule, frozenset())
    shown = ", ".join(sorted(got)) or "no finding"
    assert outcome in got, f"rule {rule}: sample {sample}: names {outcome}, but it got {shown}"


@pytest.mark.parametrize(
    "rule",
    [r for r in builtin_rules() if Outcome.PASS not in dict(r.samples)],
    ids=lambda rule: rule.id,
)
def test_not_applicable_stands_in_only_where_no_sample_passes(rule: Rule) -> None:
    passing = [
        p.stem
        for p in sorted(BUNDLES.glob("*.json"))
        if Outcome.PASS in reached(p.stem).get(rule.id, frozenset())
    ]
    assert not passing, f"rule {rule.id} passes on {passing}: name them under pass"
