"""Results as they are made, kept on disk: a fleet's hosts never sit in memory all at once.

Each process appends its records to its own file in the spool's folder, so that a worker
stores the host it judged itself and hands the parent only where it is (a 40 KB host
through a pipe cost the worker its pickling and the parent its reading). Records are
written unbuffered: on disk once `add` returns, whatever then becomes of the process. The
writers read them back in the order the report sorts them.
"""

from __future__ import annotations

import os
from typing import BinaryIO, NamedTuple


class Place(NamedTuple):
    file: int  # the process that wrote the record: its file is named by its pid
    offset: int
    length: int


class Spool:
    """Append-only byte records in a folder, a file per process."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self._pid: int | None = None
        self._out: BinaryIO | None = None
        self._end = 0
        self._readers: dict[int, BinaryIO] = {}

    def _file(self, pid: int) -> str:
        return os.path.join(self.folder, f"{pid}.spool")

    def add(self, data: bytes) -> Place:
        pid = os.getpid()
        if self._pid != pid or self._out is None:  # a worker inherits its parent's spool
            self._out = open(self._file(pid), "ab", buffering=0)  # noqa: SIM115 - see close
            self._pid = pid
            self._end = self._out.tell()
        place = Place(pid, self._end, len(data))
        view = memoryview(data)
        while view:
            written = self._out.write(view)
            if not written:  # a regular file takes everything or raises; never loop
                raise OSError(f"{self._file(pid)}: could not write to the spool")
            view = view[written:]
        self._end += len(data)
        return place

    def get(self, place: Place) -> bytes:
        reader = self._readers.get(place.file)
        if reader is None:
            reader = self._readers[place.file] = open(self._file(place.file), "rb")  # noqa: SIM115
        reader.seek(place.offset)
        data = reader.read(place.length)
        if len(data) != place.length:  # a regular file gives all it has: it was cut short
            raise OSError(f"{self._file(place.file)}: the spool lost a record")
        return data

    def close(self) -> None:
        if self._out is not None and self._pid == os.getpid():
            self._out.close()
        self._out = None
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()
