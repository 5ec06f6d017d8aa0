"""What a fleet worker does: read inputs, judge them, and hand back bytes for the writers.

`peek` reads what could link an input to others (`LinkKeys`) without judging it, so that
every input is judged once: a bundle file is only decoded (a fifth of judging it); an
input that is costly to read (a sosreport, a host root) is judged whole there, by
`judge_alone`, as if nothing linked it. `judge_group` judges inputs together, as `check`
of the whole fleet would: one alone, or those that links or a shared host name join.
Both return what the writers need already serialised (the host's JSON, its page and CSV
line) and stored in the spool by the worker, so that the parent only keeps where each
record is and never holds a fleet's worth of objects.

The rules and the topology are set once, by `setup`, before the worker processes start
(they inherit them on fork) or before judging in-process.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, Union

import orjson

from nestaudit import bundle as bundle_mod
from nestaudit import limits
from nestaudit.bundle import Bundle
from nestaudit.collect import BUNDLE_KIND
from nestaudit.engine.model import Finding, Rule
from nestaudit.errors import NestauditError
from nestaudit.facts import HostFacts
from nestaudit.fleet.discover import FOUND, Item
from nestaudit.fleet.findingjson import FINDING_JSON
from nestaudit.fleet.spool import Place, Spool
from nestaudit.fleet.writers import Tally, csv_line
from nestaudit.judge.assess import judge_together
from nestaudit.judge.assessment import Chain, HostAssessment
from nestaudit.judge.chains import chain_key
from nestaudit.report import chain_json, host_json
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.vocabulary import QUIET_OUTCOMES, Outcome
from nestaudit.waivers.load import WaiverFile
from nestaudit.waivers.match import patterns_of, waive_hosts

_SETTINGS: dict[str, Any] = {"rules": None, "topology": NO_TOPOLOGY, "waivers": None,
                             "spool": None}


def setup(rules: Sequence[Rule] | None, topology: Topology,
          waivers: WaiverFile | None = None, spool: Spool | None = None) -> None:
    """The rules (None: the built-in ones), topology and waivers every input is judged
    with, and the spool the serialised results go to (None: they are handed back)."""
    _SETTINGS["rules"] = rules
    _SETTINGS["topology"] = topology
    _SETTINGS["waivers"] = waivers
    _SETTINGS["spool"] = spool


Record = Union[bytes, Place]
"""Serialised output: the bytes, or where this process stored them in the spool."""


def _kept(data: bytes) -> Record:
    spool: Spool | None = _SETTINGS["spool"]
    return data if spool is None else spool.add(data)


def _judged(
    bundles: Sequence[Bundle],
) -> tuple[list[tuple[HostAssessment, Bundle, HostFacts]], tuple[Chain, ...], tuple[int, ...]]:
    """`judge_together` of the bundles, then the waivers applied, as `check` applies them
    (after judging: no verdict changes); also which waivers matched something."""
    hosts, chains = judge_together(
        bundles, _SETTINGS["rules"], _SETTINGS["topology"], among_others=True
    )
    waivers: WaiverFile | None = _SETTINGS["waivers"]
    if waivers is None:
        return hosts, chains, ()
    waived, used = waive_hosts([h for h, _, _ in hosts], patterns_of(waivers), waivers)
    return ([(w, b, f) for w, (_, b, f) in zip(waived, hosts)], chains, tuple(sorted(used)))


class HostOut(NamedTuple):
    """One judged host, ready for the writers."""

    number: int
    name: str
    sha256: str
    json: Record  # the host as the JSON report has it
    row: Record  # its line of the page, and of the CSV file as "csv_line" (JSON)
    tally: Tally  # what the fleet's totals count of it
    source: tuple[str, str, str, str]  # origin, sha256, collected_at, source type
    errored: tuple[str, ...]  # "rule (host)" of each rule that ended in error
    fail_rank: int  # the highest severity rank of a failing finding; -1: none
    unknown_rank: int  # the same for unknown findings
    waived: int  # findings a waiver accepted
    expired: int  # findings only expired waivers matched


class ChainOut(NamedTuple):
    key: tuple[tuple[str, str, str], ...]
    json: Record


class LinkKeys(NamedTuple):
    """What could link a bundle to another: its name, system UUID and domains."""

    name: str
    origin: str
    system_uuid: str | None
    uuids: frozenset[str]  # UUIDs its domains may have, lower-case (a superset when peeked)
    domains: frozenset[str] | None  # its domains' names; None: not read (no topology)


class Peeked(NamedTuple):
    """A bundle file read, not judged; keys None: not a readable bundle (judging says why)."""

    number: int
    keys: LinkKeys | None


class Alone(NamedTuple):
    number: int
    keys: LinkKeys
    host: HostOut
    chains: tuple[ChainOut, ...]
    waivers_used: tuple[int, ...]  # places in the waivers file of those that matched


class Failed(NamedTuple):
    number: int
    origin: str
    message: str


class Skipped(NamedTuple):
    """A file found in a folder whose content is not a bundle."""

    number: int


class Group(NamedTuple):
    numbers: tuple[int, ...]  # every input judged, a host or not
    hosts: tuple[HostOut, ...]
    chains: tuple[ChainOut, ...]
    failed: tuple[Failed, ...]
    waivers_used: tuple[int, ...]


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def _load(item: Item) -> Bundle | None:
    """The bundle of an input; None for a found file that is not a bundle."""
    from nestaudit.inputs import load_input

    if item.how != FOUND:
        return load_input(item.path)
    try:
        return bundle_mod.load(item.path)
    except NestauditError:
        if _mentions_bundle(item.path):
            raise
        return None


def _mentions_bundle(path: str, limit: int = 64 * 1024 * 1024) -> bool:
    """Whether a file (gzip-compressed or not) says it is a bundle anywhere in its first
    `limit` bytes: a damaged bundle is an error, any other JSON file is skipped."""
    import gzip
    import zlib

    wanted = BUNDLE_KIND.encode()
    try:
        with open(path, "rb") as raw:
            packed = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            handle: Any = gzip.GzipFile(fileobj=raw) if packed else raw
            data = b""
            try:
                while len(data) < limit and (chunk := handle.read(1 << 20)):
                    data = data[-len(wanted):] + chunk
                    if wanted in data:
                        return True
            except (OSError, EOFError, zlib.error):
                return wanted in data
    except OSError:
        return False
    return False


def internal_error(origin: str, exc: Exception) -> str:
    """One line for an unexpected error while judging one input."""
    text = " ".join(str(exc).split())[:300]
    return f"{origin}: internal error: {type(exc).__name__}: {text} (please report it)"


def _worst(findings: Sequence[Finding], outcome: Outcome) -> int:
    return max((f.severity.rank for f in findings if f.outcome is outcome), default=-1)


def _row(host: HostAssessment, origin: str) -> dict[str, Any]:
    """A host as the page and the CSV file show it."""
    worst: dict[str, str] = {}
    for f in host.findings:
        known = worst.get(f.limitation)
        if known is None or f.outcome.rank < Outcome(known).rank:
            worst[f.limitation] = f.outcome.value
    return {
        "host": host.name,
        "origin": origin,
        "role": host.role.value,
        "support": host.verdict.support.value,
        "ready": host.verdict.ready,
        "reasons": [str(r) for r in host.verdict.reasons],
        "counts": {k.value: n for k, n in host.counts.outcome},
        "limitations": worst,
        "findings": [
            [f.rule, f.limitation, f.outcome.value, f.severity.value, f.target, f.message,
             [s.text for s in f.remediation]]
            for f in host.findings
            if f.outcome not in QUIET_OUTCOMES
        ],
        "sha256": host.bundle.sha256,
        "collected_at": host.bundle.collected_at,
    }


def host_out(index: int, host: HostAssessment, bundle: Bundle) -> HostOut:
    errored = tuple(
        sorted({f"{f.rule} ({host.name})" for f in host.findings if f.outcome is Outcome.ERROR})
    )
    row = _row(host, bundle.origin)
    row["csv_line"] = csv_line(row)
    return HostOut(
        index,
        host.name,
        host.bundle.sha256,
        _kept(_dumps(host_json(host, FINDING_JSON.fragment))),
        _kept(_dumps(row)),
        Tally.of(row),
        (bundle.origin, bundle.sha256, bundle.collected_at, str(bundle.source["type"])),
        errored,
        _worst(host.findings, Outcome.FAIL),
        _worst(host.findings, Outcome.UNKNOWN),
        sum(f.outcome is Outcome.WAIVED for f in host.findings),
        sum(f.waiver is not None and f.waiver.expired for f in host.findings),
    )


def _chains(chains: Sequence[Chain]) -> tuple[ChainOut, ...]:
    return tuple(ChainOut(tuple(chain_key(c)), _kept(_dumps(chain_json(c)))) for c in chains)


def link_keys(facts: HostFacts, name: str, origin: str) -> LinkKeys:
    uuid = facts.values().get("host.system_uuid")
    uuids = set()
    for dom in facts.domains:
        d_uuid = dom.values().get("domain.uuid")
        if isinstance(d_uuid, str) and d_uuid:
            uuids.add(d_uuid.lower())
    return LinkKeys(name, origin, uuid.lower() if isinstance(uuid, str) else None,
                    frozenset(uuids), frozenset(d.name for d in facts.domains))


def prefetch_inputs(chunk: Sequence[tuple[int, Item]]) -> None:
    """Start reading a chunk's bundle files from the disk before `peek` reads them."""
    limits.prefetch([item.path for _, item in chunk], limits.MAX_BUNDLE_BYTES)


