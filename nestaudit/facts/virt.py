"""Virtualization facts (`virt.*`): the hypervisor this host runs under, as every source
names it, the cloud around it, and the host's own role (L0 or L1)."""

from __future__ import annotations

from nestaudit.collect.spec import (
    CLOCKSOURCE_AVAILABLE,
    CLOCKSOURCE_CURRENT,
    CPUINFO,
    DEV_MDESC,
    DEVICE_TREE,
    DMI_DIR,
    DMI_FIELDS,
    DT_COMPATIBLE,
    DT_HYPERVISOR,
    DT_HYPERVISOR_NAME,
    DT_PARTITION,
    HYPERVISOR_TYPE,
    LPARCFG,
    PROC_XEN,
    SYS_BUS_XEN,
    SYS_BUS_XEN_BACKEND,
    SYSINFO,
    VLDS,
    XEN_CAPABILITIES,
)
from nestaudit.facts.evidence import EvidenceLog
from nestaudit.facts.factspec import FactSpec
from nestaudit.facts.model import CpuFacts, HostInfo, Maybe, VirtFacts
from nestaudit.facts.parsers import hypervisor as hv
from nestaudit.facts.parsers.cpuinfo import CpuInfo
from nestaudit.facts.parsers.dmidecode import parse_dmidecode
from nestaudit.facts.parsers.sysinfo import SysInfo, parse_sysinfo
from nestaudit.facts.reader import Reader
from nestaudit.values import UNKNOWN

# This group's entries in the fact registry, in the order docs/facts.md lists them.
SPECS: tuple[FactSpec, ...] = (
    FactSpec("virt.hypervisor", "str", "host",
             "/proc/sysinfo, systemd-detect-virt, virt-what, /sys/hypervisor/type, "
             "/proc/xen, /sys/bus/xen, /proc/device-tree (hypervisor node, compatible, fw-cfg "
             "node), /proc/device-tree/ibm,partition-name, /proc/cpuinfo platform and "
             "/proc/ppc64/lparcfg (POWER), /dev/mdesc (SPARC), the clock sources, "
             "/sys/class/dmi/id/*, dmidecode, /proc/cpuinfo hypervisor flag",
             "no source says anything, or only a hypervisor flag or an unknown DMI vendor",
             "What this host runs under: none | kvm | qemu | vmware | hyperv | xen | virtualbox "
             "| zvm | lpar | powervm | ldoms | parallels | bhyve | other. Named sources decide "
             "(first listed wins); the hypervisor flag, or DMI naming a hardware maker, only "
             "counts when none speaks. qemu is QEMU with its accelerator unknown: QEMU's DMI "
             "strings (QEMU, Bochs, Standard PC) read the same under KVM and TCG; the CPUID "
             "signature (systemd-detect-virt, virt-what) or kvm-clock makes it kvm."),
    FactSpec("virt.hypervisor_sources", "list[str]", "host", "as virt.hypervisor",
             "never", "'source: value' for each source that said something."),
    FactSpec("virt.hypervisor_disagreement", "bool", "host", "as virt.hypervisor",
             "no source says anything", "Named sources disagree."),
    FactSpec("virt.cloud", "str", "host", "/sys/class/dmi/id/*, dmidecode, virt-what",
             "neither DMI nor virt-what was read",
             "Cloud or product around the host: none | aws | gcp | azure | oracle | alibaba | "
             "upcloud | openstack | openshift-virtualization | kubevirt | rhv | rhel-kvm."),
    FactSpec("virt.aws_metal", "bool", "host", "DMI product_name, /proc/cpuinfo hypervisor flag",
             "virt.cloud unknown, or an AWS *.metal product with the flag unknown",
             "Amazon EC2 *.metal without the hypervisor flag: bare metal at AWS (an L0)."),
    FactSpec("virt.on_kvm", "bool", "host", "virt.hypervisor",
             "virt.hypervisor unknown, or qemu (QEMU whose accelerator no source shows)",
             "The hypervisor this host runs under is KVM; False for another hypervisor or none "
             "(bare metal)."),
    FactSpec("virt.is_vm", "bool", "host", "virt.hypervisor",
             "virt.hypervisor unknown",
             "The host runs under a hypervisor (an s390x LPAR is not a VM: it is the L0)."),
    FactSpec("virt.role", "str", "host", "virt.hypervisor",
             "never ('unknown' is a value)", "L0 | L1 | unknown."),
    FactSpec("virt.s390_level", "str | None", "host", "/proc/sysinfo",
             "s390x (or unknown architecture) and /proc/sysinfo unreadable",
             "On s390x what Linux runs directly under: lpar | zvm | kvm; None elsewhere."),
)

