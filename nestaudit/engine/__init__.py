"""The rule language: rule files, conditions in three-valued logic, templates, evaluation.

- `rulefile` loads and checks rule files (`yamldoc` gives every value its line, `parsed`
  skips PyYAML for the files the package ships); `ruleset` loads folders of them;
- `conditions` and `compile` are the conditions (`all`, `any`, `not`, fact predicates);
- `templates` fills `{fact.name}` placeholders; `model` holds Rule, Finding and Step;
- `evaluate` judges rules against fact values (`run`);
- `catalogue` is the limitation catalogue the rules encode.

The engine knows the rule language, not nestaudit's facts: `nestaudit.judge.registry`
names the facts rules may use.
"""

from __future__ import annotations

from nestaudit.engine.compile import EvaluationError, compile_condition
from nestaudit.engine.conditions import Condition, ConditionError, check_condition
from nestaudit.engine.evaluate import EvidenceLike, evaluate, run
from nestaudit.engine.model import Finding, Reference, Rule, Step, StepTemplate
from nestaudit.engine.templates import MESSAGE_LIST_MAX, TARGET, Template, display
from nestaudit.values import Evidence

__all__ = [
    "MESSAGE_LIST_MAX",
    "TARGET",
    "Condition",
    "ConditionError",
    "EvaluationError",
    "Evidence",
    "EvidenceLike",
    "Finding",
    "Reference",
    "Rule",
    "Step",
    "StepTemplate",
    "Template",
    "check_condition",
    "compile_condition",
    "display",
    "evaluate",
    "run",
]
