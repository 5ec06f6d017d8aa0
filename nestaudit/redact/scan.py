"""The scan of a bundle for the values that name its host and guests, before any rewriting.

Host names come from the host record, the hostname files, `hostname` and `uname -a` (on
IBM Z also the LPAR and z/VM guest names of /proc/sysinfo); machine ids, DMI and dmidecode
serials and asset tags follow; libvirt domain names only when asked. A name that is also a
technical word, or shorter than three characters, is *guarded*: replaced only where it
stands as the name. User names are learnt from /home/<user> anywhere in the bundle, to be
replaced everywhere, unless short, a technical word or an account anyone has (`root`).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from nestaudit.collect.spec import (
    CPUINFO,
    DBUS_MACHINE_ID,
    DMI_DIR,
    HOSTNAME_FILES,
    LIBVIRT_DIRS,
    MACHINE_ID,
    MODULES,
    SYSINFO,
    VIRSH_DUMPXML,
)
from nestaudit.redact.labels import LABELLED
from nestaudit.redact.patterns import (
    ACCOUNTS,
    HOME_USER,
    PLACEHOLDERS,
    SERIAL_LINE,
    SYSINFO_NAME,
    VOCABULARY,
    XML_NAME,
)

_DMI_SERIALS = {"product_serial": "serial", "board_serial": "serial",
                "chassis_serial": "serial", "chassis_asset_tag": "asset_tag"}
_MACHINE_ID_FILES = (MACHINE_ID, DBUS_MACHINE_ID)
_NOT_NAMES = ("", "localhost", "localhost.localdomain", "(none)", "(unknown)")
HOME_DIR = re.compile(r"/home/[^/]*")
# `ps` cuts a user name longer than this and ends it with "+" (procps, USER column)
_PS_WIDTH = 8


@dataclass(frozen=True)
class Identifying:
    """What one bundle names. `literals` maps each lower-case form to (kind, value to
    label); of them, `short` (bare host names) match after DNS names and `domain_forms`
    (libvirt domain names as written and as XML escapes them) last; `users` are the
    forms of the user names learnt."""

    hostnames: frozenset[str]  # full names and short names, lower case
    guarded_hosts: frozenset[str]
    literals: dict[str, tuple[str, str]]
    short: frozenset[str]
    users: frozenset[str]
    domain_forms: frozenset[str]
    domain_names: frozenset[str]
    guarded_domains: frozenset[str]


def _text_of(record: dict[str, Any]) -> str | None:
    """The text of a file record that was read, base64 content decoded."""
    if record.get("status") != "ok" or "content" not in record:
        return None
    content = str(record["content"])
    if record.get("encoding") == "base64":
        return base64.b64decode(content).decode("utf-8", errors="replace")
    return content


def _first_line(text: str | None) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def _file_text(bundle: dict[str, Any], path: str) -> str | None:
    record = bundle.get("files", {}).get(path)
    return None if record is None else _text_of(record)


def _command_out(bundle: dict[str, Any], name: str) -> str | None:
    record = bundle.get("commands", {}).get(name)
    if record is None or record.get("status") != "ok":
        return None
    return str(record.get("stdout", ""))


def _strings(bundle: dict[str, Any]) -> Iterator[str]:
    """Every string of the bundle's records that may name a path: keys, contents (base64
    decoded), listings, link targets, command lines and outputs, the input's path."""
    for section in ("files", "dirs", "stats"):
        for key, record in bundle.get(section, {}).items():
            yield key
            text = _text_of(record)
            if text is not None:
                yield text
            yield from (str(record[k]) for k in ("resolved", "alias_of") if k in record)
            yield from (str(e) for e in record.get("entries", []))
    for key, record in bundle.get("commands", {}).items():
        yield key
        yield from (str(a) for a in record.get("argv", []))
        yield from (str(record[k]) for k in ("stdout", "stderr") if k in record)
    source = bundle.get("source")
    if isinstance(source, dict) and isinstance(source.get("path"), str):
        yield source["path"]


