"""The expectation table: what every rule must conclude on every committed sample.

Written from the sources, not from the program's output:
- the chapter (../shared/seed/000_6dbb896951697986.txt, sections cited as "21.x"),
- spec/limitations.yaml (limitation IDs, `violation` classes, `gates_ready`),
- spec/verdicts.md (readiness, support classes, roles, kernel defaults, domain CPU exposure),
- each sample root's own files (samples/roots/<name>/: cpuinfo, sysfs parameters,
  modprobe.d, /proc/cmdline, DMI, domain XMLs).

For every sample the table pins the role, `verdict.support`, `verdict.ready` and the
outcome of every rule for every target: host rules are listed by outcome, domain rules per
domain; whatever is not listed must be `not_applicable`. The set of rules is pinned too,
so a new rule fails here until its expectations are written.

A few chapter readings that need no sample build tiny roots in tmp_path at the end.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from judging import build_report
from nestaudit.bundle import from_data, load
from nestaudit.collect import collect

REPO = Path(__file__).resolve().parent.parent
BUNDLES = REPO / "samples" / "bundles"
CORPUS = REPO / "tests" / "corpus"

NA = "not_applicable"

# Every rule of rules/*.yaml, by scope. Adding a rule means adding its expectations.
HOST_RULES = (
    # rules/prerequisites.yaml (21.3-21.5 Prerequisites)
    "kvm-usable",
    "cpu-virt-extensions",
    "nested-enabled",
    "nested-persistent",
    "nested-persistent-default",
    "nested-runtime-differs-from-persistent",
    "nested-option-overridden",
    "reload-needs-stopped-vms",
    # rules/support.yaml (21.2)
    "arch-in-support-statement",
    "host-os-in-tables",
    "l1-under-red-hat-product",
    "l1-hypervisor-os",
    "l1-on-non-kvm-hypervisor",
    "technology-preview-notice",
    # rules/known-issues.yaml (21.1, 21.2 Feature limitations, 21.5)
    "l3-guests",
    "l3-capable-guests",
    "l2-runs-guests",
    "amd-migration-with-nesting",
    "s390-hugepages-and-nesting",
    "l1-features-advisory",
    # NV-L1-FEATURES across two bundles: not applicable to a bundle judged alone
    "l1-lacks-l0-cpu-flags",
    "nesting-performance",
    "s390-lpar-as-l0",
    # rules/domains.yaml, host scope: the domain definitions could be read
    "domains-readable",
)
# Every sample's libvirt evidence was read, or is absent (no libvirt: nothing to read), so
# domains-readable passes unless an entry says otherwise.
DEFAULT_PASS = ("domains-readable",)
DOMAIN_RULES = {
    # short name used in the table -> rule id (rules/domains.yaml)
    "cpu": "domain-cpu-exposes-virt",
    "ordinary": "domain-ordinary-cpu",
    "restart": "domain-cpu-needs-restart",
    "exposure": "domain-cpu-exposure-unknown",
    "capable": "domain-capable-outside-tables",
    "os": "domain-os-in-tables",
    "wsl2": "domain-windows-wsl2",
    "hv": "domain-hypervisor-os",
}


def dom(**outcomes: str) -> dict[str, str]:
    """One domain's row: short rule name -> outcome; rules left out are not_applicable. A
    row made by dom() may be spread into another (its keys are already rule ids)."""
    ids = {**DOMAIN_RULES, **{rule: rule for rule in DOMAIN_RULES.values()}}
    unknown = set(outcomes) - set(ids)
    assert not unknown, f"unknown domain rule keys {unknown}"
    return {ids[k]: v for k, v in outcomes.items()}


# Domain rows that recur. Which rules apply follows the domain's role (verdicts.md, "Domain
# roles"): in use as a hypervisor, capable (its guest sees the extension, nothing shows
# use), or ordinary. Exposure follows verdicts.md "Domain CPU exposure". `live(...)` marks a
# domain with a QEMU process: domain-cpu-needs-restart judges only those.


def live(**outcomes: str) -> dict[str, str]:
    """A running (or paused) domain's row: its saved and running CPUs agree unless given."""
    return dom(**{"restart": "pass", **outcomes})


# Capable, and the tables would place it (21.2 TP: a RHEL 9.6+/10.0+ or Windows L1 on a RHEL
# 10.0+ L0): nothing to say but that (Support class 4).
CAPABLE_IN_TABLES = dom(capable="pass", exposure="pass")
# Capable, and if it hosted VMs the setup would be outside the tables: info, never a cap
# (verdicts.md Support class 4, "a VM that merely could nest is an ordinary, supported VM").
CAPABLE_OUTSIDE = dom(capable="info", exposure="pass")
# Capable, but its OS is unknown (no libosinfo metadata): where it would stand cannot be told.
CAPABLE_OS_UNKNOWN = dom(capable="unknown", exposure="pass", wsl2="unknown")
# Ordinary: its guest does not see the extension, nothing asks for it: info with how to let
# it host VMs, never fail (verdicts.md, Domain CPU exposure, "Outcome, by role").
ORDINARY = dom(ordinary="info", exposure="pass")
# vmx or svm disabled or forbidden on purpose: not_applicable, saying so (same reading).
DISABLED_ON_PURPOSE = dom(exposure="pass")
# In use as an L1 (KVM's nested_run), RHEL in the TP table: exposure and tables checked.
IN_USE_RHEL_TP = dom(cpu="pass", exposure="pass", os="pass", hv="pass")


@dataclass(frozen=True)
class Expect:
    role: str
    support: str
    ready: bool | None
    host: Mapping[str, frozenset[str]]  # outcome -> host rules; others not_applicable
    domains: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def outcomes(self, host_name: str) -> dict[str, str]:
        """(rule or rule@domain) -> expected outcome, for every rule and target."""
        listed = [r for rules in self.host.values() for r in rules]
        assert len(listed) == len(set(listed)), "a host rule is listed under two outcomes"
        assert set(listed) <= set(HOST_RULES), f"unknown host rules {set(listed) - set(HOST_RULES)}"
        out = dict.fromkeys(HOST_RULES, NA)
        out.update(dict.fromkeys(DEFAULT_PASS, "pass"))
        for outcome, rules in self.host.items():
            for rule in rules:
                out[rule] = outcome
        for name, row in self.domains.items():
            for rule in DOMAIN_RULES.values():
                out[f"{rule}@{name}"] = row.get(rule, NA)
        return out


def H(**by_outcome: str) -> dict[str, frozenset[str]]:
    """Host rules by outcome, space-separated: H(ok="a b c", info="d"); `ok` means pass."""
    allowed = {"ok", "fail", "info", "unknown"}
    assert set(by_outcome) <= allowed, f"unknown outcome keys {set(by_outcome) - allowed}"
    return {("pass" if k == "ok" else k): frozenset(v.split()) for k, v in by_outcome.items()}


