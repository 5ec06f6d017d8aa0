"""Load rule files (rules/<topic>.yaml), validate them, and compile them into `engine.Rule`s.

The format (docs/rules.md says the same at length)::

    rules:
      - id: intel-nested-enabled          # stable kebab-case, unique across all files
        limitation: NV-NESTED-ENABLED      # an ID of spec/limitations.yaml
        title: Nesting is enabled in kvm_intel
        fail_title: Nesting is off in kvm_intel   # optional: the title of a failing finding
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
        remediation:                       # optional list of steps (engine/stepfile.py)
          - kind: command                  # hint (text) | command (argv) | edit
            argv: [modprobe, -r, kvm_intel]  # words, each filled in and quoted alone
            vendor: intel                  # optional: intel | amd | ibm | arm
            arch: x86_64                   # optional
            disruptive: true               # optional (default false): disrupts running VMs
            reboot: false                  # optional (default false): needs a reboot
            path: /etc/modprobe.d/kvm.conf # optional, for kind: edit
        references:
          - section: "21.3"                # url defaults to nestaudit.DOC_URL
        reading: optional: "readings.md, Domain roles", the section it rests on
        description: why it matters, for the reader of a report
        samples:                           # sample hosts (samples/bundles/) per outcome
          fail: [intel-nested-off-persistent-on]
          pass: [intel-l0-rhel10-nested-on]

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
from functools import cache
from pathlib import Path
from typing import Any, cast

from nestaudit import DOC_URL
from nestaudit.engine.compile import compile_condition
from nestaudit.engine.conditions import Condition, check_condition
from nestaudit.engine.model import Reference, Rule, StepTemplate
from nestaudit.engine.stepfile import read_step
from nestaudit.engine.templates import TARGET, Template
from nestaudit.engine.yamldoc import Document, Path_, Problem, parse_document
from nestaudit.errors import RuleError
from nestaudit.limits import MAX_YAML_BYTES, LimitError, read_regular
from nestaudit.resources import PACKAGE
from nestaudit.vocabulary import Outcome, Scope, Severity

_CONDITION_KEYS = ("applies", "violated")


@cache
def schema() -> dict[str, Any]:
    """The rule-file JSON Schema shipped with the package."""
    text = (PACKAGE / "schemas" / "rule.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def load_rules(
    paths: Sequence[Path],
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
) -> tuple[Rule, ...]:
    """Load every rule of `paths` (rule files, or directories of `*.yaml` files).

    `known_facts` maps each fact name to its scope ("host" or "domain"); a host rule may
    not read domain facts. Raises RuleError listing every problem, one per line.
    """
    problems: list[Problem] = []
    rules: list[Rule] = []
    first_seen: dict[str, Rule] = {}
    for file in _rule_files(paths, problems):
        for rule in _load_file(file, known_facts, known_limitations, problems):
            other = first_seen.get(rule.id)
            if other is not None:
                problems.append(
                    Problem(
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


def _rule_files(paths: Sequence[Path], problems: list[Problem]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not found:
                problems.append(Problem(str(path), 0, "no *.yaml rule files in this directory"))
        elif path.exists():
            found = [path]
        else:
            problems.append(Problem(str(path), 0, "no such rule file or directory"))
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
    problems: list[Problem],
) -> list[Rule]:
    name = str(path)
    try:
        text = read_regular(path, MAX_YAML_BYTES).decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(Problem(name, 1, f"not UTF-8 text ({err.reason})"))
        return []
    except LimitError as err:
        problems.append(Problem(name, 0, f"cannot read: {err}"))
        return []
    except OSError as err:
        problems.append(Problem(name, 0, f"cannot read: {err.strerror or err}"))
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
    doc: Document,
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
    problems: list[Problem],
) -> list[Rule]:
    name = doc.file
    if doc.data is None:
        problems.append(
            Problem(name, 1, "empty rule file (expected a mapping with a `rules` list)")
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


# --------------------------------------------------------------------------- schema


def _schema_problems(doc: Document, problems: list[Problem]) -> set[Path_]:
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
                        Problem(
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
        problems.append(Problem(doc.file, doc.line(path), _where(doc, path, what)))
    return paths


def _in_condition(path: Path_) -> bool:
    return len(path) >= 3 and path[0] == "rules" and path[2] in _CONDITION_KEYS


def _flagged(schema_paths: set[Path_], path: Path_) -> bool:
    """Whether the schema already found a problem at `path` or inside it."""
    return any(p[: len(path)] == path for p in schema_paths)


def _where(doc: Document, path: Path_, what: str) -> str:
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


class _RuleCheck:
    """The checks of one rule that the schema cannot make, each problem with its line."""

    def __init__(
        self,
        doc: Document,
        index: int,
        known_facts: Mapping[str, str],
        schema_paths: set[Path_],
        problems: list[Problem],
    ) -> None:
        self.doc = doc
        self.base: Path_ = ("rules", index)
        self.known_facts = known_facts
        self.schema_paths = schema_paths
        self.problems = problems
        self.scope: object = None

    def problem(self, path: Path_, what: str) -> None:
        where = (*self.base, *path)
        line = self.doc.line(where)
        self.problems.append(Problem(self.doc.file, line, _where(self.doc, where, what)))

    def sound(self, *path: Any) -> bool:
        """Whether the schema found nothing wrong at `path` of the rule (or inside it)."""
        return not _flagged(self.schema_paths, (*self.base, *path))

    def fact_problem(self, name: str) -> str | None:
        fact_scope = self.known_facts.get(name)
        if fact_scope is None:
            return f"unknown fact {name!r}"
        if self.scope == Scope.HOST and fact_scope == Scope.DOMAIN:
            return f"host rule uses domain fact {name!r} (make the rule `scope: domain`)"
        return None

    def conditions(self, item: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key in _CONDITION_KEYS:
            if key not in item:
                continue
            data = _restore_floats(item[key], (*self.base, key), self.doc)
            for err in check_condition(data, self.fact_problem):
                self.problem((key, *err.path), err.message)
            found[key] = data
        return found

    def template(self, text: Any, path: Path_) -> Template | None:
        """`text` parsed as a template whose placeholders are all known facts."""
        if not isinstance(text, str):
            return None
        try:
            template = Template.parse(text)
        except ValueError as err:
            self.problem(path, str(err))
            return None
        ok = True
        for name in sorted(template.names - {TARGET}):
            what = self.fact_problem(name)
            if what:
                self.problem(path, f"placeholder {{{name}}}: {what}")
                ok = False
        return template if ok else None

    def messages(self, item: dict[str, Any]) -> list[tuple[str, Template]]:
        message = item.get("message")
        if not isinstance(message, dict) or not self.sound("message"):
            return []
        templates = []
        for key, text in message.items():
            template = self.template(text, ("message", key))
            if template is not None:
                templates.append((key, template))
        on_violation = item.get("on_violation", Outcome.FAIL)
        if self.sound("on_violation") and on_violation not in message and "fail" not in message:
            self.problem(
                ("message",), f"no template for the violated outcome: add `{on_violation}:`"
            )
        return templates

    def steps(self, item: dict[str, Any]) -> list[StepTemplate]:
        remediation = item.get("remediation", [])
        if not isinstance(remediation, list) or not self.sound("remediation"):
            return []
        steps = []
        for i, step in enumerate(remediation):
            built = read_step(
                step, ("remediation", i), self.problem, self.fact_problem, self.template
            )
            if built is not None:
                steps.append(built)
        return steps


def _build_rule(
    doc: Document,
    index: int,
    item: dict[str, Any],
    known_facts: Mapping[str, str],
    known_limitations: Collection[str],
    schema_paths: set[Path_],
    problems: list[Problem],
) -> Rule | None:
    """Check what the schema cannot, on every part the schema found sound; build the Rule.

    Returns None when the rule has any problem (from the schema or from here).
    """
    count = len(problems)
    check = _RuleCheck(doc, index, known_facts, schema_paths, problems)
    check.scope = item.get("scope") if check.sound("scope") else None
    limitation = item.get("limitation")
    if check.sound("limitation") and isinstance(limitation, str):
        if limitation not in known_limitations:
            check.problem(
                ("limitation",), f"{limitation!r} is not an ID of the limitation catalogue"
            )
    conditions = check.conditions(item)
    templates = check.messages(item)
    steps = check.steps(item)
    if len(problems) > count or _flagged(schema_paths, check.base):
        return None
    compiled: dict[str, Condition] = {k: compile_condition(v) for k, v in conditions.items()}
    return Rule(
        id=item["id"],
        limitation=item["limitation"],
        title=item["title"],
        scope=Scope(item["scope"]),
        severity=Severity(item["severity"]),
        violated=compiled["violated"],
        applies=compiled.get("applies"),
        on_violation=Outcome(item.get("on_violation", Outcome.FAIL)),
        messages=tuple(sorted(templates)),
        tags=tuple(item.get("tags", ())),
        remediation=tuple(steps),
        references=tuple(
            Reference(section=ref["section"], url=ref.get("url", DOC_URL))
            for ref in item.get("references", ())
        ),
        reading=item.get("reading"),
        description=item.get("description"),
        fail_title=item.get("fail_title"),
        samples=tuple(
            (Outcome(outcome), tuple(names)) for outcome, names in item.get("samples", {}).items()
        ),
        file=doc.file,
        line=doc.line(check.base),
    )


def _restore_floats(data: Any, path: Path_, doc: Document) -> Any:
    """Replace plain float literals of a condition by their text as written ("9.10")."""
    if isinstance(data, dict):
        return {k: _restore_floats(v, (*path, k), doc) for k, v in data.items()}
    if isinstance(data, list):
        return [_restore_floats(v, (*path, i), doc) for i, v in enumerate(data)]
    if isinstance(data, float) and path in doc.float_text:
        return doc.float_text[path]
    return data