def _path_words(bundle: dict[str, Any]) -> set[str]:
    """The words of the host paths the bundle records (sys, module, kvm, intel, haswell of
    x86_Haswell.xml, ...), but of libvirt's domain files (named by people): a name equal to
    one would rename evidence wherever it is replaced inside a longer token."""
    words: set[str] = set()
    domain_files = tuple(d + "/" for d in LIBVIRT_DIRS)
    for section in ("files", "dirs", "stats"):
        for path in bundle.get(section, {}):
            if not path.startswith(domain_files):
                words.update(re.split(r"[^a-z0-9]+", HOME_DIR.sub("/home/", path.lower())))
    words.discard("")
    return words


def _vocabulary(bundle: dict[str, Any]) -> set[str]:
    """`VOCABULARY`, this host's CPU flags and its loaded modules' names."""
    words = set(VOCABULARY)
    for line in (_file_text(bundle, CPUINFO) or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "vmx flags", "features", "Features"):
            words.update(value.lower().split())
    for line in (_file_text(bundle, MODULES) or "").splitlines():
        words.update(line.split()[:1])
    return words


def _name_candidates(bundle: dict[str, Any]) -> list[str]:
    names = [str(bundle.get("host", {}).get("hostname") or "")]
    names += [_first_line(_file_text(bundle, p)) for p in HOSTNAME_FILES]
    names.append(_first_line(_command_out(bundle, "hostname")))
    uname = _first_line(_command_out(bundle, "uname -a")).split()
    if len(uname) > 1:
        names.append(uname[1])
    # an IBM Z partition's and z/VM guest's names identify the machine like a host name
    sysinfo = _file_text(bundle, SYSINFO) or ""
    names += [m.group(2) for m in SYSINFO_NAME.finditer(sysinfo)]
    return names


def _host_names(bundle: dict[str, Any]) -> set[str]:
    """The host's names, full and short, lower case."""
    hostnames: set[str] = set()
    for name in _name_candidates(bundle):
        name = name.strip().rstrip(".").lower()
        if name in _NOT_NAMES or LABELLED.match(name):
            continue
        hostnames.add(name)
        hostnames.add(name.split(".", 1)[0])
    return hostnames


def _machine_ids(bundle: dict[str, Any]) -> dict[str, tuple[str, str]]:
    ids: dict[str, tuple[str, str]] = {}
    for path in _MACHINE_ID_FILES:
        value = _first_line(_file_text(bundle, path)).lower()
        if re.fullmatch(r"[0-9a-f]{32}", value):
            ids[value] = ("machine-id", value)
    return ids


def _is_serial(value: str) -> bool:
    if value.lower() in PLACEHOLDERS or len(value) < 4 or not re.search(r"\w", value):
        return False
    # a UUID-shaped serial is relabelled as a UUID everywhere already
    return not re.fullmatch(r"[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}", value)


def _serials(bundle: dict[str, Any]) -> list[tuple[str, str]]:
    """(value, kind) of each serial and asset tag: DMI files, dmidecode, /proc/sysinfo."""
    found = [(_first_line(_file_text(bundle, f"{DMI_DIR}/{field}")), kind)
             for field, kind in _DMI_SERIALS.items()]
    for text in (_command_out(bundle, "dmidecode"), _file_text(bundle, SYSINFO)):
        for match in SERIAL_LINE.finditer(text or ""):
            kind = "asset_tag" if match.group(1) == "Asset Tag" else "serial"
            found.append((match.group(2), kind))
    stripped = [(value.strip(), kind) for value, kind in found]
    return [(value, kind) for value, kind in stripped if _is_serial(value)]


def _xml_name(text: str | None) -> set[str]:
    """The domain's <name> in a libvirt XML, as a set of none or one."""
    match = XML_NAME.search(text or "")
    return {html.unescape(match.group(1).strip())} if match else set()


def _xml_file_names(bundle: dict[str, Any]) -> set[str]:
    """The names of libvirt's XML files (<domain>.xml), listed or read, and their <name>."""
    found: set[str] = set()
    for directory in LIBVIRT_DIRS:
        record = bundle.get("dirs", {}).get(directory, {})
        found.update(e[: -len(".xml")] for e in record.get("entries", []) if e.endswith(".xml"))
    folders = tuple(d + "/" for d in LIBVIRT_DIRS)
    for path, record in bundle.get("files", {}).items():
        if path.startswith(folders) and path.endswith(".xml"):
            found |= _xml_name(_text_of(record))
    return found


