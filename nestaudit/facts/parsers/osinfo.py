"""Map libosinfo OS ids (libvirt domain metadata) to a family, version and label.

Sample (inside a domain's <metadata>):
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://microsoft.com/win/2k22"/>

Readings follow spec/verdicts.md "Identifying operating systems".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from nestaudit.values import Version

LIBOSINFO_NS = "http://libosinfo.org/xmlns/libvirt/domain/1.0"

_WIN_SERVER = re.compile(r"^2k(\d+)(r2)?$")
_WIN_CLIENT_NAMES = {
    "xp": (Version((5, 1)), "Windows XP"),
    "vista": (Version((6, 0)), "Windows Vista"),
    "2k": (Version((2000,)), "Windows 2000"),
    "me": (Version((4, 90)), "Windows ME"),
}


class GuestOs(NamedTuple):
    family: str | None  # rhel | windows | fedora | ubuntu | centos-stream | debian | other
    version: Version | None
    kind: str  # server | client for Windows; "" otherwise
    label: str
    minor_unknown: bool = False  # "rhel/10-unknown": the major version only


_FAMILIES = {
    ("redhat.com", "rhel"): ("rhel", "RHEL"),
    ("fedoraproject.org", "fedora"): ("fedora", "Fedora"),
    ("ubuntu.com", "ubuntu"): ("ubuntu", "Ubuntu"),
    ("centos.org", "centos-stream"): ("centos-stream", "CentOS Stream"),
    ("centos.org", "centos"): ("other", "CentOS"),
    ("debian.org", "debian"): ("debian", "Debian"),
    ("almalinux.org", "almalinux"): ("other", "AlmaLinux"),
    ("rockylinux.org", "rocky"): ("other", "Rocky Linux"),
}

# Ids virt-install writes when it could not tell the guest OS: they name no OS.
_GENERIC_HOSTS = ("libosinfo.org",)


def guest_os(os_id: str) -> GuestOs:
    """Read a libosinfo id URL such as http://redhat.com/rhel/9.6."""
    match = re.match(r"^https?://([^/]+)/(.+)$", os_id.strip())
    if not match:
        return GuestOs("other", None, "", os_id)
    host, path = match.group(1).lower(), match.group(2).strip("/")
    parts = path.split("/")
    if host == "microsoft.com" and parts[0] == "win" and len(parts) > 1:
        return _windows(parts[1].lower())
    if host in _GENERIC_HOSTS:
        return GuestOs(None, None, "", f"unidentified ({path})")
    name = parts[0]
    rest = "/".join(parts[1:])
    family, label = _FAMILIES.get((host, name), ("other", name))
    version = Version.parse(rest) if rest else None
    if version is None:
        shown = f"{label} ({rest} version)" if rest else label
        return GuestOs(family, None, "", shown)
    if rest.endswith("-unknown"):
        # "rhel/10-unknown": virt-install's id for a release newer than its OS database
        # (verdicts.md, Identifying operating systems): the major is known, the minor not.
        major = rest[: -len("-unknown")]
        return GuestOs(family, version, "", f"{label} {major}.x (minor version unknown)", True)
    return GuestOs(family, version, "", f"{label} {rest}")


def _windows(token: str) -> GuestOs:
    server = _WIN_SERVER.match(token)
    if server:
        year = 2000 + int(server.group(1))
        r2 = bool(server.group(2))
        version = Version((year, 2)) if r2 else Version((year,))
        label = f"Windows Server {year}{' R2' if r2 else ''}"
        return GuestOs("windows", version, "server", label)
    if token in _WIN_CLIENT_NAMES:
        version, label = _WIN_CLIENT_NAMES[token]
        return GuestOs("windows", version, "client", label)
    client = Version.parse(token)
    if client is not None:
        return GuestOs("windows", client, "client", f"Windows {token}")
    return GuestOs("windows", None, "", f"Windows ({token})")
