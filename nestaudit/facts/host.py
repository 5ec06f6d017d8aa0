"""Host facts (`host.*`): name, architecture, kernel, SMBIOS system UUID, and the container
engine the collection ran in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from nestaudit.collect.spec import (
    CONTAINERENV,
    CPUINFO,
    DMI_DIR,
    DOCKERENV,
    DOCKERINIT,
    HOSTNAME_FILES,
    OPENVZ,
    OPENVZ_HOST,
    OSRELEASE,
    PID1_CGROUP,
    PID1_ENVIRON,
    PROC_VERSION,
    SELF_CGROUP,
    SELF_STATUS,
    SYSTEMD_CONTAINER,
)
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import HostInfo, Maybe
from nestaudit.facts.parsers import container as containers
from nestaudit.facts.parsers.cpuinfo import CpuInfo, arch_evidence
from nestaudit.facts.parsers.dmidecode import parse_dmidecode
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN, Version

# This group's entries in the fact registry, in the order docs/facts.md lists them.
SPECS: tuple[FactSpec, ...] = (
    FactSpec("host.name", "str", "host",
             "bundle host record, /proc/sys/kernel/hostname, /etc/hostname",
             "none of these holds a name", "Host name."),
    FactSpec("host.arch", "str", "host",
             "bundle host record (uname -m), the suffix of /proc/sys/kernel/osrelease, "
             "/proc/cpuinfo (the CPU layout)",
             "none of these tells",
             "Normalised machine architecture: x86_64, aarch64, s390x, ppc64le, ppc64, i686, "
             "armv7hl, riscv64, loongarch64, ia64, sparc64, ...; 'ppc64 or ppc64le' when only "
             "POWER's cpuinfo tells (it cannot tell the byte order)."),
    FactSpec("host.kernel", "str", "host",
             "bundle host record (uname -r), /proc/sys/kernel/osrelease", "neither was collected",
             "Kernel release."),
    FactSpec("host.kernel_version", "Version", "host", "host.kernel",
             "host.kernel is unknown or has no leading number",
             "Numeric part of the kernel release (5.14.0 for 5.14.0-427.el9.x86_64); decides "
             "kernel defaults."),
    FactSpec("host.source", "str", "host", "bundle source",
             "never", "How the bundle was made: live, root or sosreport."),
    FactSpec("host.system_uuid", "str | None", "host",
             "/sys/class/dmi/id/product_uuid (readable by root only), or dmidecode (sosreports)",
             "neither source was read (an unprivileged collection, say)",
             "SMBIOS system UUID, lower-case; None when read but a placeholder. On a VM it "
             "equals the libvirt <uuid> of its domain on the L0, which is how bundles link into "
             "chains."),
    FactSpec("host.container", "str | None", "host",
             "/run/systemd/container, /proc/1/environ, /run/.containerenv, /.dockerenv, "
             "/.dockerinit, /proc/1/cgroup, the collector's /proc/self/cgroup and "
             "/proc/self/status (Linux-VServer), /proc/vz and /proc/bc (OpenVZ), "
             "systemd-detect-virt --container",
             "no engine found and a marker could not be read (or was never collected)",
             "Container engine the collection ran in (docker, podman, crio, lxc, oci, openvz, "
             "linux-vserver, illumos-lx, ...); None when every marker was read and none names "
             "one. Kernel facts then describe the container host."),
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "host.kernel_version": ("host.kernel",),
}

_ARCH_SUFFIXES = (
    "x86_64", "aarch64", "s390x", "ppc64le", "ppc64", "i686", "i586", "i386",
    "loongarch64", "riscv64", "armv7hl", "sparc64", "ia64",
)
_ARCH_ALIASES = {
    "amd64": "x86_64", "arm64": "aarch64", "i386": "i686", "i486": "i686", "i586": "i686",
    "armv7l": "armv7hl",
}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# In the order read: what each marker says is the first engine found.
_CONTAINER_MARKERS = (
    SYSTEMD_CONTAINER, PID1_ENVIRON, CONTAINERENV, DOCKERENV, DOCKERINIT, PID1_CGROUP,
    SELF_CGROUP, SELF_STATUS,
)
# Read by newer collectors only: a bundle without their record is not missing a marker.
_NEWER_MARKERS = frozenset({PID1_ENVIRON, DOCKERINIT, SELF_CGROUP, SELF_STATUS})
_DETECT_CONTAINER = "systemd-detect-virt --container"


def read(r: Reader, cpu: CpuInfo | None) -> HostInfo:
    """The host facts; `cpu` (the parsed /proc/cpuinfo) is the architecture's last resort."""
    container = _container(r)
    record: Mapping[str, Any] = r.bundle.data.get("host") or {}
    name = _name(r, record)
    kernel = _kernel(r, record)
    kernel_version = _kernel_version(r, kernel)
    arch = _arch(r, record, kernel, cpu)
    source = str(r.bundle.source.get("type", "root"))
    r.ev.add("host.source", "bundle source", source)
    return HostInfo(
        name=name, arch=arch, kernel=kernel, kernel_version=kernel_version,
        source=source, container=container, system_uuid=_system_uuid(r),
    )


