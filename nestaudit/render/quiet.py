"""`check -q`: the verdict line of each host and only the findings that set the exit code.

The findings shown are those `report.exit_code` counts: fails, unknowns (unless
`allow_unknown`) at or above `fail_on`, and rules that ended in error. Nothing else is
printed, so a script or a cron mail reads what decided the exit code and no more.
"""

from __future__ import annotations

from nestaudit.judge.assessment import Assessment
from nestaudit.render.records import Finding
from nestaudit.render.text import paint_with
from nestaudit.render.view import build_view
from nestaudit.terminal import safe_line as clean_line
from nestaudit.vocabulary import Outcome, Severity


def counts_for_exit(
    finding: Finding, fail_on: Severity, *, allow_unknown: bool = False
) -> bool:
    """Whether `finding` sets the exit code, as `report.exit_code` counts it."""
    if finding.outcome is Outcome.ERROR:
        return True
    counted = (Outcome.FAIL,) if allow_unknown else (Outcome.FAIL, Outcome.UNKNOWN)
    return finding.outcome in counted and finding.severity.at_least(fail_on)


def render_quiet(
    assessment: Assessment, fail_on: Severity, *, allow_unknown: bool = False,
    color: bool = False,
) -> str:
    """One verdict line per host, each followed by the findings that set the exit code."""
    paint = paint_with(color)
    lines: list[str] = []
    for host in build_view(assessment).hosts:
        v = host.verdict
        lines.append(
            f"{clean_line(host.name)}: {paint(v.support, v.support_label)}, "
            f"{paint(v.ready_key, v.ready_label)}"
        )
        lines += [
            f"  {paint(f.outcome, f.outcome.value.upper())} {f.severity} "
            f"{clean_line(f.rule)} [{clean_line(f.target)}]: {clean_line(f.message)}"
            for f in host.findings
            if counts_for_exit(f, fail_on, allow_unknown=allow_unknown)
        ]
    return "\n".join(lines) + "\n" if lines else "No hosts in this report.\n"
