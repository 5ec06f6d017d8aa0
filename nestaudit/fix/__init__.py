"""`nestaudit fix`: the remediation of every failing finding as one artifact to review and
run, a bash script or an Ansible playbook. nestaudit writes it and never runs it.

`plan.py` decides which steps become changes (those that say how to tell they are done);
`sh.py` and `ansible.py` write the same plan each in its own language.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from nestaudit.engine.model import Rule
from nestaudit.fix.plan import Fix, plan, rule_order
from nestaudit.judge.assessment import Assessment


class FixFormat(str, Enum):
    SH = "sh"
    ANSIBLE = "ansible"


def write_fix(assessment: Assessment, rules: Sequence[Rule], fmt: FixFormat) -> str:
    """The artifact for `assessment`'s failing findings, steps in the order of `rules`."""
    fixes = plan(assessment, rule_order(rules))
    header = _header(assessment, fixes)
    if fmt is FixFormat.SH:
        from nestaudit.fix.sh import script

        return script(fixes, header)
    from nestaudit.fix.ansible import playbook

    return playbook(fixes, header)


def _header(assessment: Assessment, fixes: Sequence[Fix]) -> list[str]:
    covered = sum(1 for f in fixes if f.covered)
    lines = [
        f"nestaudit fix, written by {assessment.tool} (rules {assessment.rules_version}); "
        "nestaudit never runs it",
        f"{len(fixes)} failing finding(s); changes for {covered}, "
        f"{len(fixes) - covered} left to you (see 'not fixed here')",
    ]
    lines += [f"input: {s.origin} (sha256 {s.sha256[:12]}, collected {s.collected_at})"
              for s in assessment.sources]
    return lines
