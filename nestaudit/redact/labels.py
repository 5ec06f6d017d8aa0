"""Labels: the pseudonym of a value, from a keyed hash of its kind and value.

HMAC-SHA256(secret, "<kind>:<value>") gives the same label to the same value in every
bundle redacted with the same secret; each kind has its own shape (`host-1a2b3c4d`, an
address in 240.0.0.0/5, a UUID of version 8, ...) so a label reads as what it replaces.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable
from typing import Any

# A value that is already a label: redacting a redacted bundle changes nothing.
LABELLED = re.compile(
    r"^(host-[0-9a-f]{8}(\.domain-[0-9a-f]{8}\.invalid)?|domain-[0-9a-f]{8}\.invalid|"
    r"user-[0-9a-f]{8}|vm-[0-9a-f]{8}|serial-[0-9a-f]{8}|asset-[0-9a-f]{8})$"
)

# Kinds compared without case: dmidecode writes UUIDs in upper case, libvirt in lower.
_CASELESS = frozenset(("hostname", "domain", "uuid", "machine-id", "mac", "hex-id"))
# Suffixes of private networks (node1.local): the first label is the host, the suffix stays.
_PRIVATE_SUFFIXES = ("local", "localdomain", "lan", "internal", "intranet", "home", "corp")


def _prefixed(prefix: str, suffix: str = "") -> Callable[[str], str]:
    return lambda digest: f"{prefix}-{digest[:8]}{suffix}"


def _ipv4(digest: str) -> str:
    return str(ipaddress.IPv4Address(0xF0000000 | (int(digest[:8], 16) & 0x07FFFFFF)))


def _ipv6(digest: str) -> str:
    return str(ipaddress.IPv6Address((0x20010DB8 << 96) | int(digest[:24], 16)))


def _mac(digest: str) -> str:
    return "02:" + ":".join(digest[i : i + 2] for i in range(0, 10, 2))


def _uuid(digest: str) -> str:
    variant = "89ab"[int(digest[16], 16) & 3]
    raw = digest[:12] + "8" + digest[13:16] + variant + digest[17:32]
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}"


# The label of each kind, from the hex digest of its value.
_SHAPES: dict[str, Callable[[str], str]] = {
    "hostname": _prefixed("host"),
    "domain": _prefixed("domain", ".invalid"),
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "mac": _mac,
    "uuid": _uuid,
    "machine-id": lambda digest: digest[:32],
    "hex-id": lambda digest: digest,
    "serial": _prefixed("serial"),
    "asset_tag": _prefixed("asset"),
    "user": _prefixed("user"),
    "libvirt-domain": _prefixed("vm"),
}


class Labeller:
    """Gives labels with one secret, and records each in the mapping's label table.

    `seen` holds, per kind, the distinct values labelled since it was last cleared: the
    counts a redacted bundle records.
    """

    def __init__(self, secret: bytes, table: dict[str, Any], *, keep_originals: bool) -> None:
        self._secret = secret
        self._table = table
        self._keep_originals = keep_originals
        self.seen: dict[str, set[str]] = {}

    def _remember(self, label: str, kind: str, original: str) -> str:
        entry: dict[str, str] = {"kind": kind}
        if self._keep_originals:
            entry["original"] = original
        self._table.setdefault(label, entry)
        self.seen.setdefault(kind, set()).add(original)
        return label

    def label(self, kind: str, value: str) -> str:
        """The label of `value` (canonicalised per kind: lower case, compressed address)."""
        if kind in _CASELESS:
            value = value.lower()
        digest = hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        return self._remember(_SHAPES[kind](digest), kind, value)

    def dns_name(self, name: str) -> str:
        """host label(s) for a DNS name: first label as a host, the rest as a domain."""
        name = name.rstrip(".")
        if LABELLED.match(name.lower()):
            return name
        first, _, rest = name.partition(".")
        if not rest:
            return self.label("hostname", first)
        if "." not in rest and rest.lower() in _PRIVATE_SUFFIXES:
            return f"{self.label('hostname', first)}.{rest.lower()}"
        if "." not in rest:  # a registered domain (example.com), not a host
            return self.label("domain", name)
        return f"{self.label('hostname', first)}.{self.label('domain', rest)}"
