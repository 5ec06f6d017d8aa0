"""The patterns of identifying values, and the words and names never replaced.

One regular expression finds every value in one pass: the bundle's own names (host names,
machine ids, serials, domain names found by `scan`) first, then the values any host has
(URLs, UUIDs, long hex ids, MACs, addresses, DNS names, /home/<user>), in an order that
lets the longer value win (a UUID before the DNS-looking parts of it).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Iterable

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
        # what evidence names hypervisors, containers and machines by, read by facts
        "nova", "openstack", "amazon", "google", "microsoft", "oracle", "virtualbox",
        "bochs", "docker", "podman", "lxc", "wsl", "redhat", "ovirt", "rhev", "bhyve",
        "parallels", "ibm", "zvm", "lpar", "powervm", "openvz", "machine", "session",
        "scope", "slice", "user", "init", "platform", "x86", "x86_64", "aarch64", "s390x",
        "ppc64le", "q35", "pc", "virt", "pseries",
    )
)

# Names found after /home/ that are replaced there but never learnt as a user name to
# replace everywhere: system accounts and the folders people keep in /home, whose names
# are ordinary words of evidence ("data", "images").
ACCOUNTS = frozenset(
    (
        "root", "admin", "administrator", "user", "users", "guest", "nobody", "test",
        "tester", "demo", "default", "share", "shared", "public", "data", "backup",
        "backups", "local", "home", "images", "image", "iso", "isos", "vm", "vms", "virt",
        "libvirt", "qemu", "kvm", "storage", "store", "pool", "pools", "disk", "disks",
        "tmp", "temp", "work", "build", "dev", "lost+found", "cloud-user", "ec2-user",
        "centos", "fedora", "ubuntu", "rhel", "vagrant", "ansible", "jenkins", "git",
    )
)

_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = rf"(?:(?:{_LONG_TLDS})|(?!(?:{_SHORT_DENY})(?![A-Za-z0-9]))[A-Za-z]{{2}})"
# Where a MAC address may start: not inside a word, a dotted name or a longer run of hex
# pairs (a WWN, an InfiniBand address); but after a colon that ends a field other than a
# lone hex pair, as in dracut's `ifname=eth0:<MAC>` and `ip=eth0:dhcp:1500:<MAC>`
# (dracut.cmdline(7)), and after the ARP hardware type that pxelinux puts before the MAC
# in `BOOTIF=01-aa-bb-cc-dd-ee-ff` (IPAPPEND 2).
_MAC_START = (
    r"(?:(?<![\w:.-])"
    r"|(?<=:)(?<!(?<![0-9A-Za-z])[0-9A-Fa-f]{2}:)(?<!(?<![0-9A-Za-z])[0-9A-Fa-f]:)"
    r"|(?<=(?<![\w:.-])01-))"
)
# What continues a DNS name into a longer one: more labels and a top-level domain.
_LONGER_NAME = rf"(?i:\.(?:{_DNS_LABEL}\.)*{_TLD})(?![\w-]|\.[A-Za-z0-9])"
_GENERIC = {
    "url": r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]*",
    # a hyphen may precede (luks-<uuid>); a malformed longer last group is still a UUID
    "uuid": r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}"
    r"-[0-9A-Fa-f]{12,16}(?![\w-])",
    "hex64": r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{64}(?![\w-])",
    "hex32": r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{32}(?![\w-])",
    "mac": _MAC_START + r"[0-9A-Fa-f]{2}(?P<macsep>[:-])(?:[0-9A-Fa-f]{2}(?P=macsep)){4}"
    r"[0-9A-Fa-f]{2}(?![\w:-])",
    "ipv6": r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})"
    r"(?:%[\w.-]+)?(?![\w:])",
    "ipv4": r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\w)",
    # never a key (dracut's rd.lvm.lv=, rd.luks.name=: "lv" and "name" are also TLDs)
    "fqdn": rf"(?<![\w.-])(?i:(?:{_DNS_LABEL}\.)+{_TLD})(?![\w=-]|\.[A-Za-z0-9])",
    "user": r"(?<=/home/)[^/\s\"'<>:]+",
}
# A user name as the name after /home/ is learnt: the characters useradd allows.
HOME_USER = re.compile(r"(?<=/home/)[A-Za-z0-9_][A-Za-z0-9_.-]*(?<![.-])")
_ORDER_BEFORE = ("url", "uuid", "hex64", "hex32", "mac", "ipv6", "ipv4", "fqdn")
_ORDER_AFTER = ("user",)

# Lines that name the machine or its serials, whatever the host name.
SYSINFO_NAME = re.compile(r"^((?:LPAR|VM\d\d) Name:[ \t]*)(\S.*?)([ \t]*)$", re.M)
SERIAL_LINE = re.compile(r"^\s*(Serial Number|Asset Tag|Sequence Code)\s*:\s*(.*?)\s*$", re.M)
XML_NAME = re.compile(r"<name>([^<]+)</name>")
SHORT_DOMAIN_DIR = re.compile(r"(?<![\w-])(domain-\d+-)([^/\s'\"<>]+)")


def is_vendor(name: str) -> bool:
    """Whether a DNS name is one of `VENDOR_DOMAINS` or under one."""
    name = name.lower().rstrip(".")
    return any(name == d or name.endswith("." + d) for d in VENDOR_DOMAINS)


def is_netmask(address: ipaddress.IPv4Address) -> bool:
    """Whether an address is a netmask (ones, then zeros: 255.255.240.0)."""
    inverted = ~int(address) & 0xFFFFFFFF
    return inverted & (inverted + 1) == 0


def _one_of(values: Iterable[str]) -> str:
    """An alternation of `values`, longest first so that no name loses to its prefix."""
    return "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))


def value_pattern(
    literals: Iterable[str],
    short: Collection[str],
    domain_forms: Collection[str],
    users: Collection[str] = (),
) -> re.Pattern[str]:
    """The one pattern of a bundle's values; the group that matched names the kind.

    `literals` are the bundle's own lower-case values; of them, `short` (bare host names)
    match after DNS names, then `users` (user names learnt from /home/<user>), and
    `domain_forms` (libvirt domain names) last.
    """
    later = set(short) | set(domain_forms) | set(users)
    full = [v for v in literals if v not in later]
    parts: list[str] = []
    # a full name is never the start of a longer DNS name (lab.example.com.au), but may
    # start a file's name (node7.example.com.crt, <domain>.xml)
    if full:
        parts.append(
            rf"(?P<lit>(?<![\w.<-])(?<!</)(?i:{_one_of(full)})(?![\w-]|=)(?!{_LONGER_NAME}))"
        )
    parts += [f"(?P<{k}>{_GENERIC[k]})" for k in _ORDER_BEFORE]
    # a bare host name inside a longer token too (session-node7.scope, node7_backup):
    # any character but a letter or digit bounds it; never an XML tag's name, a key
    # (node7=), or a version's ".<digit>" (a host rhel10 in pc-q35-rhel10.0.0)
    if short:
        parts.append(rf"(?P<short>(?<![A-Za-z0-9<])(?<!</)(?i:{_one_of(short)})"
                     r"(?![A-Za-z0-9=]|\.\d))")
    # a user name as a word: jdoe in "jdoe 4242 ssh" or "session-jdoe.scope", not in jdoes
    if users:
        parts.append(rf"(?P<login>(?<![A-Za-z0-9_])(?i:{_one_of(users)})(?![A-Za-z0-9_]))")
    # libvirt names files and folders <domain>_1.img, 1-<domain>, FROM-<domain>: a
    # domain name may touch "_" or "-"; never a version's ".<digit>" (rhel7.0.0)
    if domain_forms:
        parts.append(
            rf"(?P<dom>(?<![A-Za-z0-9.<])(?<!</)(?i:{_one_of(domain_forms)})"
            r"(?![A-Za-z0-9=]|\.\d))"
        )
    parts += [f"(?P<{k}>{_GENERIC[k]})" for k in _ORDER_AFTER]
    return re.compile("|".join(parts))