def _virsh_names(bundle: dict[str, Any]) -> set[str]:
    """Domain names in `virsh dumpxml <name>` records and in the `virsh list` tables."""
    found: set[str] = set()
    for name, record in bundle.get("commands", {}).items():
        if name.startswith(VIRSH_DUMPXML):
            found.add(name[len(VIRSH_DUMPXML):])
            found |= _xml_name(str(record.get("stdout", "")))
    found.update(line.strip() for line in (_command_out(bundle, "virsh list") or "").splitlines())
    for line in (_command_out(bundle, "virsh list --all") or "").splitlines()[2:]:
        fields = line.split()
        if len(fields) >= 2:
            found.add(fields[1])
    return found


def _domain_names(bundle: dict[str, Any]) -> set[str]:
    found = _xml_file_names(bundle) | _virsh_names(bundle)
    return {name for name in found if name and not LABELLED.match(name.lower())}


def _xml_forms(name: str) -> set[str]:
    """A domain name as written in file names, and as XML escapes it (libvirt writes
    &apos;), lower case."""
    xml = html.escape(name, quote=True).replace("&#x27;", "&apos;")
    return {form.lower() for form in (name, xml, html.escape(name, quote=False),
                                      html.escape(name))}


def _host_values(bundle: dict[str, Any], names: frozenset[str]) -> dict[str, tuple[str, str]]:
    """The host's own values by lower-case form: its names, machine ids, then serials."""
    literals = {n: ("hostname", n) for n in names}
    literals.update(_machine_ids(bundle))
    for value, kind in _serials(bundle):
        literals.setdefault(value.lower(), (kind, value))
    return literals


def _domain_forms(names: frozenset[str], literals: dict[str, tuple[str, str]]) -> set[str]:
    """Add each domain name's forms to `literals`, after the host's own values; return them."""
    forms: set[str] = set()
    for name in names:
        for form in _xml_forms(name):
            literals.setdefault(form, ("libvirt-domain", name))
            forms.add(form)
    return forms


def _guarded(name: str, vocabulary: set[str]) -> bool:
    """Whether a bare name is too short or too common to replace where it stands alone."""
    return len(name) < 3 or name.lower() in vocabulary


def _users(bundle: dict[str, Any], vocabulary: set[str]) -> dict[str, tuple[str, str]]:
    """The user names of /home/<user> paths worth replacing everywhere, by lower-case form:
    the name, and the form `ps` shows a long one in (jdoe_ad+ for jdoe_admin)."""
    found: dict[str, tuple[str, str]] = {}
    for text in _strings(bundle):
        if "/home/" not in text:
            continue
        for name in HOME_USER.findall(text):
            low = name.lower()
            if (len(low) < 3 or low in vocabulary or low in ACCOUNTS
                    or LABELLED.match(low) or low in found):
                continue
            found[low] = ("user", name)
            if len(name) > _PS_WIDTH:
                found.setdefault(low[: _PS_WIDTH - 1] + "+", ("user", name))
    return found


def scan(bundle: dict[str, Any], domains: bool) -> Identifying:
    """What `bundle` names; libvirt domain names only when `domains`."""
    vocabulary = _vocabulary(bundle)
    # host and user names are replaced inside longer tokens too: none may be a path's word
    technical = vocabulary | _path_words(bundle)
    hostnames = frozenset(_host_names(bundle))
    guarded_hosts = frozenset(n for n in hostnames if "." not in n and _guarded(n, technical))
    replaced_hosts = hostnames - guarded_hosts
    literals = _host_values(bundle, replaced_hosts)
    users = {form: value for form, value in _users(bundle, technical).items()
             if form not in literals}
    literals.update(users)
    domain_names = frozenset(_domain_names(bundle) if domains else ())
    guarded_domains = frozenset(n for n in domain_names if _guarded(n, vocabulary))
    domain_forms = _domain_forms(domain_names - guarded_domains, literals)
    return Identifying(
        hostnames=hostnames,
        guarded_hosts=guarded_hosts,
        literals=literals,
        short=frozenset(n for n in replaced_hosts if "." not in n),
        users=frozenset(users),
        domain_forms=frozenset(domain_forms),
        domain_names=domain_names,
        guarded_domains=guarded_domains,
    )