# Host rules every healthy Intel/AMD L0 passes when kvm and the vendor module are loaded
# with nested on and an explicit `options ... nested=1` (21.3/21.4 Prerequisites).
L0_NESTED_ON_EXPLICIT = (
    "kvm-usable cpu-virt-extensions nested-enabled nested-persistent "
    "nested-persistent-default nested-runtime-differs-from-persistent "
    "nested-option-overridden arch-in-support-statement"
)

EXPECTED: dict[str, Expect] = {
    # RHEL 10.0 Intel L0 (Xeon Silver 4214, vmx+ept on all 48 CPUs), kvm_intel nested=Y,
    # /etc/modprobe.d/kvm.conf `options kvm_intel nested=1` (hides the commented
    # /usr/lib/modprobe.d/kvm.conf). 21.3 Prerequisites all hold; 21.2 tables per domain.
    "intel-l0-rhel10-nested-on": Expect(
        role="L0",
        # verdicts.md Support class 3-4: only L1s in use place the host, and nothing shows
        # any of these domains hosting VMs (no KVM statistics, no L1 bundle, no topology
        # file). The host is judged as what nesting would be from its own level: a RHEL 10
        # Intel L0 is technology-preview; the capable RHEL 9.4, RHEL 7.0 and Fedora 30
        # domains add conditional reasons and info findings, never a cap.
        support="technology-preview",
        ready=True,
        host=H(
            ok=L0_NESTED_ON_EXPLICIT + " host-os-in-tables",
            # nesting-performance: nested is on (NV-PERFORMANCE, 21.1).
            # technology-preview-notice: the verdict is technology-preview (NV-TECH-PREVIEW).
            info="nesting-performance technology-preview-notice",
        ),
        domains={
            # host-passthrough (live XML of a running domain), RHEL 9.6: capable, TP10-1.
            "rhel9.6-l1": live(**CAPABLE_IN_TABLES),
            # custom + <feature policy='require' name='vmx'/>: its definition asks for the
            # extension and gets it (domain-cpu-exposes-virt judges what is asked for);
            # RHEL 10.0 fits the TP rows.
            "rhel10.0-l1": dom(cpu="pass", **CAPABLE_IN_TABLES),
            # host-passthrough, RHEL 9.4 < 9.6: if it hosted VMs, unsupported (21.2).
            "rhel9.4-guest": live(**CAPABLE_OUTSIDE),
            # host-model with nested=Y in kvm_intel exposes (verdicts.md: "host-model: yes
            # when nesting is on in the L0"); RHEL 7.0 is outside the TP table.
            "rhel7.0": CAPABLE_OUTSIDE,
            # host-model check='partial', nesting on: exposes (as rhel7.0); RHEL 9.6: TP10-1.
            "web-portal": CAPABLE_IN_TABLES,
            # Windows Server 2022, host-passthrough, running: capable; the Hyper-V row places
            # it as TP and domain-windows-wsl2 names the supported WSL2 row (verdicts.md,
            # Windows L1 without a statement of use).
            "win2k22-l1": live(wsl2="info", **CAPABLE_IN_TABLES),
            # Windows 11 = "Windows 10 and later with Hyper-V" (verdicts.md libosinfo ids).
            "win11": dom(wsl2="info", **CAPABLE_IN_TABLES),
            # custom qemu64 on an Intel host: libvirt's CPU map gives qemu64 svm, not vmx
            # (verdicts.md: "custom with a named model") -> ordinary.
            "QEMUGuest1": ORDINARY,
            # <feature policy='disable' name='vmx'/>: disabled on purpose -> not_applicable.
            "rhel9.6-novmx": DISABLED_ON_PURPOSE,
            # custom Skylake + vmx required (it asks and gets it), Fedora 30: if it hosted
            # VMs, outside the tables ("Only RHEL is RHEL").
            "f30": dom(cpu="pass", **CAPABLE_OUTSIDE),
            # no <cpu> element: QEMU's default qemu64, "no vmx on Intel" (verdicts.md).
            "lab<b>&\"'vm": ORDINARY,
            # running with a Skylake CPU without vmx, saved as host-passthrough: "persistent
            # XML exposes it but the running definition does not, so a restart is needed:
            # fail" (verdicts.md, Domain CPU exposure). The live CPU decides its role:
            # ordinary, but the advice is the restart, not a new CPU.
            "kvm-lab": dom(restart="fail", exposure="pass"),
        },
    ),
    # RHEL 10.0 on AWS i3.metal without the hypervisor flag: bare metal, L0 (verdicts.md,
    # Cloud and hypervisor are separate facts). nested=N now, kvm.conf nested=1.
    "intel-nested-off-persistent-on": Expect(
        # nesting-performance passes: nested is off or kvm_intel not loaded, so no guest
        # can host VMs now (21.1 is about nesting enabled or in use).
        role="L0",
        # No L1 in use: the RHEL 10 Intel L0's own class (Support class 4); rhel10-ci
        # (RHEL 10.0, host-passthrough) is capable and fits the TP rows.
        support="technology-preview",
        # NV-NESTED-ENABLED (gates_ready) fails.
        ready=False,
        host=H(
            ok="nesting-performance kvm-usable cpu-virt-extensions nested-persistent "
            "nested-persistent-default nested-option-overridden arch-in-support-statement "
            "host-os-in-tables",
            # nested-enabled: runtime N (21.3). runtime-differs: N now, 1 at next load.
            # reload-needs-stopped-vms: the transient test-idm-client-ccveu-net is running
            # (NV-RELOAD-RUNNING-VMS).
            fail="nested-enabled nested-runtime-differs-from-persistent reload-needs-stopped-vms",
            # TP placement (NV-TECH-PREVIEW); rhel10-ci exposes vmx (NV-PERFORMANCE "in use").
            info="technology-preview-notice",
        ),
        domains={
            "rhel10-ci": CAPABLE_IN_TABLES,
            # live status XML: custom Broadwell, which libvirt's CPU map gives no vmx ->
            # the guest does not see vmx (verdicts.md, custom with a named model): ordinary.
            "test-idm-client-ccveu-net": live(**ORDINARY),
        },
    ),
    # RHEL 10.0 workstation: nested=Y now, but /etc/modprobe.d/zz-lab.conf (applied after
    # kvm.conf) sets nested=0, so the next load has it off (NV-NESTED-PERSISTENT detect).
    "intel-nested-on-not-persistent": Expect(
        role="L0",
        support="technology-preview",
        ready=True,  # nested is on now; persistence is not a readiness gate (verdicts.md)
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-enabled nested-persistent-default "
            "arch-in-support-statement host-os-in-tables",
            fail="nested-persistent nested-runtime-differs-from-persistent "
            "nested-option-overridden",
            info="technology-preview-notice nesting-performance",
        ),
        domains={
            "rhel10-dev": CAPABLE_IN_TABLES,
            # paused transient domain (it holds the module: verdicts.md, Domains that hold
            # /dev/kvm), live host-passthrough, no libosinfo: capable, and where it would
            # stand cannot be told (NV-OS-MATRIX: an unknown level is never silently placed).
            "nest": live(**CAPABLE_OS_UNKNOWN),
        },
    ),
    # RHEL 10.0, kvm and kvm_intel blacklisted: not loaded, no /dev/kvm (NV-KVM).
    "intel-module-not-loaded": Expect(
        # nesting-performance passes: nested is off or kvm_intel not loaded, so no guest
        # can host VMs now (21.1 is about nesting enabled or in use).
        role="L0",
        support="technology-preview",
        ready=False,  # NV-KVM fails
        host=H(
            # nested-persistent: no assignment (only blacklist lines) -> kernel default on for
            # kvm_intel on 6.12 (verdicts.md Kernel defaults) -> info on the default rule.
            ok="nesting-performance cpu-virt-extensions nested-persistent nested-option-overridden "
            "arch-in-support-statement host-os-in-tables",
            fail="kvm-usable",
            # nested-enabled / runtime-differs / reload: module not loaded -> not applicable
            # (NV-NESTED-ENABLED detect: not loaded is not "disabled").
            info="nested-persistent-default technology-preview-notice",
        ),
        domains={"rhel10-build": CAPABLE_IN_TABLES},
    ),
    # RHEL 10.0: kvm.conf nested=1, but the kernel command line has kvm-intel.nested=0.
    "intel-cmdline-override": Expect(
        # nesting-performance passes: nested is off or kvm_intel not loaded, so no guest
        # can host VMs now (21.1 is about nesting enabled or in use).
        role="L0",
        support="technology-preview",
        ready=False,
        host=H(
            # runtime N and next load off agree.
            ok="nesting-performance kvm-usable cpu-virt-extensions nested-persistent-default "
            "nested-runtime-differs-from-persistent arch-in-support-statement "
            "host-os-in-tables",
            # the command line wins over kvm.conf (NV-NESTED-PERSISTENT detect); rhel9.6-l1 runs.
            fail="nested-enabled nested-persistent nested-option-overridden "
            "reload-needs-stopped-vms",
            info="technology-preview-notice",
        ),
        domains={"rhel9.6-l1": live(**CAPABLE_IN_TABLES)},
    ),
    # RHEL 10.0 AMD EPYC (svm+npt on 96 CPUs), kvm_amd nested=1, persistent through vdsm's
    # `options kvm-amd nested=1` (modprobe treats - and _ alike).
    "amd-l0-rhel10-nested-on-running": Expect(
        role="L0",
        # No L1 in use: the RHEL 10 AMD L0's own class (Support class 4).
        support="technology-preview",
        ready=True,
        host=H(
            ok=L0_NESTED_ON_EXPLICIT + " host-os-in-tables",
            # 21.2 Feature limitations: migration does not work on AMD with nesting enabled.
            fail="amd-migration-with-nesting",
            info="nesting-performance technology-preview-notice",
        ),
        domains={
            # custom EPYC + svm required (asked for and given), RHEL 10.0 (21.4 Procedure).
            "epyc-l1": live(cpu="pass", **CAPABLE_IN_TABLES),
            # host-passthrough, libosinfo linux/2020 (virt-install's id for a Linux it could
            # not identify): capable, its OS unknown (verdicts.md: no metadata naming an OS).
            "linux2020": live(**CAPABLE_OS_UNKNOWN),
            # requires vmx on an AMD host: it asks for nesting and cannot get it ("requires
            # the other vendor's flag ... fail", verdicts.md Domain CPU exposure). Shut off.
            "regular-guest": dom(cpu="fail", exposure="pass"),
        },
    ),
    # RHEL 9.2 AMD, nested explicitly off (runtime 0, kvm.conf nested=0), two running
    # host-passthrough RHEL guests.
    "amd-nested-off-running": Expect(
        role="L0",
        # verdicts.md, RHEL 9 L0: with RHEL L1s it is in no table -> unsupported.
        support="unsupported",
        ready=False,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-persistent-default "
            "nested-runtime-differs-from-persistent nested-option-overridden "
            "arch-in-support-statement amd-migration-with-nesting "
            "technology-preview-notice nesting-performance",
            # host-os-in-tables: RHEL 9.2 as an L0 on its own is placed only by the WSL2
            # reading, which needs a stated WSL2 use (verdicts.md RHEL 9 L0) -> unsupported.
            # nesting-performance passes: nested is off, so no guest can host VMs now.
            fail="nested-enabled nested-persistent reload-needs-stopped-vms host-os-in-tables",
        ),
        domains={
            # host-passthrough, running: capable; a RHEL 9 L0 with RHEL L1s is in no table
            # (verdicts.md RHEL 9 L0), so if either hosted VMs: unsupported -> info.
            "app01": live(**CAPABLE_OUTSIDE),  # RHEL 8.10 on a RHEL 9.2 L0
            "db01": live(**CAPABLE_OUTSIDE),  # RHEL 9.2 on a RHEL 9.2 L0
        },
    ),
    # RHEL 10.0 in an IBM z13 LPAR (the L0, verdicts.md IBM Z), sie present, kvm nested=1
    # and hpage=1 at runtime and in kvm.conf.
    "ibmz-lpar-hpage-nested": Expect(
        role="L0",
        # NV-S390-HPAGE (violation: unsupported) fails.
        support="unsupported",
        ready=True,  # NV-KVM, NV-CPU-EXT (sie), NV-NESTED-ENABLED, NV-ARCH (s390x) hold
        host=H(
            # nested-persistent-default: s390 kvm defaults to off -> not applicable.
            ok="kvm-usable cpu-virt-extensions nested-enabled nested-persistent "
            "nested-runtime-differs-from-persistent nested-option-overridden "
            "arch-in-support-statement host-os-in-tables technology-preview-notice",
            fail="s390-hugepages-and-nesting",
            info="nesting-performance s390-lpar-as-l0",
        ),
        domains={
            # s390x: nothing to configure per domain (verdicts.md: exposure not_applicable),
            # so every guest is capable (verdicts.md, Domain roles) and none is shown in use.
            # Fedora 30 would be outside the tables; the Windows rows are Intel/AMD only.
            "fedora30": dom(capable="info"),
            # no libosinfo: where it would stand cannot be told.
            "guest1": dom(capable="unknown"),
        },
    ),
    # RHEL 10.0 aarch64 (X-Gene): KVM built in, /dev/kvm present, no `nested` parameter.
    "aarch64-host": Expect(
        role="L0",
        support="unsupported",  # NV-ARCH (violation: unsupported)
        ready=False,  # NV-ARCH gates readiness
        host=H(
            # kvm-usable: built-in KVM with /dev/kvm is usable (NV-KVM).
            # nesting-performance: 21.2 says nesting does not work on ARM, so it is neither
            # enabled nor in use.
            ok="kvm-usable technology-preview-notice nesting-performance",
            # host-os-in-tables: the TP table is for Intel, AMD and IBM Z L0s only.
            fail="arch-in-support-statement host-os-in-tables",
            # cpu-virt-extensions: no extension named for ARM. nested-*, reload: no module
            # and no `nested` parameter on arm64 (NV-NESTED-ENABLED detect: NV-ARCH decides).
        ),
        domains={
            # x86 exposure rules do not apply; nesting does not work on ARM (21.2), so no
            # domain is a nesting level: every domain rule is not applicable.
            "aarch64-virt-default-nic": dom(),
            "aarch64test": dom(),
            "fedora21": dom(),
        },
    ),
    # RHEL 9.6 guest of VMware ESXi with vmx+ept exposed, kvm_intel nested=Y: L1.
    "l1-rhel-under-vmware": Expect(
        role="L1",
        # L1 RHEL 9.6 fits TP10-1; NV-NON-KVM-L0 (violation: untested) caps it.
        support="untested",
        ready=True,
        host=H(
            # l3-guests: no domains and nested only by kernel default (no assignment).
            # technology-preview-notice: the verdict is untested, not TP (NV-TECH-PREVIEW
            # detect: "any configuration whose verdict is technology-preview").
            ok="l3-capable-guests "
            "kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-under-red-hat-product "
            "l1-hypervisor-os l3-guests technology-preview-notice",
            fail="l1-on-non-kvm-hypervisor",  # 21.2 Hypervisor limitations (VMware ESXi)
            info="l1-features-advisory nesting-performance",
        ),
    ),
    # RHEL 10.0 on AWS c5.large: hypervisor flag, no vmx, kvm not loaded: L1 at AWS.
    "l1-rhel-under-aws": Expect(
        role="L1",
        support="untested",  # NV-NON-KVM-L0 names AWS
        ready=False,  # NV-KVM and NV-CPU-EXT fail
        host=H(
            # l1-hypervisor-os: no module, no domains: it does not act as a hypervisor.
            # nesting-performance: kvm is not loaded and the CPU has no vmx: nesting is
            # neither enabled nor in use.
            ok="l3-capable-guests "
            "nested-option-overridden arch-in-support-statement host-os-in-tables "
            "l1-under-red-hat-product l3-guests technology-preview-notice "
            "nesting-performance",
            fail="kvm-usable cpu-virt-extensions l1-on-non-kvm-hypervisor",
            info="l1-features-advisory",
        ),
    ),
    # RHEL 9.6 L1 on RHEL KVM (DMI Red Hat / KVM / Red Hat Enterprise Linux: RHEL-KVM),
    # running its own host-passthrough L2.
    "l1-rhel-under-kvm-exposing": Expect(
        role="L1",
        # L1 RHEL 9.6 fits TP10-1 (the L0 must run RHEL 10.0 or later: Support class 5).
        # Its L2s could host VMs but nothing shows they do: an L2 merely capable is info,
        # not L3 (verdicts.md, Domain roles).
        support="technology-preview",
        ready=True,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-under-red-hat-product "
            "l1-hypervisor-os l1-on-non-kvm-hypervisor l3-guests",
            info="l1-features-advisory nesting-performance technology-preview-notice "
            "l3-capable-guests",
        ),
        domains={
            # On an L1 every domain is an L2 (a nesting level). QEMUGuest1 has no libosinfo:
            # the L2's OS is unknown. domain-hypervisor-os is for domains of an L0.
            "QEMUGuest1": live(os="unknown", exposure="pass"),
            # no <cpu> element: QEMU's default qemu64 has no vmx on this Intel L1
            # (verdicts.md): an ordinary L2, info; its OS unknown.
            "nested-guest": dom(ordinary="info", exposure="pass", os="unknown"),
            # RHEL 10.0, host-passthrough, running: an L2 in the TP rows; capable (of L3
            # guests) is for l3-capable-guests to say on the host.
            "l2-runner": live(os="pass", exposure="pass"),
        },
    ),
    # An Ubuntu 24.04 container on a RHEL 9.6 KVM guest: kernel facts are the VM's
    # (verdicts.md Containers); the os-release is the container image's, not the L1's.
    "container-on-vm": Expect(
        role="L1",
        # The L1's own OS cannot be seen from inside the container: support unknown
        # (verdicts.md Support class: unknown when the evidence cannot place the host).
        support="unknown",
        ready=False,  # no kvm, no /dev/kvm, no vmx
        host=H(
            ok="l3-capable-guests "
            "nested-option-overridden arch-in-support-statement "
            "l1-under-red-hat-product l3-guests technology-preview-notice nesting-performance",
            fail="kvm-usable cpu-virt-extensions",
            info="l1-features-advisory",
            # l1-on-non-kvm-hypervisor: the DMI is QEMU's (Bochs) and only the hypervisor flag
            # adds to it; no CPUID signature, clock source or other source shows KVM, so the
            # L0 is QEMU with its accelerator unknown (verdicts.md, Emulated or accelerated).
            unknown="host-os-in-tables l1-on-non-kvm-hypervisor",
        ),
    ),
    # RHEL 10.0 guest of QEMU with nothing showing KVM (virt-what's qemu case: Bochs DMI,
    # the hypervisor flag, TCG's svm without npt; no kvm-clock), kvm_amd loaded.
    "qemu-emulated-guest": Expect(
        role="L1",  # the hypervisor flag and QEMU's DMI: a VM (verdicts.md, Roles)
        # RHEL 10.0 L1 fits TP10-1/TP10-2; whether the L0 is KVM stays unknown, so no
        # NV-NON-KVM-L0 cap applies (verdicts.md Support class 2: failing limitations cap).
        support="technology-preview",
        ready=False,  # NV-CPU-EXT: npt missing (21.4: svm and npt)
        host=H(
            # l1-hypervisor-os: kvm_amd is loaded and the OS is RHEL.
            # l3-guests: no domains, nested only by kernel default.
            ok="l3-capable-guests "
            "kvm-usable nested-option-overridden arch-in-support-statement "
            "host-os-in-tables l1-under-red-hat-product l1-hypervisor-os l3-guests",
            fail="cpu-virt-extensions",
            info="l1-features-advisory nesting-performance technology-preview-notice",
            # l1-on-non-kvm-hypervisor: DMI names QEMU (Bochs) only, the clock sources lack
            # kvm-clock, no CPUID signature was collected: QEMU with its accelerator unknown
            # (verdicts.md, Emulated or accelerated).
            unknown="l1-on-non-kvm-hypervisor",
        ),
    ),
    # RHEL 9.6 on Red Hat OpenStack Platform (DMI Red Hat / OpenStack Compute), vmx+ept.
    "l1-rhel-in-openstack": Expect(
        role="L1",
        support="untested",  # NV-RH-VIRT-OFFERINGS (violation: untested)
        ready=True,
        host=H(
            ok="l3-capable-guests "
            "kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-hypervisor-os "
            "l1-on-non-kvm-hypervisor l3-guests technology-preview-notice",
            fail="l1-under-red-hat-product",  # 21.2: Red Hat OpenStack Platform
            info="l1-features-advisory nesting-performance",
        ),
    ),
    # RHEL 9.6 on OpenShift Virtualization (DMI Red Hat / OpenShift Virtualization).
    "l1-rhel-in-openshift-virt": Expect(
        role="L1",
        support="untested",
        ready=True,
        host=H(
            ok="l3-capable-guests "
            "kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-hypervisor-os "
            "l1-on-non-kvm-hypervisor l3-guests technology-preview-notice",
            fail="l1-under-red-hat-product",  # 21.2: OpenShift Virtualization
            info="l1-features-advisory nesting-performance",
        ),
    ),
    # RHEL 9.6 under Microsoft Hyper-V with virtualization extensions exposed.
    "l1-rhel-under-hyperv": Expect(
        role="L1",
        support="untested",  # NV-NON-KVM-L0 (Hyper-V "by extension")
        ready=True,
        host=H(
            ok="l3-capable-guests "
            "kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-under-red-hat-product "
            "l1-hypervisor-os l3-guests technology-preview-notice",
            fail="l1-on-non-kvm-hypervisor",
            info="l1-features-advisory nesting-performance",
        ),
    ),
    # Ubuntu 24.04 guest of RHEL KVM (DMI Red Hat / KVM / Red Hat Enterprise Linux), vmx+ept
    # and kvm_intel nested=Y (kernel default, no modprobe file), no libvirt: an L1
    # hypervisor that is not RHEL.
    "l1-ubuntu-under-kvm": Expect(
        role="L1",
        # verdicts.md "Only RHEL is RHEL": an Ubuntu L1 is outside the tables (unsupported,
        # beating NV-KVM-ONLY's untested).
        support="unsupported",
        ready=True,
        host=H(
            ok="l3-capable-guests "
            "kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement l1-under-red-hat-product l1-on-non-kvm-hypervisor "
            "l3-guests technology-preview-notice",
            # l1-hypervisor-os: kvm_intel is loaded, so it acts as a hypervisor on Ubuntu
            # (21.2 Hypervisor limitations: RHEL or Windows L1 hypervisors only).
            fail="host-os-in-tables l1-hypervisor-os",
            info="l1-features-advisory nesting-performance",
        ),
    ),
    # RHEL 8.10 guest of Red Hat Virtualization (RHEV Hypervisor DMI), no vmx, no kvm.
    "l1-rhel8-under-rhv": Expect(
        role="L1",
        support="unsupported",  # RHEL 8.10 is no L1 row of the TP table (21.2)
        ready=False,
        host=H(
            ok="l3-capable-guests "
            "nested-option-overridden arch-in-support-statement "
            "l1-on-non-kvm-hypervisor l3-guests technology-preview-notice "
            "nesting-performance",
            fail="kvm-usable cpu-virt-extensions host-os-in-tables l1-under-red-hat-product",
            info="l1-features-advisory",
        ),
    ),
    # RHEL 9.4 Intel L0, nested=Y by kernel default (only a commented
    # /usr/lib/modprobe.d/kvm.conf), a running Windows Server 2019 L1 (host-passthrough).
    "rhel9-l0-windows-wsl": Expect(
        role="L0",
        # verdicts.md: without a statement of WSL2-only use the Windows L1 is judged by its
        # Hyper-V row, which needs a RHEL 10.0 L0 -> outside the tables; the WSL2 rows
        # (RHEL 9.2+ L0) are named as the alternative in the reasons.
        support="unsupported",
        ready=True,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-enabled nested-persistent "
            "nested-runtime-differs-from-persistent nested-option-overridden "
            "arch-in-support-statement technology-preview-notice",
            fail="host-os-in-tables",
            # kernel default (on since 4.20) with no assignment: info (verdicts.md).
            info="nested-persistent-default nesting-performance",
        ),
        domains={
            # Windows Server 2019, host-passthrough, running: capable. Judged by the Hyper-V
            # row it would be outside the tables on a RHEL 9 L0 (info); domain-windows-wsl2
            # names the WSL2 row a topology file can state.
            "win2k19-wsl": live(wsl2="info", **CAPABLE_OUTSIDE),
        },
    ),
    # CentOS Stream 9 L0: "Only RHEL is RHEL" (verdicts.md).
    "centos-l0": Expect(
        role="L0",
        support="unsupported",
        ready=True,
        host=H(
            ok=L0_NESTED_ON_EXPLICIT + " technology-preview-notice",
            fail="host-os-in-tables",
            info="nesting-performance",
        ),
        domains={
            # CentOS Stream 9, host-passthrough, running: capable; if it hosted VMs, a CentOS
            # L0 and L1 would be outside the tables ("Only RHEL is RHEL") -> info.
            "c9s-dev": live(**CAPABLE_OUTSIDE),
        },
    ),
    # Ubuntu 24.04 L0, kvm_intel nested=Y by kernel default, running Windows 10 guest.
    "ubuntu-l0": Expect(
        role="L0",
        support="unsupported",
        ready=True,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-enabled nested-persistent "
            "nested-runtime-differs-from-persistent nested-option-overridden "
            "arch-in-support-statement technology-preview-notice",
            fail="host-os-in-tables",
            info="nested-persistent-default nesting-performance",
        ),
        domains={
            # Windows 10, running, capable: an Ubuntu L0 is outside the tables -> info.
            "win10": live(wsl2="info", **CAPABLE_OUTSIDE),
        },
    ),
    # RHEL 10.0 Intel L0, nesting on, a host-model domain and an unparsable definition.
    "broken-domain-xml": Expect(
        role="L0",
        # No L1 in use: the host alone, RHEL 10 Intel L0 -> TP (verdicts.md Support class 4).
        support="technology-preview",
        ready=True,
        host=H(
            ok=L0_NESTED_ON_EXPLICIT + " host-os-in-tables",
            info="technology-preview-notice nesting-performance",
            # domains-readable: half-written.xml is cut off mid-element, an unparsable
            # definition inside the evidence: a finding, not an input error (issue 7, item 6;
            # verdicts.md, Evidence too thin to judge).
            fail="domains-readable",
        ),
        domains={
            # host-model with abm/ds/invtsc features, nesting on: exposes (verdicts.md,
            # host-model) -> capable; no libosinfo, so where it would stand is unknown.
            "QEMUGuest1": CAPABLE_OS_UNKNOWN,
            # cut off mid-element: nothing can be read, the exposure is unknown.
            "half-written": dom(exposure="info"),
        },
    ),
    # RHEL 10.0 Intel L0 whose VMs are all ordinary guests of mixed CPU modes (issue 7: "an
    # L0 with ordinary VMs of mixed CPU modes that exits 0").
    "intel-l0-ordinary-vms": Expect(
        role="L0",
        # No L1 in use: a RHEL 10 Intel L0 is technology-preview (Support class 4).
        support="technology-preview",
        ready=True,
        host=H(
            ok=L0_NESTED_ON_EXPLICIT + " host-os-in-tables",
            info="nesting-performance technology-preview-notice",
        ),
        domains={
            # custom Cascadelake-Server / Skylake-Server-IBRS, running: libvirt's CPU map
            # gives neither vmx -> ordinary, info (verdicts.md, Domain CPU exposure).
            "db01": live(**ORDINARY),
            "web01": live(**ORDINARY),
            # no <cpu> element: QEMU's qemu64, no vmx on Intel -> ordinary. Shut off.
            "build01": ORDINARY,
            # Westmere with vmx disabled: not_applicable, on purpose.
            "legacy-app": DISABLED_ON_PURPOSE,
        },
    ),
    # RHEL 10.0 Intel L0 collected as root with debugfs: KVM's nested_run shows which VMs
    # host guests (verdicts.md, Domain roles: "L1 in use").
    "intel-l0-l1-in-use": Expect(
        role="L0",
        # The L1s in use place the host, the least supported of them deciding (Support class
        # 3): fedora-lab runs Fedora 40, outside the tables ("Only RHEL is RHEL").
        support="unsupported",
        ready=True,
        host=H(
            # technology-preview-notice: the verdict is unsupported, not TP.
            ok=L0_NESTED_ON_EXPLICIT + " host-os-in-tables technology-preview-notice",
            info="nesting-performance",
        ),
        domains={
            # nested_run 48213 > 0: in use; RHEL 10.0 host-passthrough, TP rows.
            "ci-hypervisor": live(**IN_USE_RHEL_TP),
            # nested_run 917 > 0: in use; Fedora 40 is outside the tables and no tested L1
            # hypervisor (NV-OS-MATRIX, NV-KVM-ONLY).
            "fedora-lab": live(cpu="pass", exposure="pass", os="fail", hv="fail"),
            # nested_run 0: host-passthrough but no nested entries -> capable, RHEL 9.6 fits.
            "app-server": live(**CAPABLE_IN_TABLES),
            # Skylake-Client-IBRS without vmx: ordinary.
            "win-dev": live(**ORDINARY),
        },
    ),
    # RHEL 10.0 L1 under RHEL KVM, alone (no L0 bundle), two plain L2 guests.
    "l1-rhel-plain-l2s": Expect(
        role="L1",
        # RHEL 10.0 L1 with RHEL 10.0 / 9.6 L2s: TP10-2 / TP10-1 rows; the unseen L0 must run
        # RHEL 10.0 or later (Support class 5).
        support="technology-preview",
        ready=True,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-under-red-hat-product "
            "l1-hypervisor-os l1-on-non-kvm-hypervisor l3-guests l3-capable-guests",
            info="l1-features-advisory nesting-performance technology-preview-notice",
        ),
        domains={
            # Skylake-Client-IBRS without vmx: ordinary L2s (info, never the advice to make
            # them L3-capable as a fail); their OS fits the L2 column.
            "l2-web": live(os="pass", **ORDINARY),
            "l2-db": live(os="pass", **ORDINARY),
        },
    ),
    # The L2 `l2-runner` seen from inside, judged alone: nothing links it below an L1, so it
    # reads as an L1 under RHEL KVM (its chain with the L0 and L1 bundles is in test_chains).
    "l2-rhel-runs-guests": Expect(
        role="L1",
        support="technology-preview",
        ready=True,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-option-overridden "
            "arch-in-support-statement host-os-in-tables l1-under-red-hat-product "
            "l1-hypervisor-os l1-on-non-kvm-hypervisor l3-guests l3-capable-guests",
            info="l1-features-advisory nesting-performance technology-preview-notice",
        ),
        domains={"l3-guest": live(os="pass", **ORDINARY)},
    ),
    # RHEL 9.6 Intel L0 with one Windows Server 2022 guest, judged without its topology file
    # (with it: tests/test_roles.py, supported).
    "rhel96-l0-windows-wsl2": Expect(
        role="L0",
        # verdicts.md, RHEL 9 L0: only a Windows L1 stated as used for WSL2 places a RHEL 9.2+
        # L0 (supported); unstated, the Hyper-V row needs a RHEL 10 L0 -> unsupported.
        support="unsupported",
        ready=True,
        host=H(
            ok="kvm-usable cpu-virt-extensions nested-enabled nested-persistent "
            "nested-runtime-differs-from-persistent nested-option-overridden "
            "arch-in-support-statement technology-preview-notice",
            fail="host-os-in-tables",
            # kernel default (on since 4.20) with no assignment: info (verdicts.md).
            info="nested-persistent-default nesting-performance",
        ),
        domains={"win2k22-wsl2": live(wsl2="info", **CAPABLE_OUTSIDE)},
    ),
}

