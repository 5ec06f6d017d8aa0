"""Load rule files (rules/<topic>.yaml), validate them, and compile them into `engine.Rule`s.

The format (docs/rules.md says the same at length)::

    rules:
      - id: intel-nested-enabled          # stable kebab-case, unique across all files
        limitation: NV-NESTED-ENABLED      # an ID of spec/limitations.yaml
        title: Nesting is enabled in kvm_intel
        scope: host                        # host | domain (once per libvirt domain)
        severity: high                     # info | low | medium | high | critical
        tags: [prerequisite, intel]        # optional
        applies:                           # optional condition; absent = always
          all:
            - {fact: cpu.vendor, eq: intel}
            - {fact: kvm.module_loaded, eq: true}
        violated: {fact: kvm.nested, eq: false}   # true => the violation outcome
        on_violation: fail                 # fail (default) | info (advisories)
        message:                           # {fact.name} and {target} placeholders
          fail: "kvm_intel is loaded with nested={kvm.nested}."   # or `info:`
          pass: "kvm_intel is loaded with nested={kvm.nested}."
          not_applicable: "..."            # optional; default names the applies condition
          unknown: "..."                   # optional; default names the unknown facts
        remediation:                       # optional list of steps
          - kind: command                  # hint | command | edit
            text: "modprobe -r kvm_intel"
            vendor: intel                  # optional: intel | amd | ibm | arm
            arch: x86_64                   # optional
            disruptive: true               # optional (default false): disrupts running VMs
            reboot: false                  # optional (default false): needs a reboot
            path: /etc/modprobe.d/kvm.conf # optional, for kind: edit
        references:
          - section: "21.3"                # url defaults to nestaudit.DOC_URL
        reading: optional name of the verdicts.md reading the rule rests on
        description: optional longer explanation

Conditions are exactly one of ``{all: [...]}``, ``{any: [...]}``, ``{not: cond}`` or a
predicate ``{fact: NAME, OP: VALUE}`` with one operator of: eq, ne, in, not_in, ge, gt, le,
lt, matches, contains, empty, known, is_none (`nestaudit.engine` documents their meaning).

Loading is `yaml.safe_load` semantics, composed to nodes so that every error names its file
and line: each file is validated with `schemas/rule.schema.json`, then semantically (fact
names and their scope, limitation IDs, ids unique across files, operators, regular
expressions, placeholders). All errors are raised at once in one `RuleError`, one per line,
sorted by file and line, each as ``"<file>: line <n>: <what>"``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, cast

from nestaudit import DOC_URL, parsed
from nestaudit.engine import (
    TARGET,
    Condition,
    Reference,
    Rule,
    StepTemplate,
    Template,
    check_condition,
    compile_condition,
)
from nestaudit.errors import RuleError
from nestaudit.resources import PACKAGE

Path_ = tuple[Any, ...]
"""A JSON path into a rule file: keys and list indexes."""

_CONDITION_KEYS = ("applies", "violated")
_FLOAT_TAG = "tag:yaml.org,2002:float"


@cache
def schema() -> dict[str, Any]:
    """The rule-file JSON Schema shipped with the package."""
    text = (PACKAGE / "schemas" / "rule.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class _Problem(NamedTuple):
    file: str
    line: int
    what: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.what}"
        return f"{self.file}: line {self.line}: {self.what}"


@dataclass
class _Document:
    """A parsed rule file: its data and, for every JSON path, the line it is on."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    float_text: dict[Path_, str] = field(default_factory=dict)
    indexed: bool = False
    """Taken from `nestaudit.parsed`'s index: only the lines of the rules are known."""

    def line(self, path: Path_, *, key: bool = False) -> int:
        """The line of the value at `path` (or of its key), else of its nearest ancestor."""
        probe = tuple(path)
        if key and probe in self.key_lines:
            return self.key_lines[probe]
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def load_rules(
    paths: Sequence[Path],
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
) -> tuple[Rule, ...]:
    """Load every rule of `paths` (rule files, or directories of `*.yaml` files).

    `known_facts` maps each fact name to its scope ("host" or "domain"); a host rule may
    not read domain facts. Raises RuleError listing every problem, one per line.
    """
    problems: list[_Problem] = []
    rules: list[Rule] = []
    first_seen: dict[str, Rule] = {}
    for file in _rule_files(paths, problems):
        for rule in _load_file(file, known_facts, known_limitations, problems):
            other = first_seen.get(rule.id)
            if other is not None:
                problems.append(
                    _Problem(
                        rule.file,
                        rule.line,
                        f"duplicate rule id {rule.id!r} (first defined in {other.file}: line "
                        f"{other.line})",
                    )
                )
                continue
            first_seen[rule.id] = rule
            rules.append(rule)
    if problems:
        raise RuleError("\n".join(str(p) for p in sorted(problems)))
    return tuple(sorted(rules, key=lambda r: r.id))


