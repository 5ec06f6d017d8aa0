"""Loading rule files: schema and semantic checks, one error line per problem with its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from nestaudit import DOC_URL
from nestaudit.engine import Evidence, Reference, evaluate, run
from nestaudit.engine.rulefile import load_rules, schema
from nestaudit.errors import NestauditError, RuleError
from nestaudit.values import UNKNOWN, Version

FIXTURES = Path(__file__).parent / "rules_fixtures"
BAD = sorted((FIXTURES / "bad").glob("*.yaml"))

# A small made-up registry, independent of nestaudit.facts.
FACTS = dict.fromkeys(
    (
        "host.name", "host.arch", "host.container", "cpu.vendor", "cpu.count", "cpu.flags",
        "kvm.module_loaded", "kvm.nested", "os.id", "os.version",
    ),
    "host",
)
FACTS.update(dict.fromkeys(("domain.name", "domain.cpu_mode", "domain.exposes_virt"), "domain"))
LIMITATIONS = frozenset({"NV-KVM", "NV-NESTED-ENABLED", "NV-OS-MATRIX", "NV-L1-CPU-MODE"})


def load(*paths: Path) -> tuple:  # type: ignore[type-arg]
    return load_rules(list(paths), FACTS, LIMITATIONS)


def load_error(*paths: Path) -> list[str]:
    with pytest.raises(RuleError) as caught:
        load(*paths)
    assert isinstance(caught.value, NestauditError)
    return str(caught.value).splitlines()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def expectation(path: Path) -> tuple[int, str]:
    """The `# expect: <text>` header and the line marked `# <-` of a bad fixture."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = re.match(r"# expect: (.*)$", lines[0])
    assert header, f"{path} lacks its # expect: header"
    marked = [i for i, line in enumerate(lines, start=1) if "# <-" in line]
    assert len(marked) == 1, f"{path} needs exactly one '# <-' marker"
    return marked[0], header.group(1).split("  # <-")[0]


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_gives_one_line_with_file_and_line(path: Path) -> None:
    line, text = expectation(path)
    errors = load_error(path)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{path}: line {line}: "), errors[0]
    assert text in errors[0]


def test_bad_fixtures_cover_the_required_cases() -> None:
    stems = {p.stem for p in BAD}
    assert {
        "malformed_yaml", "missing_violated", "bad_severity", "unknown_operator",
        "unknown_fact_condition", "unknown_fact_message", "unknown_limitation",
        "domain_fact_in_host_rule", "bad_regex",
    } <= stems


def test_every_error_of_several_files_sorted_by_file_and_line(tmp_path: Path) -> None:
    bad = FIXTURES / "bad"
    errors = load_error(
        bad / "unknown_operator.yaml", bad / "bad_regex.yaml", bad / "bad_severity.yaml"
    )
    assert [e.split(": line ")[0] for e in errors] == [
        str(bad / "bad_regex.yaml"), str(bad / "bad_severity.yaml"),
        str(bad / "unknown_operator.yaml"),
    ]


def test_all_problems_of_one_rule_are_reported_in_line_order(tmp_path: Path) -> None:
    path = write(tmp_path, "many.yaml", """\
rules:
  - id: many
    limitation: NV-NOPE
    title: Many problems
    scope: host
    severity: high
    applies: {fact: cpu.vendr, eq: intel}
    violated:
      all:
        - {fact: kvm.nested, equals: false}
        - {fact: domain.name, eq: x}
    message:
      fail: "{nope}"
      pass: "ok"
""")
    errors = load_error(path)
    lines = [int(e.split(": line ")[1].split(":")[0]) for e in errors]
    assert lines == [3, 7, 10, 11, 13]
    assert "unknown fact 'cpu.vendr'" in errors[1]
    assert "unknown operator 'equals'" in errors[2]
    assert "domain fact 'domain.name'" in errors[3]


