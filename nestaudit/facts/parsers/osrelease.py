"""Parse /etc/os-release (or /usr/lib/os-release), and /etc/redhat-release as a fallback.

Sample:
    ID="rhel"
    VERSION_ID="9.6"
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_REDHAT_RELEASE = re.compile(r"^(?P<name>.*?)\s+release\s+(?P<version>[\d.]+)")


class OsRelease(NamedTuple):
    fields: dict[str, str]

    def get(self, key: str) -> str | None:
        return self.fields.get(key)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        if value[0] == '"':
            inner = re.sub(r"\\([\\$\"`])", r"\1", inner)
        return inner
    return value


def parse_os_release(text: str) -> OsRelease:
    """KEY=VALUE lines with shell-style quoting; comments and blank lines are skipped."""
    # a fleet's hosts share a few releases: each read once (a text of real size: the
    # cache keeps what it is asked, and a hostile bundle's file may be megabytes)
    read = _kept_fields if len(text) <= _KEPT_SIZE else _fields
    return OsRelease(dict(read(text)))


_KEPT_SIZE = 16 * 1024  # real os-release files are under 1 KB


def _fields(text: str) -> tuple[tuple[str, str], ...]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _ASSIGNMENT.match(line)
        if match:
            fields[match.group(1)] = _unquote(match.group(2))
    return tuple(fields.items())


_kept_fields = lru_cache(maxsize=256)(_fields)


def parse_redhat_release(text: str) -> OsRelease | None:
    """"Red Hat Enterprise Linux release 9.6 (Plow)" as os-release fields."""
    match = _REDHAT_RELEASE.match(text.strip())
    if not match:
        return None
    name = match.group("name")
    lowered = name.lower()
    if lowered.startswith("red hat enterprise linux"):
        os_id = "rhel"
    elif lowered.startswith("centos stream") or lowered.startswith("centos"):
        os_id = "centos"
    elif lowered.startswith("fedora"):
        os_id = "fedora"
    else:
        os_id = lowered.split()[0] if lowered else "unknown"
    return OsRelease(
        {"ID": os_id, "VERSION_ID": match.group("version"), "PRETTY_NAME": text.strip()}
    )


def os_family(os_id: str, id_like: str) -> str:
    """rhel | rhel-like | fedora | debian | other, from ID and ID_LIKE."""
    likes = id_like.lower().split()
    if os_id == "rhel":
        return "rhel"
    if "rhel" in likes or os_id in ("centos", "almalinux", "rocky", "ol"):
        return "rhel-like"
    if os_id == "fedora" or "fedora" in likes:
        return "fedora"
    if os_id in ("debian", "ubuntu") or "debian" in likes or "ubuntu" in likes:
        return "debian"
    return "other"
