"""Whether a domain's guest sees the host vendor's vmx/svm: spec/verdicts.md "Domain CPU
exposure", applied to a parsed domain XML and the host's CPU."""

from __future__ import annotations

from typing import NamedTuple

from nestaudit.facts.parsers.domainxml import ParsedDomain


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

    `host_flag` is vmx, svm, "" (a vendor without one) or None (host CPU unknown). The
    first of these that decides wins: the architecture, the CPU mode, a vmx/svm feature
    policy, and last what the definition leaves out.
    """
    found = _by_architecture(dom, host_arch)
    if found is None:
        found = _by_mode(dom, host_flag)
    if found is None:
        found = _by_policy(dom, host_flag)
    return found if found is not None else _by_absence(dom, host_flag)


def _by_architecture(dom: ParsedDomain, host_arch: str | None) -> Exposure | None:
    arch = dom.arch or host_arch
    if arch == "s390x" or host_arch == "s390x":
        return Exposure(None, "s390x guest: no CPU flag to expose (nothing to configure)")
    if arch is not None and arch not in ("x86_64", "i686"):
        return Exposure(None, f"{arch} guest: not judged by vmx/svm")
    return None


def _by_mode(dom: ParsedDomain, host_flag: str | None) -> Exposure | None:
    turned_off = dom.feature_policy(host_flag) if host_flag else None
    if turned_off in ("disable", "forbid"):
        # libvirt applies feature policies in every mode, host-passthrough included
        return Exposure(False, f"{host_flag} {_PAST[turned_off]}")
    if dom.cpu_mode == "host-passthrough":
        return Exposure(True, "host-passthrough")
    if dom.cpu_mode == "maximum":
        return Exposure(True, "maximum CPU mode (every feature the host can give)")
    if host_flag == "":
        return Exposure(None, "the host CPU vendor has no vmx/svm")
    return None


def _by_policy(dom: ParsedDomain, host_flag: str | None) -> Exposure | None:
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
        return None
    policy = dom.feature_policy(host_flag)  # never disable or forbid: _by_mode decided those
    if policy in ("require", "force"):
        return Exposure(True, f"{host_flag} {_PAST[policy]}")
    if policy == "optional":
        return Exposure(None, f"{host_flag} optional (present only if the host offers it)")
    other = _OTHER[host_flag]
    if dom.feature_policy(other) in ("require", "force"):
        return Exposure(False, f"{other} on an {_VENDOR_NAME[host_flag]} host")
    return None


def _by_absence(dom: ParsedDomain, host_flag: str | None) -> Exposure:
    mode = dom.cpu_mode
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