SAMPLES = sorted(p.stem for p in BUNDLES.glob("*.json"))


def _judge(bundle_data: Any) -> dict[str, Any]:
    report = build_report([bundle_data])
    hosts = report["hosts"]
    assert len(hosts) == 1
    host: dict[str, Any] = hosts[0]
    return host


def _actual(host: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in host["findings"]:
        key = f["rule"] if f["scope"] == "host" else f"{f['rule']}@{f['target']}"
        assert key not in out, f"two findings for {key}"
        out[key] = f["outcome"]
    return out


def _diff(expected: Mapping[str, str], actual: Mapping[str, str]) -> list[str]:
    lines = []
    for key in sorted(set(expected) | set(actual)):
        want = expected.get(key, "(no such finding)")
        got = actual.get(key, "(no such finding)")
        if want != got:
            lines.append(f"{key}: expected {want}, got {got}")
    return lines


def test_every_sample_has_expectations() -> None:
    assert SAMPLES, "no sample bundles found"
    assert sorted(EXPECTED) == SAMPLES


def test_rule_set_is_pinned() -> None:
    host = _judge(load(BUNDLES / "intel-l0-rhel10-nested-on.json"))
    host_rules = {f["rule"] for f in host["findings"] if f["scope"] == "host"}
    domain_rules = {f["rule"] for f in host["findings"] if f["scope"] == "domain"}
    assert host_rules == set(HOST_RULES)
    assert domain_rules == set(DOMAIN_RULES.values())


@pytest.mark.parametrize("name", SAMPLES)
def test_role_and_verdict(name: str) -> None:
    want = EXPECTED[name]
    host = _judge(load(BUNDLES / f"{name}.json"))
    got = (host["role"], host["verdict"]["support"], host["verdict"]["ready"])
    assert got == (want.role, want.support, want.ready), (
        f"{name}: expected role/support/ready {(want.role, want.support, want.ready)}, got {got}\n"
        + "\n".join(host["verdict"]["reasons"])
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_findings(name: str) -> None:
    want = EXPECTED[name]
    host = _judge(load(BUNDLES / f"{name}.json"))
    expected = want.outcomes(host["host"])
    actual = _actual(host)
    messages = {
        (f["rule"] if f["scope"] == "host" else f"{f['rule']}@{f['target']}"): f["message"]
        for f in host["findings"]
    }
    diff = _diff(expected, actual)
    detail = [f"{line}\n    message: {messages.get(line.split(':')[0], '')}" for line in diff]
    assert not diff, f"{name}: {len(diff)} outcome(s) differ from the table:\n" + "\n".join(detail)


def expectation_count() -> int:
    """How many outcomes the table pins (3 verdict fields per sample plus every finding)."""
    total = 0
    for want in EXPECTED.values():
        total += 3 + len(HOST_RULES) + len(want.domains) * len(DOMAIN_RULES)
    return total


# --- Chapter readings that need no sample -------------------------------------------------
#
# A tiny RHEL 10.0 Intel L0 (real Xeon Silver 4214 cpuinfo and RHEL 10.0 os-release from
# tests/corpus), kvm_intel loaded with nested=Y and `options kvm_intel nested=1`, with one
# persistent (shut off) domain whose CPU element and libosinfo id the case chooses.

DOMAIN_XML = """<domain type='kvm'>
  <name>{name}</name>
  <uuid>6f1c2a8e-0000-4000-8000-00000000{index:04d}</uuid>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="{os_id}"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='KiB'>4194304</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc-q35-rhel10.0.0'>hvm</type>
  </os>
  {cpu}
  <devices>
    <emulator>/usr/libexec/qemu-kvm</emulator>
  </devices>
</domain>
"""

HOST_PASSTHROUGH = "<cpu mode='host-passthrough' check='none' migratable='on'/>"


def _write(root: Path, path: str, text: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")


def _rhel10_intel_l0(
    root: Path, name: str, os_id: str, cpu: str, in_use: bool = False
) -> dict[str, Any]:
    """The tiny L0 judged; `in_use` adds a topology file naming the domain an L1 in use
    (verdicts.md, Domain roles: a topology entry with role L1)."""
    shutil.copyfile(CORPUS / "virt-what" / "crio" / "proc" / "cpuinfo", _mk(root, "proc/cpuinfo"))
    shutil.copyfile(
        CORPUS / "os-release" / "rhel-10.0" / "etc" / "os-release", _mk(root, "etc/os-release")
    )
    _write(root, "etc/hostname", "tiny-l0.example.com\n")
    _write(root, "proc/sys/kernel/hostname", "tiny-l0.example.com\n")
    _write(root, "proc/sys/kernel/osrelease", "6.12.0-55.9.1.el10_0.x86_64\n")
    _write(
        root, "proc/cmdline", "BOOT_IMAGE=(hd0,gpt2)/vmlinuz-6.12.0-55.9.1.el10_0.x86_64 ro quiet\n"
    )
    _write(
        root,
        "proc/modules",
        "kvm_intel 479232 0 - Live 0xffffffffc0000000\n"
        "kvm 1425408 1 kvm_intel, Live 0xffffffffc0040000\n",
    )
    _write(root, "proc/1/cgroup", "0::/init.scope\n")
    _write(root, "sys/module/kvm_intel/parameters/nested", "Y\n")
    _write(root, "sys/module/kvm/parameters/halt_poll_ns", "200000\n")
    _write(root, "etc/modprobe.d/kvm.conf", "options kvm_intel nested=1\n")
    _write(root, "sys/class/dmi/id/sys_vendor", "Dell Inc.\n")
    _write(root, "sys/class/dmi/id/product_name", "PowerEdge R640\n")
    _write(root, "sys/class/dmi/id/product_family", "PowerEdge\n")
    _write(root, "dev/kvm", "")  # stands for the character device (samples/README.md)
    (root / "run" / "libvirt" / "qemu").mkdir(parents=True)
    _write(
        root,
        f"etc/libvirt/qemu/{name}.xml",
        DOMAIN_XML.format(name=name, index=1, os_id=os_id, cpu=cpu),
    )
    topology = None
    if in_use:
        topology = root / "topology.yaml"
        topology.write_text(f"domains:\n  - domain: {name}\n    role: L1\n", "utf-8")
    report = build_report([from_data(collect(root=str(root)), str(root))],
                          topology=str(topology) if topology else None)
    (host,) = report["hosts"]
    assert host["role"] == "L0", host["verdict"]["reasons"]
    return dict(host)


def _mk(root: Path, path: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _domain_outcomes(host: dict[str, Any], name: str) -> dict[str, str]:
    return {
        f["rule"]: f["outcome"]
        for f in host["findings"]
        if f["target"] == name and f["scope"] == "domain"
    }


# The host rules of a healthy RHEL 10.0 Intel L0 with nested on and persistent (21.3).
HEALTHY_L0_HOST = {
    **dict.fromkeys(L0_NESTED_ON_EXPLICIT.split(), "pass"),
    **dict.fromkeys(DEFAULT_PASS, "pass"),
    "host-os-in-tables": "pass",
    "nesting-performance": "info",
}


# The rules on a domain in use as an L1 that gets the extension; the table check varies.
IN_USE_L1 = {
    "domain-cpu-exposes-virt": "pass",  # host-passthrough exposes vmx (verdicts.md)
    "domain-ordinary-cpu": NA,
    "domain-cpu-needs-restart": NA,  # shut off: its saved definition is what it will run
    "domain-cpu-exposure-unknown": "pass",
    "domain-capable-outside-tables": NA,  # in use, not merely capable
    "domain-windows-wsl2": NA,  # not Windows
    "domain-hypervisor-os": "pass",  # a RHEL L1 hypervisor is tested (NV-KVM-ONLY)
}


@pytest.mark.parametrize(
    ("version", "support", "os_outcome"),
    [
        # 21.2 Technology Preview table: L1 "RHEL 9.6 and later" / "RHEL 10.0 and later" on
        # a RHEL 10.0+ L0. RHEL 9.4 is older than every L1 row -> outside -> unsupported
        # (NV-OS-MATRIX violation class).
        ("9.4", "unsupported", "fail"),
        ("9.6", "technology-preview", "pass"),
        ("10.0", "technology-preview", "pass"),
    ],
)
def test_rhel_l1_in_use_versions_on_rhel10_intel_l0(
    tmp_path: Path, version: str, support: str, os_outcome: str
) -> None:
    name = f"rhel{version}-l1"
    host = _rhel10_intel_l0(
        tmp_path, name, f"http://redhat.com/rhel/{version}", HOST_PASSTHROUGH, in_use=True
    )
    assert (host["verdict"]["support"], host["verdict"]["ready"]) == (support, True)
    assert _domain_outcomes(host, name) == {**IN_USE_L1, "domain-os-in-tables": os_outcome}
    host_outcomes = {f["rule"]: f["outcome"] for f in host["findings"] if f["scope"] == "host"}
    # NV-TECH-PREVIEW: the notice shows exactly when the verdict is technology-preview.
    notice = "info" if support == "technology-preview" else "pass"
    for rule in HOST_RULES:
        want = HEALTHY_L0_HOST.get(rule, NA)
        if rule == "technology-preview-notice":
            want = notice
        assert host_outcomes[rule] == want, f"{rule}: expected {want}, got {host_outcomes[rule]}"


def test_capable_rhel94_domain_does_not_lower_the_l0(tmp_path: Path) -> None:
    # verdicts.md Support class 4: the same RHEL 9.4 host-passthrough domain, with nothing
    # showing it hosts VMs, is capable: the L0 keeps technology-preview, an info says what
    # the setup would be if it did nest, and a conditional reason names it.
    host = _rhel10_intel_l0(tmp_path, "rhel9.4", "http://redhat.com/rhel/9.4", HOST_PASSTHROUGH)
    assert (host["verdict"]["support"], host["verdict"]["ready"]) == ("technology-preview", True)
    outcomes = _domain_outcomes(host, "rhel9.4")
    assert outcomes["domain-capable-outside-tables"] == "info"
    assert outcomes["domain-os-in-tables"] == NA and outcomes["domain-cpu-exposes-virt"] == NA
    assert any("if it hosts VMs, the setup is unsupported" in r
               for r in host["verdict"]["reasons"])


def test_windows_server_2022_l1_is_technology_preview(tmp_path: Path) -> None:
    # verdicts.md, Windows L1 without a statement of use: judged by the Hyper-V row
    # ("Windows Server 2016 and later with Hyper-V", 21.2 TP table) -> technology-preview,
    # with domain-windows-wsl2 saying that WSL2-only use would be supported.
    host = _rhel10_intel_l0(
        tmp_path, "win2k22", "http://microsoft.com/win/2k22", HOST_PASSTHROUGH, in_use=True
    )
    assert (host["verdict"]["support"], host["verdict"]["ready"]) == ("technology-preview", True)
    assert _domain_outcomes(host, "win2k22") == {
        **IN_USE_L1,
        "domain-os-in-tables": "pass",
        "domain-windows-wsl2": "info",
        "domain-hypervisor-os": "pass",  # Windows is a tested L1 hypervisor (21.2)
    }
    wsl2 = next(f for f in host["findings"] if f["rule"] == "domain-windows-wsl2")
    assert "WSL2" in wsl2["message"]
    assert any("S10-1" in r or "supported" in r for r in host["verdict"]["reasons"])


def test_host_model_domain_exposes_with_nesting_on(tmp_path: Path) -> None:
    # verdicts.md Domain CPU exposure: "host-model: yes when nesting is on in the L0 (KVM
    # offers vmx/svm to host-model only then)"; this L0 has kvm_intel nested=Y. A RHEL 10.0
    # L1 in use fits the TP table: the host stays technology-preview.
    host = _rhel10_intel_l0(
        tmp_path, "hm", "http://redhat.com/rhel/10.0", "<cpu mode='host-model'/>", in_use=True
    )
    assert (host["verdict"]["support"], host["verdict"]["ready"]) == ("technology-preview", True)
    outcomes = _domain_outcomes(host, "hm")
    assert outcomes["domain-cpu-exposure-unknown"] == "pass"
    assert outcomes["domain-cpu-exposes-virt"] == "pass"
    assert outcomes["domain-os-in-tables"] == "pass"
    assert outcomes["domain-windows-wsl2"] == NA  # RHEL, not Windows


def test_vmx_disabled_domain_is_ordinary_on_purpose(tmp_path: Path) -> None:
    # verdicts.md, Domain CPU exposure: "A flag disabled or forbidden on purpose:
    # not_applicable with a message that says so"; the domain is no nesting level.
    cpu = (
        "<cpu mode='custom' match='exact' check='partial'>"
        "<model fallback='forbid'>Cascadelake-Server</model>"
        "<feature policy='disable' name='vmx'/></cpu>"
    )
    host = _rhel10_intel_l0(tmp_path, "novmx", "http://redhat.com/rhel/10.0", cpu)
    outcomes = _domain_outcomes(host, "novmx")
    assert set(outcomes.values()) == {NA, "pass"}
    assert outcomes["domain-cpu-exposure-unknown"] == "pass"
    ordinary = next(f for f in host["findings"] if f["rule"] == "domain-ordinary-cpu")
    assert "disabled on purpose" in ordinary["message"]
    assert (host["verdict"]["support"], host["verdict"]["ready"]) == ("technology-preview", True)


def test_in_use_l1_without_the_extension_fails(tmp_path: Path) -> None:
    # verdicts.md, "Outcome, by role": an L1 in use (here named in a topology file) that
    # does not get the extension fails, with the fix; NV-L1-CPU-MODE caps nothing.
    cpu = "<cpu mode='custom' match='exact'><model>Skylake-Server-IBRS</model></cpu>"
    host = _rhel10_intel_l0(tmp_path, "l1", "http://redhat.com/rhel/10.0", cpu, in_use=True)
    fail = next(f for f in host["findings"] if f["rule"] == "domain-cpu-exposes-virt")
    assert fail["outcome"] == "fail"
    assert "vmx" in fail["message"] and "topology file" in fail["message"]
    edits = {step["command"] for step in fail["remediation"] if step.get("domain") == "l1"}
    assert edits == {"virt-xml l1 --edit --cpu host-passthrough",
                     "virt-xml l1 --edit --cpu Skylake-Server-IBRS,require=vmx"}
    assert (host["verdict"]["support"], host["verdict"]["ready"]) == ("technology-preview", True)
