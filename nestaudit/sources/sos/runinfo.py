"""When sos ran and which sos it was, as the sosreport itself records it.

sos >= 4.0 writes `sos_reports/manifest.json`; its top level holds the sos version and the
time the run started, written by `str(datetime.now())`: the host's local time, with no time
zone (sos/component.py, `SoSComponent.__init__` and `SoSMetadata.get_json`):

    {"version": "4.8.2", "cmdline": "sos report --batch",
     "start_time": "2026-11-20 09:00:00.123456", ...}

Older sosreports have only `version.txt` (`sosreport: 4.2`). The zone comes from the date
plugin, which runs `date` and `date --utc` one after the other (`sos_commands/date/`): their
difference, rounded to a quarter of an hour, is the host's offset from UTC. Without it the
time is kept as local time; without a manifest the time is not known. The time nestaudit
read the sosreport is never taken for either.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from nestaudit.sources.sos.commands import mangle, plugin_folders, read_output
from nestaudit.sources.sos.files import read_member
from nestaudit.sources.sos.manifest import MAX_MANIFEST, read_manifest

_QUARTER = 15 * 60
_DATE_FIELDS = re.compile(
    r"^\w{3}\s+(?P<mon>\w{3})\s+(?P<day>\d{1,2})\s+(?P<hms>\d{2}:\d{2}:\d{2})\s+(?:\S+\s+)?"
    r"(?P<year>\d{4})$"
)


def sos_version(root: Path, manifest: dict[str, Any] | None) -> str | None:
    """The sos version from the manifest, else from version.txt's `sosreport:` line."""
    if manifest is not None and isinstance(manifest.get("version"), str):
        return str(manifest["version"]).strip() or None
    text = read_member(root, "version.txt", MAX_MANIFEST)  # never a FIFO or /dev/zero
    if text is None:
        return None
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("sosreport", "sos") and value.strip():
            return value.strip()
    return None


def _local_start(manifest: dict[str, Any] | None) -> datetime | None:
    text = manifest.get("start_time") if manifest is not None else None
    if not isinstance(text, str):
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=None, microsecond=0)


def parse_date_output(text: str | None) -> datetime | None:
    """The time in one `date` line of the C locale: "Fri Nov 20 09:00:00 CET 2026"."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    match = _DATE_FIELDS.match(line.strip())
    if match is None:
        return None
    try:
        return datetime.strptime(
            f"{match['year']} {match['mon']} {match['day']} {match['hms']}", "%Y %b %d %H:%M:%S"
        )
    except ValueError:
        return None


def _date_output(root: Path, command: str) -> str | None:
    name = mangle(command)
    for folder in plugin_folders(root):
        if (folder / name).is_file():
            return read_output(root, f"sos_commands/{folder.name}/{name}")
    return None


def utc_offset(root: Path) -> timedelta | None:
    """The host's offset from UTC, from the date plugin's `date` and `date --utc`."""
    local = parse_date_output(_date_output(root, "date"))
    utc = parse_date_output(_date_output(root, "date --utc"))
    if local is None or utc is None:
        return None
    seconds = round((local - utc).total_seconds() / _QUARTER) * _QUARTER
    if abs(seconds) > 14 * 3600:
        return None  # no zone is that far from UTC: one of the outputs is not what it seems
    return timedelta(seconds=seconds)


def run_info(root: Path) -> dict[str, str | None]:
    """The bundle's `source.sos` record: the sos version, the start time as sos wrote it
    (host local time), and that time in UTC when the host's offset is known."""
    manifest = read_manifest(root)
    local = _local_start(manifest)
    offset = utc_offset(root) if local is not None else None
    utc = (local - offset).strftime("%Y-%m-%dT%H:%M:%SZ") if local and offset is not None \
        else None
    return {
        "version": sos_version(root, manifest),
        "started_local": local.strftime("%Y-%m-%dT%H:%M:%S") if local else None,
        "collected_at": utc,
    }