def _rule_files(paths: Sequence[Path], problems: list[_Problem]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not found:
                problems.append(_Problem(str(path), 0, "no *.yaml rule files in this directory"))
        elif path.exists():
            found = [path]
        else:
            problems.append(_Problem(str(path), 0, "no such rule file or directory"))
            continue
        for file in found:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield file


def _load_file(
    path: Path,
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
    problems: list[_Problem],
) -> list[Rule]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        problems.append(_Problem(name, 1, f"not UTF-8 text ({err.reason})"))
        return []
    except OSError as err:
        problems.append(_Problem(name, 0, f"cannot read: {err.strerror or err}"))
        return []
    count = len(problems)
    doc = parse_document(text, name, problems)
    if doc is None:
        return []
    rules = _file_rules(doc, known_facts, known_limitations, problems)
    if doc.indexed and len(problems) > count:
        # The index keeps only the rules' lines: parse again for the exact line of each problem.
        del problems[count:]
        doc = parse_document(text, name, problems, use_index=False)
        if doc is None:
            return []
        rules = _file_rules(doc, known_facts, known_limitations, problems)
    return rules


def _file_rules(
    doc: _Document,
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
    problems: list[_Problem],
) -> list[Rule]:
    name = doc.file
    if doc.data is None:
        problems.append(
            _Problem(name, 1, "empty rule file (expected a mapping with a `rules` list)")
        )
        return []
    schema_paths = _schema_problems(doc, problems)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("rules"), list):
        return []
    rules: list[Rule] = []
    for index, item in enumerate(doc.data["rules"]):
        if not isinstance(item, dict):
            continue
        rule = _build_rule(doc, index, item, known_facts, known_limitations, schema_paths, problems)
        if rule is not None:
            rules.append(rule)
    return rules


# --------------------------------------------------------------------------- YAML


def parse_document(
    text: str, file: str, problems: list[_Problem], *, use_index: bool = True
) -> _Document | None:
    """Compose `text` to YAML nodes (safe tags only) and map every JSON path to its line.

    A file of the package's parsed index (`nestaudit.parsed`) is taken from it instead,
    with the lines of its rules only; `use_index=False` always parses.
    """
    if use_index:
        entry = parsed.lookup(text)
        if entry is not None:
            return _from_index(file, entry)
    import yaml

    # libyaml's loader (shipped in PyYAML's wheels) composes the same nodes and marks,
    # several times faster; the pure-Python one is the fallback.
    loader = parsed.safe_loader()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = str(err.problem or "cannot parse")
        if err.context:
            what += f" ({err.context})"
        problems.append(_Problem(file, line, f"malformed YAML: {what}"))
        return None
    except yaml.YAMLError as err:
        problems.append(_Problem(file, 1, f"malformed YAML: {err}"))
        return None
    finally:
        loader.dispose()
    doc = _Document(file, data)
    if node is None:
        doc.lines[()] = 1
        return doc
    try:
        _walk(node, (), doc, problems)
    except RecursionError:
        # an alias that contains itself (`a: &a [*a]`) or absurd nesting
        problems.append(
            _Problem(
                file,
                node.start_mark.line + 1,
                "malformed YAML: a self-referencing alias or too deep nesting",
            )
        )
        return None
    return doc


