"""`nestaudit fleet`: judge many inputs in parallel and write one fleet report.

1. Every input is read, in worker processes, for what could link it to others (its host
   name, system UUID and domain UUIDs); a bundle file is only decoded, an input costly
   to read (a sosreport, a host root) is judged alone there and then.
2. The links are found in linear time (maps by system UUID, domain UUID and host name).
   The bundles that links or a shared host name join are judged together, as `check` of
   the whole fleet would judge them (replacing any lone result), and every other input
   alone, in worker processes, in chunks; each worker stores its results (the host's
   JSON, its page and CSV line) in the spool and hands back where they are.
3. The writers read the spool in the report's order (hosts by name, then bundle) into
   fleet.json, fleet.csv and fleet.html, in a temporary folder renamed at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TextIO, TypeVar

from nestaudit import DOC_TITLE, DOC_URL, __version__
from nestaudit.engine.model import Rule
from nestaudit.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, NestauditError
from nestaudit.fleet import linking, work
from nestaudit.fleet.discover import Item, Problem, discover
from nestaudit.fleet.page import Page
from nestaudit.fleet.pool import Forked, Workers
from nestaudit.fleet.spool import Place, Spool
from nestaudit.fleet.writers import CSV_HEADER, Entry, Totals, write_report
from nestaudit.judge.assessment import WaiverReport
from nestaudit.topology import NO_TOPOLOGY, Topology
from nestaudit.vocabulary import Severity
from nestaudit.waivers.jsonform import report_json
from nestaudit.waivers.load import WaiverFile
from nestaudit.waivers.match import Seen, patterns_of, waiver_report

Progress = Callable[[int, int], None]
_T = TypeVar("_T")
_R = TypeVar("_R")

FILES = ("fleet.json", "fleet.html", "fleet.csv")


class FleetResult(NamedTuple):
    out_dir: str
    hosts: int
    problems: tuple[Problem, ...]
    errored: tuple[str, ...]
    exit_code: int
    waivers: WaiverReport | None = None  # None: no --waivers


class _State:
    """What the parent keeps per input: where its records are, never the records."""

    def __init__(self, spool: Spool) -> None:
        self.spool = spool
        self.hosts: dict[int, Entry] = {}
        self.chains: dict[int, list[tuple[Any, Place]]] = {}
        self.keys: dict[int, work.LinkKeys] = {}
        self.problems: list[Problem] = []
        self.waivers_used: dict[int, tuple[int, ...]] = {}  # by first input judged

    def place(self, record: work.Record) -> Place:
        """Where a record is: stored by the worker, else stored here."""
        return record if isinstance(record, Place) else self.spool.add(record)

    def host(self, out: work.HostOut) -> None:
        self.hosts[out.number] = Entry(
            (out.name, out.sha256, out.number),
            self.place(out.json),
            self.place(out.row),
            out.tally,
            out.source,
            out.errored,
            out.fail_rank,
            out.unknown_rank,
            out.waived,
            out.expired,
        )

    def add_chains(self, first: int, chains: Sequence[work.ChainOut]) -> None:
        # sorted later by the chain's levels, then as check builds them (input order)
        self.chains[first] = [
            ((c.key, first, n), self.place(c.json)) for n, c in enumerate(chains)
        ]

    def alone(self, result: work.Alone | work.Failed | work.Skipped) -> None:
        if isinstance(result, work.Failed):
            self.problems.append(Problem(result.origin, result.message))
        elif isinstance(result, work.Alone):
            self.host(result.host)
            self.keys[result.number] = result.keys
            self.add_chains(result.number, result.chains)
            self.waivers_used[result.number] = result.waivers_used

    def group(self, result: work.Group) -> None:
        self.problems.extend(Problem(f.origin, f.message) for f in result.failed)
        for out in result.hosts:
            self.host(out)
        if result.hosts:
            self.add_chains(min(h.number for h in result.hosts), result.chains)
            self.waivers_used[min(h.number for h in result.hosts)] = result.waivers_used


def _parallel(
    workers: Workers | None, fn: Callable[[_T], _R], tasks: Sequence[_T], chunk: int,
    prepare: Callable[[Sequence[_T]], None] | None = None,
) -> Iterator[_R]:
    """fn over tasks in chunks, `prepare` of each chunk first: in the worker processes
    (results in the order they finish), or here when there are none."""
    if workers is None:
        return _here(fn, tasks, chunk, prepare)
    return workers.map_unordered(fn, tasks, chunk, prepare)


def _here(
    fn: Callable[[_T], _R], tasks: Sequence[_T], chunk: int,
    prepare: Callable[[Sequence[_T]], None] | None,
) -> Iterator[_R]:
    for start in range(0, len(tasks), chunk):
        part = tasks[start:start + chunk]
        if prepare is not None:
            prepare(part)
        yield from map(fn, part)


WORKER_GC_THRESHOLD = (20_000, 20, 20)


def worker_gc() -> None:
    """A worker's garbage collection: what it inherited (the rules, the catalogue, the
    caches) is never walked again, and the young objects are collected every 20,000
    allocations, not 700. Judging a bundle makes tens of thousands of containers that
    reference counting frees; a collection every 700 walked the bundle's live data each
    time (5% of the workers' CPU for 10,000 bundles: 19.3-19.9 s against 18.5-18.6 s)."""
    import gc

    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def _chunk(count: int, jobs: int) -> int:
    """Chunks small enough to share the work out evenly and show progress, large enough
    that passing them costs little."""
    return max(1, min(32, count // (jobs * 8) or 1))


def _warm(rules: Sequence[Rule] | None) -> None:
    """Load once, before forking, what every worker would otherwise load itself."""
    from nestaudit.bundle import _rust_validator
    from nestaudit.engine.catalogue import catalogue
    from nestaudit.engine.ruleset import rules_version
    from nestaudit.judge.registry import builtin_rules

    if rules is None:
        builtin_rules()
    catalogue()
    rules_version()
    _rust_validator()


def _target(out_dir: str) -> str:
    """Where the folder goes; refuses a file, or a folder with anything in it."""
    if os.path.lexists(out_dir):
        if not os.path.isdir(out_dir) or os.path.islink(out_dir):
            raise NestauditError(f"{out_dir}: exists and is not a folder")
        if os.listdir(out_dir):
            raise NestauditError(f"{out_dir}: the folder is not empty; give a new or empty one")
    parent = os.path.dirname(os.path.abspath(out_dir))
    if not os.path.isdir(parent):
        raise NestauditError(f"{out_dir}: the folder {parent} does not exist")
    return parent


def run_fleet(
    inputs: Sequence[str],
    out_dir: str,
    *,
    jobs: int,
    rules: Sequence[Rule] | None,
    topology: Topology,
    fail_on: Severity,
    allow_unknown: bool,
    progress: Progress | None = None,
    stdin: TextIO | None = None,
    waivers: WaiverFile | None = None,
) -> FleetResult:
    parent = _target(out_dir)
    items, problems = discover(inputs, stdin)
    if not items and not problems:
        raise NestauditError("no bundles or sosreports found in " + ", ".join(inputs))
    tmp = tempfile.mkdtemp(prefix=".nestaudit-fleet-", dir=parent)
    try:
        spool = Spool(os.path.join(tmp, ".spool"))
        try:
            state = _judge(items, jobs, rules, topology, spool, progress, waivers)
            state.problems[:0] = problems
            report = _waiver_report(state, rules, waivers)
            result = _write(tmp, state, len(items), fail_on, allow_unknown, report)
        finally:
            work.setup(None, NO_TOPOLOGY)  # nothing judged later goes to this spool
            spool.close()
            shutil.rmtree(spool.folder)
        if os.path.isdir(out_dir):
            os.rmdir(out_dir)  # empty, as _target made sure
        os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result._replace(out_dir=out_dir)


def _judge(
    items: Sequence[Item],
    jobs: int,
    rules: Sequence[Rule] | None,
    topology: Topology,
    spool: Spool,
    progress: Progress | None,
    waivers: WaiverFile | None,
) -> _State:
    work.setup(rules, topology, waivers, spool)
    _warm(rules)
    jobs = min(jobs, len(items))
    if jobs <= 1:
        return _judge_with(None, 1, items, topology, spool, progress)
    with Workers(jobs, initializer=worker_gc) as workers:  # they inherit rules and caches
        return _judge_with(workers, jobs, items, topology, spool, progress)


def _judge_with(
    workers: Workers | None,
    jobs: int,
    items: Sequence[Item],
    topology: Topology,
    spool: Spool,
    progress: Progress | None,
) -> _State:
    state = _State(spool)
    tasks = list(enumerate(items))
    total = len(tasks)
    judged: set[int] = set()  # judged whole by the first pass (or not judged at all)
    peeked: list[int] = []
    chunk = _chunk(total, jobs)
    for result in _parallel(workers, work.peek, tasks, chunk, work.prefetch_inputs):
        if isinstance(result, work.Peeked):
            peeked.append(result.number)
            if result.keys is not None:
                state.keys[result.number] = result.keys
            continue
        state.alone(result)
        judged.add(result.number)
        if progress:
            progress(len(judged), total)
    groups = linking.groups(state.keys, topology)
    grouped = {index for members in groups for index in members}
    for index in grouped & judged:  # judged alone first: judged again with its group
        state.hosts.pop(index, None)
        state.chains.pop(index, None)
        state.waivers_used.pop(index, None)
    batches = [[(i, items[i]) for i in members] for members in groups]
    batches.extend([(i, items[i])] for i in sorted(peeked) if i not in grouped)
    done = len(judged)
    chunk = _chunk(len(batches), jobs)
    for group in _parallel(workers, work.judge_group, batches, chunk, work.prefetch_groups):
        state.group(group)
        done += sum(1 for i in group.numbers if i not in judged)
        if progress:
            progress(done, total)
    return state


def _waiver_report(
    state: _State, rules: Sequence[Rule] | None, waivers: WaiverFile | None
) -> WaiverReport | None:
    """The fleet's waivers section, as `check` of every input would give it: a waiver is
    stale when no host's finding matched it."""
    if waivers is None:
        return None
    from nestaudit.judge.registry import builtin_rules

    rule_set = builtin_rules() if rules is None else rules
    seen = Seen(frozenset(r.id for r in rule_set), frozenset(r.limitation for r in rule_set),
                frozenset(e.key[0].lower() for e in state.hosts.values()))
    used = {i for places in state.waivers_used.values() for i in places}
    return waiver_report(waivers, patterns_of(waivers), used, seen,
                         sum(e.waived for e in state.hosts.values()),
                         sum(e.expired for e in state.hosts.values()))


def _exit(entries: Iterable[Entry], problems: Sequence[Problem], fail_on: Severity,
          allow_unknown: bool) -> tuple[int, tuple[str, ...]]:
    """The exit code as `check` gives it over every host; 2 also when an input failed."""
    errored: set[str] = set()
    worse = False
    for e in entries:
        errored.update(e.errored)
        top = e.fail_rank if allow_unknown else max(e.fail_rank, e.unknown_rank)
        worse = worse or top >= fail_on.rank
    if errored or problems:
        return EXIT_ERROR, tuple(sorted(errored))
    return (EXIT_FINDINGS if worse else EXIT_OK), ()


def _write(
    tmp: str, state: _State, inputs: int, fail_on: Severity, allow_unknown: bool,
    waivers: WaiverReport | None,
) -> FleetResult:
    from nestaudit.engine.ruleset import rules_version

    hosts = sorted(state.hosts.values(), key=lambda e: e.key)
    chains = [place for _, place in sorted(
        (c for cs in state.chains.values() for c in cs), key=lambda c: c[0])]
    problems = sorted(set(state.problems))
    code, errored = _exit(hosts, problems, fail_on, allow_unknown)
    totals = Totals()
    for entry in hosts:
        totals.add(entry.tally)
    summary = totals.as_json(
        inputs=inputs, errors=len(problems), chains=len(chains), fail_on=fail_on.value,
        allow_unknown=allow_unknown, exit_code=code,
    )
    version = rules_version()
    head = {
        "schema_version": 1,
        "tool": {"name": "nestaudit", "version": __version__},
        "rules": {"version": version, "doc": DOC_TITLE},
        "provenance": {"tool": f"nestaudit {__version__}", "rules_version": version,
                       "doc": DOC_TITLE, "doc_url": DOC_URL},
    }
    if waivers is not None:
        head["waivers"] = report_json(waivers)
    errors = [{"input": p.origin, "message": p.message} for p in problems]
    # fleet.json is a copy from the spool and the page is made from the rows: at once
    json_writer = Forked(lambda: _write_json(
        os.path.join(tmp, "fleet.json"), head, state.spool, hosts, chains, errors, summary))
    try:
        page = _write_rows(os.path.join(tmp, "fleet.csv"), state.spool, hosts)
        meta = (f"nestaudit {__version__}, rules {version} ({DOC_TITLE}); {len(hosts)} hosts "
                f"from {inputs} inputs, {len(problems)} not judged")
        html = page.render(meta, summary, [[p.origin, p.message] for p in problems])
        with open(os.path.join(tmp, "fleet.html"), "wb") as out:
            out.write(html)
    except BaseException:
        json_writer.stop()
        raise
    json_writer.wait()  # ends it too if interrupted
    _modes(tmp)
    return FleetResult(tmp, len(hosts), tuple(problems), errored, code, waivers)


def _write_json(path: str, head: dict[str, Any], spool: Spool, hosts: Sequence[Entry],
                chains: Sequence[Place], errors: Sequence[dict[str, str]],
                summary: dict[str, Any]) -> None:
    with open(path, "wb", buffering=0) as out:  # the spool's records are copied into it
        write_report(out, head, spool, hosts, chains, errors, summary)


def _write_rows(path: str, spool: Spool, hosts: Sequence[Entry]) -> Page:
    """fleet.csv, and the page's data, from the hosts' rows."""
    import orjson

    page = Page()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(CSV_HEADER)
        for entry in hosts:
            row = orjson.loads(spool.get(entry.row))
            handle.write(row["csv_line"])
            page.add(row)
    return page


def _modes(folder: str) -> None:
    """The reports as the umask allows (like every report); the folder is mkdtemp's 0700
    until renamed, then as the umask allows too."""
    umask = os.umask(0)
    os.umask(umask)
    for name in FILES:
        os.chmod(os.path.join(folder, name), 0o666 & ~umask)
    os.chmod(folder, 0o777 & ~umask)
