"""`nestaudit show`: what a bundle holds, for the person who received it."""

from __future__ import annotations

from typing import Any

from nestaudit.bundle import Bundle
from nestaudit.collect.cli import hostname_from
from nestaudit.collect.spec import LIBVIRT_DIRS, PERSISTENT_DOMAINS, VIRSH_DUMPXML


def describe(bundle: Bundle, name: str) -> str:
    """The summary `show` prints: host, source, collection, probes, domains."""
    data = bundle.data
    source = data["source"]
    host = data["host"].get("hostname") or hostname_from(data) or "(unknown)"
    user = (
        ""
        if data.get("as_root") is None
        else (" as root" if data["as_root"] else " as an unprivileged user")
    )
    lines = [
        f"bundle:     {name}",
        f"host:       {host}",
        f"source:     {source['type']}" + (f" ({source['path']})" if source.get("path") else ""),
        _collected(bundle, user),
        f"sha256:     {bundle.sha256}",
    ]
    if data["host"].get("arch") or data["host"].get("kernel"):
        lines.append(
            f"kernel:     {data['host'].get('arch') or ''} {data['host'].get('kernel') or ''}"
        )
    counts = bundle.probe_counts()
    lines.append("probes:     " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    failed = [
        f"  {record['status']:<11} {key}: {record.get('reason', '')}"
        for section in ("files", "dirs", "stats", "commands")
        for key, record in sorted(data[section].items())
        if record["status"] not in ("ok", "missing")
    ]
    if failed:
        lines.append("not read (other than missing):")
        lines.extend(failed)
    lacking = source.get("lacking") or []
    sos = bundle.sos_run
    if sos is not None:
        lines.extend(_lacks_lines(lacking, sos))
    elif lacking:
        lines.append("the source lacked: " + ", ".join(lacking))
    domains = _domain_files(bundle)
    lines.append(f"domains:    {len(domains)}")
    lines.extend(f"  {domain} ({where})" for domain, where in domains)
    return "\n".join(lines)


def _lacks_lines(lacking: list[str], sos: dict[str, Any]) -> list[str]:
    """What the sosreport lacks, grouped, with the sos option that would add it."""
    from nestaudit.soscoverage import lacks

    found = lacks(lacking, sos.get("plugins"), sos.get("version"))
    if not found:
        return ["this sosreport lacks nothing nestaudit reads"]
    lines = ["this sosreport lacks:"]
    for lack in found:
        lines.append(f"  {lack.what}: {', '.join(lack.items)}")
        lines.append(f"    for {lack.used_for}; {lack.add}")
    return lines


def _collected(bundle: Bundle, user: str) -> str:
    """When and by what the evidence was taken: for a sosreport, when sos ran."""
    collector = bundle.data["collector"]
    sos = bundle.sos_run
    if sos is None:
        return (f"collected:  {bundle.collected_at} by {collector['name']} "
                f"{collector['version']}{user}")
    when = bundle.evidence_time
    if when is None and sos.get("started_local"):
        when = f"{sos['started_local'].replace('T', ' ')} host local time (zone not recorded)"
    made = f"sos {sos['version']}" if sos.get("version") else "sos (version not recorded)"
    return (f"collected:  {when or 'not known (the sosreport does not record it)'} by "
            f"{made}; read by {collector['name']} {collector['version']}")


def _domain_files(bundle: Bundle) -> list[tuple[str, str]]:
    found: dict[str, set[str]] = {}
    for directory in LIBVIRT_DIRS:
        for entry in bundle.dir_entries(directory) or []:
            if entry.endswith(".xml"):
                kind = "persistent" if directory == PERSISTENT_DOMAINS else "running"
                found.setdefault(entry[: -len(".xml")], set()).add(kind)
    for key in bundle.data["commands"]:
        if key.startswith(VIRSH_DUMPXML):
            found.setdefault(key[len(VIRSH_DUMPXML) :], set()).add("virsh dumpxml")
    return [(name, ", ".join(sorted(kinds))) for name, kinds in sorted(found.items())]
