"""The fleet's worker processes (nestaudit/fleet/pool.py) and their spool (spool.py): every
task runs once, a task's error or a worker's death is raised here, Ctrl-C is the parent's;
records stored by several processes come back whole, in any order, read or copied to a
file; a record the spool lost is an error naming the file; a worker's garbage collection
is set for judging."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from nestaudit.fleet.spool import Place, Spool


def _records(tag: str) -> list[bytes]:
    return [f"{tag}-{n}-".encode() * (1 + n * 37) for n in range(200)]


def test_records_of_two_processes_come_back_whole_in_any_order(tmp_path: Path) -> None:
    spool = Spool(str(tmp_path / "spool"))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # a worker: its own file, its places handed back through the pipe
        try:
            places = [spool.add(r) for r in _records("child")]
            os.write(write_end, json.dumps(places).encode())
        finally:
            os._exit(0)  # never back into the test run, whatever happened
    os.close(write_end)
    mine = [spool.add(r) for r in _records("parent")]
    os.waitpid(pid, 0)
    with os.fdopen(read_end) as pipe:
        theirs = [Place(*p) for p in json.loads(pipe.read())]
    assert {p.file for p in theirs} == {pid} != {p.file for p in mine}
    wanted = dict(zip(mine + theirs, _records("parent") + _records("child")))
    order = list(wanted)[::-1] + list(wanted)[::3]
    assert [spool.get(p) for p in order] == [wanted[p] for p in order]
    spool.close()


def _copied(spool: Spool, places: list[Place], path: Path) -> bytes:
    with open(path, "wb", buffering=0) as out:
        for place in places:
            out.write(b"|")  # the copies go where the file's position is, between writes
            spool.copy(place, out.fileno(), str(path))
    return path.read_bytes()


@pytest.mark.parametrize("kernel", ["copies", "cannot copy"])
def test_records_copied_to_a_file_come_whole_in_any_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: str
) -> None:
    spool = Spool(str(tmp_path / "spool"))
    records = _records("r")
    places = [spool.add(r) for r in records]
    order = list(range(len(places)))[::-1] + list(range(len(places)))[::3]
    if kernel == "cannot copy":  # another file system, an old kernel: read and written
        def refused(*_: object) -> int:
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refused)
    data = _copied(spool, [places[i] for i in order], tmp_path / "out")
    assert data == b"".join(b"|" + records[i] for i in order)
    spool.close()


@pytest.mark.parametrize("how", ["get", "copy"])
def test_a_lost_record_is_an_error_naming_the_spool_file(tmp_path: Path, how: str) -> None:
    spool = Spool(str(tmp_path / "spool"))
    place = spool.add(b"x" * 100)
    spool.close()
    os.truncate(tmp_path / "spool" / f"{place.file}.spool", 50)
    reader = Spool(str(tmp_path / "spool"))
    with pytest.raises(OSError, match=rf"{place.file}\.spool: the spool lost a record"):
        if how == "get":
            reader.get(place)
        else:
            _copied(reader, [place], tmp_path / "out")



def _collection(_: int) -> tuple[int, tuple[int, int, int], bool]:
    import gc

    return os.getpid(), gc.get_threshold(), gc.get_freeze_count() > 0


def test_workers_collect_young_objects_rarely_and_never_what_they_inherited() -> None:
    import gc

    from nestaudit.fleet.pool import Workers
    from nestaudit.fleet.run import WORKER_GC_THRESHOLD, worker_gc

    before = gc.get_threshold()
    with Workers(2, initializer=worker_gc) as workers:
        seen = list(workers.map_unordered(_collection, list(range(8)), chunk=1))
    assert {pid for pid, _, _ in seen} - {os.getpid()}  # judged in worker processes
    assert all(t == WORKER_GC_THRESHOLD and frozen for _, t, frozen in seen)
    assert gc.get_threshold() == before != WORKER_GC_THRESHOLD  # this process as it was


def _square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _fails(n: int) -> int:
    if n == 5:
        raise ValueError(f"task {n} went wrong")
    return n


def _dies(n: int) -> int:
    if n == 3:
        os.kill(os.getpid(), 9)
    return n


def test_every_task_is_run_once_across_the_workers_in_chunks() -> None:
    from nestaudit.fleet.pool import Workers

    with Workers(2) as workers:
        first = list(workers.map_unordered(_square, list(range(50)), chunk=4))
        second = list(workers.map_unordered(_square, list(range(7)), chunk=32))
    assert sorted(n for _, n in first) == [n * n for n in range(50)]
    assert sorted(n for _, n in second) == [n * n for n in range(7)]
    assert len({pid for pid, _ in first}) == 2 and os.getpid() not in {p for p, _ in first}


_PREPARED: tuple[int, ...] = ()


def _remember(chunk: Sequence[int]) -> None:
    global _PREPARED
    _PREPARED = tuple(chunk)


def _prepared_for(n: int) -> tuple[int, tuple[int, ...]]:
    return n, _PREPARED


@pytest.mark.parametrize("jobs", [0, 2])
def test_each_chunk_is_prepared_before_its_tasks_run(jobs: int) -> None:
    from nestaudit.fleet.pool import Workers
    from nestaudit.fleet.run import _parallel

    expected = {n: tuple(range(n - n % 3, min(n - n % 3 + 3, 10))) for n in range(10)}
    if jobs:
        with Workers(jobs) as workers:
            seen = dict(_parallel(workers, _prepared_for, list(range(10)), 3, _remember))
    else:  # one job: judged here, chunk by chunk as well
        seen = dict(_parallel(None, _prepared_for, list(range(10)), 3, _remember))
    assert seen == expected


def test_a_task_that_raises_raises_here_and_ends_the_workers() -> None:
    from nestaudit.fleet.pool import Workers

    workers = Workers(2)
    processes = list(workers._processes)
    with pytest.raises(ValueError, match="task 5 went wrong"):
        list(workers.map_unordered(_fails, list(range(20)), chunk=2))
    assert not any(p.is_alive() for p in processes)


def test_a_worker_that_dies_is_an_error_naming_it_not_a_wait() -> None:
    from nestaudit.fleet.pool import WorkerError, Workers

    with pytest.raises(WorkerError, match=r"a worker process \(pid \d+\) was killed \(signal "
                                          r"9: out of memory\? fewer --jobs use less\) before"):
        with Workers(2) as workers:
            list(workers.map_unordered(_dies, list(range(10)), chunk=1))


def test_workers_ignore_ctrl_c_which_the_parent_answers() -> None:
    import signal

    from nestaudit.fleet.pool import Workers

    with Workers(1) as workers:
        [(pid, _)] = workers.map_unordered(_square, [1], chunk=1)
        os.kill(pid, signal.SIGINT)
        assert [n for _, n in workers.map_unordered(_square, [2, 3], chunk=1)] == [4, 9]


def test_leaving_results_unread_ends_the_workers_and_they_take_no_more() -> None:
    from nestaudit.fleet.pool import WorkerError, Workers

    workers = Workers(2)
    processes = list(workers._processes)
    results = workers.map_unordered(_square, list(range(40)), chunk=1)
    next(results)
    results.close()
    assert not any(p.is_alive() for p in processes)
    with pytest.raises(WorkerError, match="the worker processes have ended"):
        list(workers.map_unordered(_square, [1], chunk=1))


def _no_space(path: str) -> None:
    raise OSError(28, "No space left on device", path)


def test_what_a_forked_writer_raises_is_raised_here_as_it_was(tmp_path: Path) -> None:
    from nestaudit.fleet.pool import Forked

    target = tmp_path / "out.txt"
    Forked(lambda: target.write_text("written there")).wait()
    assert target.read_text() == "written there"
    with pytest.raises(OSError) as raised:
        Forked(lambda: _no_space(str(target))).wait()
    assert (raised.value.errno, raised.value.filename) == (28, str(target))


def test_a_forked_writer_given_up_on_is_ended() -> None:
    import time

    from nestaudit.fleet.pool import Forked

    writer = Forked(lambda: time.sleep(60))
    started = time.monotonic()
    writer.stop()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(writer.pid, 0)  # reaped: no zombie left


def test_a_worker_that_died_waiting_for_work_is_an_error_naming_it() -> None:
    import signal
    import time

    from nestaudit.fleet.pool import WorkerError, Workers

    with Workers(2) as workers:
        list(workers.map_unordered(_square, list(range(4)), chunk=1))
        victim = workers._processes[0].pid
        os.kill(victim, signal.SIGKILL)  # idle between two passes, as the OOM killer may
        time.sleep(0.2)
        with pytest.raises(WorkerError, match=rf"\(pid {victim}\) was killed \(signal 9"):
            list(workers.map_unordered(_square, list(range(4)), chunk=1))


def _broken_pipe(n: int) -> int:
    raise BrokenPipeError(32, "Broken pipe")


def test_what_the_cli_reads_as_its_reader_gone_is_not_passed_on_as_such() -> None:
    from nestaudit.fleet.pool import Forked, WorkerError, Workers

    with pytest.raises(WorkerError, match="another process ended with BrokenPipeError"):
        with Workers(1) as workers:
            list(workers.map_unordered(_broken_pipe, [1], chunk=1))
    with pytest.raises(WorkerError, match="another process ended with SystemExit: 0"):
        Forked(lambda: sys.exit(0)).wait()
    with pytest.raises(WorkerError, match=r"\(pid \d+\) ended with code 3"):
        Forked(lambda: os._exit(3)).wait()


def test_a_forked_writer_interrupted_while_waited_for_is_ended() -> None:
    import signal
    import time

    from nestaudit.fleet.pool import Forked

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    writer = Forked(lambda: time.sleep(60))
    before = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(KeyboardInterrupt):
            writer.wait()
    finally:
        signal.signal(signal.SIGALRM, before)
    with pytest.raises(ChildProcessError):
        os.waitpid(writer.pid, 0)  # ended and reaped


def test_closing_with_results_unread_ends_the_workers_rather_than_waiting() -> None:
    import time

    from nestaudit.fleet.pool import Workers

    workers = Workers(2)
    processes = list(workers._processes)
    results = workers.map_unordered(_square, list(range(400)), chunk=1)
    next(results)
    started = time.monotonic()
    workers.close()
    assert time.monotonic() - started < 10
    assert not any(p.is_alive() for p in processes)