def prefetch_groups(chunk: Sequence[Sequence[tuple[int, Item]]]) -> None:
    """The same for `judge_group`: the first pass may have read a file long before."""
    limits.prefetch([item.path for group in chunk for _, item in group],
                    limits.MAX_BUNDLE_BYTES)


def peek(task: tuple[int, Item]) -> Peeked | Alone | Failed | Skipped:
    """What could link an input to others: read from a bundle file without judging it;
    an input costly to read (a sosreport, a host root) is judged alone here instead."""
    index, item = task
    if item.how != FOUND and not _bundle_file(item.path):
        return judge_alone(task)
    origin = item.path if item.how == FOUND else str(Path(item.path))
    try:
        return Peeked(index, _peeked_keys(origin))
    except Exception:  # noqa: BLE001 - whatever is wrong, judging the input will say it
        return Peeked(index, None)


def _bundle_file(path: str) -> bool:
    from nestaudit.inputs import is_archive

    return os.path.isfile(path) and not is_archive(Path(path))


def _document(path: str) -> Any:
    """The decoded file, as the bundle loader decodes it but for the depth limit, which
    the keys' few shallow lookups do not need (judging the bundle checks it)."""
    raw = limits.read_regular(path, limits.MAX_BUNDLE_BYTES)
    if raw[:2] == b"\x1f\x8b":
        raw = limits.gunzip(raw, limits.MAX_BUNDLE_BYTES)
    try:
        return orjson.loads(raw)
    except ValueError:  # what only json reads (NaN, integers past 64 bits)
        return bundle_mod.read_json(path)


