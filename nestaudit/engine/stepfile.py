"""A rule file's remediation steps, read and checked beyond the schema.

What each kind of step needs (the schema allows every key on every step):
- hint: `text`, prose;
- command: `argv`, its words (no `text`: a host value pasted into a command line would be
  run, so commands are built from words, each quoted alone); optional `each`, a list fact;
  optional `check: {argv, prints, not}`, how to tell it is done (`nestaudit fix` runs
  only the commands that have one);
- edit: `path` and `text` (a file's line, optional `replaces: {line: FACT, text: FACT}`),
  or `domain` (a fact naming the domain) and `cpu` (the `<cpu>` element: `mode:
  host-passthrough`, or `model: [FACT, ...]` with `require: FACT`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nestaudit.engine.model import CheckTemplate, CpuEdit, StepTemplate
from nestaudit.engine.templates import Template
from nestaudit.vocabulary import StepKind

Path_ = tuple[Any, ...]
Problem = Callable[[Path_, str], None]
FactProblem = Callable[[str], "str | None"]
TemplateOf = Callable[[Any, Path_], "Template | None"]

_KEYS = {
    StepKind.HINT: ({"text"}, {"argv", "each", "domain", "cpu", "replaces", "path", "check"}),
    StepKind.COMMAND: ({"argv"}, {"text", "domain", "cpu", "replaces", "path"}),
}


def read_step(
    step: dict[str, Any], at: Path_, problem: Problem, fact_problem: FactProblem,
    template: TemplateOf,
) -> StepTemplate | None:
    """The step at `at` of a rule, or None after reporting its problems."""
    kind = StepKind(step["kind"])
    if not _keys_fit(kind, step, at, problem):
        return None
    ok = True
    for key, name in _fact_names(step):
        what = fact_problem(name)
        if what:
            problem((*at, *key), what)
            ok = False
    text = template(step.get("text", ""), (*at, "text"))
    argv = [template(word, (*at, "argv", i)) for i, word in enumerate(step.get("argv", ()))]
    check = step.get("check")
    check_argv = [template(word, (*at, "check", "argv", i))
                  for i, word in enumerate((check or {}).get("argv", ()))]
    if not ok or text is None or any(w is None for w in (*argv, *check_argv)):
        return None
    cpu = step.get("cpu")
    replaces = step.get("replaces")
    return StepTemplate(
        kind=kind,
        text=text,
        vendor=step.get("vendor"),
        arch=step.get("arch"),
        disruptive=step.get("disruptive", False),
        reboot=step.get("reboot", False),
        path=step.get("path"),
        argv=tuple(w for w in argv if w is not None),
        each=step.get("each"),
        domain=step.get("domain"),
        cpu=None if cpu is None else CpuEdit(
            cpu.get("mode"), tuple(cpu.get("model", ())), cpu.get("require"), cpu.get("check")
        ),
        replaces=None if replaces is None else (replaces["line"], replaces["text"]),
        option=step.get("option"),
        check=None if check is None else CheckTemplate(
            tuple(w for w in check_argv if w is not None),
            tuple(check.get("prints", ())), check.get("not", False),
        ),
    )


def _keys_fit(kind: StepKind, step: dict[str, Any], at: Path_, problem: Problem) -> bool:
    given = set(step)
    if kind is StepKind.EDIT:
        if "cpu" in given or "domain" in given:
            needed, banned = {"domain", "cpu"}, {"text", "path", "replaces", "argv", "each"}
        else:
            needed, banned = {"path", "text"}, {"argv", "each"}
        banned = banned | {"check"}  # an edit's check is built from what it puts in place
        cpu = step.get("cpu")
        if isinstance(cpu, dict) and ("mode" in cpu) == ("model" in cpu or "require" in cpu):
            problem((*at, "cpu"), "give `mode`, or `model` with `require`")
            return False
        if isinstance(cpu, dict) and "model" in cpu and "require" not in cpu:
            problem((*at, "cpu"), "a `model` needs the feature it must `require`")
            return False
    else:
        needed, banned = _KEYS[kind]
    missing = sorted(needed - given)
    extra = sorted(banned & given)
    if missing:
        problem(at, f"a {kind} step needs {', '.join(f'`{k}`' for k in missing)}")
    if extra:
        why = " (a command is `argv`: its words, each quoted alone)" \
            if kind is StepKind.COMMAND and "text" in extra else ""
        problem(at, f"a {kind} step takes no {', '.join(f'`{k}`' for k in extra)}{why}")
    return not missing and not extra


def _fact_names(step: dict[str, Any]) -> list[tuple[Path_, str]]:
    """(where, fact name) of every key of `step` that names a fact."""
    found: list[tuple[Path_, str]] = [((k,), step[k]) for k in ("each", "domain") if k in step]
    for key, name in (step.get("replaces") or {}).items():
        found.append((("replaces", key), name))
    cpu = step.get("cpu") or {}
    for i, name in enumerate(cpu.get("model", ())):
        found.append((("cpu", "model", i), name))
    if "require" in cpu:
        found.append((("cpu", "require"), cpu["require"]))
    return found