def link_facts(r: Reader) -> tuple[Maybe[str], Maybe[str | None]]:
    """`host.name` and `host.system_uuid` alone, as `read` finds them: what links a bundle
    to others (`nestaudit fleet` reads them from every input before judging any)."""
    record: Mapping[str, Any] = r.bundle.data.get("host") or {}
    return _name(r, record), _system_uuid(r)


def _name(r: Reader, record: Mapping[str, Any]) -> Maybe[str]:
    if record.get("hostname"):
        name = str(record["hostname"])
        r.ev.add("host.name", "bundle host record", name)
        return name
    for path in HOSTNAME_FILES:
        text = r.text(path)
        if text and text.strip():
            name = text.strip().splitlines()[0].strip()
            r.ev.add("host.name", path, name)
            return name
    return UNKNOWN


def _kernel(r: Reader, record: Mapping[str, Any]) -> Maybe[str]:
    if record.get("kernel"):
        kernel = str(record["kernel"])
        r.ev.add("host.kernel", "bundle host record (uname -r)", kernel)
        return kernel
    text = r.text(OSRELEASE)
    if text and text.strip():
        r.ev.add("host.kernel", OSRELEASE, text.strip())
        return text.strip()
    return UNKNOWN


def _kernel_version(r: Reader, kernel: Maybe[str]) -> Maybe[Version]:
    if not isinstance(kernel, str):
        return UNKNOWN
    parsed = Version.parse(kernel)
    if parsed is None:
        return UNKNOWN
    r.ev.add("host.kernel_version", "kernel release", kernel)
    return parsed


def _normal_arch(value: str) -> str:
    value = value.strip()
    return _ARCH_ALIASES.get(value, value)


def _arch_from_release(release: str) -> str | None:
    for suffix in _ARCH_SUFFIXES:
        if release.endswith("." + suffix) or release.endswith("-" + suffix):
            return _normal_arch(suffix)
    return None


def _arch(
    r: Reader, record: Mapping[str, Any], kernel: Maybe[str], cpu: CpuInfo | None
) -> Maybe[str]:
    if record.get("arch"):
        r.ev.add("host.arch", "bundle host record (uname -m)", str(record["arch"]))
        return _normal_arch(str(record["arch"]))
    from_release = _arch_from_release(kernel) if isinstance(kernel, str) else None
    if isinstance(kernel, str) and from_release:
        r.ev.add("host.arch", OSRELEASE, kernel)
        return from_release
    if cpu is not None and cpu.arch_hint:
        r.ev.add("host.arch", CPUINFO, arch_evidence(cpu))
        return cpu.arch_hint
    return UNKNOWN