def _peeked_keys(origin: str) -> LinkKeys | None:
    """The keys as `link_keys` would give them once judged (the domain UUIDs a superset,
    the domains' names read only when a topology file could name one)."""
    from nestaudit.facts.domainxmls import domain_uuids, read_domains
    from nestaudit.facts.evidence import EvidenceLog
    from nestaudit.facts.host import link_facts
    from nestaudit.facts.reader import Reader

    data = _document(origin)
    if not isinstance(data, dict) or data.get("kind") != BUNDLE_KIND:
        return None
    r = Reader(Bundle(data, origin), EvidenceLog())
    name, uuid = link_facts(r)
    topology: Topology = _SETTINGS["topology"]
    domains = frozenset(read_domains(r)[0]) if topology.domains else None
    return LinkKeys(
        name if isinstance(name, str) and name else (Path(origin).name or "host"),
        origin,
        uuid if isinstance(uuid, str) else None,
        domain_uuids(r),
        domains,
    )


def judge_alone(task: tuple[int, Item]) -> Alone | Failed | Skipped:
    """Judge one input on its own (as one of many: its chains can lower its verdict)."""
    index, item = task
    try:
        bundle = _load(item)
        if bundle is None:
            return Skipped(index)
        hosts, chains, used = _judged([bundle])
    except NestauditError as exc:
        return Failed(index, item.path, str(exc))
    except Exception as exc:  # noqa: BLE001 - one input's fault must not end the fleet's run
        return Failed(index, item.path, internal_error(item.path, exc))
    host, _, facts = hosts[0]
    keys = link_keys(facts, host.name, bundle.origin)
    return Alone(index, keys, host_out(index, host, bundle), _chains(chains), used)


def judge_group(task: Sequence[tuple[int, Item]]) -> Group:
    """Judge inputs together (in the order given, which is the fleet's input order); an
    input that is not a bundle after all is left out, one that cannot be read fails."""
    numbers = tuple(i for i, _ in task)
    bundles: list[Bundle] = []
    judged: list[tuple[int, Item]] = []
    failed: list[Failed] = []
    for index, item in task:
        try:
            bundle = _load(item)
        except NestauditError as exc:
            failed.append(Failed(index, item.path, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - as in judge_alone
            failed.append(Failed(index, item.path, internal_error(item.path, exc)))
            continue
        if bundle is not None:
            bundles.append(bundle)
            judged.append((index, item))
    if not bundles:
        return Group(numbers, (), (), tuple(failed), ())
    try:
        hosts, chains, used = _judged(bundles)
        out = tuple(host_out(i, h, b) for (i, _), (h, b, _) in zip(judged, hosts))
    except Exception as exc:  # noqa: BLE001 - as in judge_alone, for each input judged
        failed.extend(
            Failed(i, item.path, str(exc) if isinstance(exc, NestauditError)
                   else internal_error(item.path, exc))
            for i, item in judged
        )
        return Group(numbers, (), (), tuple(failed), ())
    return Group(numbers, out, _chains(chains), tuple(failed), used)
