"""Limits applied to an input before any work is done on it, so that a hostile file costs
bounded time and memory and ends in one line naming it.

Standard library only (the YAML check imports PyYAML when called). Each reader takes the
limit it enforces and raises LimitError with a one-line reason; callers put the file's name
in front. The numbers are stated here once:

- a bundle file is at most MAX_BUNDLE_BYTES on disk, and at most MAX_BUNDLE_BYTES once
  gunzipped: gunzip streams and stops at the cap, so a gzip bomb is refused after reading
  MAX_BUNDLE_BYTES, never held whole (a real bundle is a few MiB: the collector keeps at
  most 64 MiB of file content);
- JSON nests at most MAX_JSON_DEPTH arrays and objects deep (a bundle needs 6), checked in
  one pass over the text before json.loads, whose recursion a deep document would
  otherwise exhaust, or over the document orjson decoded (it refuses 1024 levels itself);
- a rule or topology YAML file is at most MAX_YAML_BYTES, nests at most MAX_YAML_DEPTH
  deep, and has no anchors or aliases (`yaml_problem`, on the parser's events, before
  anything is composed): an alias can stand for a whole subtree, so a few lines can
  expand to billions of nodes when walked, and no rule needs one;
- a file is read the collector's way (`read_regular`): never through a FIFO, a socket or a
  device, non-blocking, and never more than its cap.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from collections.abc import Sequence
from itertools import accumulate
from types import ModuleType

_inflate: ModuleType | None = None  # what inflates gzip: chosen when first needed


def _inflater() -> ModuleType:
    """zlib-ng, which inflates in half zlib's time (a fleet collected by Ansible is all
    gzip), else zlib; imported only once a gzip file is read, not by every command."""
    global _inflate
    if _inflate is None:
        try:
            from zlib_ng import zlib_ng
        except ImportError:  # a dependency; without it zlib reads the same data
            _inflate = zlib
        else:
            _inflate = zlib_ng
    return _inflate

MiB = 1024 * 1024
MAX_BUNDLE_BYTES = 256 * MiB
MAX_JSON_DEPTH = 64
MAX_YAML_BYTES = MiB
MAX_YAML_DEPTH = 64

_CHUNK = MiB
# Read-only, never waiting on a FIFO's writer, never a terminal's controlling process.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)


class LimitError(ValueError):
    """An input over a limit, or one that cannot be read within it: a one-line reason."""


def read_regular(path: str | os.PathLike[str], cap: int) -> bytes:
    """The bytes of the regular file at `path`, at most `cap` of them.

    Anything else (FIFO, socket, device, folder) is refused without reading it; the open is
    non-blocking, so a file swapped for a FIFO after the check cannot hang it. A link the
    user named is followed (to a regular file only). Raises LimitError, or OSError.
    """
    # os.stat, not pathlib's: making the Path cost more than the stat (15 us of judging a
    # bundle in a fleet, twice: read to peek, then to judge)
    st = os.stat(path)  # noqa: PTH116
    if not stat.S_ISREG(st.st_mode):
        raise LimitError(f"not a regular file ({_kind(st.st_mode)})")
    if st.st_size > cap:
        raise LimitError(f"{st.st_size} bytes, over the limit of {cap}")
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LimitError("not a regular file (changed type while opened)")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise LimitError(f"grew over the limit of {cap} bytes while read")
    finally:
        os.close(fd)
    return b"".join(chunks)


def prefetch(paths: Sequence[str], cap: int) -> None:
    """Ask the kernel to start reading the regular files at `paths` (of at most `cap`
    bytes) into memory, so that reading each later does not wait on the disk. Best effort,
    never raises; nothing that is not a regular file is opened, as in `read_regular`.

    A fleet's bundles are mostly not in memory when it is judged (copied in from hosts, or
    evicted since); a worker that reads them one by one waits on the disk for each while
    its CPU could be judging. Measured: 10,000 bundles evicted from memory before each run
    took 10.81-10.89 s to judge without this, 10.07-10.27 s with it."""
    advise = getattr(os, "posix_fadvise", None)  # not on macOS
    if advise is None:
        return
    for path in paths:
        try:
            st = os.stat(path)  # noqa: PTH116 - as read_regular
            if not stat.S_ISREG(st.st_mode) or st.st_size > cap:
                continue
            fd = os.open(path, _OPEN_FLAGS)
        except OSError:
            continue
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first `size` bytes of the regular file at `path` (fewer when it is shorter), read
    as `read_regular` reads: nothing else is opened, nothing blocks."""
    if not stat.S_ISREG(os.stat(path).st_mode):  # noqa: PTH116 - as read_regular
        raise LimitError("not a regular file")
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LimitError("not a regular file (changed type while opened)")
        return os.read(fd, size)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


