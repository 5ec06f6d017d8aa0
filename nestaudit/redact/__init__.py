"""Replace what identifies a host in a bundle by consistent pseudonyms (labels).

A label is derived from a keyed hash, HMAC-SHA256(secret, "<kind>:<value>"), so the same
value gets the same label in every bundle redacted with the same mapping file, and chains
still link after redaction. The secret lives in a local JSON mapping file (the redaction
key; `keyfile` says where it lives when none is named), created with a random secret and
mode 0600 when absent, once the first bundle is redacted. That file also keeps a table
label -> {kind, original} for the user's own reference (to read a redacted report back);
it is never needed to redact (labels come from the hash alone), never copied into a
bundle, and must not be shared: it is the one place the originals are kept
(`keep_originals=False` keeps kinds only).

What is replaced (kind: where found -> label; labels are lower case):

- hostname: the bundle's own host name (host.hostname, /etc/hostname, `hostname`,
  `uname -a`; on IBM Z also the LPAR and z/VM guest names of /proc/sysinfo)
  everywhere, its short name also inside longer tokens where any character but a letter
  or digit bounds it (session-node7.scope, node7_backup; never before ".<digit>", a
  version), and the first label of any DNS name -> host-1a2b3c4d
- domain: the rest of a DNS name -> domain-1a2b3c4d.invalid, so node1.corp.example.com
  becomes host-....domain-....invalid (the reserved TLD `.invalid` never resolves)
- ipv4: dotted quads that `ipaddress` accepts -> an address in 240.0.0.0/5 (reserved,
  never routed; 2**27 addresses, so two values rarely share a label)
- ipv6: candidates that `ipaddress` accepts -> an address in 2001:db8::/32 (documentation)
- mac: six hex pairs joined by ':' or '-', also after a field's colon (dracut's
  ifname=eth0:<MAC>) and after PXELINUX's hardware type (BOOTIF=01-<MAC>), never inside
  a longer run of pairs -> 02:xx:xx:xx:xx:xx (locally administered)
- uuid: 8-4-4-4-12 hex, lower-cased before hashing so that dmidecode's upper case and
  libvirt's lower case give the same label -> a UUID of version 8 (RFC 9562 "custom")
- machine-id: the value of /etc/machine-id, everywhere -> 32 hex digits
- hex-id: 64 hex digits standing alone, such as a container id in /proc/1/cgroup
  (`docker-<id>.scope`, whose first 12 digits are the container's host name)
  -> 64 other hex digits
- serial: DMI *_serial files, dmidecode "Serial Number:", /proc/sysinfo "Sequence Code:"
  -> serial-1a2b3c4d; asset_tag: DMI chassis_asset_tag, dmidecode "Asset Tag:"
  -> asset-1a2b3c4d
- user: the name after /home/ in any path -> user-1a2b3c4d; once learnt there, that name
  wherever it stands as a word (and as `ps` cuts a long one, jdoe_ad+), unless it is
  shorter than three characters, an account every host has (`ACCOUNTS`: root, qemu, ...)
  or a technical word, which are replaced after /home/ only
- libvirt-domain (only with redact_domains=True): domain names -> vm-1a2b3c4d

Never replaced: loopback, unspecified, multicast and broadcast addresses and netmasks; the
placeholders firmware writes instead of a serial ("Not Specified", "To Be Filled By
O.E.M.", ...); the all-zero UUID; CPU flags and kernel versions (no detector matches them:
DNS names need a real top-level domain, so `kvm-intel.nested` or `rhel7.4.xml` are not
names, nor is a key such as dracut's `rd.lvm.lv=`); URLs and names under the well-known
vendor domains of `VENDOR_DOMAINS` (libosinfo ids such as http://redhat.com/rhel/9.6 or
http://microsoft.com/win/2k22, libvirt XML namespaces): they name products, not hosts. A
host name that is also a technical word (`kvm`, a CPU flag, a module name, a word of a
host path the bundle records) or shorter than three characters is replaced only where
it stands as the host name (host.hostname, /etc/hostname, `hostname`, `uname -a`), never
as a bare word elsewhere, so module lists and XML stay intact; libvirt domain names get the
same treatment (their `<name>`, file names and virsh command names only).

The redacted bundle records `redaction: {"kinds": {kind: number of distinct values},
"mapping": <mapping file name, redacted>, "domains": bool}`: counts, never originals. Its
structure is unchanged: base64 content is decoded, redacted and re-encoded, sizes are
updated. A report made from redacted bundles names each input by the redacted last part
of its path (`redact_input`), never by the path: a sosreport's name holds the host name.

`mapping` reads and writes the mapping file, `keyfile` finds it, `labels` gives the
labels, `patterns` holds the patterns and the values never replaced, `scan` finds what a
bundle names, `rewrite` rewrites one string and `replace` every string of a bundle;
`redactor` ties them together.
"""

from __future__ import annotations

from nestaudit.redact.redactor import Redacted, Redactor, redact_bundle

__all__ = ["Redacted", "Redactor", "redact_bundle"]
