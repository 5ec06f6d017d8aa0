"""Stat records of device nodes, read from the block plugin's `ls -lanR /dev` listing.

sos copies no device nodes, so `/dev/kvm` is known only from that listing
(`sos_commands/block/ls_-lanR_.dev`):

    /dev:
    crw-rw----.  1 0 36  10, 232 Nov 20 09:00 kvm
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nestaudit.collect.spec import DEV_DIR
from nestaudit.sources.sos.commands import mangle, plugin_folders, read_output

_LS_DEV = f"ls -lanR {DEV_DIR}"
_DEV_LISTING = mangle(_LS_DEV)
_LS_TYPES = {"-": "file", "d": "directory", "c": "char", "b": "block", "p": "fifo",
             "s": "socket", "l": "other"}
_LS_ENTRY = re.compile(
    r"^(?P<perm>[-dcbpsl][-rwxsStT]{9})[.+@]?\s+\d+\s+\S+\s+\S+\s+"
    r"(?:(?P<major>\d+),\s*(?P<minor>\d+)|\d+)\s+.*?\s(?P<name>\S+)$"
)


def _ls_mode(perm: str) -> str:
    """The octal mode of an `ls -l` permission string: "crw-rw----" -> "0660"."""
    bits, special = 0, 0
    for i, (char, extra) in enumerate(zip(perm[1:], (0, 0, 4, 0, 0, 2, 0, 0, 1))):
        if char not in "-ST":
            bits |= 1 << (8 - i)
        if char in "sStT":
            special |= extra << 9
            if char in "ST":
                bits &= ~(1 << (8 - i))
    return f"{special | bits:04o}"


def _dev_entries(listing: str) -> Iterator[re.Match[str]]:
    """The entries of the `/dev` folder itself in an `ls -lanR /dev` listing."""
    in_dev = False
    for line in listing.splitlines():
        if line.endswith(":") and not line.startswith((" ", "\t")):
            in_dev = line[:-1] == DEV_DIR
            continue
        entry = line.strip().split(" -> ", 1)[0]  # a symbolic link's target is not its name
        match = _LS_ENTRY.match(entry) if in_dev else None
        if match:
            yield match


def dev_stat(listing: str, name: str, source: str = _DEV_LISTING) -> dict[str, Any]:
    """The stat record of /dev/<name> from `ls -lanR /dev`, as the collector records it;
    `source` (the listing's path in the sosreport) goes into its reason.

        /dev:
        crw-rw----.  1 0 36  10, 232 Nov 20 09:00 kvm
    """
    for match in _dev_entries(listing):
        if match.group("name") != name:
            continue
        perm = match.group("perm")
        record = {"status": "ok", "type": _LS_TYPES[perm[0]], "mode": _ls_mode(perm),
                  "reason": f"from `{_LS_DEV}` in the sosreport ({source})"}
        if match.group("major") is not None:
            record["rdev"] = f"{match.group('major')}:{match.group('minor')}"
        return record
    return {"status": "missing",
            "reason": f"not in `{_LS_DEV}` of the sosreport ({source})"}


def dev_listing(root: Path) -> tuple[str, str] | None:
    """The block plugin's `ls -lanR /dev` output and its path, when the sosreport has it."""
    for folder in plugin_folders(root):
        if (folder / _DEV_LISTING).is_file():
            relative = f"sos_commands/{folder.name}/{_DEV_LISTING}"
            text = read_output(root, relative)
            if text is not None and re.search(f"^{re.escape(DEV_DIR)}:$", text, re.M):
                return text, relative
    return None


def device_stats(root: Path, stats: dict[str, Any]) -> list[str]:
    """Replace the collector's stat records (of a sosreport's empty /dev) by those of the
    listing; drop and return the paths it cannot tell, as the sosreport lacks them."""
    listing = dev_listing(root)
    lacking: list[str] = []
    for host_path in list(stats):
        folder, _, name = host_path.rpartition("/")
        if listing is not None and folder == DEV_DIR:
            stats[host_path] = dev_stat(listing[0], name, listing[1])
        else:
            del stats[host_path]
            lacking.append(host_path)
    return lacking
