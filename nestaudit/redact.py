"""Replace what identifies a host in a bundle by consistent pseudonyms (labels).

A label is derived from a keyed hash, HMAC-SHA256(secret, "<kind>:<value>"), so the same
value gets the same label in every bundle redacted with the same mapping file, and chains
still link after redaction. The secret lives in a local JSON mapping file, created with a
random secret and mode 0600 when absent. That file also keeps a table label -> {kind,
original} for the user's own reference (to read a redacted report back); it is never needed
to redact (labels come from the hash alone), never copied into a bundle, and must not be
shared: it is the one place the originals are kept (`keep_originals=False` keeps kinds only).

What is replaced (kind: where found -> label; labels are lower case):

- hostname: the bundle's own host name (host.hostname, /etc/hostname, `hostname`,
  `uname -a`; on IBM Z also the LPAR and z/VM guest names of /proc/sysinfo)
  everywhere, and the first label of any DNS name -> host-1a2b3c4d
- domain: the rest of a DNS name -> domain-1a2b3c4d.invalid, so node1.corp.example.com
  becomes host-....domain-....invalid (the reserved TLD `.invalid` never resolves)
- ipv4: dotted quads that `ipaddress` accepts -> an address in 240.0.0.0/5 (reserved,
  never routed; 2**27 addresses, so two values rarely share a label)
- ipv6: candidates that `ipaddress` accepts -> an address in 2001:db8::/32 (documentation)
- mac: six hex pairs joined by ':' or '-' -> 02:xx:xx:xx:xx:xx (locally administered)
- uuid: 8-4-4-4-12 hex, lower-cased before hashing so that dmidecode's upper case and
  libvirt's lower case give the same label -> a UUID of version 8 (RFC 9562 "custom")
- machine-id: the value of /etc/machine-id, everywhere -> 32 hex digits
- hex-id: 64 hex digits standing alone, such as a container id in /proc/1/cgroup
  (`docker-<id>.scope`, whose first 12 digits are the container's host name)
  -> 64 other hex digits
- serial: DMI *_serial files, dmidecode "Serial Number:", /proc/sysinfo "Sequence Code:"
  -> serial-1a2b3c4d; asset_tag: DMI chassis_asset_tag, dmidecode "Asset Tag:"
  -> asset-1a2b3c4d
- user: the name after /home/ in any path -> user-1a2b3c4d
- libvirt-domain (only with redact_domains=True): domain names -> vm-1a2b3c4d

Never replaced: loopback, unspecified, multicast and broadcast addresses and netmasks; the
placeholders firmware writes instead of a serial ("Not Specified", "To Be Filled By
O.E.M.", ...); the all-zero UUID; CPU flags and kernel versions (no detector matches them:
DNS names need a real top-level domain, so `kvm-intel.nested` or `rhel7.4.xml` are not
names); URLs and names under the well-known vendor domains of `VENDOR_DOMAINS` (libosinfo
ids such as http://redhat.com/rhel/9.6 or http://microsoft.com/win/2k22, libvirt XML
namespaces): they name products, not hosts. A host name that is also a technical word
(`kvm`, a CPU flag, a module name) or shorter than three characters is replaced only where
it stands as the host name (host.hostname, /etc/hostname, `hostname`, `uname -a`), never
as a bare word elsewhere, so module lists and XML stay intact; libvirt domain names get the
same treatment (their `<name>`, file names and virsh command names only).

The redacted bundle records `redaction: {"kinds": {kind: number of distinct values},
"mapping": <mapping file name>, "domains": bool}`: counts, never originals. Its structure
is unchanged: base64 content is decoded, redacted and re-encoded, sizes are updated.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import html
import ipaddress
import json
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nestaudit.errors import InputError
from nestaudit.sources.sos import mangle

MAPPING_KIND = "nestaudit-redaction-mapping"
MAPPING_VERSION = 1

# Registered domains of vendors and projects whose names appear in libosinfo ids, XML
# namespaces and os-release URLs. A name equal to one, or under one, is kept.
VENDOR_DOMAINS = (
    "redhat.com", "fedoraproject.org", "centos.org", "almalinux.org", "rockylinux.org",
    "oracle.com", "libvirt.org", "libosinfo.org", "qemu.org", "microsoft.com",
    "ubuntu.com", "canonical.com", "debian.org", "suse.com", "opensuse.org", "novell.com",
    "openstack.org", "vmware.com", "kernel.org", "gnu.org", "freedesktop.org", "w3.org",
    "intel.com", "amd.com", "apple.com", "freebsd.org", "netbsd.org", "openbsd.org",
    "archlinux.org", "gentoo.org", "mageia.org", "slackware.com", "sun.com",
    "android.com", "google.com", "github.com", "nixos.org", "clearlinux.org",
    "ovirt.org", "linux-kvm.org", "xenproject.org", "citrix.com", "nutanix.com",
)

# Top-level domains a DNS name may end in: the generic ones in use plus every two-letter
# (country) code except those that are also common file extensions.
_LONG_TLDS = (
    "com|net|org|edu|gov|mil|int|info|biz|name|pro|aero|coop|museum|mobi|asia|tel|travel|"
    "jobs|arpa|local|localdomain|lan|internal|intranet|corp|home|example|test|cloud|app|"
    "dev|tech|online|site|xyz|top|club|shop|store|blog|page|live|news|global|group|"
    "systems|services|solutions|network|digital|company|email|host|zone|space|world"
)
_SHORT_DENY = (
    "py|sh|so|md|pl|rs|in|am|ac|cc|cs|ps|ai|ml|mk|ts|rb|ko|gz|xz|bz|js|hs|go|el|db|id|"
    "os|lo|ui|do|me|mo|po|rc|tk|ok|fd|pm|sv|tf|ld|st|cf"
)

# Values firmware writes when it has no serial or tag: not secrets, and replacing them
# would rewrite half of a dmidecode output.
PLACEHOLDERS = frozenset(
    s.lower()
    for s in (
        "", "0", "none", "null", "n/a", "na", "unknown", "not specified", "not available",
        "not applicable", "not present", "to be filled by o.e.m.", "default string",
        "system serial number", "chassis serial number", "base board serial number",
        "no asset tag", "asset tag", "asset-1234567890", "0123456789", "1234567890",
        "serial", "empty", "invalid", "<bad index>", "xxxxxxxxxx", "no asset information",
        "none specified", "oem", "o.e.m.", "filled by o.e.m.",
    )
)

# Words that may also be a host or domain name but carry meaning in evidence.
VOCABULARY = frozenset(
    (
        "kvm", "qemu", "libvirt", "host", "hosts", "localhost", "linux", "intel", "amd",
        "vmx", "svm", "ept", "npt", "nested", "domain", "name", "cpu", "cpus", "memory",
        "model", "mode", "type", "node", "nodes", "system", "guest", "server", "client",
        "rhel", "fedora", "centos", "ubuntu", "debian", "windows", "vmware", "hyperv",
        "xen", "test", "default", "none", "true", "false", "yes", "no", "on", "off",
        "running", "shut", "paused", "virsh", "uuid", "serial", "devices", "disk",
        "network", "interface", "console", "features", "os", "boot", "clock", "on_reboot",
    )
)

_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = rf"(?:(?:{_LONG_TLDS})|(?!(?:{_SHORT_DENY})(?![A-Za-z0-9]))[A-Za-z]{{2}})"
_GENERIC = {
    "url": r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]*",
    # a hyphen may precede (luks-<uuid>); a malformed longer last group is still a UUID
    "uuid": r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
    r"-[0-9A-Fa-f]{12,16}(?![\w-])",
    "hex64": r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{64}(?![\w-])",
    "hex32": r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{32}(?![\w-])",
    "mac": r"(?<![\w:.-])[0-9A-Fa-f]{2}(?P<macsep>[:-])(?:[0-9A-Fa-f]{2}(?P=macsep)){4}"
    r"[0-9A-Fa-f]{2}(?![\w:-])",
    "ipv6": r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})"
    r"(?:%[\w.-]+)?(?![\w:])",
    "ipv4": r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\w)",
    "fqdn": rf"(?<![\w.-])(?i:(?:{_DNS_LABEL}\.)+{_TLD})(?![\w-]|\.[A-Za-z0-9])",
    "user": r"(?<=/home/)[^/\s\"'<>:]+",
}
_ORDER_BEFORE = ("url", "uuid", "hex64", "hex32", "mac", "ipv6", "ipv4", "fqdn")
_ORDER_AFTER = ("user",)

_SYSINFO_NAME = re.compile(r"^((?:LPAR|VM\d\d) Name:[ \t]*)(\S.*?)([ \t]*)$", re.M)
_SERIAL_LINE = re.compile(r"^\s*(Serial Number|Asset Tag|Sequence Code)\s*:\s*(.*?)\s*$", re.M)
_DMI = "/sys/class/dmi/id/"
_DMI_SERIALS = {"product_serial": "serial", "board_serial": "serial",
                "chassis_serial": "serial", "chassis_asset_tag": "asset_tag"}
_HOSTNAME_FILES = ("/etc/hostname", "/proc/sys/kernel/hostname")
_LIBVIRT_DIRS = ("/etc/libvirt/qemu", "/run/libvirt/qemu", "/var/run/libvirt/qemu")
_XML_NAME = re.compile(r"<name>([^<]+)</name>")
_SHORT_DOMAIN_DIR = re.compile(r"(?<![\w-])(domain-\d+-)([^/\s'\"<>]+)")
_LABELLED = re.compile(
    r"^(host-[0-9a-f]{8}(\.domain-[0-9a-f]{8}\.invalid)?|domain-[0-9a-f]{8}\.invalid|"
    r"user-[0-9a-f]{8}|vm-[0-9a-f]{8}|serial-[0-9a-f]{8}|asset-[0-9a-f]{8})$"
)


def _vendor(name: str) -> bool:
    name = name.lower().rstrip(".")
    return any(name == d or name.endswith("." + d) for d in VENDOR_DOMAINS)


def _netmask(address: ipaddress.IPv4Address) -> bool:
    inverted = ~int(address) & 0xFFFFFFFF
    return inverted & (inverted + 1) == 0


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the redaction mapping: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not a redaction mapping: invalid JSON at line {exc.lineno}"
        ) from exc
    if (
        not isinstance(data, dict)
        or data.get("kind") != MAPPING_KIND
        or not isinstance(data.get("secret"), str)
        or not re.fullmatch(r"[0-9a-f]{64}", data["secret"])
        or not isinstance(data.get("labels", {}), dict)
    ):
        raise InputError(
            f"{path}: not a nestaudit redaction mapping (needs \"kind\": \"{MAPPING_KIND}\" "
            f"and a 64-hex-digit \"secret\")"
        )
    return data


def _write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable by its owner only."""
    directory = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".nestaudit-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the redaction mapping: {exc.strerror}") from exc
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the redaction mapping: {exc.strerror}") from exc


