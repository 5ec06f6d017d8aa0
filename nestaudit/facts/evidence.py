"""The evidence log kept while facts are built: which source said what, for each fact."""

from __future__ import annotations

from collections.abc import Mapping

from nestaudit.facts.model import Evidence, EvidenceKey


def clip(text: str, limit: int = 200) -> str:
    """`text` on one line and at most `limit` characters: an excerpt, never a whole file."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class EvidenceLog:
    """Collects evidence while facts are built; frozen into HostFacts at the end."""

    def __init__(self) -> None:
        # a dict per fact, not a list: its keys are the evidence itself, so recording one
        # more is O(1) however many there are (100,000 modprobe.d files once took minutes),
        # and dicts keep insertion order, so the evidence stays in the order it was read
        self.items: dict[EvidenceKey, dict[Evidence, None]] = {}

    def add(self, name: str, source: str, excerpt: str, domain: str | None = None) -> None:
        self.items.setdefault((name, domain), {})[Evidence(source, clip(excerpt))] = None

    def frozen(
        self, domains: list[str], evidence_from: Mapping[str, tuple[str, ...]]
    ) -> dict[EvidenceKey, tuple[Evidence, ...]]:
        """The evidence by (fact, domain). A derived fact without evidence of its own shares
        that of the first fact `evidence_from` names for it that has some."""
        out = {key: tuple(value) for key, value in self.items.items()}
        scopes: list[str | None] = [None, *domains]
        for scope in scopes:
            for fact, base in evidence_from.items():
                if (fact, scope) not in out:
                    for candidate in base:
                        if (candidate, scope) in out:
                            out[(fact, scope)] = out[(candidate, scope)]
                            break
        return out
