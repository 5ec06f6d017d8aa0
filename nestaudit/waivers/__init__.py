"""Waivers: accepted exceptions with an expiry date, read from a YAML file.

`load_waivers(path, as_of)` reads and checks the file (schemas/waivers.schema.json);
`apply_waivers(assessment, waivers)` turns the fail and unknown findings each matches into
`waived`, after judging, so that no verdict changes; `jsonform` is their part of the JSON
report.
"""

from __future__ import annotations

import datetime

from nestaudit.errors import NestauditError
from nestaudit.judge.assessment import Assessment, WaiverReport
from nestaudit.waivers.load import WaiverFile, load_waivers
from nestaudit.waivers.match import VERDICT_NOTE, apply_waivers

__all__ = ["VERDICT_NOTE", "WaiverFile", "apply_waivers", "from_options", "load_waivers",
           "warnings"]


def from_options(path: str | None, as_of: str | None) -> WaiverFile | None:
    """The file `--waivers` names, judged on `--as-of` (YYYY-MM-DD) or else today; None
    without `--waivers`. Read before any input, so that a bad file stops a verb before it
    collects or writes anything."""
    if path is None:
        if as_of is not None:
            raise NestauditError("--as-of judges the expiry of waivers: give --waivers FILE too")
        return None
    day = datetime.date.fromisoformat(as_of) if as_of else datetime.date.today()
    return load_waivers(path, day)


def warnings(assessment: Assessment | WaiverReport | None) -> list[str]:
    """Stale waivers and findings whose waivers expired, one line each, for standard error
    (a CI log shows them, whatever the report's format)."""
    w = assessment.waivers if isinstance(assessment, Assessment) else assessment
    if w is None:
        return []
    lines = [
        f"{w.file}: line {s.waiver.line}: stale waiver ({s.waiver.subject}): {s.why}"
        for s in w.stale
    ]
    if w.expired:
        lines.append(
            f"{w.file}: {w.expired} finding(s) count again: the waivers matching them had "
            f"expired by {w.as_of}"
        )
    return lines
