"""Domain CPU exposure (verdicts.md table) on parsed domain XML."""

from __future__ import annotations

import pytest

from nestaudit.facts.exposure import exposure
from nestaudit.facts.parsers.domainxml import parse_domain_xml


@pytest.mark.parametrize(
    ("cpu", "flag", "value", "reason"),
    [
        ("<cpu mode='host-passthrough' check='none' migratable='on'/>", "vmx", True,
         "host-passthrough"),
        ("<cpu mode='custom'><model>Skylake</model><feature policy='require' name='vmx'/>"
         "</cpu>", "vmx", True, "vmx required"),
        ("<cpu mode='custom'><model>Skylake</model><feature policy='force' name='vmx'/>"
         "</cpu>", "vmx", True, "vmx forced"),
        ("<cpu mode='host-model'><feature policy='disable' name='vmx'/></cpu>", "vmx", False,
         "vmx disabled"),
        ("<cpu mode='host-model'><feature policy='forbid' name='svm'/></cpu>", "svm", False,
         "svm forbidden"),
        ("<cpu mode='custom'><model>EPYC</model><feature policy='require' name='svm'/>"
         "</cpu>", "vmx", False, "svm on an Intel host"),
        ("<cpu mode='host-model'/>", "vmx", None,
         "host-model from persistent XML, vmx not listed"),
        ("", "vmx", None, "no <cpu> element"),
        ("<cpu mode='custom'><model>Haswell</model></cpu>", "vmx", None,
         "custom model Haswell without vmx, no live XML"),
    ],
)
def test_exposure_table(cpu: str, flag: str, value: bool | None, reason: str) -> None:
    dom = parse_domain_xml(
        f"<domain type='kvm'><name>a</name><os><type arch='x86_64'>hvm</type></os>{cpu}"
        "</domain>",
        "/etc/libvirt/qemu/a.xml", None,
    )
    got = exposure(dom, flag, "x86_64")
    assert (got.value, got.reason) == (value, reason)


def test_live_custom_without_flag_does_not_expose() -> None:
    dom = parse_domain_xml(
        "<domstatus state='running'><domain type='kvm' id='3'><name>a</name>"
        "<os><type arch='x86_64'>hvm</type></os>"
        "<cpu mode='custom'><model>Broadwell</model></cpu></domain></domstatus>",
        "/run/libvirt/qemu/a.xml", None,
    )
    assert dom.live and dom.state == "running"
    got = exposure(dom, "vmx", "x86_64")
    assert got.value is False
    assert got.reason == "vmx absent from the live custom CPU definition"


def test_s390x_guest_is_not_judged() -> None:
    dom = parse_domain_xml(
        "<domain type='kvm'><name>z</name><os><type arch='s390x'>hvm</type></os>"
        "<cpu mode='host-model'/></domain>", "x", None,
    )
    got = exposure(dom, "", "s390x")
    assert got.value is None and got.reason.startswith("s390x guest")