class Redactor:
    """Redacts bundles with the secret of one mapping file (created if absent)."""

    def __init__(
        self, mapping_path: Path, *, redact_domains: bool = False, keep_originals: bool = True
    ) -> None:
        self.mapping_path = Path(mapping_path)
        self.redact_domains = redact_domains
        self.keep_originals = keep_originals
        if self.mapping_path.exists():
            self._mapping = _read_mapping(self.mapping_path)
        else:
            self._mapping = {
                "kind": MAPPING_KIND,
                "version": MAPPING_VERSION,
                "secret": secrets.token_hex(32),
                "labels": {},
            }
            self.save()
        self._secret = bytes.fromhex(self._mapping["secret"])
        self._seen: dict[str, set[str]] = {}
        self._labels: dict[str, Any] = self._mapping.setdefault("labels", {})

    # -- labels ---------------------------------------------------------------------------
    def _digest(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def _remember(self, label: str, kind: str, original: str) -> str:
        entry: dict[str, str] = {"kind": kind}
        if self.keep_originals:
            entry["original"] = original
        self._labels.setdefault(label, entry)
        self._seen.setdefault(kind, set()).add(original)
        return label

    def label(self, kind: str, value: str) -> str:
        """The label of `value` (canonicalised per kind: lower case, compressed address)."""
        if kind in ("hostname", "domain", "uuid", "machine-id", "mac", "hex-id"):
            value = value.lower()
        h = self._digest(kind, value)
        if kind == "hostname":
            return self._remember(f"host-{h[:8]}", kind, value)
        if kind == "domain":
            return self._remember(f"domain-{h[:8]}.invalid", kind, value)
        if kind == "ipv4":
            address = ipaddress.IPv4Address(0xF0000000 | (int(h[:8], 16) & 0x07FFFFFF))
            return self._remember(str(address), kind, value)
        if kind == "ipv6":
            v6 = ipaddress.IPv6Address((0x20010DB8 << 96) | int(h[:24], 16))
            return self._remember(str(v6), kind, value)
        if kind == "mac":
            return self._remember(
                "02:" + ":".join(h[i : i + 2] for i in range(0, 10, 2)), kind, value
            )
        if kind == "uuid":
            variant = "89ab"[int(h[16], 16) & 3]
            raw = h[:12] + "8" + h[13:16] + variant + h[17:32]
            shaped = f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}"
            return self._remember(shaped, kind, value)
        if kind == "machine-id":
            return self._remember(h[:32], kind, value)
        if kind == "hex-id":
            return self._remember(h, kind, value)
        prefix = {"serial": "serial", "asset_tag": "asset", "user": "user",
                  "libvirt-domain": "vm"}[kind]
        return self._remember(f"{prefix}-{h[:8]}", kind, value)

    def dns_name(self, name: str) -> str:
        """host label(s) for a DNS name: first label as a host, the rest as a domain."""
        name = name.rstrip(".")
        if _LABELLED.match(name.lower()):
            return name
        first, _, rest = name.partition(".")
        if not rest:
            return self.label("hostname", first)
        if "." not in rest and rest.lower() in ("local", "localdomain", "lan", "internal",
                                                 "intranet", "home", "corp"):
            return f"{self.label('hostname', first)}.{rest.lower()}"
        if "." not in rest:  # a registered domain (example.com), not a host
            return self.label("domain", name)
        return f"{self.label('hostname', first)}.{self.label('domain', rest)}"

    def save(self) -> None:
        """Write the mapping file (mode 0600)."""
        text = json.dumps(self._mapping, indent=2, sort_keys=True) + "\n"
        _write_private(self.mapping_path, text)

    # -- the bundle -----------------------------------------------------------------------
    def redact_bundle(
        self, bundle: dict[str, Any], *, redact_domains: bool | None = None
    ) -> dict[str, Any]:
        """A redacted deep copy of `bundle`; the mapping file is updated and saved."""
        domains = self.redact_domains if redact_domains is None else redact_domains
        self._seen = {}
        out = copy.deepcopy(bundle)
        work = _BundleWork(self, out, domains)
        work.run()
        out["redaction"] = {
            "kinds": {k: len(v) for k, v in sorted(self._seen.items())},
            "mapping": self.mapping_path.name,
            "domains": domains,
        }
        self.save()
        return out


