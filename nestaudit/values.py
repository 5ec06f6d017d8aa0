"""Values shared by facts, rules and judging: the unknown marker, versions, evidence, OSes."""

from __future__ import annotations

import re
from functools import total_ordering
from typing import Final, NamedTuple


class _Unknown:
    """The value of a fact the bundle cannot tell. Never equal to False, None or "".

    A singleton; falsy-ness is refused so that `if fact:` cannot silently treat
    "unknown" as "no".
    """

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("an unknown fact has no truth value; compare with `is UNKNOWN`")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


class Evidence(NamedTuple):
    """Where a fact came from and what was read there: a host path (with `:line` where
    useful) or a command, and an excerpt. Facts record it; findings carry it as is.

    A named tuple rather than a dataclass: a large host has tens of thousands of evidence
    items, hashed to remove duplicates, and a tuple hashes in C."""

    source: str
    excerpt: str


_VERSION = re.compile(r"^\s*(\d+(?:\.\d+)*)")


@total_ordering
class Version:
    """A dotted version compared numerically by component: 9.6 < 9.10 < 10 == 10.0.

    Not a tuple (a message would show a tuple as a list of numbers) and not a dataclass
    (`check` would pay for importing `dataclasses`): a small immutable class."""

    __slots__ = ("parts",)
    parts: tuple[int, ...]

    def __init__(self, parts: tuple[int, ...]) -> None:
        object.__setattr__(self, "parts", tuple(parts))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Version is immutable (cannot set {name})")

    def __repr__(self) -> str:
        return f"Version(parts={self.parts!r})"

    def __reduce__(self) -> tuple[type[Version], tuple[tuple[int, ...]]]:
        return (Version, (self.parts,))

    @classmethod
    def parse(cls, text: str) -> Version | None:
        """Parse the leading dotted number of `text` ("10.0", "9.6 (Plow)"); None if none."""
        match = _VERSION.match(str(text))
        if not match:
            return None
        return cls(tuple(int(p) for p in match.group(1).split(".")))

    def _key(self) -> tuple[int, ...]:
        parts = list(self.parts)
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        return tuple(parts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)


class OS(NamedTuple):
    """One level's operating system, as the support tables see it. family None means the
    OS is not known."""

    family: str | None
    version: Version | None = None
    kind: str = ""  # windows: server | client
    label: str = ""
    minor_unknown: bool = False  # only the major version is known ("rhel/10-unknown")

    @property
    def known(self) -> bool:
        return self.family is not None

    def describe(self) -> str:
        if self.label:
            return self.label
        if not self.known:
            return "an unknown OS"
        return f"{self.family} {self.version or ''}".strip()
