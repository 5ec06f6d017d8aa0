"""Collect a host's raw evidence into a bundle (a plain dict, JSON-ready).

Standard library only and Python 3.9 compatible, so `python3 -m nestaudit collect` runs on
a bare RHEL 9/10 host. It interprets nothing, changes nothing, and one failed probe never
fails the collection.
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable, Optional

from nestaudit import __version__
from nestaudit.collect import names, probe
from nestaudit.collect.spec import (
    COMMANDS,
    DEBUGFS_KVM,
    DEFAULT_TIMEOUT,
    DMI_DIR,
    DMI_FIELDS,
    FALLBACKS,
    FILES,
    FILTERED,
    GLOBS,
    HOST_MARKERS,
    LIBVIRT_DIRS,
    LISTINGS,
    MAX_FILE_BYTES,
    MAX_TOTAL_BYTES,
    MAX_VMS,
    STATS,
    VIRSH,
    VM_STATS,
    Filter,
    Glob,
)
from nestaudit.errors import CollectError

SCHEMA_VERSION = 1
BUNDLE_KIND = "nestaudit-bundle"

Progress = Optional[Callable[[str], None]]


class _Collector:
    def __init__(self, root: str, cap: int, total_cap: int) -> None:
        self.root = root
        self.cap = cap
        self.budget = total_cap
        self.files: dict[str, Any] = {}
        self.dirs: dict[str, Any] = {}
        # resolved host path -> first host path stored for it (links reached twice)
        self.seen_files: dict[str, str] = {}
        self.seen_dirs: dict[str, str] = {}

    def file(self, host_path: str) -> dict[str, Any]:
        if host_path in self.files:
            return dict(self.files[host_path])
        if self.budget <= 0:
            record: dict[str, Any] = {
                "status": "too_large",
                "reason": "the bundle's total size cap was reached before this file",
                "truncated": True,
            }
            self.files[host_path] = record
            return record
        try:
            real = probe.resolve(self.root, host_path)
        except probe.ResolveError:
            real = None
        if real is not None and real in self.seen_files:
            record = {"status": "ok", "alias_of": self.seen_files[real], "resolved": real}
            self.files[host_path] = record
            return record
        record, real, used = probe.read_file(self.root, host_path, min(self.cap, self.budget))
        self.budget -= used
        if real is not None and record["status"] == "ok":
            self.seen_files[real] = host_path
        self.files[host_path] = record
        return record

    def filtered(self, host_path: str, keep: Filter) -> None:
        """Read a file and keep only its entries (NUL-separated or lines) that start with
        `keep.prefixes`."""
        record, _real, _used = probe.read_file(self.root, host_path, self.cap)
        prefixes = keep.prefixes
        if record["status"] == "ok" and record.get("encoding") == "utf-8":
            text = str(record["content"])
            if keep.separator == "\n":
                content = "".join(
                    e for e in text.splitlines(keepends=True) if e.startswith(prefixes)
                )
            else:
                kept = [e for e in text.split(keep.separator) if e.startswith(prefixes)]
                content = keep.separator.join(kept)
            record = {
                "status": "ok",
                "content": content,
                "encoding": "utf-8",
                "size": len(content.encode("utf-8")),
                "filtered": "only the entries starting with " + ", ".join(prefixes),
            }
        elif record["status"] in ("ok", "too_large"):
            record = {
                "status": "ok",
                "content": "",
                "encoding": "utf-8",
                "size": 0,
                "filtered": "not text: nothing kept",
            }
        self.files[host_path] = record

    def glob(self, glob: Glob) -> None:
        """List the glob's directory and read each entry it matches."""
        record = self.listing(glob.directory)
        if "alias_of" in record:
            return
        for name in record.get("entries", []):
            if glob.matches(name):
                self.file(glob.directory + "/" + name)

    def listing(self, directory: str) -> dict[str, Any]:
        """List `directory` and record it; a folder already listed under another name
        (/var/run -> /run) is recorded as an alias of it."""
        record, real = probe.list_dir(self.root, directory)
        if real is not None and real in self.seen_dirs and record["status"] == "ok":
            record = {"status": "ok", "alias_of": self.seen_dirs[real], "resolved": real}
            self.dirs[directory] = record
            return record
        if real is not None:
            self.seen_dirs[real] = directory
        self.dirs[directory] = record
        return record


def vm_stats(collector: _Collector) -> None:
    """Read KVM's per-VM statistics: the folder listing, then each statistic of each VM."""
    record = collector.listing(DEBUGFS_KVM)
    folders = [e for e in record.get("entries", []) if _VM_FOLDER.match(e)][:MAX_VMS]
    for folder in folders:
        for name in VM_STATS:
            collector.file(f"{DEBUGFS_KVM}/{folder}/{name}")


_VM_FOLDER = re.compile(r"^[0-9]+-[0-9]+$")


