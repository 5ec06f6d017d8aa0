"""Turn what a user names on the command line into bundles.

An input is a bundle file (`.json`, `.json.gz`), a host root directory (collected on the
fly, files only), or a sosreport (directory or archive). No argument means this host, live.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from nestaudit import bundle as bundle_mod
from nestaudit import limits
from nestaudit.bundle import Bundle
from nestaudit.errors import InputError

ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")


def _head(path: Path) -> bytes:
    """The first bytes of `path`, or of its content once gunzipped (a `.json.gz` bundle),
    read without blocking; b"" when it cannot be read (the loader then says why)."""
    try:
        data = limits.read_head(path, 64 * 1024)
    except (OSError, limits.LimitError):
        return b""
    if data[:2] == b"\x1f\x8b":
        try:  # a truncated stream still shows its start; at most 64 bytes are inflated
            return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(data, 64)
        except zlib.error:
            return b""
    return data[:64]


def is_archive(path: Path) -> bool:
    """Whether `path` is a file to read as a sosreport archive (by name, else content)."""
    name = path.name.lower()
    if name.endswith(ARCHIVE_SUFFIXES):
        return True
    if not path.is_file():
        return False  # a FIFO or device is never opened
    if path.stat().st_size > limits.MAX_BUNDLE_BYTES:
        return False  # never scanned by tarfile: the bundle loader refuses its size
    if _head(path).lstrip().startswith(b"{"):
        return False  # a JSON bundle: skip importing tarfile, which costs milliseconds
    import lzma
    import tarfile

    try:
        return tarfile.is_tarfile(path)
    except (tarfile.TarError, EOFError, lzma.LZMAError, zlib.error, OSError):
        return False  # truncated or corrupt: the bundle loader names the problem


def load_input(name: str) -> Bundle:
    """Load one input: a bundle file, a sosreport (dir or archive), or a host root dir."""
    path = Path(name)
    if not path.exists():
        raise InputError(f"{name}: no such file or directory")
    if not path.is_dir() and not path.is_file():
        # a FIFO, socket or device is never opened: reading one could block or never end
        raise InputError(f"{name}: not a regular file, a bundle or a folder")
    if path.is_dir():
        from nestaudit.sources import sos

        if sos.is_sosreport(path):
            return bundle_mod.from_data(sos.bundle_from_sos(path), name)
        from nestaudit.collect import collect, host_markers_in
        from nestaudit.collect.spec import HOST_MARKERS

        if not host_markers_in(name):
            raise InputError(
                f"{name}: not a bundle, a sosreport or a host root (none of "
                f"{', '.join(HOST_MARKERS)} is in it: evidence too thin to judge)"
            )
        return bundle_mod.from_data(collect(root=name), name)
    if is_archive(path):
        from nestaudit.sources import sos

        return bundle_mod.from_data(sos.bundle_from_sos(path), name)
    return bundle_mod.load(path)


def load_live() -> Bundle:
    """Collect this host, live."""
    from nestaudit.collect import collect

    return bundle_mod.from_data(collect(), "this host")