# derived fact -> the facts whose evidence it shares (first one present wins)
EVIDENCE_FROM: dict[str, tuple[str, ...]] = {
    "virt.hypervisor_sources": ("virt.hypervisor",),
    "virt.hypervisor_disagreement": ("virt.hypervisor",),
    "virt.aws_metal": ("virt.cloud",),
    "virt.on_kvm": ("virt.hypervisor",),
    "virt.s390_level": ("virt.hypervisor",),
}

_DMI_SHOWN = ("sys_vendor", "product_name", "product_family", "bios_vendor")


# What the hypervisor fact's values say, in words, for the evidence rows.
_BELOW = {"none": "bare metal: no hypervisor below", "lpar": "an IBM Z LPAR (PR/SM)",
          "other": "a virtual machine of a hypervisor no source names"}


def read(r: Reader, info: CpuInfo | None, cpu: CpuFacts, host: HostInfo) -> VirtFacts:
    """The virtualization facts. Every source votes in the order read here (the first
    strong vote names the hypervisor) and may name a cloud."""
    votes: list[hv.Vote] = []
    clouds: list[tuple[str, str]] = []
    sysinfo = _sysinfo(r, votes)
    _commands(r, votes, clouds)
    _xen(r, votes)
    _device_tree(r, votes, info)
    _ldoms(r, votes, host.arch)
    _clocksource(r, votes)
    flag = cpu.hypervisor_flag
    product = _dmi(r, votes, clouds, flag)
    if flag is True:
        votes.append(hv.Vote("cpuinfo hypervisor flag", "other", strong=False))
        r.ev.add("virt.hypervisor", CPUINFO, "hypervisor flag present")
    elif flag is False and host.arch in ("x86_64", "i686"):
        votes.append(hv.Vote("cpuinfo hypervisor flag", "none", strong=False))
    hypervisor_value, disagreement = hv.decide(votes)
    hypervisor: Maybe[str] = hypervisor_value if hypervisor_value is not None else UNKNOWN
    cloud = _cloud(clouds, sysinfo)
    aws_metal = _aws_metal(r.ev, cloud, product, flag)
    is_vm: Maybe[bool] = UNKNOWN
    role = "unknown"
    if isinstance(hypervisor, str):
        is_vm = hypervisor not in ("none", "lpar")
        role = "L1" if is_vm else "L0"
        below = _BELOW.get(hypervisor, f"a virtual machine of {hypervisor}")
        r.ev.add("virt.is_vm", "what runs below this host", below)
        r.ev.add("virt.role", "what runs below this host", below)
    if hypervisor == "other" and not any(v.strong for v in votes):
        # Only the CPUID flag (or an unrecognised DMI vendor) speaks: this is a VM, but
        # which hypervisor runs it is not known, and must not read as "not KVM".
        hypervisor = UNKNOWN
    return VirtFacts(
        hypervisor=hypervisor,
        hypervisor_sources=[v.line for v in votes],
        hypervisor_disagreement=disagreement if disagreement is not None else UNKNOWN,
        cloud=cloud,
        aws_metal=aws_metal,
        on_kvm=_on_kvm(hypervisor),
        is_vm=is_vm,
        role=role,
        s390_level=_s390_level(host.arch, sysinfo),
    )


