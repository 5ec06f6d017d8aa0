"""Recognise a collection made inside a container, from the markers container engines leave.

Reads /.dockerenv, /.dockerinit, /run/.containerenv, /run/systemd/container, /proc/1/environ,
/proc/1/cgroup and the collector's own /proc/self/cgroup and /proc/self/status, and
`systemd-detect-virt --container`. Samples:
    /run/systemd/container:  podman
    /proc/1/cgroup:          0::/system.slice/crio-3f2a9c.scope
    /proc/self/status:       VxID:   40013   (a Linux-VServer guest; 0 is the host)
"""

from __future__ import annotations

import re

_ENGINES = {
    "docker": "docker",
    "podman": "podman",
    "crio": "crio",
    "cri-o": "crio",
    "lxc": "lxc",
    "lxc-libvirt": "lxc",
    "oci": "oci",
    "systemd-nspawn": "systemd-nspawn",
    "rkt": "rkt",
    "wsl": "wsl",
    "openvz": "openvz",
    "proot": "proot",
    "pouch": "pouch",
    "containerd": "containerd",
}


def normalise(name: str) -> str:
    word = name.strip().strip('"').lower()
    return _ENGINES.get(word, word or "other")


def from_environ(text: str) -> str | None:
    """`container=<engine>` in the NUL-separated environment of PID 1."""
    for item in text.replace("\x00", "\n").splitlines():
        key, sep, value = item.partition("=")
        if sep and key == "container" and value.strip():
            return normalise(value)
    return None


def from_status(text: str) -> str | None:
    """Linux-VServer's context id in a process's status: "linux-vserver" in a guest (any id
    but 0, which is the host's own context)."""
    match = re.search(r"^VxID:\s*(\d+)\s*$", text, re.MULTILINE)
    if match is None or int(match.group(1)) == 0:
        return None
    return "linux-vserver"


def illumos_lx(engine: str, proc_version: str | None) -> str:
    """`container=zone` with a BrandZ /proc/version is an illumos LX zone: Linux programs
    on an illumos kernel, so no Linux kernel facts at all."""
    if engine == "zone" and proc_version is not None and "BrandZ virtual linux" in proc_version:
        return "illumos-lx"
    return engine


def from_containerenv(text: str) -> str:
    """/run/.containerenv exists in podman (and CRI-O) containers; `engine="podman-5.2"`."""
    match = re.search(r'^engine="?([a-zA-Z-]+?)(?:-[\d.]+)?"?$', text, re.MULTILINE)
    return normalise(match.group(1)) if match else "podman"


_CGROUP_MARKERS = (
    ("/docker/", "docker"),
    ("docker-", "docker"),
    ("/libpod", "podman"),
    ("libpod-", "podman"),
    ("crio-", "crio"),
    ("/lxc/", "lxc"),
    ("lxc.payload", "lxc"),
    ("/kubepods", "kubernetes"),
)


def from_cgroup(text: str) -> str | None:
    """A container engine named in PID 1's cgroup path, if any."""
    for line in text.splitlines():
        path = line.split(":", 2)[-1]
        for marker, engine in _CGROUP_MARKERS:
            if marker in path:
                return engine
    return None
