"""Parse `virsh domcapabilities`: the CPU model host-model expands to on this host.

The output names the model and the features libvirt adds to or takes from it:
    <domainCapabilities> ... <cpu> ...
        <mode name='host-model' supported='yes'>
          <model fallback='forbid'>Skylake-Client-IBRS</model>
          <vendor>Intel</vendor>
          <feature policy='require' name='vmx'/>

    >>> hm = parse_domcapabilities(
    ...     "<domainCapabilities><cpu><mode name='host-model' supported='yes'>"
    ...     "<model fallback='forbid'>EPYC-Milan</model><vendor>AMD</vendor>"
    ...     "<feature policy='disable' name='erms'/></mode></cpu></domainCapabilities>", "virsh")
    >>> hm.model, hm.feature_policy("erms"), hm.feature_policy("svm")
    ('EPYC-Milan', 'disable', None)
"""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.facts.parsers.xmldoc import parse_xml, text_of


class HostModel(NamedTuple):
    """The host-model mode of a domcapabilities document."""

    supported: bool
    model: str | None
    vendor: str | None
    features: tuple[tuple[str, str], ...]  # (policy, name), as listed

    def feature_policy(self, name: str) -> str | None:
        for policy, feature in self.features:
            if feature == name:
                return policy
        return None


def parse_domcapabilities(text: str, source: str) -> HostModel | str:
    """The host-model mode (unsupported when the document has none), or the problem."""
    root = parse_xml(text, source)
    if isinstance(root, str):
        return root
    if root.tag != "domainCapabilities":
        return f"{source}: not virsh domcapabilities output (root element <{root.tag}>)"
    mode = next((m for m in root.findall("cpu/mode") if m.get("name") == "host-model"), None)
    if mode is None:
        return HostModel(False, None, None, ())
    features = tuple(
        (f.get("policy", "require"), f.get("name", "")) for f in mode.findall("feature")
        if f.get("name")
    )
    return HostModel(
        supported=mode.get("supported") == "yes",
        model=text_of(mode.find("model")) or None,
        vendor=text_of(mode.find("vendor")) or None,
        features=features,
    )