def _on_kvm(hypervisor: Maybe[str]) -> Maybe[bool]:
    """KVM below: unknown for QEMU whose accelerator no source shows (verdicts.md, Emulated
    or accelerated), and for an unnamed hypervisor."""
    if not isinstance(hypervisor, str) or hypervisor == "qemu":
        return UNKNOWN
    return hypervisor == "kvm"


def _sysinfo(r: Reader, votes: list[hv.Vote]) -> SysInfo | None:
    """IBM Z's /proc/sysinfo, when it shows an LPAR or z/VM level; its level votes."""
    text = r.text(SYSINFO)
    if text is None or ("LPAR" not in text and "Control Program" not in text):
        return None
    sysinfo = parse_sysinfo(text)
    if sysinfo.level is not None:
        votes.append(hv.Vote(SYSINFO, sysinfo.level))
        if sysinfo.control_programs:
            excerpt = f"VM00 Control Program: {sysinfo.control_programs[0]}"
        else:
            excerpt = f"LPAR {sysinfo.lpar}, no hypervisor level above it"
        for fact in ("virt.hypervisor", "virt.s390_level", "virt.role"):
            r.ev.add(fact, SYSINFO, excerpt)
    return sysinfo


def _commands(r: Reader, votes: list[hv.Vote], clouds: list[tuple[str, str]]) -> None:
    """systemd-detect-virt (--vm, else the plain call sosreports carry) and virt-what."""
    for command in ("systemd-detect-virt --vm", "systemd-detect-virt"):
        detect = r.command_ok(command)
        if detect is None:
            continue
        said = hv.systemd_detect_virt(str(detect.get("stdout", "")))
        if said is not None:
            votes.append(hv.Vote(command, said))
            r.ev.add("virt.hypervisor", command, str(detect.get("stdout", "")).strip())
            break
    what = r.command_ok("virt-what")
    if what is not None and what.get("exit_code", 0) == 0:
        out = str(what.get("stdout", ""))
        hyper, cloud, _ = hv.virt_what(out)
        votes.append(hv.Vote("virt-what", hyper))
        r.ev.add("virt.hypervisor", "virt-what", out.strip().replace("\n", ", ") or "(no output)")
        if cloud:
            clouds.append(("virt-what", cloud))


def _xen(r: Reader, votes: list[hv.Vote]) -> None:
    """Xen's /sys/hypervisor, /proc/xen and the xen bus, which only a kernel running on Xen
    registers (a dom0 also has its back ends)."""
    ev = r.ev
    xen_type = r.text(HYPERVISOR_TYPE)
    if xen_type is not None and xen_type.strip():
        value = "xen" if xen_type.strip().lower() == "xen" else "other"
        votes.append(hv.Vote(HYPERVISOR_TYPE, value))
        ev.add("virt.hypervisor", HYPERVISOR_TYPE, xen_type.strip())
    caps = r.text(XEN_CAPABILITIES)
    if caps is not None:
        votes.append(hv.Vote(XEN_CAPABILITIES, "xen"))
        ev.add("virt.hypervisor", XEN_CAPABILITIES, caps.strip() or "present (domU)")
    elif r.bundle.dir_entries(PROC_XEN) is not None:
        votes.append(hv.Vote(PROC_XEN, "xen"))
        ev.add("virt.hypervisor", PROC_XEN, "present")
    if r.bundle.dir_entries(SYS_BUS_XEN) is not None:
        backend = r.bundle.dir_entries(SYS_BUS_XEN_BACKEND) is not None
        votes.append(hv.Vote(SYS_BUS_XEN, "xen"))
        ev.add("virt.hypervisor", SYS_BUS_XEN,
               "present, with /sys/bus/xen-backend (dom0)" if backend
               else "present, no /sys/bus/xen-backend (a guest)")


