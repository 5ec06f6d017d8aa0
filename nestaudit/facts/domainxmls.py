"""Where the domain XMLs come from: libvirt's persistent and live folders, else `virsh
dumpxml`; each document parsed once, grouped by domain name, with what could not be read or
parsed, and whether every domain was seen."""

from __future__ import annotations

import re

from nestaudit.collect.spec import LIBVIRT_DIRS, LIVE_DOMAINS, PERSISTENT_DOMAINS, VIRSH_DUMPXML
from nestaudit.facts.evidence import clip
from nestaudit.facts.model import Maybe
from nestaudit.facts.parsers.domainxml import ParsedDomain, parse_domain_xml
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN


def problems(found: dict[str, list[ParsedDomain]], complete: bool) -> Maybe[list[str]]:
    """Every domain XML that was read but could not be parsed ("source: why"); unknown when
    none is known broken but some could not be read at all."""
    candidates = [c for name in sorted(found) for c in found[name] if c.problem]
    broken = [str(c.problem) for c in candidates if not c.unread]
    if broken or (complete and not candidates):
        return broken
    return UNKNOWN


def _dir_state(r: Reader, directory: str) -> str:
    """ok | missing | unreadable | absent (never probed)."""
    record = r.bundle.dir_record(directory)
    if record is None:
        return "absent"
    status = str(record["status"])
    if status in ("ok", "missing"):
        return status
    return "unreadable"


def read_domains(r: Reader) -> tuple[dict[str, list[ParsedDomain]], dict[str, str]]:
    """Every domain XML in the bundle, parsed once, grouped by domain name; and the state
    of each libvirt directory."""
    found: dict[str, list[ParsedDomain]] = {}
    states: dict[str, str] = {}
    seen_dirs: set[str] = set()
    for directory in LIBVIRT_DIRS:
        states[directory] = _dir_state(r, directory)
        stored = r.bundle.dir_path(directory)
        entries = r.bundle.dir_entries(directory)
        if entries is None or stored in seen_dirs:
            continue  # /var/run is often a link to /run: its files are read once
        seen_dirs.add(stored)
        for entry in sorted(entries):
            if entry.endswith(".xml"):
                fallback = entry[: -len(".xml")]
                parsed = _read_file(r, directory, stored, entry)
                found.setdefault(parsed.name or fallback, []).append(parsed)
    for fallback, parsed in _read_virsh(r):
        found.setdefault(parsed.name or fallback, []).append(parsed)
    return found, states


# A <uuid> element holding plain text only (no attribute, markup or reference), and the
# start of any <uuid> element.
_PLAIN_UUID = re.compile(r"<uuid\s*>([^<&]*)</uuid\s*>")
_UUID_START = re.compile(r"<uuid[\s/>]")


def domain_uuids(r: Reader) -> frozenset[str]:
    """Every UUID the bundle's domain XMLs could give a domain, lower-case, mostly without
    parsing them: a superset of its `domain.uuid` facts, to find which bundles may link. A
    document with a <uuid> element that is not plain text is parsed, so none is missed."""
    return frozenset(u for text in _documents(r) for u in document_uuids(text))


def document_uuids(text: str) -> set[str]:
    """The text of every plain <uuid> element of one document, lower-case; with the
    domain's own (`parse_domain_xml`'s) when some <uuid> element is not plain."""
    plain = _PLAIN_UUID.findall(text)
    found = {u.strip().lower() for u in plain}
    if len(plain) != len(_UUID_START.findall(text)):
        uuid = parse_domain_xml(text, "", None).uuid
        if uuid:
            found.add(uuid)
    return found


def _documents(r: Reader) -> list[str]:
    """The text of every domain XML `read_domains` reads (the readable ones)."""
    texts = []
    seen_dirs: set[str] = set()
    for directory in LIBVIRT_DIRS:
        stored = r.bundle.dir_path(directory)
        entries = r.bundle.dir_entries(directory)
        if entries is None or stored in seen_dirs:
            continue  # /var/run as a link to /run: its files once, as read_domains reads them
        seen_dirs.add(stored)
        for entry in entries:
            text = r.text(f"{stored}/{entry}") if entry.endswith(".xml") else None
            if text is not None:
                texts.append(text)
    for name, record in r.bundle.data.get("commands", {}).items():
        if name.startswith(VIRSH_DUMPXML) and record.get("status") == "ok":
            texts.append(str(record.get("stdout", "")))
    return texts


def _read_file(r: Reader, directory: str, stored: str, entry: str) -> ParsedDomain:
    """One XML file of a libvirt directory (`stored` is where the bundle holds it)."""
    path = f"{directory}/{entry}"
    fallback = entry[: -len(".xml")]
    text = r.text(f"{stored}/{entry}")
    if text is None:
        return ParsedDomain(source=path, live=False, name=fallback,
                            problem=f"{path}: {r.why_not(f'{stored}/{entry}')}", unread=True)
    parsed = parse_domain_xml(text, path, fallback)
    if directory != PERSISTENT_DOMAINS and parsed.problem is None and not parsed.live:
        # a plain <domain> under /run is still the running definition
        parsed = parsed._replace(live=True, state="running")
    return parsed


def _read_virsh(r: Reader) -> list[tuple[str, ParsedDomain]]:
    """(the domain asked for, its parsed XML) of every `virsh dumpxml` record."""
    out: list[tuple[str, ParsedDomain]] = []
    for name, record in sorted(r.bundle.data.get("commands", {}).items()):
        if not name.startswith(VIRSH_DUMPXML):
            continue
        fallback = name[len(VIRSH_DUMPXML):]
        if record.get("status") == "ok" and record.get("exit_code", 0) == 0:
            parsed = parse_domain_xml(str(record.get("stdout", "")), name, fallback)
            if parsed.live and parsed.state is None:
                parsed = parsed._replace(state="running")
        else:
            detail = str(record.get("stderr") or record.get("reason") or record.get("status"))
            parsed = ParsedDomain(source=name, live=False, name=fallback,
                                  problem=f"{name}: failed: {clip(detail, 120)}", unread=True)
        out.append((fallback, parsed))
    return out


def completeness(r: Reader, states: dict[str, str]) -> tuple[bool, bool]:
    """(every domain was seen, every running domain was seen): from the directories, or
    from virsh dumpxml working for every domain virsh listed."""
    for directory, state in states.items():
        r.ev.add("domains.readable", directory, state)
    persistent_ok = states[PERSISTENT_DOMAINS] in ("ok", "missing")
    live_states = [states[d] for d in LIVE_DOMAINS]
    live_ok = any(s == "ok" for s in live_states) or (
        all(s in ("ok", "missing", "absent") for s in live_states)
        and any(s != "absent" for s in live_states)
    )
    virsh_ok = _virsh_complete(r)
    return (persistent_ok and live_ok) or virsh_ok, live_ok or virsh_ok


def _virsh_complete(r: Reader) -> bool:
    """`virsh list` ran, and `virsh dumpxml` worked for every domain it listed."""
    listing = r.command_ok("virsh list")
    if listing is None or listing.get("exit_code", 0) != 0:
        return False
    wanted = [n.strip() for n in str(listing.get("stdout", "")).splitlines() if n.strip()]
    r.ev.add("domains.readable", "virsh list", f"{len(wanted)} domains listed")
    return all((r.command_ok(VIRSH_DUMPXML + n) or {}).get("exit_code", 1) == 0 for n in wanted)
