"""How findings become a host's verdict (verdicts.md, "Readiness" and "Support class").

Readiness comes from the limitations marked `gates_ready`; the support class starts from
the chapter's tables (the derived `support.host_table`) and is capped by every failing
limitation that carries a `violation` class.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from nestaudit.engine.catalogue import Limitation
from nestaudit.engine.model import Finding
from nestaudit.facts.registry import FactSpec
from nestaudit.judge.assessment import Reason, Verdict
from nestaudit.vocabulary import Outcome, Scope, SupportClass

VERDICT_FACT = FactSpec(
    "verdict.support",
    "str",
    "host",
    "nestaudit/judge/verdict.py, after every rule that does not read it",
    "never",
    "The host's final support class; rules that read it run in a second pass.",
)
_NOT_KNOWN = (Outcome.UNKNOWN, Outcome.ERROR)


_SENTENCE_END = re.compile(r"[.!?](?= |\Z)")


@lru_cache(maxsize=4096)  # a fleet's hosts share their messages
def first_sentence(text: str) -> str:
    """The first sentence of a message, for a one-sentence reason."""
    text = " ".join(text.split())
    end = _SENTENCE_END.search(text)
    if end is not None:
        return text[: end.end()]
    return text if text.endswith(".") else text + "."


def _gating(findings: Iterable[Finding], catalogue: Mapping[str, Limitation]) -> list[Finding]:
    out = []
    for f in findings:
        limitation = catalogue.get(f.limitation)
        if limitation is not None and limitation.gates_ready:
            out.append(f)
    return out


def readiness(findings: Iterable[Finding], catalogue: Mapping[str, Limitation]) -> bool | None:
    """False when a gating limitation fails; None when none fails and one is unknown."""
    gating = _gating(findings, catalogue)
    if any(f.outcome is Outcome.FAIL for f in gating):
        return False
    if any(f.outcome in _NOT_KNOWN for f in gating):
        return None
    return True


def ready_reasons(findings: Iterable[Finding], catalogue: Mapping[str, Limitation]) -> list[Reason]:
    out = []
    for f in _gating(findings, catalogue):
        if f.outcome is Outcome.FAIL:
            out.append(Reason(first_sentence(f.message), f.limitation))
        elif f.outcome in _NOT_KNOWN:
            # Short: the finding itself says what was missing and what would settle it.
            out.append(Reason(f"could not be decided: {f.title} ({f.rule}).", f.limitation))
    return out


def support_caps(
    findings: Iterable[Finding], catalogue: Mapping[str, Limitation]
) -> list[tuple[SupportClass, Reason]]:
    """(class, reason) for every failing finding whose limitation caps the class."""
    caps = []
    for f in findings:
        limitation = catalogue.get(f.limitation)
        if f.outcome is Outcome.FAIL and limitation is not None and limitation.violation:
            target = None if f.scope == Scope.HOST else f.target
            caps.append(
                (limitation.violation, Reason(first_sentence(f.message), f.limitation, target))
            )
    return caps


def placement_reasons(table_class: SupportClass, limitation: str, reason: str) -> list[Reason]:
    """Where the tables place the host, one short sentence per level or condition."""
    parts = [p.strip() for p in reason.split("; ") if p.strip()]
    if len(parts) <= 1:
        return [Reason(f"placed as {table_class}: {reason}.", limitation)]
    first = Reason(f"placed as {table_class}.", limitation)
    return [first, *(Reason(_sentence(part), limitation) for part in parts)]


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def host_verdict(
    table_class: SupportClass,
    table_limitation: str,
    table_reason: str,
    findings: Sequence[Finding],
    catalogue: Mapping[str, Limitation],
) -> Verdict:
    """The host's verdict: the tables' class, capped, and readiness, with their reasons."""
    caps = support_caps(findings, catalogue)
    if table_class is SupportClass.UNKNOWN:
        # A violation classed unsupported decides whatever the tables would have said.
        unsupported = any(c is SupportClass.UNSUPPORTED for c, _ in caps)
        support = SupportClass.UNSUPPORTED if unsupported else SupportClass.UNKNOWN
    else:
        support = SupportClass.least([table_class, *(c for c, _ in caps)])
    reasons = placement_reasons(table_class, table_limitation, table_reason)
    reasons.extend(sorted({r for _, r in caps}, key=str))
    reasons.extend(ready_reasons(findings, catalogue))
    unique = tuple(dict.fromkeys(reasons))  # one limitation can cap and gate readiness
    return Verdict(support=support, ready=readiness(findings, catalogue), reasons=unique)