def _device_tree(r: Reader, votes: list[hv.Vote], info: CpuInfo | None) -> None:
    """The device tree of ARM and POWER guests, and POWER's platform: its hypervisor node,
    the machine's root, QEMU's fw-cfg node, the LPAR's partition name."""
    ev = r.ev
    compatible = r.text(DT_HYPERVISOR)
    if compatible is not None and compatible.strip("\x00 \n"):
        name = (r.text(DT_HYPERVISOR_NAME) or "").replace("\x00", "").strip()
        votes.append(hv.Vote(DT_HYPERVISOR, hv.device_tree_hypervisor(compatible)))
        ev.add("virt.hypervisor", DT_HYPERVISOR, compatible.replace("\x00", " ").strip()
               + (f" (node name {name})" if name else ""))
    nodes = r.bundle.dir_entries(DEVICE_TREE)
    machine = (r.text(DT_COMPATIBLE) or "").replace("\x00", " ").strip()
    said = hv.device_tree_machine(machine, nodes) if nodes is not None else None
    if nodes is not None and said is not None:
        fw_cfg = next((n for n in nodes if n.startswith("fw-cfg")), None)
        votes.append(hv.Vote(DEVICE_TREE, said))
        ev.add("virt.hypervisor", DEVICE_TREE,
               f"node {fw_cfg} (QEMU's firmware interface)" if fw_cfg
               else f"compatible {machine}, no fw-cfg node (kvmtool)")
    _power(r, votes, info)
    if r.text(DT_PARTITION) is not None and not any(
        v.source in (DT_HYPERVISOR, _PLATFORM) for v in votes
    ):
        votes.append(hv.Vote(DT_PARTITION, "powervm"))
        ev.add("virt.hypervisor", DT_PARTITION, "present")


_PLATFORM = CPUINFO + " platform"


def _power(r: Reader, votes: list[hv.Vote], info: CpuInfo | None) -> None:
    """POWER's cpuinfo platform (PowerNV, pSeries) and lparcfg: bare metal, a PowerVM LPAR,
    or a partition QEMU emulates. PowerVM Lx86 runs x86 Linux programs in a PowerVM LPAR
    and names itself as their CPU's vendor."""
    if info is not None and info.vendor_id == "PowerVM Lx86":
        votes.append(hv.Vote(_PLATFORM, "powervm"))
        r.ev.add("virt.hypervisor", CPUINFO, "vendor_id: PowerVM Lx86 (x86 emulation in a "
                 "PowerVM LPAR)")
        return
    lparcfg = r.text(LPARCFG)
    system = info.system if info is not None else {}
    platform = hv.power_platform(system, lparcfg)
    if platform is None:
        return
    votes.append(hv.Vote(_PLATFORM, platform))
    lines = [f"{k}: {system[k]}" for k in ("platform", "model") if k in system]
    if lparcfg is not None and platform == "powervm":
        shared = "shared_processor_mode=1" in lparcfg
        lines.append(f"{LPARCFG}: " + ("shared" if shared else "dedicated") + " processors")
    r.ev.add("virt.hypervisor", CPUINFO if system else LPARCFG, ", ".join(lines))


def _ldoms(r: Reader, votes: list[hv.Vote], arch: Maybe[str]) -> None:
    """SPARC logical domains: /dev/mdesc (the machine description) exists in every one;
    the control domain also has /sys/class/vlds/ctrl and sp (virt-what reads the same)."""
    stat = r.bundle.stat(DEV_MDESC)
    if stat is None or stat.get("status") != "ok":
        return
    if isinstance(arch, str) and not arch.startswith("sparc"):
        return
    vlds = r.bundle.dir_entries(VLDS) or []
    control = "ctrl" in vlds and "sp" in vlds
    votes.append(hv.Vote(DEV_MDESC, "ldoms"))
    r.ev.add("virt.hypervisor", DEV_MDESC,
             "present; " + ("control domain (/sys/class/vlds/ctrl, sp)" if control
                            else "guest domain (no /sys/class/vlds/ctrl, sp)"))


