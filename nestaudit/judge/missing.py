"""What an unknown finding lacked, in the reader's words, and what would settle it.

Rules name facts (`kvm.nested`, `domain.os_family`); a reader knows files, commands and
the next step. For each fact a rule may find unknown this says which evidence would have
shown it (a file, a command, a domain's metadata) and which step brings it: collect again
as root, a sosreport with the plugins that copy it, a topology entry, the other level's
bundle. The human formats show these words; the JSON keeps the fact names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple


class Missing(NamedTuple):
    label: str
    """What the fact is, as a noun phrase: "the CPU vendor"."""
    evidence: str
    """Which evidence was lacking: "/proc/cpuinfo could not be read". `{module}` is the
    KVM module carrying `nested` (kvm_intel, kvm_amd, kvm)."""
    settle: str
    """HOST (collect again), DOMAIN (its definition or a topology entry), LINK (the other
    level's bundle)."""


HOST, DOMAIN, LINK = "host", "domain", "link"

_CPUINFO = "/proc/cpuinfo could not be read"
_MODPROBE = ("the modprobe configuration (/etc/modprobe.d, /run/modprobe.d, /usr/lib/modprobe.d "
             "and /proc/cmdline) could not be read in full")
_NESTED = "/sys/module/{module}/parameters/nested could not be read"
_DOMAINS = ("the libvirt folders (/etc/libvirt/qemu, /run/libvirt/qemu) could not be listed "
            "and no virsh output was collected")
_DOMAIN_XML = "the domain's XML definition (or its live status file) could not be read"
_OS_META = "the domain's definition has no libosinfo metadata naming its guest OS"

_FACTS: dict[str, Missing] = {
    "host.arch": Missing("the architecture",
                         "the architecture (uname -m, /proc/sys/kernel/osrelease or the layout "
                         "of /proc/cpuinfo) could not be read", HOST),
    "cpu.vendor": Missing("the CPU vendor", _CPUINFO, HOST),
    "cpu.virt_flags_missing": Missing("the CPU's virtualization flags", _CPUINFO, HOST),
    "kvm.module": Missing("the KVM module that carries nesting",
                          "the CPU vendor and architecture, which name the module, could not "
                          "be read (/proc/cpuinfo, uname -m)", HOST),
    "kvm.module_loaded": Missing("whether the KVM module is loaded",
                                 "/proc/modules and /sys/module/{module} could not be read",
                                 HOST),
    "kvm.kvm_loaded": Missing("whether KVM is loaded",
                              "/proc/modules and /sys/module/kvm could not be read", HOST),
    "kvm.dev_kvm": Missing("whether /dev/kvm exists", "/dev/kvm could not be examined", HOST),
    "kvm.nested": Missing("whether nesting is on in the running module", _NESTED, HOST),
    "kvm.hpage": Missing("the running kvm module's hpage setting",
                         "/sys/module/kvm/parameters/hpage could not be read", HOST),
    "kvm.hpage_persistent": Missing("hpage at the next module load", _MODPROBE, HOST),
    "kvm.nested_persistent": Missing("nesting at the next module load", _MODPROBE, HOST),
    "kvm.nested_persistent_explicit": Missing("whether a file sets nesting", _MODPROBE, HOST),
    "kvm.nested_conflict": Missing("whether modprobe files disagree on nesting", _MODPROBE,
                                   HOST),
    "kvm.nested_overridden_by": Missing("what overrides the nesting option", _MODPROBE, HOST),
    "kvm.nested_default": Missing("the kernel's default for nesting",
                                  "the kernel release (uname -r) could not be read", HOST),
    "os.family": Missing("the host's OS", "/etc/os-release could not be read", HOST),
    "virt.cloud": Missing("the cloud the host runs in",
                          "neither the DMI strings (/sys/class/dmi/id, dmidecode) nor virt-what "
                          "could be read", HOST),
    "virt.on_kvm": Missing("whether KVM runs below this host",
                           "nothing collected shows whether KVM accelerates the hypervisor below "
                           "(virt-what and the CPUID signature need a live collection as root; "
                           "/sys/devices/system/clocksource lists kvm-clock under KVM)", HOST),
    "virt.s390_level": Missing("the IBM Z level", "/proc/sysinfo could not be read", HOST),
    "domains.count": Missing("the domains defined", _DOMAINS, HOST),
    "domains.active": Missing("the running domains", _DOMAINS, HOST),
    "domains.exposing": Missing("the domains that pass on the extension", _DOMAINS, HOST),
    "domains.hugepages": Missing("the domains backed by huge pages", _DOMAINS, HOST),
    "domains.problems": Missing("the domains whose definitions cannot be read", _DOMAINS, HOST),
    "domains.in_use": Missing("the domains in use as hypervisors", _DOMAINS, HOST),
    "domains.capable": Missing("the domains that could host VMs", _DOMAINS, HOST),
    "domain.active": Missing("whether the domain runs",
                             "the live status folder /run/libvirt/qemu could not be read", HOST),
    "domain.exposes_virt": Missing("whether the domain's guest sees vmx/svm",
                                   "the domain's CPU definition, or what the host offers it "
                                   "(the CPU vendor, the running module's nesting, virsh "
                                   "domcapabilities), could not be read", HOST),
    "domain.virt_disabled": Missing("whether the domain disables vmx/svm", _DOMAIN_XML, HOST),
    "domain.restart_needed": Missing("whether the domain needs a restart",
                                     "its saved definition (/etc/libvirt/qemu/<name>.xml) or its "
                                     "live status file could not be read", HOST),
    "domain.needs_virt": Missing("whether the domain needs vmx/svm", _DOMAIN_XML, HOST),
    "domain.role": Missing("whether the domain hosts VMs",
                           "nothing shows whether it hosts VMs (KVM's nested_run counters, its "
                           "own bundle, or a topology entry)", DOMAIN),
    "domain.candidate": Missing("whether the domain counts as a nesting level",
                                "nothing shows whether it hosts VMs (KVM's nested_run counters, "
                                "its own bundle, or a topology entry)", DOMAIN),
    "domain.os_family": Missing("the domain's guest OS", _OS_META, DOMAIN),
    "domain.support_table": Missing("where the domain stands in the tables", _OS_META, DOMAIN),
    "domain.support_conditional": Missing("where the domain would stand in the tables",
                                          _OS_META, DOMAIN),
    "support.own_table": Missing("where the host stands in the tables",
                                 "the host's OS, level or architecture could not be read "
                                 "(/etc/os-release, the DMI strings, uname -m)", HOST),
    "chain.l0_flags_missing": Missing("the L0's CPU flags", "the L0's own bundle was not given",
                                      LINK),
    "chain.l0_linked": Missing("the L0's bundle", "the L0's own bundle was not given", LINK),
    "chain.level": Missing("the host's level",
                           "nothing shows whether a hypervisor runs below this host", HOST),
    "verdict.support": Missing("the support class", "the host's support class could not be "
                               "decided", HOST),
}

# Facts without an entry above (a site rule may use any registered fact): their group.
_GROUPS: dict[str, str] = {
    "host": "a detail of the host (uname, os-release, the host name)",
    "os": "the host's OS (/etc/os-release)",
    "cpu": "a detail of the CPU (/proc/cpuinfo)",
    "kvm": "a KVM module setting (/sys/module, modprobe.d)",
    "virt": "what runs below the host (DMI strings, virt-what)",
    "domain": "a detail of the domain's definition",
    "domains": "the host's domains (the libvirt folders)",
    "support": "where the host stands in the tables",
    "chain": "the nesting chain",
    "verdict": "the verdict",
}


def has_words(fact: str) -> bool:
    return fact in _FACTS


def label(fact: str) -> str:
    """What `fact` is, in words."""
    known = _FACTS.get(fact)
    if known is not None:
        return known.label
    return _GROUPS.get(fact.split(".", 1)[0], "a detail nestaudit derives")


def _settle(kinds: set[str], source: str, as_root: bool | None) -> list[str]:
    steps = []
    if HOST in kinds:
        if source == "sosreport":
            steps.append("a sosreport made with the plugins that copy it (sos report -o "
                         "kernel,kvm,libvirt,processor), or `nestaudit collect` on the host")
        elif as_root is False:
            steps.append("collecting again as root (sudo nestaudit collect)")
        else:
            steps.append("collecting live on the host as root (nestaudit collect), where "
                         "these files can be read")
    if DOMAIN in kinds:
        steps.append("a topology file entry for the domain (--topology FILE), or libosinfo "
                     "metadata in its definition (virt-install --osinfo)")
    if LINK in kinds:
        steps.append("the other level's bundle, given with this one")
    return steps


def describe(
    facts: Sequence[str],
    values: Mapping[str, object],
    *,
    source: str = "live",
    as_root: bool | None = True,
) -> str:
    """One sentence on what was missing for `facts` and what would settle it."""
    module = values.get("kvm.module")
    module_name = module if isinstance(module, str) else "kvm_intel"
    clauses: list[str] = []
    kinds: set[str] = set()
    for fact in facts:
        known = _FACTS.get(fact)
        clause = known.evidence if known is not None else f"{label(fact)} is not known"
        if "{module}" in clause and not isinstance(module, str):
            clause += " (kvm_amd on an AMD host)"
        clause = clause.replace("{module}", module_name)
        kinds.add(known.settle if known is not None else HOST)
        if clause not in clauses:
            clauses.append(clause)
    if not clauses:
        return "the evidence collected does not show it."
    text = "; ".join(clauses) + "."
    steps = _settle(kinds, source, as_root)
    if steps:
        text += " Settled by " + ", or ".join(steps) + "."
    return text