def host_markers_in(root: str) -> list[str]:
    """The host markers (spec.HOST_MARKERS) that exist under `root`, links resolved inside
    it; an empty list means `root` does not look like a host's /."""
    found = []
    for marker in HOST_MARKERS:
        try:
            probe.resolve(root, marker)  # every part of it exists, or this raises
        except probe.ResolveError:
            continue
        found.append(marker)
    return found


def require_host_root(root: str) -> None:
    """CollectError naming what was looked for, when `root` holds none of a host's markers."""
    if os.path.isdir(root) and not host_markers_in(root):
        raise CollectError(
            f"{root}: not a host root: none of {', '.join(HOST_MARKERS)} is in it "
            "(evidence too thin to judge)"
        )


def _utc_now() -> str:
    import datetime  # imported here: `check` reads bundles through this package

    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return now.isoformat().replace("+00:00", "Z")


def _live_commands(collector: _Collector, timeout: float, progress: Progress) -> dict[str, Any]:
    """Run the few read-only commands concurrently; virsh only when libvirt's files fail."""
    # Imported here: the analysis side imports this package for its constants only.
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    from nestaudit.collect import commands

    wanted: list[tuple[str, tuple[str, ...]]] = [(c.name, c.argv) for c in COMMANDS]
    libvirt_unreadable = all(
        collector.dirs.get(d, {"status": "missing"}).get("status") in ("missing", "denied", "error")
        for d in LIBVIRT_DIRS
    )
    run_virsh = libvirt_unreadable and shutil.which(VIRSH[0]) is not None
    if run_virsh:
        wanted.append(("virsh list", VIRSH + ("list", "--all", "--name")))
    results: dict[str, Any] = {}
    if progress:
        progress(f"running {len(wanted)} commands (timeout {timeout:g} s each)")
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        futures = {name: pool.submit(commands.run, argv, timeout) for name, argv in wanted}
        for name, future in futures.items():
            results[name] = future.result()
    listing = results.get("virsh list")
    if listing and listing.get("status") == "ok" and listing.get("exit_code") == 0:
        names = [n.strip() for n in str(listing.get("stdout", "")).splitlines() if n.strip()]
        if names:
            with ThreadPoolExecutor(max_workers=min(8, len(names))) as pool:
                dumps = {
                    n: pool.submit(commands.run, VIRSH + ("dumpxml", n), timeout) for n in names
                }
                for name, future in dumps.items():
                    results["virsh dumpxml " + name] = future.result()
    return results


def collect(
    root: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress = None,
    cap: int = MAX_FILE_BYTES,
    total_cap: int = MAX_TOTAL_BYTES,
) -> dict[str, Any]:
    """Collect evidence from the live host (root None) or from a host root directory.

    `--root DIR` never runs commands, `--root /` included: a root is files only.
    Raises CollectError only when the root itself cannot be used.
    """
    import platform
    import socket

    live = root is None
    base = "/" if root is None else os.path.abspath(root)
    if not live:
        if not os.path.exists(base):
            raise CollectError(f"{root}: no such directory")
        if not os.path.isdir(base):
            raise CollectError(f"{root}: not a directory")
        if not os.access(base, os.R_OK | os.X_OK):
            raise CollectError(f"{root}: permission denied")
    collector = _Collector(base, cap, total_cap)
    if progress:
        progress(f"reading files under {base}")
    for path in FILES:
        record = collector.file(path)
        fallback = FALLBACKS.get(path)
        if fallback and record["status"] == "missing":
            collector.file(fallback)
    for path, prefixes in FILTERED.items():
        collector.filtered(path, prefixes)
    for field in DMI_FIELDS:
        collector.file(DMI_DIR + "/" + field)
    for glob in GLOBS:
        collector.glob(glob)
    for directory in LISTINGS:
        collector.listing(directory)
    vm_stats(collector)
    stats = {path: probe.stat_path(base, path) for path in STATS}

    bundle: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": BUNDLE_KIND,
        "collector": {
            "name": "nestaudit",
            "version": __version__,
            "python": platform.python_version(),
        },
        "collected_at": _utc_now(),
        "source": {"type": "live", "path": None} if live else {"type": "root", "path": root},
        "as_root": hasattr(os, "geteuid") and os.geteuid() == 0,
        "host": {"hostname": None, "arch": None, "kernel": None},
        "files": collector.files,
        "dirs": collector.dirs,
        "stats": stats,
        "commands": {},
    }
    if live:
        uname = os.uname()
        bundle["host"] = {
            "hostname": socket.gethostname(),
            "arch": uname.machine,
            "kernel": uname.release,
        }
        bundle["commands"] = _live_commands(collector, timeout, progress)
    return escape_names(bundle)


def escape_names(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle with file names that are not UTF-8 escaped and listed (names.py)."""
    escaped: set[str] = set(bundle.get("escaped_names", ()))  # escaping twice changes nothing
    out: dict[str, Any] = names.escape_all(bundle, escaped)
    if escaped:
        out["escaped_names"] = sorted(escaped)
    return out
