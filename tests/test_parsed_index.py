"""The parsed index (nestaudit/data/parsed.json): in step with the shipped YAML, and never
a reason for a different result than parsing."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nestaudit.engine import catalogue as catalogue_mod
from nestaudit.engine import parsed
from nestaudit.engine.catalogue import catalogue
from nestaudit.engine.rulefile import load_rules
from nestaudit.errors import RuleError
from nestaudit.judge.registry import builtin_rules, known_facts
from nestaudit.judge.registry import load_rules as load_builtin
from nestaudit.judge.tables import load_matrix
from nestaudit.resources import limitations_file, rules_dir
from tools.regenerate import parsed_index


def test_index_matches_the_shipped_files() -> None:
    expected = parsed_index()
    assert json.loads(parsed.INDEX.read_text("utf-8")) == expected, (
        "data/parsed.json is out of step with the YAML files: python tools/regenerate.py"
    )


def test_every_shipped_yaml_file_is_indexed() -> None:
    files = [*rules_dir().glob("*.yaml"), *rules_dir().glob("tables/*.yaml"), limitations_file()]
    assert len(files) >= 6
    for path in files:
        assert parsed.lookup(path.read_text("utf-8")) is not None, path


def test_builtin_rules_load_without_pyyaml() -> None:
    code = (
        "import sys\n"
        "from nestaudit.judge import registry, tables\n"
        "from nestaudit.engine.catalogue import catalogue\n"
        "rules = registry.builtin_rules(); catalogue(); tables.default_matrix()\n"
        "print(len(rules), 'yaml' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) >= 27
    assert out[1] == "False"


def test_index_gives_what_parsing_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    indexed = (load_builtin(), load_matrix(), dict(catalogue()))
    monkeypatch.setattr(parsed, "_index", lambda: {})
    catalogue.cache_clear()
    try:
        parsed_now = (load_builtin(), load_matrix(), dict(catalogue()))
    finally:
        catalogue.cache_clear()
    assert indexed == parsed_now
    # rules carry their file and line either way
    assert all(rule.line > 1 for rule in indexed[0])


def test_loading_changes_nothing_in_the_shared_index() -> None:
    """lookup() hands out the index's own entries: no loader may change them."""
    before = copy.deepcopy(parsed._index())
    catalogue.cache_clear()
    try:
        load_builtin()
        load_matrix()
        catalogue()
    finally:
        catalogue.cache_clear()
    assert parsed._index() == before


def test_edited_file_is_parsed_not_looked_up(tmp_path: Path) -> None:
    source = (rules_dir() / "support.yaml").read_text("utf-8")
    edited = source.replace("severity: medium", "severity: info", 1)
    assert edited != source and parsed.lookup(edited) is None
    (tmp_path / "support.yaml").write_text(edited, encoding="utf-8")
    rules = load_rules([tmp_path], known_facts(), catalogue().keys())
    changed = {rule.id: rule.severity for rule in rules}
    builtin = {rule.id: rule.severity for rule in builtin_rules()}
    differing = [rule_id for rule_id in changed if changed[rule_id] != builtin[rule_id]]
    assert len(differing) == 1 and changed[differing[0]] == "info"


def test_problem_lines_are_the_same_with_and_without_the_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = dict(known_facts())
    del facts["kvm.nested"]
    with pytest.raises(RuleError) as from_index:
        load_rules([rules_dir()], facts, catalogue().keys())
    monkeypatch.setattr(parsed, "_index", lambda: {})
    with pytest.raises(RuleError) as from_yaml:
        load_rules([rules_dir()], facts, catalogue().keys())
    assert str(from_index.value) == str(from_yaml.value)
    lines = str(from_index.value).splitlines()
    # the message points inside a rule, below the line the rule starts on
    starts = {rule.id: rule.line for rule in builtin_rules()}
    for line in lines:
        file, where, what = line.split(": ", 2)
        rule_id = what.split(":")[0].removeprefix("rule ")
        assert int(where.removeprefix("line ")) > starts[rule_id], line


def test_damaged_index_falls_back_to_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "parsed.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(parsed, "INDEX", broken)
    parsed._index.cache_clear()
    try:
        assert parsed.lookup(limitations_file().read_text("utf-8")) is None
        assert len(load_builtin()) >= 27
    finally:
        parsed._index.cache_clear()


def test_malformed_yaml_is_a_one_line_value_error() -> None:
    with pytest.raises(ValueError) as err:
        parsed.load_yaml("x: 1\na: b: c\n")
    # libyaml says "... in this context", the pure-Python parser "... here"
    assert str(err.value).startswith("malformed YAML: line 2: mapping values are not allowed")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["- id: NV-X\n  statement: [unclosed\n", "a: b: c\n", "- 3\n"])
def test_malformed_catalogue_is_one_rule_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    bad = tmp_path / "limitations.yaml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(catalogue_mod, "limitations_file", lambda: bad)
    catalogue.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"limitations\.yaml: not a valid limitation") as err:
            catalogue()
        assert "\n" not in str(err.value)
    finally:
        catalogue.cache_clear()