def test_duplicate_id_across_two_files_names_both(tmp_path: Path) -> None:
    dup = FIXTURES / "dup"
    errors = load_error(dup)
    assert errors == [
        f"{dup / 'two.yaml'}: line 10: duplicate rule id 'same-id' "
        f"(first defined in {dup / 'one.yaml'}: line 2)"
    ]


def test_a_file_given_twice_is_loaded_once() -> None:
    good = FIXTURES / "good"
    assert len(load(good, good / "host.yaml")) == 3


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nope.yaml") == [
        f"{tmp_path / 'nope.yaml'}: no such rule file or directory"
    ]
    assert load_error(tmp_path) == [f"{tmp_path}: no *.yaml rule files in this directory"]


def test_schema_and_semantic_errors_are_all_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "two.yaml", """\
rules:
  - id: broken
    limitation: NV-KVM
    title: Broken
    scope: everywhere
    severity: high
    violated: {fact: not.a.fact, eq: 1}
    message: {fail: "x", pass: "y"}
  - id: also-broken
    limitation: NV-KVM
    title: Semantics
    scope: host
    severity: high
    violated: {fact: not.a.fact, eq: 1}
    message: {fail: "x", pass: "y"}
""")
    errors = load_error(path)
    assert len(errors) == 3
    assert errors[0].startswith(f"{path}: line 5: rule broken: scope: 'everywhere' is not one of")
    assert errors[1] == f"{path}: line 7: rule broken: violated.fact: unknown fact 'not.a.fact'"
    assert errors[2] == (
        f"{path}: line 14: rule also-broken: violated.fact: unknown fact 'not.a.fact'"
    )


def test_bad_id_and_bad_reference(tmp_path: Path) -> None:
    path = write(tmp_path, "ids.yaml", """\
rules:
  - id: Not_Kebab
    limitation: NV-KVM
    title: T
    scope: host
    severity: low
    violated: {fact: kvm.nested, eq: false}
    message: {fail: "x", pass: "y"}
    references:
      - {url: "https://example.com"}
""")
    errors = load_error(path)
    assert errors[0].startswith(f"{path}: line 2: rule Not_Kebab: id: 'Not_Kebab' does not match")
    assert errors[1] == (
        f"{path}: line 10: rule Not_Kebab: references[0]: missing required key 'section'"
    )


# ------------------------------------------------------------------ the good files


@pytest.fixture(scope="module")
def good() -> dict[str, object]:
    return {rule.id: rule for rule in load(FIXTURES / "good")}


def test_good_rules_load_with_their_place(good: dict) -> None:  # type: ignore[type-arg]
    assert sorted(good) == ["intel-nested-enabled", "l1-exposes-virt", "os-recent-enough"]
    rule = good["intel-nested-enabled"]
    assert (rule.file, rule.line) == (str(FIXTURES / "good" / "host.yaml"), 3)
    assert rule.tags == ("prerequisite", "intel")
    assert rule.references == (Reference("21.3", DOC_URL),)
    assert rule.reading == "Kernel defaults for nested"
    steps = [(s.kind, s.vendor, s.arch, s.disruptive, s.reboot, s.path) for s in rule.remediation]
    assert steps == [
        ("command", "intel", "x86_64", True, False, None),
        ("command", "amd", None, False, False, None),
        ("edit", None, None, False, False, "/etc/modprobe.d/kvm.conf"),
    ]
    assert rule.needed == frozenset({"cpu.vendor", "kvm.module_loaded", "kvm.nested"})
    assert good["l1-exposes-virt"].needed == frozenset(
        {"domain.cpu_mode", "domain.exposes_virt", "domain.name", "host.name"}
    )


