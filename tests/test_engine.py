"""The rule engine: three-valued conditions, operators, outcomes, messages, run()."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nestaudit import DOC_URL
from nestaudit.engine import (
    MESSAGE_LIST_MAX,
    ConditionError,
    Evidence,
    EvidenceLike,
    Finding,
    Reference,
    Rule,
    StepTemplate,
    Template,
    check_condition,
    compile_condition,
    display,
    evaluate,
    run,
)
from nestaudit.values import UNKNOWN, Version
from nestaudit.vocabulary import Outcome, Scope, Severity, StepKind

T, F, U = True, False, None  # condition results: True, False, unknown


def no_evidence(_fact: str) -> Sequence[Evidence]:
    return ()


def make_rule(
    violated: Mapping[str, Any],
    applies: Mapping[str, Any] | None = None,
    *,
    rule_id: str = "test-rule",
    scope: str = "host",
    on_violation: str = "fail",
    messages: Mapping[str, str] | None = None,
    remediation: Sequence[StepTemplate] = (),
) -> Rule:
    texts = messages if messages is not None else {"fail": "F", "pass": "P"}
    return Rule(
        id=rule_id,
        limitation="NV-KVM",
        title="A test rule",
        scope=Scope(scope),
        severity=Severity.HIGH,
        violated=compile_condition(violated),
        applies=compile_condition(applies) if applies is not None else None,
        on_violation=Outcome(on_violation),
        messages=tuple((k, Template.parse(v)) for k, v in texts.items()),
        remediation=tuple(remediation),
        references=(Reference("21.3"),),
        file="rules/test.yaml",
        line=7,
    )


def outcome(rule: Rule, values: Mapping[str, object]) -> str:
    return evaluate(rule, values, "host1", no_evidence).outcome


def truth(cond: Mapping[str, Any], values: Mapping[str, object]) -> bool | None:
    return compile_condition(cond).test(values)


def leaf(name: str) -> dict[str, Any]:
    return {"fact": name, "eq": True}


def as_value(t: bool | None) -> object:
    return UNKNOWN if t is None else t


# ------------------------------------------------------------------ three-valued logic

KLEENE_AND = [
    (T, T, T), (T, F, F), (T, U, U),
    (F, T, F), (F, F, F), (F, U, F),
    (U, T, U), (U, F, F), (U, U, U),
]
KLEENE_OR = [
    (T, T, T), (T, F, T), (T, U, T),
    (F, T, T), (F, F, F), (F, U, U),
    (U, T, T), (U, F, U), (U, U, U),
]


@pytest.mark.parametrize(("a", "b", "want"), KLEENE_AND)
def test_all_is_kleene_and(a: bool | None, b: bool | None, want: bool | None) -> None:
    values = {"a": as_value(a), "b": as_value(b)}
    assert truth({"all": [leaf("a"), leaf("b")]}, values) is want


@pytest.mark.parametrize(("a", "b", "want"), KLEENE_OR)
def test_any_is_kleene_or(a: bool | None, b: bool | None, want: bool | None) -> None:
    values = {"a": as_value(a), "b": as_value(b)}
    assert truth({"any": [leaf("a"), leaf("b")]}, values) is want


@pytest.mark.parametrize(("a", "want"), [(T, F), (F, T), (U, U)])
def test_not_flips_and_keeps_unknown(a: bool | None, want: bool | None) -> None:
    assert truth({"not": leaf("a")}, {"a": as_value(a)}) is want


def test_all_and_any_of_one_and_three() -> None:
    assert truth({"all": [leaf("a")]}, {"a": True}) is True
    assert truth({"any": [leaf("a")]}, {"a": UNKNOWN}) is None
    three = {"a": True, "b": UNKNOWN, "c": False}
    assert truth({"all": [leaf("a"), leaf("b"), leaf("c")]}, three) is False
    assert truth({"any": [leaf("c"), leaf("b"), leaf("a")]}, three) is True
    assert truth({"all": [leaf("a"), leaf("b")]}, three) is None


def test_a_missing_fact_counts_as_unknown() -> None:
    assert truth(leaf("a"), {}) is None
    assert truth({"fact": "a", "known": False}, {}) is True


# ------------------------------------------------------------------ operators

OPERATOR_CASES: list[tuple[str, object, object, bool | None]] = [
    # op, literal, fact value, expected
    ("eq", "intel", "intel", T),
    ("eq", "intel", "amd", F),
    ("eq", True, True, T),
    ("eq", False, True, F),
    ("eq", 4, 4, T),
    ("eq", "10", Version((10, 0)), T),
    ("eq", 10, Version((10,)), T),
    ("eq", "docker", None, F),
    ("eq", None, None, T),
    ("eq", "intel", UNKNOWN, U),
    ("ne", "intel", "amd", T),
    ("ne", "intel", "intel", F),
    ("ne", "docker", None, T),
    ("ne", "intel", UNKNOWN, U),
    ("in", ["intel", "amd"], "amd", T),
    ("in", ["intel", "amd"], "ibm", F),
    ("in", ["9.6", "10"], Version((10, 0)), T),
    ("in", ["intel"], UNKNOWN, U),
    ("not_in", ["intel", "amd"], "ibm", T),
    ("not_in", ["intel", "amd"], "intel", F),
    ("not_in", ["intel"], UNKNOWN, U),
    ("ge", 2, 4, T),
    ("ge", 4, 4, T),
    ("gt", 4, 4, F),
    ("le", 4, 4, T),
    ("lt", 4, 3, T),
    ("lt", 4, UNKNOWN, U),
    ("ge", "9.6", Version((9, 10)), T),
    ("lt", "4.20", "6.12.0-55.el10.x86_64", F),
    ("lt", "4.20", "4.18.0-553.el8_10.x86_64", T),
    ("ge", "9.2", None, F),
    ("matches", "^(custom|host-model)$", "host-model", T),
    ("matches", "model", "host-passthrough", F),
    ("matches", "x", None, F),
    ("matches", "x", UNKNOWN, U),
    ("contains", "vmx", ["ept", "vmx"], T),
    ("contains", "svm", ["ept", "vmx"], F),
    ("contains", "vmx", None, F),
    ("contains", "vmx", UNKNOWN, U),
    ("empty", True, [], T),
    ("empty", True, ["a"], F),
    ("empty", False, ["a"], T),
    ("empty", True, None, T),
    ("empty", True, UNKNOWN, U),
    ("known", True, UNKNOWN, F),
    ("known", False, UNKNOWN, T),
    ("known", True, None, T),
    ("known", True, False, T),
    ("is_none", True, None, T),
    ("is_none", True, "docker", F),
    ("is_none", False, "docker", T),
    ("is_none", True, UNKNOWN, U),
]


@pytest.mark.parametrize(("op", "lit", "value", "want"), OPERATOR_CASES)
def test_operator(op: str, lit: object, value: object, want: bool | None) -> None:
    assert truth({"fact": "x", op: lit}, {"x": value}) is want


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [("9.6", "9.10"), ("9.10", "10"), ("9", "9.0.1"), ("4.19", "4.20")],
)
def test_versions_compare_by_component(smaller: str, larger: str) -> None:
    value = Version.parse(smaller)
    assert truth({"fact": "v", "lt": larger}, {"v": value}) is True
    assert truth({"fact": "v", "ge": larger}, {"v": value}) is False
    assert truth({"fact": "v", "gt": smaller}, {"v": Version.parse(larger)}) is True


def test_ten_equals_ten_point_zero() -> None:
    ten = Version.parse("10")
    assert truth({"fact": "v", "eq": "10.0"}, {"v": ten}) is True
    assert truth({"fact": "v", "ge": "10.0"}, {"v": ten}) is True
    assert truth({"fact": "v", "le": "10.0"}, {"v": ten}) is True
    assert truth({"fact": "v", "lt": "10.0"}, {"v": ten}) is False


def test_int_facts_compare_numerically_not_as_text() -> None:
    assert truth({"fact": "n", "gt": 9}, {"n": 10}) is True
    assert truth({"fact": "n", "gt": "9"}, {"n": 10}) is True


@pytest.mark.parametrize(
    ("cond", "needle"),
    [
        ({"fact": "x", "equals": 1}, "unknown operator 'equals'"),
        ({"fact": "x"}, "has no operator"),
        ({"fact": "x", "eq": 1, "ne": 2}, "several operators (eq, ne)"),
        ({"all": []}, "all needs a non-empty list"),
        ({"all": [leaf("a")], "not": leaf("b")}, "exactly one of all, any, not"),
        ({"fact": "x", "matches": "(["}, "bad regular expression"),
        ({"fact": "x", "ge": "soon"}, "ge takes a number or a version"),
        ({"fact": "x", "in": "intel"}, "in takes a list"),
        ({"fact": "x", "known": "yes"}, "known takes true or false"),
        ({"eq": 1}, "a predicate needs `fact`"),
    ],
)
def test_malformed_conditions_are_refused(cond: Mapping[str, Any], needle: str) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition(cond)
    assert needle in str(caught.value)


def test_check_condition_reports_every_problem_with_its_path() -> None:
    cond = {"all": [{"fact": "x", "equals": 1}, {"not": {"fact": "bad fact", "eq": 1}}]}
    problems = {(e.path, e.message.split(" (")[0]) for e in check_condition(cond)}
    assert (("all", 0, "equals"), "unknown operator 'equals'") in problems
    assert (("all", 1, "not", "fact"), "bad fact name 'bad fact'") in problems


def test_fact_problem_callback_is_reported() -> None:
    errors = check_condition(
        {"any": [leaf("ok"), leaf("nope")]},
        lambda name: None if name == "ok" else f"unknown fact {name!r}",
    )
    assert [(e.path, e.message) for e in errors] == [(("any", 1, "fact"), "unknown fact 'nope'")]


def test_describe_reads_as_text() -> None:
    cond = compile_condition({
        "all": [
            {"fact": "cpu.vendor", "eq": "intel"},
            {"any": [{"fact": "kvm.nested", "eq": False}, {"fact": "n", "ge": 2}]},
        ]
    })
    assert cond.describe() == "cpu.vendor is intel and (kvm.nested is no or n >= 2)"


# ------------------------------------------------------------------ outcomes

OUTCOME_GRID = [
    # applies, violated, outcome
    (T, T, "fail"), (T, F, "pass"), (T, U, "unknown"),
    (F, T, "not_applicable"), (F, F, "not_applicable"), (F, U, "not_applicable"),
    (U, T, "unknown"), (U, F, "unknown"), (U, U, "unknown"),
]


@pytest.mark.parametrize(("applies", "violated", "want"), OUTCOME_GRID)
def test_outcome_grid(applies: bool | None, violated: bool | None, want: str) -> None:
    rule = make_rule(leaf("v"), leaf("a"))
    assert outcome(rule, {"a": as_value(applies), "v": as_value(violated)}) == want


@pytest.mark.parametrize(("violated", "want"), [(T, "fail"), (F, "pass"), (U, "unknown")])
def test_no_applies_means_always(violated: bool | None, want: str) -> None:
    assert outcome(make_rule(leaf("v")), {"v": as_value(violated)}) == want


def test_advisory_reports_info_with_the_fail_template_as_fallback() -> None:
    rule = make_rule(leaf("v"), on_violation="info", messages={"fail": "note {v}", "pass": "ok"})
    finding = evaluate(rule, {"v": True}, "h", no_evidence)
    assert (finding.outcome, finding.message) == ("info", "note yes")
    own = make_rule(leaf("v"), on_violation="info", messages={"info": "advice", "pass": "ok"})
    assert evaluate(own, {"v": True}, "h", no_evidence).message == "advice"


def test_type_mismatch_gives_error_outcome_naming_the_rule() -> None:
    rule = make_rule({"fact": "cpu.count", "matches": "^4$"}, rule_id="count-regex")
    finding = evaluate(rule, {"cpu.count": 4}, "host1", no_evidence)
    assert finding.outcome == "error"
    assert finding.message.startswith("rule count-regex (rules/test.yaml: line 7)")
    assert "cpu.count = 4 (int)" in finding.message
    assert finding.remediation == ()


@pytest.mark.parametrize(
    ("cond", "value"),
    [
        ({"fact": "x", "eq": "yes"}, True),
        ({"fact": "x", "eq": True}, 1),
        ({"fact": "x", "ge": 2}, "abc"),
        ({"fact": "x", "contains": "a"}, "abc"),
        ({"fact": "x", "eq": "a"}, ["a"]),
        ({"fact": "x", "eq": "nine"}, Version((9,))),
    ],
)
def test_other_mismatches_are_errors(cond: Mapping[str, Any], value: object) -> None:
    assert outcome(make_rule(cond), {"x": value}) == "error"


# ------------------------------------------------------------------ messages

@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "yes"), (False, "no"), ([], "none"), (["vmx", "ept"], "vmx, ept"),
        (Version((9, 6)), "9.6"), (None, "none"), (UNKNOWN, "unknown"), (4, "4"),
        ("host-model", "host-model"),
    ],
)
def test_display_values(value: object, shown: str) -> None:
    assert display(value) == shown


def test_message_placeholders_and_target() -> None:
    rule = make_rule(
        {"fact": "kvm.nested", "eq": False},
        messages={
            "fail": "{target}: nested={kvm.nested}, flags {cpu.flags}, os {os.version}, "
                    "ctr {host.container}, {missing} {{literal}}",
            "pass": "fine",
        },
    )
    values = {
        "kvm.nested": False, "cpu.flags": ["vmx", "ept"], "os.version": Version((10, 0)),
        "host.container": None, "missing": UNKNOWN,
    }
    finding = evaluate(rule, values, "kvm01", no_evidence)
    assert finding.message == (
        "kvm01: nested=no, flags vmx, ept, os 10.0, ctr none, unknown {literal}"
    )


def test_messages_name_a_dozen_list_items_and_remediation_names_them_all() -> None:
    running = [f"vm{i:03d}" for i in range(40)]
    rule = make_rule(
        {"fact": "domains.count", "gt": 0},
        messages={"fail": "Running now: {domains.running}.", "pass": "none"},
        remediation=[StepTemplate(
            StepKind.COMMAND, Template.parse(""), each="domains.running",
            argv=(Template.parse("stop"), Template.parse("{domains.running}")),
        )],
    )
    finding = evaluate(rule, {"domains.count": 40, "domains.running": running}, "h", no_evidence)
    assert finding.message == (
        "Running now: " + ", ".join(running[:MESSAGE_LIST_MAX]) + " and 28 more."
    )
    # one runnable line per item: each one is work to do
    assert finding.remediation[0].text == "\n".join(f"stop {name}" for name in running)
    # at the cap, nothing is left out
    exact = running[:MESSAGE_LIST_MAX]
    finding = evaluate(rule, {"domains.count": 12, "domains.running": exact}, "h", no_evidence)
    assert finding.message == "Running now: " + ", ".join(exact) + "."


def test_default_unknown_and_not_applicable_messages() -> None:
    rule = make_rule(
        {"fact": "kvm.nested", "eq": False},
        {"all": [{"fact": "cpu.vendor", "eq": "intel"}, {"fact": "b", "known": True}]},
    )
    unknown = evaluate(rule, {"cpu.vendor": "intel", "b": 1, "kvm.nested": UNKNOWN}, "h1",
                       no_evidence)
    assert unknown.outcome == "unknown"
    assert unknown.message == "Cannot tell for h1: kvm.nested is unknown in the evidence collected."
    assert unknown.unknown_facts == ("kvm.nested",)
    na = evaluate(rule, {"cpu.vendor": "amd", "b": 1, "kvm.nested": UNKNOWN}, "h1", no_evidence)
    assert na.outcome == "not_applicable"
    assert na.message == "Does not apply to h1: needs cpu.vendor is intel and b is known."


@pytest.mark.parametrize(
    "text", ["a { b", "a } b", "{}", "{not a name}", "{a..b}"],
)
def test_bad_templates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="brace|placeholder"):
        Template.parse(text)


def test_template_names() -> None:
    template = Template.parse("virsh edit {domain.name} on {target} {{x}}")
    assert template.names == frozenset({"domain.name", "target"})
    assert template.render({"domain.name": "vm1"}, "h") == "virsh edit vm1 on h {x}"


# ------------------------------------------------------------------ needed facts, evidence, steps

def test_needed_facts_are_static_and_exclude_target() -> None:
    rule = make_rule(
        {"fact": "kvm.nested", "eq": False},
        {"fact": "cpu.vendor", "eq": "intel"},
        messages={"fail": "{target} {kvm.module}", "pass": "ok"},
        remediation=[StepTemplate(StepKind.COMMAND, Template.parse(""),
                                  argv=(Template.parse("virsh"), Template.parse("{domain.name}")))],
    )
    assert rule.needed == frozenset(
        {"kvm.nested", "cpu.vendor", "kvm.module", "domain.name"}
    )


@dataclass(frozen=True)
class ForeignEvidence:
    """Evidence of the same shape defined elsewhere (the facts package has its own)."""

    source: str
    excerpt: str


def test_evidence_of_needed_facts_is_attached_once() -> None:
    rule = make_rule({"all": [leaf("a"), leaf("b")]})
    table: dict[str, list[EvidenceLike]] = {
        "a": [ForeignEvidence("/proc/cpuinfo", "flags: vmx")],
        "b": [ForeignEvidence("/proc/cpuinfo", "flags: vmx"), Evidence("/proc/modules", "kvm")],
    }
    finding = evaluate(rule, {"a": True, "b": True}, "h", lambda f: table.get(f, []))
    assert finding.evidence == (
        Evidence("/proc/cpuinfo", "flags: vmx"), Evidence("/proc/modules", "kvm"),
    )


def test_remediation_only_on_violation_and_filtered_by_vendor_and_arch() -> None:
    steps = [
        StepTemplate(
            StepKind.COMMAND,
            Template.parse(""),
            vendor="intel",
            disruptive=True,
            argv=tuple(Template.parse(w) for w in ("modprobe", "kvm_intel", "nested=1")),
        ),
        StepTemplate(StepKind.COMMAND, Template.parse(""), vendor="amd",
                     argv=tuple(Template.parse(w) for w in ("modprobe", "kvm_amd", "nested=1"))),
        StepTemplate(StepKind.HINT, Template.parse("only on s390x"), arch="s390x"),
        StepTemplate(StepKind.EDIT, Template.parse("options {kvm.module} nested=1"),
                     path="/etc/modprobe.d/kvm.conf"),
    ]
    rule = make_rule({"fact": "kvm.nested", "eq": False}, remediation=steps)
    values = {"kvm.nested": False, "cpu.vendor": "intel", "host.arch": "x86_64",
              "kvm.module": "kvm_intel"}
    finding = evaluate(rule, values, "h", no_evidence)
    assert [(s.kind, s.text, s.disruptive) for s in finding.remediation] == [
        ("command", "modprobe kvm_intel nested=1", True),
        ("edit", "options kvm_intel nested=1", False),
    ]
    assert finding.remediation[1].path == "/etc/modprobe.d/kvm.conf"
    assert finding.references == (Reference("21.3", DOC_URL),)
    unknown_vendor = {**values, "cpu.vendor": UNKNOWN, "host.arch": UNKNOWN}
    assert len(evaluate(rule, unknown_vendor, "h", no_evidence).remediation) == 4
    passing = evaluate(rule, {**values, "kvm.nested": True}, "h", no_evidence)
    assert (passing.outcome, passing.remediation) == ("pass", ())


# ------------------------------------------------------------------ run

def test_run_evaluates_host_rules_once_and_domain_rules_per_domain() -> None:
    host_rule = make_rule({"fact": "kvm.nested", "eq": False}, rule_id="b-host",
                          messages={"fail": "off on {target}", "pass": "on on {target}"})
    dom_rule = make_rule(
        {"fact": "domain.exposes_virt", "eq": False},
        {"fact": "cpu.vendor", "eq": "intel"},
        rule_id="a-domain",
        scope="domain",
        messages={"fail": "{domain.name} on {host.name} hides vmx", "pass": "{target} ok"},
    )
    host = {"host.name": "kvm01", "kvm.nested": True, "cpu.vendor": "intel"}
    domains = [
        ("vm2", {"domain.name": "vm2", "domain.exposes_virt": False}),
        ("vm1", {"domain.name": "vm1", "domain.exposes_virt": True}),
    ]
    calls: list[tuple[str, str | None]] = []

    def evidence_for(fact: str, domain: str | None) -> Sequence[Evidence]:
        calls.append((fact, domain))
        return [Evidence(f"{domain or 'host'}:{fact}", "x")]

    findings = run([host_rule, dom_rule], host, domains, evidence_for)
    assert [(f.rule, f.target, f.outcome, f.message) for f in findings] == [
        ("a-domain", "vm1", "pass", "vm1 ok"),
        ("a-domain", "vm2", "fail", "vm2 on kvm01 hides vmx"),
        ("b-host", "kvm01", "pass", "on on kvm01"),
    ]
    assert ("domain.exposes_virt", "vm2") in calls
    assert ("cpu.vendor", None) in calls
    assert ("cpu.vendor", "vm2") not in calls
    assert findings[1].scope == "domain"


def test_run_without_domains_and_unknown_host_name() -> None:
    dom_rule = make_rule(leaf("domain.x"), scope="domain")
    host_rule = make_rule(leaf("a"))
    findings = run([dom_rule, host_rule], {"host.name": UNKNOWN, "a": False}, [],
                   lambda f, d: ())
    assert [(f.target, f.outcome) for f in findings] == [("host", "pass")]
    named = run([host_rule], {"a": True}, [], lambda f, d: (), host_target="lab-7")
    assert [(f.target, f.outcome) for f in named] == [("lab-7", "fail")]


def test_run_is_fast_for_200_domains_and_30_rules() -> None:
    rules = [
        make_rule(
            {"all": [{"fact": "kvm.nested", "eq": False}, {"fact": "os.version", "ge": "9.6"}]},
            {"fact": "cpu.vendor", "in": ["intel", "amd"]},
            rule_id=f"host-{i:02d}",
            messages={"fail": "nested={kvm.nested} on {target}", "pass": "ok {os.version}"},
        )
        for i in range(20)
    ]
    rules.extend(
        make_rule(
            {"any": [{"fact": "domain.exposes_virt", "eq": False},
                     {"fact": "domain.cpu_mode", "matches": "^custom$"}]},
            {"not": {"fact": "domain.cpu_mode", "is_none": True}},
            rule_id=f"dom-{i:02d}",
            scope="domain",
            messages={"fail": "{domain.name}: {domain.cpu_mode}", "pass": "{target} ok"},
        )
        for i in range(10)
    )
    host = {"host.name": "h", "kvm.nested": True, "cpu.vendor": "intel",
            "os.version": Version((10, 0))}
    host.update({f"filler.{i}": i for i in range(80)})
    domains = [
        (f"vm{i}", {"domain.name": f"vm{i}", "domain.exposes_virt": i % 3 != 0,
                    "domain.cpu_mode": "host-model" if i % 2 else "custom"})
        for i in range(200)
    ]
    evidence = [Evidence("/proc/cpuinfo", "flags")]
    findings = run(rules, host, domains, lambda f, d: evidence)
    assert len(findings) == 20 + 10 * 200
    # Fails: even i (custom mode) and odd multiples of 3 (vmx hidden), per domain rule.
    assert sum(f.outcome == "fail" for f in findings) == 10 * (100 + 33)


# ------------------------------------------------------------------ property

FACTS: dict[str, st.SearchStrategy[Any]] = {
    "b0": st.booleans(),
    "b1": st.booleans(),
    "n0": st.integers(0, 5),
    "s0": st.one_of(st.none(), st.sampled_from(["intel", "amd", "ibm"])),
    "l0": st.lists(st.sampled_from(["vmx", "svm", "ept"]), unique=True, max_size=3),
    "v0": st.sampled_from(["9.6", "9.10", "10", "10.0", "8"]).map(Version.parse),
}

_bool_fact = st.sampled_from(["b0", "b1"])
_version = st.sampled_from(["9.6", "9.10", "10"])
# `known` is left out on purpose: it is the one predicate that is never unknown, so making a
# fact unknown turns `known: true` from true into false.
PREDICATES = st.one_of(
    st.builds(lambda f, v: {"fact": f, "eq": v}, _bool_fact, st.booleans()),
    st.builds(lambda f, v: {"fact": f, "ne": v}, _bool_fact, st.booleans()),
    st.builds(lambda op, v: {"fact": "n0", op: v},
              st.sampled_from(["eq", "ne", "ge", "gt", "le", "lt"]), st.integers(0, 5)),
    st.builds(lambda v: {"fact": "n0", "in": v}, st.lists(st.integers(0, 5), max_size=3)),
    st.builds(lambda op, v: {"fact": "s0", op: v}, st.sampled_from(["eq", "ne", "matches"]),
              st.sampled_from(["intel", "amd", "^i"])),
    st.builds(lambda op, v: {"fact": "s0", op: v}, st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(["intel", "amd"]), max_size=2)),
    st.builds(lambda v: {"fact": "s0", "is_none": v}, st.booleans()),
    st.builds(lambda v: {"fact": "l0", "contains": v}, st.sampled_from(["vmx", "svm", "ept"])),
    st.builds(lambda v: {"fact": "l0", "empty": v}, st.booleans()),
    st.builds(lambda op, v: {"fact": "v0", op: v},
              st.sampled_from(["eq", "ne", "ge", "gt", "le", "lt"]), _version),
)
CONDITIONS = st.recursive(
    PREDICATES,
    lambda inner: st.one_of(
        st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(
    violated=CONDITIONS,
    applies=st.one_of(st.none(), CONDITIONS),
    on_violation=st.sampled_from(["fail", "info"]),
    values=st.fixed_dictionaries(FACTS),
    hidden=st.sets(st.sampled_from(sorted(FACTS))),
)
def test_unknown_facts_never_change_a_definite_outcome(
    violated: dict[str, Any],
    applies: dict[str, Any] | None,
    on_violation: str,
    values: dict[str, object],
    hidden: set[str],
) -> None:
    rule = make_rule(violated, applies, on_violation=on_violation)
    full = evaluate(rule, values, "h", no_evidence)
    partial_values = {k: (UNKNOWN if k in hidden else v) for k, v in values.items()}
    partial = evaluate(rule, partial_values, "h", no_evidence)
    assert full.outcome != "error"
    assert partial.outcome in (full.outcome, "unknown")
    if not hidden:
        assert partial.outcome == full.outcome


def test_finding_is_frozen() -> None:
    finding = evaluate(make_rule(leaf("a")), {"a": True}, "h", no_evidence)
    assert isinstance(finding, Finding)
    with pytest.raises(AttributeError):
        finding.outcome = Outcome.PASS  # type: ignore[misc]


def test_run_gives_plain_evidence_whatever_evidence_for_returns() -> None:
    rule = make_rule({"all": [leaf("a"), leaf("b")]}, rule_id="r-plain")
    plain = (Evidence("/proc/modules", "kvm"),)
    given: dict[str, Sequence[EvidenceLike]] = {
        "a": (ForeignEvidence("/proc/cpuinfo", "flags: vmx"), Evidence("/proc/cpuinfo", "x")),
        "b": plain,  # the facts' own tuples are kept as they are
    }
    [finding] = run([rule], {"host.name": "h", "a": True, "b": True}, [],
                    lambda fact, _domain: given[fact])
    assert finding.evidence == (Evidence("/proc/cpuinfo", "flags: vmx"),
                                Evidence("/proc/cpuinfo", "x"), plain[0])
    assert all(type(e) is Evidence for e in finding.evidence)