def _from_index(file: str, entry: dict[str, Any]) -> _Document:
    doc = _Document(file, entry["data"], indexed=True)
    doc.lines[()] = 1
    for index, line in enumerate(entry["rule_lines"]):
        doc.lines[("rules", index)] = line
    doc.float_text = {tuple(path): text for path, text in entry["floats"]}
    return doc


def index_entry(text: str, file: str) -> dict[str, Any] | None:
    """What `nestaudit.parsed`'s index stores for a rule file; None if it has a problem."""
    problems: list[_Problem] = []
    doc = parse_document(text, file, problems, use_index=False)
    if doc is None or problems or not isinstance(doc.data, dict):
        return None
    rules = doc.data.get("rules")
    count = len(rules) if isinstance(rules, list) else 0
    return {
        "data": doc.data,
        "rule_lines": [doc.line(("rules", i)) for i in range(count)],
        "floats": sorted([list(path), text] for path, text in doc.float_text.items()),
    }


def _walk(node: Any, path: Path_, doc: _Document, problems: list[_Problem]) -> None:
    import yaml

    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        first: dict[object, int] = {}
        for key_node, value_node in node.value:
            key: object = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key == "<<":
                continue
            line = key_node.start_mark.line + 1
            if key in first:
                problems.append(
                    _Problem(
                        doc.file,
                        line,
                        f"duplicate key {key!r} (first at line {first[key]})",
                    )
                )
            else:
                first[key] = line
            doc.key_lines[(*path, key)] = line
            _walk(value_node, (*path, key), doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc, problems)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _FLOAT_TAG and not node.style:
        # Keep "9.10" as written: as a float it would be 9.1, and versions compare by part.
        doc.float_text[path] = node.value


# --------------------------------------------------------------------------- schema


