"""How findings become a host's verdict (spec/verdicts.md).

Readiness comes from the limitations marked `gates_ready`; the support class starts from
the chapter's tables (the derived `support.host_table`) and is capped by every failing
limitation that carries a `violation` class.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from nestaudit.engine import Finding
from nestaudit.matrix import SUPPORT_ORDER, least_supported
from nestaudit.ruleset import Limitation


class Verdict(NamedTuple):
    support: str
    ready: bool | None
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"support": self.support, "ready": self.ready, "reasons": list(self.reasons)}


def first_sentence(text: str) -> str:
    """The first sentence of a message, for a one-sentence reason."""
    text = " ".join(text.split())
    for index, char in enumerate(text):
        if char in ".!?" and (index + 1 == len(text) or text[index + 1] == " "):
            return text[: index + 1]
    return text if text.endswith(".") else text + "."


def readiness(findings: Iterable[Finding], catalogue: Mapping[str, Limitation]) -> bool | None:
    """False when a gating limitation fails; None when none fails and one is unknown."""
    gating = [
        f
        for f in findings
        if catalogue.get(f.limitation, None) is not None and catalogue[f.limitation].gates_ready
    ]
    if any(f.outcome == "fail" for f in gating):
        return False
    if any(f.outcome in ("unknown", "error") for f in gating):
        return None
    return True


def ready_reasons(findings: Iterable[Finding], catalogue: Mapping[str, Limitation]) -> list[str]:
    out = []
    for f in findings:
        limitation = catalogue.get(f.limitation)
        if limitation is None or not limitation.gates_ready:
            continue
        if f.outcome == "fail":
            out.append(f"{f.limitation}: {first_sentence(f.message)}")
        elif f.outcome in ("unknown", "error"):
            out.append(f"{f.limitation}: not known ({f.rule}): {first_sentence(f.message)}")
    return out


def support_caps(
    findings: Iterable[Finding], catalogue: Mapping[str, Limitation]
) -> list[tuple[str, str]]:
    """(class, reason) for every failing finding whose limitation caps the class."""
    caps = []
    for f in findings:
        limitation = catalogue.get(f.limitation)
        if f.outcome == "fail" and limitation is not None and limitation.violation:
            where = "" if f.scope == "host" else f" ({f.target})"
            caps.append(
                (limitation.violation, f"{f.limitation}{where}: {first_sentence(f.message)}")
            )
    return caps


def host_verdict(
    table_class: str,
    table_limitation: str,
    table_reason: str,
    findings: Sequence[Finding],
    catalogue: Mapping[str, Limitation],
) -> Verdict:
    """The host's verdict: the tables' class, capped, and readiness, with their reasons."""
    caps = support_caps(findings, catalogue)
    classes = [table_class] + [c for c, _ in caps]
    if table_class == "unknown":
        # A violation classed unsupported decides whatever the tables would have said.
        support = "unsupported" if any(c == "unsupported" for c, _ in caps) else "unknown"
    else:
        support = least_supported([c for c in classes if c in SUPPORT_ORDER])
    reasons = [f"{table_limitation}: placed as {table_class}: {table_reason}."]
    reasons.extend(sorted({r for _, r in caps}))
    reasons.extend(ready_reasons(findings, catalogue))
    unique = tuple(dict.fromkeys(reasons))  # one limitation can cap and gate readiness
    return Verdict(support=support, ready=readiness(findings, catalogue), reasons=unique)
