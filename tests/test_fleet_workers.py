"""The fleet's worker processes and their spool (nestaudit/fleet/spool.py): records stored by
several processes come back whole, in any order; a record the spool lost is an error naming
the file; a worker's garbage collection is set for judging (run.worker_gc)."""

from __future__ import annotations

import json
import os
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


def test_a_lost_record_is_an_error_naming_the_spool_file(tmp_path: Path) -> None:
    spool = Spool(str(tmp_path / "spool"))
    place = spool.add(b"x" * 100)
    spool.close()
    os.truncate(tmp_path / "spool" / f"{place.file}.spool", 50)
    with pytest.raises(OSError, match=rf"{place.file}\.spool: the spool lost a record"):
        Spool(str(tmp_path / "spool")).get(place)



def _collection(_: int) -> tuple[int, tuple[int, int, int], bool]:
    import gc

    return os.getpid(), gc.get_threshold(), gc.get_freeze_count() > 0


def test_workers_collect_young_objects_rarely_and_never_what_they_inherited() -> None:
    import gc

    from nestaudit.fleet.run import WORKER_GC_THRESHOLD, _parallel

    before = gc.get_threshold()
    seen = list(_parallel(_collection, list(range(8)), jobs=2, chunk=1))
    assert {pid for pid, _, _ in seen} - {os.getpid()}  # judged in worker processes
    assert all(t == WORKER_GC_THRESHOLD and frozen for _, t, frozen in seen)
    assert gc.get_threshold() == before != WORKER_GC_THRESHOLD  # this process as it was
