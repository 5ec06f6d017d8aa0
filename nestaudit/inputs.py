"""Turn what a user names on the command line into bundles.

An input is a bundle file (`.json`, `.json.gz`), a host root directory (collected on the
fly, files only), or a sosreport (directory or archive). No argument means this host, live.
"""

from __future__ import annotations

from pathlib import Path

from nestaudit import bundle as bundle_mod
from nestaudit.bundle import Bundle
from nestaudit.errors import InputError

ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")


def is_archive(path: Path) -> bool:
    """Whether `path` is a file to read as a sosreport archive (by name, else content)."""
    name = path.name.lower()
    if name.endswith(ARCHIVE_SUFFIXES):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
        if head.startswith(b"{"):
            return False  # a JSON bundle: skip importing tarfile, which costs milliseconds
        import tarfile

        return tarfile.is_tarfile(path)
    except OSError:
        return False


def load_input(name: str) -> Bundle:
    """Load one input: a bundle file, a sosreport (dir or archive), or a host root dir."""
    path = Path(name)
    if not path.exists():
        raise InputError(f"{name}: no such file or directory")
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