def _clocksource(r: Reader, votes: list[hv.Vote]) -> None:
    """A hypervisor's paravirtual clock among the clock sources: kvm-clock shows KVM."""
    for path in (CLOCKSOURCE_CURRENT, CLOCKSOURCE_AVAILABLE):
        text = r.text(path)
        said = hv.clocksource_hypervisor(text) if text is not None else None
        if text is not None and said is not None:
            votes.append(hv.Vote(path, said))
            r.ev.add("virt.hypervisor", path, text.strip())
            return


def _dmi_sets(r: Reader) -> list[tuple[str, dict[str, str]]]:
    """(source, fields) of DMI as sysfs shows it, then as dmidecode printed it."""
    sets: list[tuple[str, dict[str, str]]] = []
    fields: dict[str, str] = {}
    for field_name in DMI_FIELDS:
        text = r.text(f"{DMI_DIR}/{field_name}")
        if text is not None and text.strip():
            fields[field_name] = text.strip()
    if fields:
        sets.append((DMI_DIR, fields))
    dmidecode = r.command_ok("dmidecode")
    if dmidecode is not None:
        parsed = parse_dmidecode(str(dmidecode.get("stdout", "")))
        if parsed:
            sets.append(("dmidecode", parsed))
    return sets


def _dmi(
    r: Reader, votes: list[hv.Vote], clouds: list[tuple[str, str]], flag: Maybe[bool]
) -> str:
    """DMI's votes and clouds; the product name (an AWS instance type), "" if none."""
    product = ""
    for source, fields in _dmi_sets(r):
        shown = ", ".join(f"{k}={fields[k]}" for k in _DMI_SHOWN if k in fields)
        said = hv.dmi_hypervisor(fields)
        vendor = fields.get("sys_vendor", "").lower()
        if said == "none" and "amazon" in vendor and flag is True:
            said = "kvm"  # an AWS *.metal name with the hypervisor flag is a guest
        if said is not None:
            votes.append(hv.Vote(source, said))
        elif hv.hardware_maker(fields):
            votes.append(hv.Vote(source, "none", strong=False))
        r.ev.add("virt.hypervisor", source, shown)
        clouds.append((source, hv.dmi_cloud(fields)))
        r.ev.add("virt.cloud", source, shown)
        product = product or fields.get("product_name", "")
    return product


def _cloud(clouds: list[tuple[str, str]], sysinfo: SysInfo | None) -> Maybe[str]:
    """The first cloud a source names, "none" when sources were read and none names one."""
    if not clouds and sysinfo is not None:
        clouds = [(SYSINFO, "none")]  # IBM Z: no cloud DMI exists to read
    if not clouds:
        return UNKNOWN
    named = [c for _, c in clouds if c != "none"]
    return named[0] if named else "none"


def _aws_metal(
    ev: EvidenceLog, cloud: Maybe[str], product: str, flag: Maybe[bool]
) -> Maybe[bool]:
    """Amazon EC2 bare metal: a *.metal product without the hypervisor flag."""
    if cloud != "aws":
        return False if isinstance(cloud, str) else UNKNOWN
    ev.add("virt.aws_metal", "DMI product_name", product or "(none)")
    ev.add("virt.aws_metal", CPUINFO,
           "hypervisor flag " + ("present" if flag is True else
                                 "absent" if flag is False else "unknown"))
    if not product.endswith(".metal"):
        return False
    return not flag if isinstance(flag, bool) else UNKNOWN


def _s390_level(arch: Maybe[str], sysinfo: SysInfo | None) -> Maybe[str | None]:
    """What s390x Linux runs directly under; None on other architectures."""
    if arch == "s390x" or (not isinstance(arch, str) and sysinfo is not None):
        if sysinfo is not None and sysinfo.level is not None:
            return sysinfo.level
        return UNKNOWN
    return None if isinstance(arch, str) else UNKNOWN
