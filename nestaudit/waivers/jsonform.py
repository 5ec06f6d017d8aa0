"""Waivers in the JSON report: on a finding, and the report's `waivers` section.

A waived finding carries `waiver: {reason, owner, expires, ticket, original_outcome}`; a
finding that only expired waivers matched carries `expired_waiver: {reason, owner,
expires, ticket}` and keeps its outcome. The report's `waivers` (present when a waivers
file was given) records the file's name, the day expiry was judged on, the counts, the
stale waivers and that waivers never change a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nestaudit.engine.model import WaiverNote
from nestaudit.judge.assessment import StaleWaiver, Waiver, WaiverReport
from nestaudit.vocabulary import Outcome
from nestaudit.waivers.match import VERDICT_NOTE

ReadOutcome = Callable[[Any], Outcome]


def note_json(note: WaiverNote) -> dict[str, Any]:
    """The finding's key and value for its waiver note."""
    data: dict[str, Any] = {
        "reason": note.reason,
        "owner": note.owner,
        "expires": note.expires,
        "ticket": note.ticket,
    }
    if note.expired:
        return {"expired_waiver": data}
    return {"waiver": {**data, "original_outcome": note.original_outcome.value}}


def note_from_json(
    finding: Mapping[str, Any], outcome: Outcome, read_outcome: ReadOutcome
) -> WaiverNote | None:
    """The waiver note a JSON finding carries, if any."""
    applied, expired = finding.get("waiver"), finding.get("expired_waiver")
    data: Mapping[str, Any]
    if isinstance(applied, Mapping):
        data, was = applied, read_outcome(applied.get("original_outcome"))
    elif isinstance(expired, Mapping):
        data, was = expired, outcome
    else:
        return None
    return WaiverNote(
        reason=str(data.get("reason") or ""),
        expires=str(data.get("expires") or ""),
        owner=_opt(data.get("owner")),
        ticket=_opt(data.get("ticket")),
        original_outcome=was,
        expired=data is not applied,
    )


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _waiver_json(w: Waiver) -> dict[str, Any]:
    data: dict[str, Any] = {"line": w.line}
    data["rule" if w.rule else "limitation"] = w.rule or w.limitation
    data.update(host=w.host, target=w.target, reason=w.reason, expires=w.expires)
    data.update(owner=w.owner, ticket=w.ticket)
    return data


def report_json(report: WaiverReport) -> dict[str, Any]:
    """The report's `waivers` section."""
    return {
        "file": report.file,
        "as_of": report.as_of,
        "applied": report.applied,
        "expired": report.expired,
        "stale": [{**_waiver_json(s.waiver), "why": s.why} for s in report.stale],
        "note": VERDICT_NOTE,
    }


def report_from_json(data: Any) -> WaiverReport | None:
    if not isinstance(data, Mapping):
        return None
    stale = []
    for item in data.get("stale") or ():
        if not isinstance(item, Mapping):
            continue
        waiver = Waiver(
            rule=_opt(item.get("rule")),
            limitation=_opt(item.get("limitation")),
            host=str(item.get("host") or "*"),
            target=str(item.get("target") or "*"),
            reason=str(item.get("reason") or ""),
            expires=str(item.get("expires") or ""),
            owner=_opt(item.get("owner")),
            ticket=_opt(item.get("ticket")),
            line=int(item.get("line") or 0),
        )
        stale.append(StaleWaiver(waiver, str(item.get("why") or "")))
    return WaiverReport(
        file=str(data.get("file") or ""),
        as_of=str(data.get("as_of") or ""),
        applied=int(data.get("applied") or 0),
        expired=int(data.get("expired") or 0),
        stale=tuple(stale),
    )