def gunzip(data: bytes, cap: int) -> bytes:
    """Decompress gzip `data` (one member or several) to at most `cap` bytes, streaming:
    memory stays within the cap however far the data would expand. Raises LimitError for
    output over the cap and for truncated or corrupt data."""
    inflate = _inflater()
    out: list[bytes] = []
    size = 0
    rest = data
    while rest:
        inflater = inflate.decompressobj(wbits=16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                size += len(piece)
                if size > cap:
                    raise LimitError(f"decompresses to more than the limit of {cap} bytes")
                out.append(piece)
        except (zlib.error, inflate.error) as exc:
            raise LimitError(f"corrupt gzip data: {exc}") from None
        if not inflater.eof:
            raise LimitError("truncated gzip data (the compressed stream ends early)")
        rest = inflater.unused_data
        if rest.strip(b"\0") == b"":
            break  # padding after the last member, as gzip(1) allows
    return b"".join(out)


# a JSON string, escapes included; one never closed runs to the end of the text, so that a
# match never fails once started (a failing match would be retried at every later quote)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.S)
_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in the JSON `text`, in one pass: strings removed,
    then a running count over the brackets left (for malformed text, an upper bound or
    more, which json.loads then refuses anyway)."""
    brackets = _BRACKETS.sub("", _STRING.sub("", text))
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets)))


def value_depth(value: object) -> int:
    """How deep arrays and objects nest in a decoded JSON document, as `json_depth` counts
    them in its text; a walk without recursion over the containers alone (a bundle has a
    few hundred), in a fraction of the time the text's regular expressions take."""
    depth = 0
    level: list[object] = [value]
    while level := [v for v in level if isinstance(v, (dict, list))]:
        depth += 1
        level = [x for v in level for x in (v.values() if isinstance(v, dict) else v)]
    return depth


def check_json_depth(text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise LimitError when `text` nests deeper than `limit`."""
    _check_depth(json_depth(text), limit)


def check_value_depth(value: object, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise LimitError when the decoded document `value` nests deeper than `limit`."""
    _check_depth(value_depth(value), limit)


def _check_depth(depth: int, limit: int) -> None:
    if depth > limit:
        raise LimitError(f"JSON nested {depth} levels deep, over the limit of {limit}")


def yaml_problem(text: str) -> tuple[int, str] | None:
    """(line, problem) for YAML text over the limits above, else None; a text the parser
    cannot read is left to the loader, which names its line. One pass over the events."""
    import yaml

    if len(text.encode("utf-8", errors="surrogateescape")) > MAX_YAML_BYTES:
        return 0, f"over the limit of {MAX_YAML_BYTES} bytes for a YAML file"
    depth = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            line = event.start_mark.line + 1 if event.start_mark is not None else 1
            if isinstance(event, yaml.AliasEvent):
                return line, f"alias *{event.anchor}: anchors and aliases are not accepted"
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                return line, f"anchor &{anchor}: anchors and aliases are not accepted"
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return line, f"nested deeper than the limit of {MAX_YAML_DEPTH}"
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None
