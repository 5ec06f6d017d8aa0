"""Operating-system facts (`os.*`) from os-release: id, name, version and family."""

from __future__ import annotations

from nestaudit.collect.spec import OS_RELEASE, OS_RELEASE_FALLBACK, REDHAT_RELEASE
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import Maybe, OsFacts
from nestaudit.facts.parsers.osrelease import (
    OsRelease,
    os_family,
    parse_os_release,
    parse_redhat_release,
)
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN, Version

# This group's entries in the fact registry, in the order docs/facts.md lists them.
SPECS: tuple[FactSpec, ...] = (
    FactSpec("os.id", "str", "host",
             "/etc/os-release (or /usr/lib/os-release, /etc/redhat-release)",
             "no os-release file readable", "os-release ID, lower-case."),
    FactSpec("os.name", "str", "host", "/etc/os-release",
             "no os-release file readable or no NAME", "PRETTY_NAME, else NAME."),
    FactSpec("os.version", "Version", "host", "/etc/os-release VERSION_ID",
             "no VERSION_ID", "VERSION_ID compared numerically (9.6 < 9.10 < 10 == 10.0)."),
    FactSpec("os.version_text", "str", "host", "/etc/os-release VERSION_ID",
             "no VERSION_ID", "VERSION_ID as written."),
    FactSpec("os.is_rhel", "bool", "host", "/etc/os-release ID",
             "no os-release file readable",
             "ID is rhel (CentOS, Alma, Rocky and Fedora are not RHEL)."),
    FactSpec("os.family", "str", "host", "/etc/os-release ID, ID_LIKE",
             "no os-release file readable", "rhel | rhel-like | fedora | debian | other."),
    FactSpec("os.major", "int", "host", "/etc/os-release VERSION_ID",
             "no VERSION_ID", "Major version."),
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "os.version_text": ("os.version",),
    "os.major": ("os.version",),
    "os.name": ("os.id",),
}


def read(r: Reader) -> OsFacts:
    """The OS facts; all unknown when no release file names an ID."""
    ev = r.ev
    release, source = _release(r)
    if release is None or release.get("ID") is None:
        return OsFacts(id=UNKNOWN, name=UNKNOWN, version=UNKNOWN, version_text=UNKNOWN,
                       is_rhel=UNKNOWN, family=UNKNOWN, major=UNKNOWN)
    os_id = (release.get("ID") or "").lower()
    ev.add("os.id", source, f"ID={os_id}")
    ev.add("os.is_rhel", source, f"ID={os_id}")
    id_like = release.get("ID_LIKE") or ""
    ev.add("os.family", source, f"ID={os_id} ID_LIKE={id_like}".strip())
    name_text = release.get("PRETTY_NAME") or release.get("NAME")
    if name_text:
        ev.add("os.name", source, name_text)
    version_text = release.get("VERSION_ID")
    version: Maybe[Version] = UNKNOWN
    major: Maybe[int] = UNKNOWN
    if version_text:
        ev.add("os.version", source, f"VERSION_ID={version_text}")
        parsed = Version.parse(version_text)
        if parsed is not None:
            version, major = parsed, parsed.parts[0]
    return OsFacts(
        id=os_id,
        name=name_text if name_text else UNKNOWN,
        version=version,
        version_text=version_text if version_text else UNKNOWN,
        is_rhel=os_id == "rhel",
        family=os_family(os_id, id_like),
        major=major,
    )


def _release(r: Reader) -> tuple[OsRelease | None, str]:
    """The first readable os-release file, else /etc/redhat-release, with its path."""
    release: OsRelease | None = None
    source = ""
    for path in (OS_RELEASE, OS_RELEASE_FALLBACK):
        text = r.text(path)
        if text is not None:
            release, source = parse_os_release(text), path
            break
    if release is None or release.get("ID") is None:
        text = r.text(REDHAT_RELEASE)
        if text is not None:
            release, source = parse_redhat_release(text), REDHAT_RELEASE
    return release, source
