"""The vocabulary: one spelling of each word, its order, and the schemas that spell it too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nestaudit.vocabulary import Outcome, Role, Scope, Severity, StepKind, SupportClass, Vendor

SCHEMAS = Path(__file__).resolve().parent.parent / "nestaudit" / "schemas"


def enum_at(schema: str, *path: str) -> list[str]:
    node: Any = json.loads((SCHEMAS / f"{schema}.schema.json").read_text("utf-8"))
    for key in path:
        node = node[key]
    return list(node["enum"])


@pytest.mark.parametrize(
    ("words", "schema", "path"),
    [
        (Outcome, "report", ("$defs", "finding", "properties", "outcome")),
        (Severity, "report", ("$defs", "finding", "properties", "severity")),
        (Severity, "rule", ("$defs", "rule", "properties", "severity")),
        (SupportClass, "report", ("$defs", "support")),
        (Role, "report", ("$defs", "host", "properties", "role")),
        (StepKind, "report", ("$defs", "finding", "properties", "remediation", "items",
                              "properties", "kind")),
        (StepKind, "rule", ("$defs", "step", "properties", "kind")),
        (Scope, "rule", ("$defs", "rule", "properties", "scope")),
        (Vendor, "rule", ("$defs", "step", "properties", "vendor")),
    ],
)
def test_schemas_spell_the_vocabulary(words: type[Any], schema: str, path: tuple[str, ...]) -> None:
    assert sorted(enum_at(schema, *path)) == sorted(words.words())


def test_chain_levels_and_violation_outcomes_are_words_of_the_vocabulary() -> None:
    levels = enum_at("report", "$defs", "level", "properties", "level")
    assert set(levels) <= set(Role.words()) and "unknown" not in levels
    on_violation = enum_at("rule", "$defs", "rule", "properties", "on_violation")
    assert on_violation == [Outcome.FAIL, Outcome.INFO]


def test_a_word_is_its_text() -> None:
    assert isinstance(Outcome.NOT_APPLICABLE, str) and Outcome("not_applicable").rank == 6
    assert f"{Severity.HIGH:<6}|" == "high  |"
    assert str(SupportClass.TECHNOLOGY_PREVIEW) == "technology-preview"
    assert json.dumps({"o": Outcome.PASS}) == '{"o": "pass"}'
    assert {"fail": 1}[Outcome.FAIL] == 1
    assert Outcome.parse("waived") is Outcome.WAIVED and Outcome.parse("passed") is None


def test_orders() -> None:
    assert [o.value for o in Outcome][:3] == ["fail", "error", "unknown"]
    assert Outcome.NOT_APPLICABLE.rank == len(Outcome) - 1
    assert Severity.HIGH.at_least(Severity.MEDIUM) and not Severity.LOW.at_least(Severity.MEDIUM)
    least = SupportClass.least
    assert least([SupportClass.SUPPORTED, SupportClass.UNTESTED]) is SupportClass.UNTESTED
    assert least([SupportClass.UNSUPPORTED, SupportClass.UNTESTED]) is SupportClass.UNSUPPORTED
    assert least([]) is SupportClass.UNKNOWN
    assert SupportClass.most([SupportClass.UNTESTED, SupportClass.SUPPORTED]) is (
        SupportClass.SUPPORTED
    )