def test_intel_rule_outcomes(good: dict) -> None:  # type: ignore[type-arg]
    rule = good["intel-nested-enabled"]
    intel = {"cpu.vendor": "intel", "kvm.module_loaded": True, "kvm.nested": False,
             "host.arch": "x86_64"}
    fail = evaluate(rule, intel, "kvm01", lambda f: [Evidence(f"/sys/{f}", "N")])
    assert fail.outcome == "fail"
    assert fail.message == "kvm_intel on kvm01 is loaded with nested=no."
    assert [s.text for s in fail.remediation] == [
        "modprobe kvm_intel nested=1", "options kvm_intel nested=1",
    ]
    assert [e.source for e in fail.evidence] == [
        "/sys/cpu.vendor", "/sys/kvm.module_loaded", "/sys/kvm.nested",
    ]
    ok = evaluate(rule, {**intel, "kvm.nested": True}, "kvm01", lambda f: ())
    assert (ok.outcome, ok.message) == ("pass", "kvm_intel on kvm01 is loaded with nested=yes.")
    amd = evaluate(rule, {**intel, "cpu.vendor": "amd"}, "kvm01", lambda f: ())
    assert amd.outcome == "not_applicable"
    unloaded = evaluate(rule, {**intel, "kvm.nested": UNKNOWN}, "kvm01", lambda f: ())
    assert (unloaded.outcome, unloaded.unknown_facts) == ("unknown", ("kvm.nested",))


@pytest.mark.parametrize(
    ("version", "want"),
    [("9.6", "info"), ("9.9", "info"), ("9.10", "pass"), ("10", "pass"), ("10.0", "pass")],
)
def test_unquoted_9_10_in_yaml_is_a_version_not_the_float_9_1(
    good: dict, version: str, want: str  # type: ignore[type-arg]
) -> None:
    rule = good["os-recent-enough"]
    values = {"os.id": "rhel", "os.version": Version.parse(version), "cpu.flags": ["vmx"]}
    finding = evaluate(rule, values, "h", lambda f: ())
    assert finding.outcome == want
    if want == "info":
        assert finding.message == f"rhel {version} is older than 9.10; flags: vmx."


def test_custom_unknown_message(good: dict) -> None:  # type: ignore[type-arg]
    rule = good["os-recent-enough"]
    finding = evaluate(rule, {"os.id": "rhel", "os.version": UNKNOWN}, "h9", lambda f: ())
    assert (finding.outcome, finding.message) == ("unknown", "The OS version of h9 is not known.")


def test_domain_rule_through_run(good: dict) -> None:  # type: ignore[type-arg]
    host = {"host.name": "kvm01", "cpu.vendor": "intel", "kvm.module_loaded": True,
            "kvm.nested": True, "os.id": "rhel", "os.version": Version((10, 0)),
            "cpu.flags": ["vmx", "ept"]}
    domains: list[tuple[str, dict[str, object]]] = [
        ("web", {"domain.name": "web", "domain.cpu_mode": "host-passthrough",
                 "domain.exposes_virt": True}),
        ("db", {"domain.name": "db", "domain.cpu_mode": "custom",
                "domain.exposes_virt": True}),
        ("old", {"domain.name": "old", "domain.cpu_mode": None,
                 "domain.exposes_virt": UNKNOWN}),
    ]
    findings = run(list(good.values()), host, domains, lambda f, d: ())
    table = [(f.rule, f.target, f.outcome) for f in findings]
    assert table == [
        ("intel-nested-enabled", "kvm01", "pass"),
        ("l1-exposes-virt", "db", "fail"),
        ("l1-exposes-virt", "old", "not_applicable"),
        ("l1-exposes-virt", "web", "pass"),
        ("os-recent-enough", "kvm01", "pass"),
    ]
    db = findings[1]
    assert db.message == "db runs with CPU mode custom on kvm01; curly {braces} stay."
    assert [s.text for s in db.remediation] == ["virsh edit --domain db"]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_yaml_booleans_and_python_tags(tmp_path: Path) -> None:
    path = write(tmp_path, "yes.yaml", """\
rules:
  - id: yaml-yes
    limitation: NV-KVM
    title: T
    scope: host
    severity: low
    violated: {fact: kvm.nested, eq: no}
    message: {fail: "x", pass: "y"}
""")
    (rule,) = load(path)
    assert rule.violated.value is False
    assert evaluate(rule, {"kvm.nested": False}, "h", lambda f: ()).outcome == "fail"
