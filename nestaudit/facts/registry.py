"""The registry of every fact: name, type, scope, source, when it is unknown, and meaning.

Rules may only name facts listed here (and those judging derives,
`nestaudit.judge.registry`); tools/regenerate.py writes docs/facts.md from both, and a test
keeps the registry in step with `values()`.
"""

from __future__ import annotations

from typing import NamedTuple


class FactSpec(NamedTuple):
    name: str
    type: str  # str | int | bool | list[str] | Version, "| None" where None is a value
    scope: str  # host | domain
    source: str
    unknown_when: str
    doc: str


_SPECS: list[tuple[str, str, str, str, str]] = [
    # name, type, source, unknown_when, doc
    ("host.name", "str", "bundle host record, /proc/sys/kernel/hostname, /etc/hostname",
     "none of these holds a name", "Host name."),
    ("host.arch", "str",
     "bundle host record (uname -m), the suffix of /proc/sys/kernel/osrelease, /proc/cpuinfo",
     "none of these tells (POWER cpuinfo alone cannot tell ppc64 from ppc64le)",
     "Normalised machine architecture: x86_64, aarch64, s390x, ppc64le, ppc64, i686, "
     "loongarch64, ..."),
    ("host.kernel", "str", "bundle host record (uname -r), /proc/sys/kernel/osrelease",
     "neither was collected", "Kernel release."),
    ("host.kernel_version", "Version", "host.kernel",
     "host.kernel is unknown or has no leading number", "Numeric part of the kernel release "
     "(5.14.0 for 5.14.0-427.el9.x86_64); decides kernel defaults."),
    ("host.source", "str", "bundle source", "never", "How the bundle was made: live, root or "
     "sosreport."),
    ("host.system_uuid", "str | None",
     "/sys/class/dmi/id/product_uuid (readable by root only), or dmidecode (sosreports)",
     "neither source was read (an unprivileged collection, say)",
     "SMBIOS system UUID, lower-case; None when read but a placeholder. On a VM it equals "
     "the libvirt <uuid> of its domain on the L0, which is how bundles link into chains."),
    ("host.container", "str | None",
     "/run/systemd/container, /proc/1/environ, /run/.containerenv, /.dockerenv, /proc/1/cgroup, "
     "systemd-detect-virt --container",
     "no engine found and a marker could not be read (or was never collected)",
     "Container engine the collection ran in (docker, podman, crio, lxc, oci, ...); None when "
     "every marker was read and none names one. Kernel facts then describe the container host."),
    ("cpu.vendor", "str", "/proc/cpuinfo (vendor_id, CPU implementer, cpu line)",
     "/proc/cpuinfo unreadable", "intel | amd | ibm | arm | other."),
    ("cpu.model", "str", "/proc/cpuinfo",
     "/proc/cpuinfo unreadable or without a model line",
     "Model name of CPU 0; the machine type on s390x; the CPU part number on aarch64."),
    ("cpu.count", "int", "/proc/cpuinfo", "/proc/cpuinfo unreadable", "Number of CPUs listed."),
    ("cpu.flags", "list[str]", "/proc/cpuinfo (x86 flags and 'vmx flags' ept, s390x features, "
     "aarch64 Features)", "/proc/cpuinfo unreadable",
     "Flags present on every CPU; an x86 'vmx flags' line's ept counts as ept."),
    ("cpu.virt_flags_needed", "list[str]", "cpu.vendor, host.arch", "/proc/cpuinfo unreadable",
     "Flags the vendor needs for nested KVM: intel [vmx, ept], amd [svm, npt], s390x [sie], "
     "else []."),
    ("cpu.virt_flags_missing", "list[str]", "/proc/cpuinfo", "/proc/cpuinfo unreadable",
     "Needed flags absent on at least one CPU."),
    ("cpu.virt_flags_missing_detail", "list[str]", "/proc/cpuinfo",
     "/proc/cpuinfo unreadable",
     "One line per missing flag naming the CPUs that lack it ('ept missing on CPUs 2, 3')."),
    ("cpu.hypervisor_flag", "bool", "/proc/cpuinfo", "/proc/cpuinfo unreadable",
     "The x86 CPUID hypervisor flag on any CPU; False on other architectures."),
    ("os.id", "str", "/etc/os-release (or /usr/lib/os-release, /etc/redhat-release)",
     "no os-release file readable", "os-release ID, lower-case."),
    ("os.name", "str", "/etc/os-release", "no os-release file readable or no NAME",
     "PRETTY_NAME, else NAME."),
    ("os.version", "Version", "/etc/os-release VERSION_ID",
     "no VERSION_ID", "VERSION_ID compared numerically (9.6 < 9.10 < 10 == 10.0)."),
    ("os.version_text", "str", "/etc/os-release VERSION_ID", "no VERSION_ID",
     "VERSION_ID as written."),
    ("os.is_rhel", "bool", "/etc/os-release ID", "no os-release file readable",
     "ID is rhel (CentOS, Alma, Rocky and Fedora are not RHEL)."),
    ("os.family", "str", "/etc/os-release ID, ID_LIKE", "no os-release file readable",
     "rhel | rhel-like | fedora | debian | other."),
    ("os.major", "int", "/etc/os-release VERSION_ID", "no VERSION_ID", "Major version."),
    ("kvm.modules_loaded", "list[str]", "/proc/modules", "/proc/modules unreadable",
     "KVM-related modules loaded (kvm, kvm_intel, kvm_amd, ...)."),
    ("kvm.module", "str | None", "cpu.vendor, host.arch (else /proc/modules)",
     "the CPU vendor and architecture are unknown",
     "Module that carries `nested`: kvm_intel, kvm_amd, or kvm on s390x; None where KVM has "
     "no such module (aarch64: built in)."),
    ("kvm.module_loaded", "bool", "/proc/modules, /sys/module/<module>/parameters listing",
     "kvm.module unknown or None, or /proc/modules unreadable and no parameters directory",
     "kvm.module is loaded (or built in)."),
    ("kvm.kvm_loaded", "bool", "/proc/modules, /sys/module/kvm/parameters; /dev/kvm on aarch64",
     "neither readable", "Core kvm module loaded; on aarch64 (built in) whether /dev/kvm "
     "exists."),
    ("kvm.dev_kvm", "bool", "stat of /dev/kvm",
     "not collected, or stat denied/failed",
     "/dev/kvm exists as a character device (in a root collection a regular file stands in for "
     "it: archives cannot hold device nodes). A missing /dev/kvm is False."),
    ("kvm.nested", "bool", "/sys/module/<kvm.module>/parameters/nested",
     "the module is not loaded or the file is unreadable (not loaded is not 'disabled')",
     "Nested virtualization enabled in the running module (Y/1 true, N/0 false)."),
    ("kvm.hpage", "bool", "/sys/module/kvm/parameters/hpage (s390x)",
     "not s390x, module not loaded, or file unreadable", "s390x kvm runtime hpage."),
    ("kvm.nested_persistent", "bool",
     "/etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d, /usr/lib/modprobe.d, "
     "/lib/modprobe.d (*.conf), /proc/cmdline, kernel default",
     "kvm.module unknown or None; a modprobe directory or file unreadable (unless the command "
     "line decides); the winning value is not a boolean; no assignment and the default unknown",
     "`nested` at the next module load as modprobe applies it: a file name in an earlier "
     "directory hides the same name later, the files apply sorted by name, the last "
     "assignment wins, then the kernel command line overrides; no assignment means the kernel "
     "default. A missing /proc/cmdline counts as no override (noted in the evidence)."),
    ("kvm.nested_persistent_source", "str", "as kvm.nested_persistent",
     "as kvm.nested_persistent",
     "Where the persistent value comes from: 'file:line', 'kernel command line' or "
     "'kernel default'."),
    ("kvm.nested_persistent_explicit", "bool", "as kvm.nested_persistent",
     "kvm.module unknown or None; no assignment found and some configuration unreadable",
     "Whether any assignment exists (False: the kernel default applies)."),
    ("kvm.nested_default", "bool", "kvm.module, host.kernel_version",
     "kvm.module unknown or None; kvm_intel with an unknown kernel version",
     "Kernel default of `nested`: kvm_intel on since Linux 4.20 (off before), kvm_amd on, "
     "s390 kvm off."),
    ("kvm.nested_assignments", "list[str]", "as kvm.nested_persistent",
     "kvm.module unknown or None",
     "Every `nested` assignment in applied order ('/etc/modprobe.d/kvm.conf:3: nested=1', "
     "'kernel command line: kvm_intel.nested=1')."),
    ("kvm.nested_conflict", "bool", "as kvm.nested_persistent", "kvm.module unknown or None",
     "The assignments disagree."),
    ("kvm.nested_overridden_by", "str | None", "as kvm.nested_persistent",
     "the persistent value is unknown",
     "When /etc/modprobe.d/kvm.conf assigns nested but another place wins with a different "
     "value: that place; else None."),
    ("kvm.hpage_persistent", "bool", "modprobe.d files and /proc/cmdline as for nested",
     "not s390x, or configuration unreadable",
     "s390x kvm `hpage` at the next load (default off)."),
    ("kvm.modprobe_readable", "bool", "modprobe.d directory listings and files",
     "a directory was never collected (and none was unreadable)",
     "Every modprobe directory could be listed and every *.conf read (a missing directory is "
     "fine)."),
    ("virt.hypervisor", "str",
     "/proc/sysinfo, systemd-detect-virt, virt-what, /sys/hypervisor/type, "
     "/proc/xen/capabilities, /proc/device-tree/hypervisor/compatible, "
     "/proc/device-tree/ibm,partition-name, /sys/class/dmi/id/*, dmidecode, /proc/cpuinfo "
     "hypervisor flag",
     "no source says anything",
     "What this host runs under: none | kvm | vmware | hyperv | xen | virtualbox | zvm | lpar | "
     "powervm | qemu-tcg | parallels | bhyve | other. Named sources decide (first listed "
     "wins); a hypervisor flag or an unknown DMI vendor only counts when none speaks. DMI "
     "cannot tell KVM from QEMU TCG: both read as kvm."),
    ("virt.hypervisor_sources", "list[str]", "as virt.hypervisor", "never",
     "'source: value' for each source that said something."),
    ("virt.hypervisor_disagreement", "bool", "as virt.hypervisor", "no source says anything",
     "Named sources disagree."),
    ("virt.cloud", "str", "/sys/class/dmi/id/*, dmidecode, virt-what",
     "neither DMI nor virt-what was read",
     "Cloud or product around the host: none | aws | gcp | azure | oracle | alibaba | "
     "openstack | openshift-virtualization | kubevirt | rhv | rhel-kvm."),
    ("virt.aws_metal", "bool", "DMI product_name, /proc/cpuinfo hypervisor flag",
     "virt.cloud unknown, or an AWS *.metal product with the flag unknown",
     "Amazon EC2 *.metal without the hypervisor flag: bare metal at AWS (an L0)."),
    ("virt.is_vm", "bool", "virt.hypervisor", "virt.hypervisor unknown",
     "The host runs under a hypervisor (an s390x LPAR is not a VM: it is the L0)."),
    ("virt.role", "str", "virt.hypervisor", "never ('unknown' is a value)",
     "L0 | L1 | unknown."),
    ("virt.s390_level", "str | None", "/proc/sysinfo",
     "s390x (or unknown architecture) and /proc/sysinfo unreadable",
     "On s390x what Linux runs directly under: lpar | zvm | kvm; None elsewhere."),
    ("domains.count", "int", "/etc/libvirt/qemu, /run/libvirt/qemu, /var/run/libvirt/qemu, "
     "virsh list/dumpxml", "the persistent or the live directory unreadable (and no virsh)",
     "Number of domains."),
    ("domains.names", "list[str]", "as domains.count", "as domains.count", "Domain names."),
    ("domains.running", "list[str]", "/run/libvirt/qemu status files, virsh dumpxml",
     "live directories unreadable and no virsh", "Names of running domains."),
    ("domains.exposing", "list[str]", "domain.exposes_virt", "as domains.count",
     "Domains whose guest sees vmx/svm (domain.exposes_virt True)."),
    ("domains.hugepages", "list[str]", "domain.hugepages", "as domains.count",
     "Domains backed by huge pages."),
    ("domains.readable", "bool", "libvirt directory listings, virsh", "never",
     "Domain evidence is complete: the persistent and live directories were listed (a missing "
     "directory is fine) or virsh dumpxml worked for every listed domain."),
    ("domains.problems", "list[str]", "domain XML", "never",
     "Domains whose XML could not be read or parsed."),
    ("domain.name", "str", "<name>, else the file or command name", "never", "Domain name."),
    ("domain.uuid", "str", "<uuid>", "no <uuid>", "UUID, lower-case."),
    ("domain.running", "bool", "live status XML (<domstatus state=...>), virsh dumpxml id",
     "live directories unreadable", "The domain is running."),
    ("domain.active", "bool", "live status XML, virsh dumpxml id",
     "live directories unreadable", "The domain has a live definition (running or paused)."),
    ("domain.state", "str", "<domstatus state=...>", "live directories unreadable",
     "running | paused | shut off | ... (virsh's words)."),
    ("domain.arch", "str", "<os><type arch=...>", "no arch attribute", "Guest architecture."),
    ("domain.type", "str", "<domain type=...>", "no type attribute", "kvm | qemu | ..."),
    ("domain.cpu_mode", "str | None", "<cpu mode=...>", "XML unreadable",
     "host-passthrough | host-model | custom | maximum; a <cpu> with a <model> and no mode is "
     "custom; None without <cpu> (or with neither mode nor model)."),
    ("domain.cpu_model", "str | None", "<cpu><model>", "XML unreadable", "CPU model name."),
    ("domain.cpu_features", "list[str]", "<cpu><feature policy= name=>", "XML unreadable",
     "'policy:name' for each feature (policy defaults to require)."),
    ("domain.virt_flag", "str", "cpu.vendor", "cpu.vendor unknown",
     "The host vendor's virtualization flag: vmx (intel), svm (amd), '' otherwise."),
    ("domain.exposes_virt", "bool", "<cpu> of the best XML, cpu.vendor",
     "host-model or custom without the flag in persistent XML, no <cpu>, flag optional, s390x "
     "or non-x86 guests, host vendor unknown",
     "The guest sees the host vendor's vmx/svm (verdicts.md 'Domain CPU exposure'); a live "
     "custom/host-model definition without the flag is False."),
    ("domain.exposure_reason", "str", "as domain.exposes_virt", "never",
     "Why: 'host-passthrough', 'vmx required', 'vmx disabled', 'svm on an Intel host', ..."),
    ("domain.xml_source", "str", "domain XML", "never",
     "Host path or command of the XML the facts come from (live status preferred)."),
    ("domain.xml_live", "bool", "domain XML", "never",
     "The facts come from a live definition (status file or virsh dumpxml of an active "
     "domain)."),
    ("domain.hugepages", "bool", "<memoryBacking><hugepages/>", "XML unreadable",
     "Memory backed by huge pages."),
    ("domain.os_id", "str", "<libosinfo:os id=...>", "no libosinfo metadata",
     "libosinfo id URL (http://redhat.com/rhel/9.6)."),
    ("domain.os_family", "str", "domain.os_id", "no libosinfo metadata",
     "rhel | windows | fedora | ubuntu | centos-stream | debian | other."),
    ("domain.os_version", "Version", "domain.os_id",
     "no metadata, or an id without a version (fedora/unknown)",
     "Version: 9.6 for RHEL; 10, 11 for Windows clients; 2016, 2019, 2022, 2025 for "
     "Windows Server (2012.2 for 2012 R2)."),
    ("domain.os_kind", "str", "domain.os_id", "no libosinfo metadata",
     "server | client for Windows; '' otherwise."),
    ("domain.os_label", "str", "domain.os_id", "no libosinfo metadata",
     "Human label: 'RHEL 9.6', 'Windows Server 2022', 'Windows 11'."),
    ("domain.title", "str", "<title>", "XML unreadable", "Title ('' when absent)."),
    ("domain.description", "str", "<description>", "XML unreadable",
     "Description ('' when absent)."),
    ("domain.parse_problem", "str | None", "domain XML", "never",
     "Why an XML of this domain could not be read (refused DTD, invalid XML, unreadable "
     "file); None when all were read."),
]

FACTS: dict[str, FactSpec] = {
    name: FactSpec(
        name=name,
        type=type_,
        scope="domain" if name.startswith("domain.") else "host",
        source=source,
        unknown_when=unknown_when,
        doc=doc,
    )
    for name, type_, source, unknown_when, doc in _SPECS
}


def names(scope: str) -> set[str]:
    """The fact names of one scope (host | domain)."""
    return {name for name, spec in FACTS.items() if spec.scope == scope}
