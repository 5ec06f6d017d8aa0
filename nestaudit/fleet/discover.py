"""What `nestaudit fleet` is given, as a list of inputs to judge.

An argument is a bundle file, a sosreport (folder or archive), a folder to search, or
`@FILE`: a list of such arguments, one a line (`@-` reads standard input). A folder is
searched recursively for bundle files (`*.json`, `*.json.gz`; whether one is a bundle is
told by its content when it is read) and sosreports; a sosreport folder is taken whole
and not descended. An argument that cannot be read becomes an error, not the end of the
run. Symbolic links to folders are not followed (a loop would never end).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, TextIO

from nestaudit.sources.archive import is_archive_name
from nestaudit.sources.sos.recognise import MARKERS

BUNDLE_SUFFIXES = (".json", ".json.gz")

NAMED = "named"
"""An input named on the command line or in a list: anything it holds but a bundle is an error."""
FOUND = "found"
"""A file found in a folder: one whose content is not a bundle is skipped."""


class Item(NamedTuple):
    """One input: its path, as given or found, and how it came (NAMED or FOUND)."""

    path: str
    how: str


class Problem(NamedTuple):
    """An input that could not be judged, and why (one line, naming it)."""

    origin: str
    message: str


def discover(
    arguments: Sequence[str], stdin: TextIO | None = None
) -> tuple[list[Item], list[Problem]]:
    """The inputs the arguments name, each once (the first mention wins), in order, and the
    arguments that could not be read."""
    items: list[Item] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for item, real in _expand(arguments, stdin or sys.stdin, problems, lists=set()):
        if real not in seen:
            seen.add(real)
            items.append(item)
    return items, problems


def _expand(
    arguments: Iterable[str], stdin: TextIO, problems: list[Problem], lists: set[str]
) -> Iterator[tuple[Item, str]]:
    """Each input with its real path (os.path.realpath's), which says when two are one."""
    for argument in arguments:
        if argument.startswith("@"):
            yield from _expand(_listed(argument[1:], stdin, problems, lists), stdin,
                               problems, lists)
        elif os.path.isdir(argument) and not _is_sos_dir(argument):
            yield from _search(argument, os.path.realpath(argument), problems)
        elif os.path.exists(argument):
            yield Item(argument, NAMED), os.path.realpath(argument)
        else:
            problems.append(Problem(argument, f"{argument}: no such file or directory"))


def _listed(name: str, stdin: TextIO, problems: list[Problem], lists: set[str]) -> list[str]:
    """The paths a list names, one a line (blank lines and lines starting with # skipped);
    a list that names itself, directly or not, is read once."""
    key = "-" if name == "-" else os.path.realpath(name)
    if key in lists:
        return []
    lists.add(key)
    try:
        if name == "-":
            text = stdin.read()
        else:
            with open(name, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problems.append(Problem(f"@{name}", f"@{name}: cannot read the list: {why}"))
        return []
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _is_sos_dir(path: str) -> bool:
    return any(os.path.exists(os.path.join(path, m)) for m in MARKERS)


def _search(folder: str, real: str, problems: list[Problem]) -> Iterator[tuple[Item, str]]:
    """Bundle files and sosreports under `folder` (whose real path is `real`), in name
    order, depth first, with their real paths: an entry that is no symbolic link is `real`
    and its name, not worth realpath's lstat of every part of the path (10,000 bundles
    took 0.09 s, before any worker starts)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(folder, f"{folder}: cannot read the folder: {exc.strerror}"))
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
            linked = entry.is_symlink()
        except OSError:
            continue
        if not (is_dir or is_file):
            continue
        where = os.path.realpath(path) if linked else os.path.join(real, entry.name)
        if is_dir:
            if _is_sos_dir(path):
                yield Item(path, NAMED), where  # a sosreport: judged whole, never searched
            else:
                yield from _search(path, where, problems)
        elif entry.name.endswith(BUNDLE_SUFFIXES):
            yield Item(path, FOUND), where
        elif entry.name.startswith("sosreport") and is_archive_name(entry.name):
            yield Item(path, NAMED), where
