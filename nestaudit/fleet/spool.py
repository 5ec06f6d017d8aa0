"""Results as they arrive, kept on disk: a fleet's hosts never sit in memory all at once.

Each record is appended to one file; the spool keeps only where each record is. The
writers read the records back in the order the report sorts them.
"""

from __future__ import annotations

from typing import BinaryIO, NamedTuple


class Place(NamedTuple):
    offset: int
    length: int


class Spool:
    """An append-only file of byte records."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._file: BinaryIO = open(path, "w+b")  # noqa: SIM115 - closed by close()
        self._end = 0

    def add(self, data: bytes) -> Place:
        self._file.seek(self._end)
        self._file.write(data)
        place = Place(self._end, len(data))
        self._end += len(data)
        return place

    def get(self, place: Place) -> bytes:
        self._file.seek(place.offset)
        return self._file.read(place.length)

    def close(self) -> None:
        self._file.close()