def _system_uuid(r: Reader) -> Maybe[str | None]:
    """SMBIOS system UUID, lower-case: on an L1 it equals its libvirt domain's <uuid>."""
    candidates: list[tuple[str, str]] = []
    text = r.text(f"{DMI_DIR}/product_uuid")
    if text is not None:
        candidates.append((f"{DMI_DIR}/product_uuid", text.strip()))
    dmidecode = r.command_ok("dmidecode")
    if dmidecode is not None:
        parsed = parse_dmidecode(str(dmidecode.get("stdout", "")))
        if "product_uuid" in parsed:
            candidates.append(("dmidecode", parsed["product_uuid"].strip()))
    for source, value in candidates:
        lowered = value.lower()
        if _UUID.match(lowered) and len(set(lowered) - {"-"}) > 1:
            r.ev.add("host.system_uuid", source, value)
            return lowered
    if candidates:
        r.ev.add("host.system_uuid", candidates[0][0], candidates[0][1] or "(empty)")
        return None  # read, but a placeholder such as "Not Settable" or all zeros
    return UNKNOWN


def _container(r: Reader) -> Maybe[str | None]:
    """The engine the first marker names; None when every marker was read and none names
    one; UNKNOWN when a marker could not be read and none names one."""
    found: list[str] = []
    unreadable = False
    for path in _CONTAINER_MARKERS:
        status = r.status(path)
        if status is None:
            unreadable = unreadable or path not in _NEWER_MARKERS
            continue
        if status == "missing":
            continue
        text = r.text(path)
        if text is None:
            unreadable = True
            r.ev.add("host.container", path, r.why_not(path))
            continue
        said = _marker(path, text)
        if said is not None:
            r.ev.add("host.container", path, said[0])
            found.append(containers.illumos_lx(said[1], r.text(PROC_VERSION)))
    openvz = _openvz(r)
    if openvz is not None:
        found.append(openvz)
    detect = r.command_ok(_DETECT_CONTAINER)
    if detect is not None:
        out = str(detect.get("stdout", "")).strip()
        if out and out != "none":
            r.ev.add("host.container", _DETECT_CONTAINER, out)
            found.append(containers.normalise(out))
        elif out == "none":
            r.ev.add("host.container", _DETECT_CONTAINER, "none")
            unreadable = False  # the command looked for every engine and found none
    if found:
        return found[0]
    if not unreadable:
        r.ev.add("host.container", "container markers", "none present")
    return UNKNOWN if unreadable else None


def _openvz(r: Reader) -> str | None:
    """An OpenVZ/Virtuozzo container: /proc/vz without /proc/bc (which only the host node
    has); None when not, or when the folders were not listed."""
    if r.bundle.dir_entries(OPENVZ) is None:
        return None
    host_node = r.bundle.dir_record(OPENVZ_HOST)
    if host_node is None or host_node.get("status") != "missing":
        return None
    r.ev.add("host.container", OPENVZ, "present, no /proc/bc (a container)")
    return "openvz"


def _marker(path: str, text: str) -> tuple[str, str] | None:
    """(excerpt, engine) when the marker file at `path` names a container engine."""
    if path == SYSTEMD_CONTAINER:
        return (text.strip(), containers.normalise(text)) if text.strip() else None
    if path == PID1_ENVIRON:
        engine = containers.from_environ(text)
        return (f"container={engine}", engine) if engine else None
    if path == CONTAINERENV:
        return "present", containers.from_containerenv(text)
    if path in (DOCKERENV, DOCKERINIT):
        return "present", "docker"
    if path == SELF_STATUS:
        engine = containers.from_status(text)
        return (text.strip().splitlines()[0], engine) if engine else None
    engine = containers.from_cgroup(text)  # PID1_CGROUP, SELF_CGROUP
    if engine is None:
        return None
    line = next(ln for ln in text.splitlines() if containers.from_cgroup(ln) == engine)
    return line.strip(), engine
