"""The rewriting of one string of a bundle: each value the bundle's pattern matches becomes
its label, and a guarded name becomes one where it stands as the name (a hostname file,
`hostname`, `uname -a`, a domain's <name>, a `virsh list` row, `<name>.xml`)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Collection

from nestaudit.collect.spec import HOSTNAME_FILES, SYSINFO
from nestaudit.redact.labels import LABELLED, Labeller
from nestaudit.redact.patterns import (
    SHORT_DOMAIN_DIR,
    SYSINFO_NAME,
    XML_NAME,
    is_netmask,
    is_vendor,
    value_pattern,
)
from nestaudit.redact.scan import Identifying

_IPV4_LABELS = ipaddress.IPv4Network("240.0.0.0/5")  # where labels are: kept as they are
_IPV6_LABELS = ipaddress.IPv6Network("2001:db8::/32")  # labels, and the documentation examples


def _trivial(hex_digits: str) -> bool:
    """All zeros or all f: a placeholder, not an identifier."""
    digits = set(hex_digits.lower())
    return digits <= {"0"} or digits <= {"f"}


class Rewriter:
    """Rewrites the strings of one bundle with what `scan` found in it."""

    def __init__(self, labels: Labeller, found: Identifying, domains: bool) -> None:
        self.labels = labels
        self.found = found
        self.domains = domains
        self._pattern = value_pattern(found.literals, found.short, found.domain_forms,
                                      found.users)
        self._by_kind: dict[str, Callable[[str], str]] = {
            "lit": self._literal, "short": self._literal, "dom": self._literal,
            "login": self._literal,
            "uuid": self._uuid, "hex64": self._hex64, "hex32": self._hex32,
            "mac": self._mac, "ipv6": self._ipv6, "ipv4": self._ipv4,
            "fqdn": self._fqdn, "user": self._user,
        }

    # -- matched values -------------------------------------------------------------------
    def text(self, value: str, *, in_url: bool = False) -> str:
        """`value` with every value the pattern matches replaced by its label."""
        if self.domains and self.found.domain_names:
            value = SHORT_DOMAIN_DIR.sub(self._short_domain_dir, value)
        return self._pattern.sub(lambda m: self._replace(m, in_url), value)

    def _short_domain_dir(self, m: re.Match[str]) -> str:
        """libvirt's per-domain folders are `domain-<id>-<first 20 characters of name>`."""
        prefix = m.group(2)
        for name in sorted(self.found.domain_names):
            if name == prefix or (len(name) > len(prefix) >= 20 and name.startswith(prefix)):
                return m.group(1) + self.domain_label(name)
        return m.group(0)

    def _replace(self, m: re.Match[str], in_url: bool) -> str:
        kind = m.lastgroup or ""
        value = m.group(0)
        if kind == "url":
            return value if in_url else self._url(value)
        replace = self._by_kind.get(kind)
        return value if replace is None else replace(value)

    def _literal(self, value: str) -> str:
        kind, original = self.found.literals[value.lower()]
        if kind == "hostname":
            return self.labels.dns_name(value)
        return self.labels.label(kind, original)

    def _url(self, value: str) -> str:
        scheme, _, rest = value.partition("://")
        authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
        host = authority.rpartition("@")[2]
        host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
        if host and is_vendor(host):
            return value
        return scheme + "://" + self.text(rest, in_url=True)

    def _uuid(self, value: str) -> str:
        return value if _trivial(value.replace("-", "")) else self.labels.label("uuid", value)

    def _hex64(self, value: str) -> str:
        """A container id (docker-<id>.scope), a digest."""
        h = value.lower()
        return value if _trivial(h) else self.labels.label("hex-id", h)

    def _hex32(self, value: str) -> str:
        """A UUID written without hyphens (OpenStack ids, say)."""
        h = value.lower()
        if _trivial(h):
            return value
        dashed = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return self.labels.label("uuid", dashed).replace("-", "")

    def _mac(self, value: str) -> str:
        canonical = value.replace("-", ":").lower()
        if canonical in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"):
            return value
        label = self.labels.label("mac", canonical)
        return label.replace(":", "-") if "-" in value else label

    def _ipv4(self, value: str) -> str:
        try:
            address = ipaddress.IPv4Address(value)
        except ValueError:
            return value
        if (address.is_unspecified or address.is_loopback or address.is_multicast
                or is_netmask(address) or address in _IPV4_LABELS):
            return value
        return self.labels.label("ipv4", str(address))

    def _ipv6(self, value: str) -> str:
        bare, sep, zone = value.partition("%")
        try:
            address = ipaddress.IPv6Address(bare)
        except ValueError:
            return value
        if (address.is_unspecified or address.is_loopback or address.is_multicast
                or address in _IPV6_LABELS):
            return value
        return self.labels.label("ipv6", address.compressed) + sep + zone

    def _fqdn(self, value: str) -> str:
        return value if is_vendor(value) else self.labels.dns_name(value)

    def _user(self, value: str) -> str:
        return value if LABELLED.match(value) else self.labels.label("user", value)

    # -- guarded names --------------------------------------------------------------------
    def _guarded(self, value: str, names: Collection[str], relabel: Callable[[str], str]) -> str:
        """Replace a guarded name where it stands alone as the whole value."""
        stripped = value.strip()
        if stripped.lower() in {n.lower() for n in names}:
            return value.replace(stripped, relabel(stripped))
        return value

    def domain_label(self, name: str) -> str:
        return self.labels.label("libvirt-domain", name)

    def path(self, value: str) -> str:
        """A host path: the text rules, then guarded domain names as `<name>.xml`."""
        value = self.text(value)
        if self.domains and self.found.guarded_domains:
            head, sep, leaf = value.rpartition("/")
            if leaf.endswith(".xml") and leaf[:-4] in self.found.guarded_domains:
                value = head + sep + self.domain_label(leaf[:-4]) + ".xml"
        return value

    def content(self, host_path: str, text: str) -> str:
        """A file's text: the text rules, then the names this file states."""
        text = self.text(text)
        if host_path == SYSINFO:
            text = SYSINFO_NAME.sub(self._sysinfo_name, text)
        if host_path in HOSTNAME_FILES and self.found.guarded_hosts:
            lines = text.splitlines(keepends=True)
            text = "".join(self._guarded(line, self.found.guarded_hosts, self.labels.dns_name)
                           for line in lines)
        if self.domains and self.found.guarded_domains:
            text = self._xml_names(text)
        return text

    def _sysinfo_name(self, m: re.Match[str]) -> str:
        """An LPAR or z/VM guest name left as a bare word (short, or a technical word)."""
        name = m.group(2)
        if LABELLED.match(name.lower()) or name.lower() in ("(none)", "(unknown)"):
            return m.group(0)
        return m.group(1) + self.labels.dns_name(name) + m.group(3)

    def _xml_names(self, text: str) -> str:
        """Guarded domain names in <name> elements."""
        def name(m: re.Match[str]) -> str:
            if m.group(1).strip() in self.found.guarded_domains:
                return f"<name>{self.domain_label(m.group(1).strip())}</name>"
            return m.group(0)

        return XML_NAME.sub(name, text)

    def command_output(self, command: str, text: str) -> str:
        """A command's output: the text rules, then the names this command prints."""
        text = self.text(text)
        if self.domains and self.found.guarded_domains:
            text = self._xml_names(text)
        if command == "hostname" and self.found.guarded_hosts:
            text = self._guarded(text, self.found.guarded_hosts, self.labels.dns_name)
        if command == "uname -a":
            text = self._uname(text)
        if command in ("virsh list", "virsh list --all") and self.found.guarded_domains:
            text = self._virsh_list(text)
        return text

    def _uname(self, text: str) -> str:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            fields = line.split(" ")
            if len(fields) > 1 and fields[1].lower() in self.found.guarded_hosts:
                fields[1] = self.labels.dns_name(fields[1])
                lines[i] = " ".join(fields)
        return "".join(lines)

    def _virsh_list(self, text: str) -> str:
        def one(line: str) -> str:
            for name in self.found.guarded_domains:
                if line.strip() == name:
                    return line.replace(name, self.domain_label(name))
                fields = line.split()
                if len(fields) >= 2 and fields[1] == name:
                    return re.sub(rf"(?<=\s){re.escape(name)}(?=\s)", self.domain_label(name),
                                  line, count=1)
            return line

        return "".join(one(line) for line in text.splitlines(keepends=True))