def redact_bundle(
    bundle: dict[str, Any], mapping_path: Path, *, redact_domains: bool = False
) -> dict[str, Any]:
    """Shorthand: redact one bundle with the mapping file at `mapping_path`."""
    return Redactor(mapping_path, redact_domains=redact_domains).redact_bundle(bundle)


# -- one bundle's redaction -----------------------------------------------------------------


def _text_of(record: dict[str, Any]) -> str | None:
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


class _BundleWork:
    """Scans one bundle for the values it names, then rewrites every string in it."""

    def __init__(self, redactor: Redactor, bundle: dict[str, Any], domains: bool) -> None:
        self.r = redactor
        self.b = bundle
        self.domains = domains
        self.hostnames: set[str] = set()  # full names and short names, lower case
        self.guarded_hosts: set[str] = set()
        # lower-case literal -> (kind, value to label); "short" ones match after DNS names
        self.literals: dict[str, tuple[str, str]] = {}
        self.short: set[str] = set()
        self.domain_forms: set[str] = set()  # matched last, also before "_", "-" or "."
        self.domain_names: set[str] = set()
        self.guarded_domains: set[str] = set()
        self.scan()
        self.pattern = self.compile()

    # -- scanning -------------------------------------------------------------------------
    def file_text(self, path: str) -> str | None:
        record = self.b.get("files", {}).get(path)
        return None if record is None else _text_of(record)

    def command_out(self, name: str) -> str | None:
        record = self.b.get("commands", {}).get(name)
        if record is None or record.get("status") != "ok":
            return None
        return str(record.get("stdout", ""))

    def vocabulary(self) -> set[str]:
        words = set(VOCABULARY)
        for line in (self.file_text("/proc/cpuinfo") or "").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("flags", "vmx flags", "features", "Features"):
                words.update(value.lower().split())
        for line in (self.file_text("/proc/modules") or "").splitlines():
            words.update(line.split()[:1])
        return words

    def scan(self) -> None:
        names = [str(self.b.get("host", {}).get("hostname") or "")]
        names += [_first_line(self.file_text(p)) for p in _HOSTNAME_FILES]
        names.append(_first_line(self.command_out("hostname")))
        uname = _first_line(self.command_out("uname -a")).split()
        if len(uname) > 1:
            names.append(uname[1])
        # an IBM Z partition's and z/VM guest's names identify the machine like a host name
        names += [m.group(2) for m in _SYSINFO_NAME.finditer(self.file_text("/proc/sysinfo") or "")]
        vocabulary = self.vocabulary()
        for name in names:
            name = name.strip().rstrip(".").lower()
            if name in ("", "localhost", "localhost.localdomain", "(none)", "(unknown)"):
                continue
            if _LABELLED.match(name):
                continue
            self.hostnames.add(name)
            short = name.split(".", 1)[0]
            self.hostnames.add(short)
        for name in self.hostnames:
            if "." not in name and (len(name) < 3 or name in vocabulary):
                self.guarded_hosts.add(name)
            else:
                self.literals[name] = ("hostname", name)
                if "." not in name:
                    self.short.add(name)
        for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
            value = _first_line(self.file_text(path)).lower()
            if re.fullmatch(r"[0-9a-f]{32}", value):
                self.literals[value] = ("machine-id", value)
        for field, kind in _DMI_SERIALS.items():
            self.add_serial(_first_line(self.file_text(_DMI + field)), kind)
        for text in (self.command_out("dmidecode"), self.file_text("/proc/sysinfo")):
            for match in _SERIAL_LINE.finditer(text or ""):
                kind = "asset_tag" if match.group(1) == "Asset Tag" else "serial"
                self.add_serial(match.group(2), kind)
        if self.domains:
            self.scan_domains(vocabulary)

    def add_serial(self, value: str, kind: str) -> None:
        value = value.strip()
        if value.lower() in PLACEHOLDERS or len(value) < 4 or not re.search(r"\w", value):
            return
        if re.fullmatch(r"[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}", value):
            return  # a UUID-shaped serial is relabelled as a UUID everywhere already
        self.literals.setdefault(value.lower(), (kind, value))

    def scan_domains(self, vocabulary: set[str]) -> None:
        found: set[str] = set()
        files = self.b.get("files", {})
        for directory in _LIBVIRT_DIRS:
            record = self.b.get("dirs", {}).get(directory, {})
            for entry in record.get("entries", []):
                if entry.endswith(".xml"):
                    found.add(entry[: -len(".xml")])
        for path, record in files.items():
            if path.startswith(tuple(d + "/" for d in _LIBVIRT_DIRS)) and path.endswith(".xml"):
                match = _XML_NAME.search(_text_of(record) or "")
                if match:
                    found.add(html.unescape(match.group(1).strip()))
        for name, record in self.b.get("commands", {}).items():
            if name.startswith("virsh dumpxml "):
                found.add(name[len("virsh dumpxml "):])
                match = _XML_NAME.search(str(record.get("stdout", "")))
                if match:
                    found.add(html.unescape(match.group(1).strip()))
        found.update(
            line.strip() for line in (self.command_out("virsh list") or "").splitlines()
        )
        for line in (self.command_out("virsh list --all") or "").splitlines()[2:]:
            fields = line.split()
            if len(fields) >= 2:
                found.add(fields[1])
        for name in found:
            if not name or _LABELLED.match(name.lower()):
                continue
            self.domain_names.add(name)
            if len(name) < 3 or name.lower() in vocabulary:
                self.guarded_domains.add(name)
                continue
            # as written in file names, and as XML escapes it (libvirt writes &apos;)
            xml = html.escape(name, quote=True).replace("&#x27;", "&apos;")
            for form in {name, xml, html.escape(name, quote=False), html.escape(name)}:
                self.literals.setdefault(form.lower(), ("libvirt-domain", name))
                self.domain_forms.add(form.lower())

    # -- the pattern ----------------------------------------------------------------------
    def compile(self) -> re.Pattern[str]:
        later = self.short | self.domain_forms
        full = sorted((v for v in self.literals if v not in later), key=len, reverse=True)
        short = sorted(self.short, key=len, reverse=True)
        domains = sorted(self.domain_forms, key=len, reverse=True)
        parts: list[str] = []
        if full:
            alternatives = "|".join(re.escape(v) for v in full)
            parts.append(
                rf"(?P<lit>(?<![\w.<-])(?<!</)(?i:{alternatives})(?![\w-]|=)"
                r"(?!\.(?!xml(?![\w.-]))\w))"
            )
        parts += [f"(?P<{k}>{_GENERIC[k]})" for k in _ORDER_BEFORE]
        if short:
            alternatives = "|".join(re.escape(v) for v in short)
            parts.append(rf"(?P<short>(?<![\w.<-])(?<!</)(?i:{alternatives})(?![\w-]|=))")
        # libvirt names files and folders <domain>_1.img, 1-<domain>, FROM-<domain>: a
        # domain name may touch "_" or "-"; never a version's ".<digit>" (rhel7.0.0)
        if domains:
            alternatives = "|".join(re.escape(v) for v in domains)
            parts.append(
                rf"(?P<dom>(?<![A-Za-z0-9.<])(?<!</)(?i:{alternatives})(?![A-Za-z0-9=]|\.\d))"
            )
        parts += [f"(?P<{k}>{_GENERIC[k]})" for k in _ORDER_AFTER]
        return re.compile("|".join(parts))

    # -- rewriting ------------------------------------------------------------------------
    def text(self, value: str, *, in_url: bool = False) -> str:
        if self.domains and self.domain_names:
            value = _SHORT_DOMAIN_DIR.sub(self.short_domain_dir, value)
        return self.pattern.sub(lambda m: self.replace(m, in_url), value)

    def short_domain_dir(self, m: re.Match[str]) -> str:
        """libvirt's per-domain folders are `domain-<id>-<first 20 characters of name>`."""
        prefix = m.group(2)
        for name in sorted(self.domain_names):
            if name == prefix or (len(name) > len(prefix) >= 20 and name.startswith(prefix)):
                return m.group(1) + self.domain_label(name)
        return m.group(0)

    def replace(self, m: re.Match[str], in_url: bool) -> str:
        kind = m.lastgroup
        value = m.group(0)
        if kind in ("lit", "short", "dom"):
            literal_kind, original = self.literals[value.lower()]
            if literal_kind == "hostname":
                return self.r.dns_name(value)
            return self.r.label(literal_kind, original)
        if kind == "url":
            return value if in_url else self.url(value)
        if kind == "uuid":
            if set(value.replace("-", "").lower()) <= {"0"} or set(
                value.replace("-", "").lower()
            ) <= {"f"}:
                return value
            return self.r.label("uuid", value)
        if kind == "hex64":  # a container id (docker-<id>.scope), a digest
            h = value.lower()
            return value if set(h) <= {"0"} or set(h) <= {"f"} else self.r.label("hex-id", h)
        if kind == "hex32":  # a UUID written without hyphens (OpenStack ids, say)
            h = value.lower()
            if set(h) <= {"0"} or set(h) <= {"f"}:
                return value
            dashed = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
            return self.r.label("uuid", dashed).replace("-", "")
        if kind == "mac":
            canonical = value.replace("-", ":").lower()
            if canonical in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"):
                return value
            label = self.r.label("mac", canonical)
            return label.replace(":", "-") if "-" in value else label
        if kind == "ipv6":
            return self.ipv6(value)
        if kind == "ipv4":
            return self.ipv4(value)
        if kind == "fqdn":
            return value if _vendor(value) else self.r.dns_name(value)
        if kind == "user":
            return value if _LABELLED.match(value) else self.r.label("user", value)
        return value

    def url(self, value: str) -> str:
        scheme, _, rest = value.partition("://")
        authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
        host = authority.rpartition("@")[2]
        host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
        if host and _vendor(host):
            return value
        return scheme + "://" + self.text(rest, in_url=True)

    def ipv4(self, value: str) -> str:
        try:
            address = ipaddress.IPv4Address(value)
        except ValueError:
            return value
        if (address.is_unspecified or address.is_loopback or address.is_multicast
                or _netmask(address) or address in ipaddress.IPv4Network("240.0.0.0/5")):
            return value
        return self.r.label("ipv4", str(address))

    def ipv6(self, value: str) -> str:
        bare, sep, zone = value.partition("%")
        try:
            address = ipaddress.IPv6Address(bare)
        except ValueError:
            return value
        if (address.is_unspecified or address.is_loopback or address.is_multicast
                or address in ipaddress.IPv6Network("2001:db8::/32")):  # labels, examples
            return value
        return self.r.label("ipv6", address.compressed) + sep + zone

    def guarded(self, value: str, names: set[str], relabel: Callable[[str], str]) -> str:
        """Replace a guarded name where it stands alone as the whole value."""
        stripped = value.strip()
        if stripped.lower() in {n.lower() for n in names}:
            return value.replace(stripped, relabel(stripped))
        return value

    def domain_label(self, name: str) -> str:
        return self.r.label("libvirt-domain", name)

    def path(self, value: str) -> str:
        """A host path: the text rules, then guarded domain names as `<name>.xml`."""
        value = self.text(value)
        if self.domains and self.guarded_domains:
            head, sep, leaf = value.rpartition("/")
            if leaf.endswith(".xml") and leaf[:-4] in self.guarded_domains:
                value = head + sep + self.domain_label(leaf[:-4]) + ".xml"
        return value

    def content(self, host_path: str, text: str) -> str:
        text = self.text(text)
        if host_path == "/proc/sysinfo":
            text = _SYSINFO_NAME.sub(self.sysinfo_name, text)
        if host_path in _HOSTNAME_FILES and self.guarded_hosts:
            lines = text.splitlines(keepends=True)
            text = "".join(self.guarded(line, self.guarded_hosts, self.r.dns_name)
                           for line in lines)
        if self.domains and self.guarded_domains:
            text = self.xml_names(text)
        return text

    def sysinfo_name(self, m: re.Match[str]) -> str:
        """An LPAR or z/VM guest name left as a bare word (short, or a technical word)."""
        name = m.group(2)
        if _LABELLED.match(name.lower()) or name.lower() in ("(none)", "(unknown)"):
            return m.group(0)
        return m.group(1) + self.r.dns_name(name) + m.group(3)

    def xml_names(self, text: str) -> str:
        def name(m: re.Match[str]) -> str:
            if m.group(1).strip() in self.guarded_domains:
                return f"<name>{self.domain_label(m.group(1).strip())}</name>"
            return m.group(0)

        return _XML_NAME.sub(name, text)

    def record_content(self, host_path: str, record: dict[str, Any]) -> None:
        if "content" not in record:
            return
        if record.get("encoding") == "base64":
            raw = base64.b64decode(str(record["content"]))
            text = raw.decode("utf-8", errors="surrogateescape")
            new = self.content(host_path, text).encode("utf-8", errors="surrogateescape")
            record["content"] = base64.b64encode(new).decode("ascii")
        else:
            new = self.content(host_path, str(record["content"])).encode("utf-8")
            record["content"] = new.decode("utf-8")
        record["size"] = len(new)

    def files(self) -> None:
        files: dict[str, Any] = {}
        for host_path, record in self.b.get("files", {}).items():
            self.record_content(host_path, record)
            for key in ("resolved", "alias_of"):
                if key in record:
                    record[key] = self.path(str(record[key]))
            if "reason" in record:
                record["reason"] = self.text(str(record["reason"]))
            files[self.path(host_path)] = record
        self.b["files"] = files

    def dirs(self) -> None:
        dirs: dict[str, Any] = {}
        for host_path, record in self.b.get("dirs", {}).items():
            if "entries" in record:
                record["entries"] = [self.path(e) for e in record["entries"]]
            for key in ("resolved", "alias_of"):
                if key in record:
                    record[key] = self.path(str(record[key]))
            if "reason" in record:
                record["reason"] = self.text(str(record["reason"]))
            dirs[self.path(host_path)] = record
        self.b["dirs"] = dirs
        stats: dict[str, Any] = {}
        for host_path, record in self.b.get("stats", {}).items():
            if "reason" in record:
                record["reason"] = self.text(str(record["reason"]))
            stats[self.path(host_path)] = record
        self.b["stats"] = stats

    def command(self, name: str, record: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        domain = name[len("virsh dumpxml "):] if name.startswith("virsh dumpxml ") else None
        new_domain = None
        if domain is not None and self.domains:
            new_domain = self.domain_label(domain)
        argv = [self.text(a) for a in record.get("argv", [])]
        if new_domain is not None and domain is not None:
            argv = [new_domain if a == domain else a for a in argv]
        record["argv"] = argv
        for key in ("stdout", "stderr"):
            if key in record:
                text = self.text(str(record[key]))
                if self.domains and self.guarded_domains:
                    text = self.xml_names(text)
                if name == "hostname" and self.guarded_hosts:
                    text = self.guarded(text, self.guarded_hosts, self.r.dns_name)
                if name == "uname -a":
                    text = self.uname(text)
                if name in ("virsh list", "virsh list --all") and self.guarded_domains:
                    text = self.virsh_list(text)
                record[key] = text
        if "reason" in record:
            record["reason"] = self.text(str(record["reason"]))
        if "source" in record:
            source = self.text(str(record["source"]))
            if domain is not None and new_domain is not None:
                old_tail, new_tail = mangle(domain), mangle(new_domain)
                if source.endswith(old_tail):
                    source = source[: -len(old_tail)] + new_tail
            record["source"] = source
        if domain is not None:
            new_name = "virsh dumpxml " + (new_domain or self.text(domain))
        else:
            new_name = self.text(name)
        return new_name, record

    def uname(self, text: str) -> str:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            fields = line.split(" ")
            if len(fields) > 1 and fields[1].lower() in self.guarded_hosts:
                fields[1] = self.r.dns_name(fields[1])
                lines[i] = " ".join(fields)
        return "".join(lines)

    def virsh_list(self, text: str) -> str:
        def one(line: str) -> str:
            for name in self.guarded_domains:
                if line.strip() == name:
                    return line.replace(name, self.domain_label(name))
                fields = line.split()
                if len(fields) >= 2 and fields[1] == name:
                    return re.sub(rf"(?<=\s){re.escape(name)}(?=\s)", self.domain_label(name),
                                  line, count=1)
            return line

        return "".join(one(line) for line in text.splitlines(keepends=True))

    def commands(self) -> None:
        commands: dict[str, Any] = {}
        for name, record in self.b.get("commands", {}).items():
            new_name, new_record = self.command(name, record)
            commands[new_name] = new_record
        self.b["commands"] = commands

    def host(self) -> None:
        host = self.b.get("host")
        if isinstance(host, dict) and host.get("hostname"):
            hostname = str(host["hostname"])
            if hostname.lower() in ("localhost", "localhost.localdomain"):
                return
            host["hostname"] = self.r.dns_name(hostname)

    def source(self) -> None:
        source = self.b.get("source")
        if not isinstance(source, dict) or not isinstance(source.get("path"), str):
            return
        path = self.text(source["path"])
        for name in sorted(self.hostnames, key=len, reverse=True):
            label = self.r.dns_name(name).replace("\\", "\\\\")
            path = re.sub(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])",
                          label, path, flags=re.I)
        source["path"] = path
        if isinstance(source.get("lacking"), list):
            source["lacking"] = [self.path(str(p)) for p in source["lacking"]]

    def run(self) -> None:
        self.files()
        self.dirs()
        self.commands()
        self.host()
        self.source()
