"""Parse libvirt domain XML: persistent definitions, live status files, `virsh dumpxml`.

Reads /etc/libvirt/qemu/*.xml, /run/libvirt/qemu/*.xml (and /var/run/...), and
`virsh dumpxml <domain>` output. A live status file wraps the domain:
    <domstatus state='running' reason='booted' pid='4242'>
      <domain type='kvm' id='3'><name>rhel9</name><cpu mode='host-passthrough'/>...

XML comes from hosts, so it is read through `xmldoc.parse_xml`: a document with a DTD or
entity declarations is refused, and a broken one becomes a parse problem of that domain.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import NamedTuple

from nestaudit.facts.parsers.osinfo import LIBOSINFO_NS
from nestaudit.facts.parsers.xmldoc import parse_xml, text_of

# libvirt's domain states as written in <domstatus state=...>, in virsh's words
_STATES = {
    "nostate": "no state",
    "running": "running",
    "blocked": "blocked",
    "paused": "paused",
    "shutdown": "in shutdown",
    "shutoff": "shut off",
    "crashed": "crashed",
    "pmsuspended": "pmsuspended",
}


class ParsedDomain(NamedTuple):
    """What one domain XML document says; `problem` is set (and the rest empty) when the
    document could not be read."""

    source: str
    live: bool  # a live status file, or virsh dumpxml of an active domain
    name: str | None
    uuid: str | None = None
    state: str | None = None
    pid: int | None = None  # the QEMU process of a live status file
    dom_id: str | None = None
    type: str | None = None
    arch: str | None = None
    has_cpu: bool = False
    cpu_mode: str | None = None
    cpu_model: str | None = None
    cpu_match: str | None = None
    cpu_check: str | None = None
    cpu_migratable: str | None = None
    features: tuple[tuple[str, str], ...] = ()  # (policy, name)
    hugepages: bool = False
    os_id: str | None = None
    title: str = ""
    description: str = ""
    problem: str | None = None
    unread: bool = False  # the problem is that the document could not be read at all

    def feature_policy(self, name: str) -> str | None:
        for policy, feature in self.features:
            if feature == name:
                return policy
        return None

    def cpu_excerpt(self) -> str:
        """A compact rendering of the <cpu> element for evidence."""
        if not self.has_cpu:
            return "(no <cpu> element)"
        attrs = [f"mode='{self.cpu_mode}'"] if self.cpu_mode else []
        if self.cpu_match:
            attrs.append(f"match='{self.cpu_match}'")
        if self.cpu_check:
            attrs.append(f"check='{self.cpu_check}'")
        if self.cpu_migratable:
            attrs.append(f"migratable='{self.cpu_migratable}'")
        parts = [f"<cpu {' '.join(attrs)}>".replace("<cpu >", "<cpu>")]
        if self.cpu_model:
            parts.append(f"<model>{self.cpu_model}</model>")
        parts.extend(f"<feature policy='{p}' name='{n}'/>" for p, n in self.features
                     if n in ("vmx", "svm"))
        return "".join(parts)


def parse_domain_xml(text: str, source: str, fallback_name: str | None) -> ParsedDomain:
    """Parse one domain XML document (persistent, live status or virsh dumpxml output)."""
    root = parse_xml(text, source)
    if isinstance(root, str):
        return ParsedDomain(source=source, live=False, name=fallback_name, problem=root)
    state: str | None = None
    pid: int | None = None
    live = False
    domain: ET.Element | None = root
    if root.tag == "domstatus":
        live = True
        raw_state = root.get("state", "")
        state = _STATES.get(raw_state, raw_state or None)
        raw_pid = root.get("pid", "")
        pid = int(raw_pid) if raw_pid.isdigit() else None
        domain = root.find("domain")
    if domain is None or domain.tag != "domain":
        return ParsedDomain(
            source=source, live=False, name=fallback_name,
            problem=f"{source}: not a libvirt domain (root element <{root.tag}>)",
        )
    dom_id = domain.get("id")
    if dom_id is not None and dom_id != "-1":
        live = True  # virsh dumpxml of an active domain carries its id
    return _domain(domain, source, fallback_name, live, state)._replace(pid=pid)


def _domain(
    domain: ET.Element, source: str, fallback_name: str | None, live: bool, state: str | None
) -> ParsedDomain:
    os_type = domain.find("os/type")
    cpu = domain.find("cpu")
    cpu_mode, cpu_model, features = _cpu(cpu)
    os_element = domain.find(f"metadata/{{{LIBOSINFO_NS}}}libosinfo/{{{LIBOSINFO_NS}}}os")
    uuid = text_of(domain.find("uuid"))
    return ParsedDomain(
        source=source,
        live=live,
        name=text_of(domain.find("name")) or fallback_name,
        uuid=uuid.lower() if uuid else None,
        state=state,
        dom_id=domain.get("id"),
        type=domain.get("type"),
        arch=os_type.get("arch") if os_type is not None else None,
        has_cpu=cpu is not None,
        cpu_mode=cpu_mode,
        cpu_model=cpu_model,
        cpu_match=cpu.get("match") if cpu is not None else None,
        cpu_check=cpu.get("check") if cpu is not None else None,
        cpu_migratable=cpu.get("migratable") if cpu is not None else None,
        features=features,
        hugepages=domain.find("memoryBacking/hugepages") is not None,
        os_id=os_element.get("id") if os_element is not None else None,
        title=text_of(domain.find("title")) or "",
        description=text_of(domain.find("description")) or "",
    )


def _cpu(
    cpu: ET.Element | None,
) -> tuple[str | None, str | None, tuple[tuple[str, str], ...]]:
    """(mode, model, (policy, feature) sorted by feature) of a <cpu> element."""
    if cpu is None:
        return None, None, ()
    model = text_of(cpu.find("model")) or None
    features: list[tuple[str, str]] = []
    for feature in cpu.findall("feature"):
        name = feature.get("name")
        if name:
            features.append((feature.get("policy", "require"), name))
    mode = cpu.get("mode") or ("custom" if model else None)  # a <model> alone is custom
    return mode, model, tuple(sorted(features, key=lambda f: (f[1], f[0])))
