"""Which sos plugins ran, from sos's manifest or `version.txt`, and which host paths
each one copies.

    sos_reports/manifest.json   {"components": {"report": {"plugins": {"kernel": {...}}}}}
    version.txt                 sosreport: 4.5.6 / kernel: ... (one "<plugin>:" line each)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nestaudit.collect.spec import (
    CMDLINE,
    CPUINFO,
    DMI_DIR,
    HOSTNAME,
    MEMINFO,
    MODPROBE_ETC,
    MODULES,
    OS_RELEASE,
    OS_RELEASE_FALLBACK,
    PERSISTENT_DOMAINS,
    REDHAT_RELEASE,
    RUN_DOMAINS,
    SYS_MODULE,
)
from nestaudit.limits import check_json_depth
from nestaudit.soscoverage import MODPROBE_KERNEL_45, SINCE, version_tuple
from nestaudit.sources.sos.files import read_member

MANIFEST = "sos_reports/manifest.json"
MAX_MANIFEST = 8 * 1024 * 1024  # sos writes a few hundred KiB

# Host paths (files, or folders and all below them) the collector probes, and the sos
# plugin whose copy spec always includes them (sos 4.x). A path missing from a sosreport
# whose plugin ran is missing on the host.
COVERAGE: tuple[tuple[str, str], ...] = (
    (CPUINFO, "processor"),
    (MODULES, "kernel"),
    (CMDLINE, "kernel"),
    (SYS_MODULE, "kernel"),
    (MODPROBE_ETC, "kernel"),
    *((d, "kernel") for d in MODPROBE_KERNEL_45),
    (MEMINFO, "memory"),
    (OS_RELEASE, "release"),
    (OS_RELEASE_FALLBACK, "release"),
    (REDHAT_RELEASE, "release"),
    (HOSTNAME, "networking"),
    (DMI_DIR, "hardware"),
    (PERSISTENT_DOMAINS, "libvirt"),
    (RUN_DOMAINS, "libvirt"),
)


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The sosreport's manifest (sos >= 4.0), None when absent or unreadable (not a
    regular file, over MAX_MANIFEST, nested past the JSON depth limit, not JSON)."""
    text = read_member(root, MANIFEST, MAX_MANIFEST, whole=True)
    if text is None:
        return None
    try:
        check_json_depth(text)
        data = json.loads(text)
    except ValueError:  # LimitError is one
        return None
    return data if isinstance(data, dict) else None


def manifest_plugins(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest's plugin records by plugin name; {} when it has none."""
    report = manifest.get("components", {}).get("report", {})
    plugins = report.get("plugins", {}) if isinstance(report, dict) else {}
    return plugins if isinstance(plugins, dict) else {}


def _version_txt_plugins(root: Path) -> frozenset[str] | None:
    text = read_member(root, "version.txt", MAX_MANIFEST)
    if text is None:
        return None
    lines = text.splitlines()
    names = set()
    for line in lines:
        key, sep, _ = line.partition(":")
        key = key.strip()
        if sep and key and key not in ("sosreport", "sos") and " " not in key:
            names.add(key)
    return frozenset(names) if names else None


def plugins_run(root: Path) -> frozenset[str] | None:
    """The sos plugins that ran, from the manifest or version.txt; None when unknown."""
    manifest = read_manifest(root)
    if manifest is not None:
        plugins = manifest_plugins(manifest)
        if plugins:
            return frozenset(plugins)
    return _version_txt_plugins(root)


def covered(
    host_path: str, plugins: frozenset[str] | None, version: str | None = None
) -> bool:
    """Whether a plugin that ran copies `host_path` in this sos version (then its absence
    is the host's). A path copied only from some version on counts as copied only when the
    version is known and recent enough."""
    if plugins is None:
        return False
    for prefix, plugin in COVERAGE:
        if host_path == prefix or host_path.startswith(prefix + "/"):
            since = SINCE.get(prefix)
            if since is not None:
                have = version_tuple(version)
                if have is None or have < since:
                    return False
            return plugin in plugins
    return False
