"""Lenient reading of JSON values that may be missing or of the wrong type: what reading a
hand-made or older JSON report needs (`nestaudit.report.from_json`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar


def text(value: Any) -> str:
    """A display string for a model value; None and missing become ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def optional(value: Any) -> str | None:
    return text(value) or None


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def sequence(value: Any) -> Sequence[Any]:
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return value
    return ()


def boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def strings(value: Any) -> tuple[str, ...]:
    return tuple(text(v) for v in sequence(value))


T = TypeVar("T")


def each(value: Any, read: Callable[[Mapping[str, Any], str], T], where: str) -> tuple[T, ...]:
    return tuple(read(mapping(item), f"{where}[{i}]") for i, item in enumerate(sequence(value)))