def _schema_problems(doc: _Document, problems: list[_Problem]) -> set[Path_]:
    """Record schema errors; return the paths that have one.

    Errors inside a condition are left out: `engine.check_condition` checks conditions
    completely and with better words ("unknown operator 'equals'"), and it always runs.
    """
    from nestaudit.schemas import is_valid_fast

    if is_valid_fast("rule", doc.data):
        return set()
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    paths: set[Path_] = set()
    for error in validator.iter_errors(doc.data):
        path: Path_ = tuple(error.absolute_path)
        if _in_condition(path):
            continue
        paths.add(path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(cast(dict[str, Any], error.schema).get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    what = f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
                    problems.append(
                        _Problem(
                            doc.file,
                            doc.line((*path, key), key=True),
                            _where(doc, path, what),
                        )
                    )
            continue
        if error.validator == "required":
            missing = str(error.message).split("'")[1] if "'" in error.message else ""
            what = f"missing required key {missing!r}" if missing else error.message
        elif error.validator == "type" and path == ():
            what = "a rule file is a mapping with a `rules` list"
        else:
            what = error.message
        problems.append(_Problem(doc.file, doc.line(path), _where(doc, path, what)))
    return paths


def _in_condition(path: Path_) -> bool:
    return len(path) >= 3 and path[0] == "rules" and path[2] in _CONDITION_KEYS


def _flagged(schema_paths: set[Path_], path: Path_) -> bool:
    """Whether the schema already found a problem at `path` or inside it."""
    return any(p[: len(path)] == path for p in schema_paths)


def _where(doc: _Document, path: Path_, what: str) -> str:
    """Prefix `what` with the rule id and the path inside the rule."""
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rule = doc.data["rules"][path[1]] if isinstance(doc.data, dict) else None
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        head = f"rule {rule_id}" if isinstance(rule_id, str) else f"rules[{path[1]}]"
        inner = _format_path(path[2:])
        return f"{head}: {inner}: {what}" if inner else f"{head}: {what}"
    inner = _format_path(path)
    return f"{inner}: {what}" if inner else what


def _format_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------- semantics


def _build_rule(
    doc: _Document,
    index: int,
    item: dict[str, Any],
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
    schema_paths: set[Path_],
    problems: list[_Problem],
) -> Rule | None:
    """Check what the schema cannot, on every part the schema found sound; build the Rule.

    Returns None when the rule has any problem (from the schema or from here).
    """
    base: Path_ = ("rules", index)
    count = len(problems)

    def problem(path: Path_, what: str) -> None:
        problems.append(
            _Problem(
                doc.file,
                doc.line((*base, *path)),
                _where(doc, (*base, *path), what),
            )
        )

    def sound(*path: Any) -> bool:
        return not _flagged(schema_paths, (*base, *path))

    scope = item.get("scope") if sound("scope") else None

    def fact_problem(name: str) -> str | None:
        fact_scope = known_facts.get(name)
        if fact_scope is None:
            return f"unknown fact {name!r}"
        if scope == "host" and fact_scope == "domain":
            return f"host rule uses domain fact {name!r} (make the rule `scope: domain`)"
        return None

    limitation = item.get("limitation")
    if sound("limitation") and isinstance(limitation, str):
        if limitation not in known_limitations:
            problem(("limitation",), f"{limitation!r} is not an ID of the limitation catalogue")

    conditions: dict[str, Any] = {}
    for key in _CONDITION_KEYS:
        if key not in item:
            continue
        data = _restore_floats(item[key], (*base, key), doc)
        for err in check_condition(data, fact_problem):
            problem((key, *err.path), err.message)
        conditions[key] = data

    templates: list[tuple[str, Template]] = []
    message = item.get("message")
    if isinstance(message, dict) and sound("message"):
        for key, text in message.items():
            template = _template(
                text, fact_problem, lambda what, k=key: problem(("message", k), what)
            )
            if template is not None:
                templates.append((key, template))
        on_violation = item.get("on_violation", "fail")
        if sound("on_violation") and on_violation not in message and "fail" not in message:
            problem(("message",), f"no template for the violated outcome: add `{on_violation}:`")

    steps: list[StepTemplate] = []
    remediation = item.get("remediation", [])
    if isinstance(remediation, list) and sound("remediation"):
        for i, step in enumerate(remediation):
            template = _template(
                step["text"],
                fact_problem,
                lambda what, i=i: problem(("remediation", i, "text"), what),
            )
            if template is not None:
                steps.append(
                    StepTemplate(
                        kind=step["kind"],
                        text=template,
                        vendor=step.get("vendor"),
                        arch=step.get("arch"),
                        disruptive=step.get("disruptive", False),
                        reboot=step.get("reboot", False),
                        path=step.get("path"),
                    )
                )

    if len(problems) > count or _flagged(schema_paths, base):
        return None
    compiled: dict[str, Condition] = {k: compile_condition(v) for k, v in conditions.items()}
    return Rule(
        id=item["id"],
        limitation=item["limitation"],
        title=item["title"],
        scope=item["scope"],
        severity=item["severity"],
        violated=compiled["violated"],
        applies=compiled.get("applies"),
        on_violation=item.get("on_violation", "fail"),
        messages=tuple(sorted(templates)),
        tags=tuple(item.get("tags", ())),
        remediation=tuple(steps),
        references=tuple(
            Reference(section=ref["section"], url=ref.get("url", DOC_URL))
            for ref in item.get("references", ())
        ),
        reading=item.get("reading"),
        description=item.get("description"),
        file=doc.file,
        line=doc.line(base),
    )


def _template(text: Any, fact_problem: Any, report: Any) -> Template | None:
    if not isinstance(text, str):
        return None
    try:
        template = Template.parse(text)
    except ValueError as err:
        report(str(err))
        return None
    ok = True
    for name in sorted(template.names - {TARGET}):
        what = fact_problem(name)
        if what:
            report(f"placeholder {{{name}}}: {what}")
            ok = False
    return template if ok else None


def _restore_floats(data: Any, path: Path_, doc: _Document) -> Any:
    """Replace plain float literals of a condition by their text as written ("9.10")."""
    if isinstance(data, dict):
        return {k: _restore_floats(v, (*path, k), doc) for k, v in data.items()}
    if isinstance(data, list):
        return [_restore_floats(v, (*path, i), doc) for i, v in enumerate(data)]
    if isinstance(data, float) and path in doc.float_text:
        return doc.float_text[path]
    return data
