"""fleet.json and fleet.csv, written from the spool in the report's order.

fleet.json is a JSON report (spec/report-contract.md) of every host, with the fleet's
totals (`fleet`) and the inputs that could not be judged (`errors`). Its keys are sorted,
one host or chain a line: the hosts are copied from the spool as the workers wrote them,
never parsed again (nor read into this process, where the kernel can copy them).
fleet.csv's lines are made by the workers too, and the totals counted from each host's
tally: the parent only reads the rows for the page, while another process writes
fleet.json.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from io import FileIO
from typing import Any, NamedTuple

import orjson

from nestaudit.fleet.spool import Place, Spool, write_all
from nestaudit.vocabulary import Outcome, SupportClass


class Tally(NamedTuple):
    """What the fleet's totals count of a host (from its row, by the worker that judged it:
    the totals come first in fleet.json, and its writer does not read the rows)."""

    support: str
    ready: bool | None
    role: str
    limitations: tuple[tuple[str, str], ...]  # (limitation, its worst outcome)

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Tally:
        return cls(row["support"], row["ready"], row["role"], tuple(row["limitations"].items()))


class Entry(NamedTuple):
    """A judged host, as the parent keeps it: its sort key and where its records are."""

    key: tuple[str, str, int]  # name, bundle SHA-256, input index (ties: input order)
    json: Place
    row: Place
    tally: Tally
    source: tuple[str, str, str, str]
    errored: tuple[str, ...]
    fail_rank: int
    unknown_rank: int
    waived: int = 0
    expired: int = 0


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


class Totals:
    """The `fleet` summary, counted from each host's tally."""

    def __init__(self) -> None:
        self.hosts = 0
        self.support: dict[str, int] = {s.value: 0 for s in SupportClass}
        self.ready = {"yes": 0, "no": 0, "unknown": 0}
        self.roles: dict[str, int] = {}
        self.limitations: dict[str, dict[str, int]] = {}

    def add(self, tally: Tally) -> None:
        self.hosts += 1
        self.support[tally.support] = self.support.get(tally.support, 0) + 1
        ready = tally.ready
        self.ready["unknown" if ready is None else ("yes" if ready else "no")] += 1
        self.roles[tally.role] = self.roles.get(tally.role, 0) + 1
        for limitation, outcome in tally.limitations:
            counts = self.limitations.setdefault(limitation, {})
            counts[outcome] = counts.get(outcome, 0) + 1

    def as_json(self, **more: Any) -> dict[str, Any]:
        order = {o.value: o.rank for o in Outcome}
        limitations = {
            lim: dict(sorted(counts.items(), key=lambda kv: order.get(kv[0], 99)))
            for lim, counts in sorted(self.limitations.items())
        }
        return {
            "hosts": self.hosts,
            "support": self.support,
            "ready": self.ready,
            "roles": dict(sorted(self.roles.items())),
            "limitations": limitations,
            **more,
        }


CSV_FIELDS = (
    "host", "role", "support", "ready", *(o.value for o in Outcome),
    "failing_limitations", "sha256", "collected_at", "origin",
)


def csv_line(row: Mapping[str, Any]) -> str:
    """A host's line of fleet.csv, from its row (by the worker that judged it)."""
    counts = row["counts"]
    ready = row["ready"]
    failing = sorted(lim for lim, o in row["limitations"].items() if o == Outcome.FAIL)
    return _line([
        _cell(row["host"]), row["role"], row["support"],
        "unknown" if ready is None else ("yes" if ready else "no"),
        *(counts.get(o.value, 0) for o in Outcome),
        " ".join(failing), row["sha256"], row["collected_at"], _cell(row["origin"]),
    ])


def _line(cells: Sequence[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


CSV_HEADER = _line(CSV_FIELDS)


def _cell(text: str) -> str:
    """A host's text as a CSV cell: one that a spreadsheet would run as a formula gets a
    leading quote (host names and paths come from the hosts)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _array(out: int, name: str, spool: Spool, places: Iterable[Place]) -> None:
    write_all(out, b"[", name)
    first = True
    for place in places:
        write_all(out, b"\n" if first else b",\n", name)
        spool.copy(place, out, name)
        first = False
    write_all(out, b"\n]" if not first else b"]", name)


def write_report(
    out: FileIO,
    head: Mapping[str, Any],
    spool: Spool,
    hosts: Sequence[Entry],
    chains: Sequence[Place],
    errors: Sequence[Mapping[str, str]],
    totals: Mapping[str, Any],
) -> None:
    """fleet.json, to a file open unbuffered (the hosts are copied into it from the spool
    file to file): `head` (schema version, tool, rules, provenance) with the hosts and
    chains from the spool, the sources, the totals and the errors; keys sorted."""
    sources = sorted((e.source for e in hosts), key=lambda s: (s[1], s[0]))
    fields: dict[str, Any] = {
        **head,
        "errors": list(errors),
        "fleet": totals,
        "generated_from": [
            {"origin": o, "sha256": h, "collected_at": at, "source": t} for o, h, at, t in sources
        ],
    }
    fd, name = out.fileno(), str(out.name)
    write_all(fd, b"{", name)
    first = True
    for key in sorted({*fields, "hosts", "chains"}):
        write_all(fd, (b"" if first else b",\n") + _dumps(key) + b":", name)
        first = False
        if key == "hosts":
            _array(fd, name, spool, (e.json for e in hosts))
        elif key == "chains":
            _array(fd, name, spool, chains)
        else:
            write_all(fd, _dumps(fields[key]), name)
    write_all(fd, b"}\n", name)
