"""fleet.html: one self-contained page (its CSS, script and data inline, nothing fetched).

The hosts are embedded as compact JSON (every repeated text once, in a string table; a
host's limitations as one character each) and the script builds the table a page of rows
at a time, so that the page opens quickly with 10,000 hosts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from nestaudit.engine.catalogue import catalogue
from nestaudit.resources import templates_dir
from nestaudit.vocabulary import Outcome, Role, SupportClass

_OUTCOME = {o.value: str(o.rank) for o in Outcome}
_SUPPORT = {s.value: s.rank for s in SupportClass}


class Page:
    """The page's data, added a host at a time in the report's order."""

    def __init__(self) -> None:
        self.lims = list(catalogue())
        self._lim_index = {lim: i for i, lim in enumerate(self.lims)}
        self.roles = [r.value for r in Role]
        self._role_index = {r: i for i, r in enumerate(self.roles)}
        self._strings: dict[str, int] = {}  # every text once, by its place in the table
        self.hosts: list[list[Any]] = []

    def _s(self, text: str) -> int:
        strings = self._strings
        return strings.setdefault(text, len(strings))

    @property
    def strings(self) -> list[str]:
        return list(self._strings)  # in the order of their places

    def _lim(self, limitation: str) -> int:
        index = self._lim_index.get(limitation)
        if index is None:  # a limitation of the user's own rules, not in the catalogue
            index = self._lim_index[limitation] = len(self.lims)
            self.lims.append(limitation)
        return index

    def _role(self, role: str) -> int:
        index = self._role_index.get(role)
        if index is None:
            index = self._role_index[role] = len(self.roles)
            self.roles.append(role)
        return index

    def add(self, row: Mapping[str, Any]) -> None:
        strings = self._strings
        put = strings.setdefault  # a text's place, given it if new: `_s` without the call
        findings = [
            [put(rule, len(strings)), self._lim(lim), int(_OUTCOME[outcome]),
             put(severity, len(strings)), put(target, len(strings)),
             put(message, len(strings)), [put(fix, len(strings)) for fix in fixes]]
            for rule, lim, outcome, severity, target, message, fixes in row["findings"]
        ]
        cells = {self._lim(lim): _OUTCOME[o] for lim, o in row["limitations"].items()}
        self.hosts.append([
            row["host"],
            self._role(row["role"]),
            _SUPPORT[row["support"]],
            row["ready"],
            cells,
            self._s(row["origin"]),
            [self._s(r) for r in row["reasons"]],
            findings,
        ])

    def render(self, meta: str, totals: Mapping[str, Any], errors: list[list[str]]) -> bytes:
        width = len(self.lims)
        for host in self.hosts:
            cells = host[4]
            host[4] = "".join(cells.get(i, "-") for i in range(width))
        known = catalogue()
        data = {
            "meta": meta,
            "outcomes": [o.value for o in Outcome],
            "support": [s.value for s in SupportClass],
            "roles": self.roles,
            "lims": [[lim, known[lim].statement if lim in known else lim] for lim in self.lims],
            "strings": self.strings,
            "hosts": self.hosts,
            "errors": errors,
            "totals": totals,
        }
        # "<" as \u003c: no text from a host can close the script element
        embedded = orjson.dumps(data).replace(b"<", b"\\u003c")
        folder = templates_dir()
        page = (folder / "fleet.html").read_bytes()
        for mark, part in (
            (b"/*CSS*/", (folder / "fleet.css").read_bytes()),
            (b"/*JS*/", (folder / "fleet.js").read_bytes()),
        ):
            page = page.replace(mark, part)
        head, _, tail = page.partition(b"/*DATA*/")
        return head + embedded + tail
