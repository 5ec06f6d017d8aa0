"""Parse libvirt domain XML: persistent definitions, live status files, `virsh dumpxml`.

Reads /etc/libvirt/qemu/*.xml, /run/libvirt/qemu/*.xml (and /var/run/...), and
`virsh dumpxml <domain>` output. A live status file wraps the domain:
    <domstatus state='running' reason='booted' pid='4242'>
      <domain type='kvm' id='3'><name>rhel9</name><cpu mode='host-passthrough'/>...

XML comes from hosts, so documents with a DTD or entity declarations are refused before
parsing, and a broken document becomes a parse problem of that domain, never an exception.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from nestaudit.facts.osinfo import LIBOSINFO_NS

_FORBIDDEN = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

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
    dom_id: str | None = None
    type: str | None = None
    arch: str | None = None
    has_cpu: bool = False
    cpu_mode: str | None = None
    cpu_model: str | None = None
    cpu_check: str | None = None
    cpu_migratable: str | None = None
    features: tuple[tuple[str, str], ...] = ()  # (policy, name)
    hugepages: bool = False
    os_id: str | None = None
    title: str = ""
    description: str = ""
    problem: str | None = None

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


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip()


def parse_domain_xml(text: str, source: str, fallback_name: str | None) -> ParsedDomain:
    """Parse one domain XML document (persistent, live status or virsh dumpxml output)."""
    if _FORBIDDEN.search(text):
        return ParsedDomain(
            source=source, live=False, name=fallback_name,
            problem=f"{source}: refused: the document declares a DTD or entities",
        )
    try:
        root = ET.fromstring(text)
    except ValueError as exc:  # ET.ParseError is a SyntaxError; expat may raise ValueError
        return ParsedDomain(
            source=source, live=False, name=fallback_name,
            problem=f"{source}: invalid XML: {exc}",
        )
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        return ParsedDomain(
            source=source, live=False, name=fallback_name,
            problem=f"{source}: line {line}, column {column}: invalid XML: {message}",
        )
    state: str | None = None
    live = False
    domain: ET.Element | None = root
    if root.tag == "domstatus":
        live = True
        raw_state = root.get("state", "")
        state = _STATES.get(raw_state, raw_state or None)
        domain = root.find("domain")
    if domain is None or domain.tag != "domain":
        return ParsedDomain(
            source=source, live=False, name=fallback_name,
            problem=f"{source}: not a libvirt domain (root element <{root.tag}>)",
        )
    dom_id = domain.get("id")
    if dom_id is not None and dom_id != "-1" and not live:
        live = True  # virsh dumpxml of an active domain carries its id
    name = _text(domain.find("name")) or fallback_name
    os_type = domain.find("os/type")
    cpu = domain.find("cpu")
    cpu_mode: str | None = None
    cpu_model: str | None = None
    features: list[tuple[str, str]] = []
    if cpu is not None:
        cpu_model = _text(cpu.find("model")) or None
        cpu_mode = cpu.get("mode") or ("custom" if cpu_model else None)
        for feature in cpu.findall("feature"):
            fname = feature.get("name")
            if fname:
                features.append((feature.get("policy", "require"), fname))
    os_element = domain.find(f"metadata/{{{LIBOSINFO_NS}}}libosinfo/{{{LIBOSINFO_NS}}}os")
    uuid = _text(domain.find("uuid"))
    return ParsedDomain(
        source=source,
        live=live,
        name=name,
        uuid=uuid.lower() if uuid else None,
        state=state,
        dom_id=dom_id,
        type=domain.get("type"),
        arch=os_type.get("arch") if os_type is not None else None,
        has_cpu=cpu is not None,
        cpu_mode=cpu_mode,
        cpu_model=cpu_model,
        cpu_check=cpu.get("check") if cpu is not None else None,
        cpu_migratable=cpu.get("migratable") if cpu is not None else None,
        features=tuple(sorted(features, key=lambda f: (f[1], f[0]))),
        hugepages=domain.find("memoryBacking/hugepages") is not None,
        os_id=os_element.get("id") if os_element is not None else None,
        title=_text(domain.find("title")) or "",
        description=_text(domain.find("description")) or "",
    )


class Exposure(NamedTuple):
    value: bool | None  # None: cannot tell
    reason: str


_OTHER = {"vmx": "svm", "svm": "vmx"}
_VENDOR_NAME = {"vmx": "Intel", "svm": "AMD"}
_PAST = {
    "require": "required",
    "force": "forced",
    "disable": "disabled",
    "forbid": "forbidden",
    "optional": "optional",
}


def exposure(dom: ParsedDomain, host_flag: str | None, host_arch: str | None) -> Exposure:
    """Whether the guest sees the host vendor's virtualization flag (verdicts.md table).

    `host_flag` is vmx, svm, "" (a vendor without one) or None (host CPU unknown).
    """
    arch = dom.arch or host_arch
    if arch == "s390x" or host_arch == "s390x":
        return Exposure(None, "s390x guest: no CPU flag to expose (nothing to configure)")
    if arch is not None and arch not in ("x86_64", "i686"):
        return Exposure(None, f"{arch} guest: not judged by vmx/svm")
    mode = dom.cpu_mode
    turned_off = dom.feature_policy(host_flag) if host_flag else None
    if turned_off in ("disable", "forbid"):
        # libvirt applies feature policies in every mode, host-passthrough included
        return Exposure(False, f"{host_flag} {_PAST[turned_off]}")
    if mode == "host-passthrough":
        return Exposure(True, "host-passthrough")
    if mode == "maximum":
        return Exposure(True, "maximum CPU mode (every feature the host can give)")
    if host_flag == "":
        return Exposure(None, "the host CPU vendor has no vmx/svm")
    if host_flag is None:
        # A required flag the host lacks stops the guest from starting, so a required
        # vmx/svm is seen by the guest whatever the vendor; anything else needs the vendor.
        for flag in ("vmx", "svm"):
            policy = dom.feature_policy(flag)
            if policy in ("require", "force"):
                return Exposure(True, f"{flag} {_PAST[policy]}")
        for flag in ("vmx", "svm"):
            policy = dom.feature_policy(flag)
            if policy is not None:
                return Exposure(None, f"{flag} {_PAST[policy]} but the host CPU vendor is unknown")
    else:
        policy = dom.feature_policy(host_flag)
        if policy in ("require", "force"):
            return Exposure(True, f"{host_flag} {_PAST[policy]}")
        if policy in ("disable", "forbid"):
            return Exposure(False, f"{host_flag} {_PAST[policy]}")
        if policy == "optional":
            return Exposure(None, f"{host_flag} optional (present only if the host offers it)")
        other = _OTHER[host_flag]
        if dom.feature_policy(other) in ("require", "force"):
            return Exposure(False, f"{other} on an {_VENDOR_NAME[host_flag]} host")
    if not dom.has_cpu:
        return Exposure(None, "no <cpu> element")
    if mode is None:
        return Exposure(None, "<cpu> without mode or model")
    flag = host_flag or "vmx/svm"
    if dom.live and host_flag:
        return Exposure(False, f"{flag} absent from the live {mode} CPU definition")
    if dom.live:
        return Exposure(None, f"vmx/svm absent from the live {mode} CPU definition, "
                              "but the host CPU vendor is unknown")
    if mode == "host-model":
        return Exposure(None, f"host-model from persistent XML, {flag} not listed")
    model = f" {dom.cpu_model}" if dom.cpu_model else ""
    return Exposure(None, f"{mode} model{model} without {flag}, no live XML")
